/* t_job: a "compile server" on a unix socket, and its client.
 *   peerserver serve SOCK    listen on SOCK; for each connection read a
 *                            file name, open and read the file, answer
 *                            its size; "quit" ends the server
 *   peerserver ask SOCK NAME ask the server for NAME; print the answer
 * The server is started before recording: it is not a child of the job. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int addr_of(const char *path, struct sockaddr_un *a)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(a->sun_path))
		return -1;
	strcpy(a->sun_path, path);
	return 0;
}

static int serve(const char *path)
{
	struct sockaddr_un a;
	int ls = socket(AF_UNIX, SOCK_STREAM, 0), c;

	unlink(path);
	if (ls < 0 || addr_of(path, &a) || bind(ls, (void *)&a, sizeof(a)) || listen(ls, 8))
		return 10;
	while ((c = accept(ls, NULL, NULL)) >= 0) {
		char name[512], buf[4096], out[32];
		ssize_t n = read(c, name, sizeof(name) - 1);
		long size = 0;
		int fd;

		if (n <= 0) {
			close(c);
			continue;
		}
		name[n] = '\0';
		if (!strcmp(name, "quit"))
			return 0;
		fd = open(name, O_RDONLY);
		while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0)
			size += n;
		if (fd >= 0)
			close(fd);
		snprintf(out, sizeof(out), "%ld\n", fd < 0 ? -1 : size);
		if (write(c, out, strlen(out)) < 0)
			return 11;
		close(c);
	}
	return 12;
}

static int ask(const char *path, const char *name)
{
	struct sockaddr_un a;
	char out[32];
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	ssize_t n;

	if (s < 0 || addr_of(path, &a) || connect(s, (void *)&a, sizeof(a)))
		return 20;
	if (write(s, name, strlen(name)) < 0 || (n = read(s, out, sizeof(out) - 1)) <= 0)
		return 21;
	out[n] = '\0';
	fputs(out, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "ask"))
		return ask(argv[2], argv[3]);
	fprintf(stderr, "usage: peerserver serve SOCK | ask SOCK NAME\n");
	return 2;
}
