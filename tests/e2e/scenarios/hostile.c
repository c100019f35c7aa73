/*
 * Names a traced program controls, holding every byte (t_escape.sh).
 *   hostile [WORD] TAG
 * In the current directory: one file per byte value 0x01-0xff but '/',
 * named "bXX-<byte>-TAG", created, then opened for reading; files named
 * with overlong UTF-8, a lone surrogate, C1 and bidirectional controls,
 * terminal sequences and markup; a 255-byte name; a 4,095-byte relative
 * path through 255-byte directories; a failed lookup of a hostile name.
 * Then a child execs /bin/true through a symlink with a hostile name, its
 * argv the hostile names and all bytes 0x01-0xff in one argument, its
 * environment EVIL_n=name and EVIL_ALL=all bytes; a child renamed (comm) to an escape sequence
 * counts; a datagram socket is bound to an abstract name with control
 * bytes.  Exits 0, or 1 when something could not be made.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const names[] = {
	"evil\x1b]0;pwned\x07\x1b[31mred.c",
	"nl\nname",
	"<img src=x onerror=alert(1)>.h",
	"ovl-\xc0\xaf-\xe0\x80\xaf-\xc1\xbf",
	"sur-\xed\xa0\x80-\xed\xbf\xbf",
	"c1-\xc2\x9b" "31m-\xc2\x85",
	"bidi-\xe2\x80\xaegnp.exe",
	"ls-\xe2\x80\xa8-ps-\xe2\x80\xa9",
	"stray-\xff\xfe\x80",
	"back\\slash \"quoted\" <angle>",
	"cr\rtab\tdel\x7f",
	"utf8-caf\xc3\xa9-\xe6\x97\xa5-\xf0\x9f\x98\x80",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static int made(const char *name)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || write(fd, "x", 1) != 1 || close(fd))
		return -1;
	fd = open(name, O_RDONLY);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

/* 255 bytes cycling through 0x01-0xff but '/', from byte `from` */
static void long_name(char *out, int from)
{
	int i, c = from;

	for (i = 0; i < 255; i++) {
		if (c == '/' || c > 0xff)
			c = c > 0xff ? 1 : c + 1;
		out[i] = c++;
	}
	out[255] = '\0';
	if (out[0] == '.')
		out[0] = 'L';
}

int main(int argc, char **argv)
{
	const char *tag = argc > 1 ? argv[argc - 1] : "a";
	char name[600], path[4200], comp[256], *args[NNAMES + 4], *env[NNAMES + 2], all[256],
	     allenv[300];
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t i, len = 0;
	int c, bad = 0, sock, st;
	pid_t pid;

	for (c = 1; c < 256; c++) {
		if (c == '/')
			continue;
		snprintf(name, sizeof(name), "b%02x-%c-%s", c, c, tag);
		bad |= made(name);
	}
	for (i = 0; i < NNAMES; i++) {
		snprintf(name, sizeof(name), "%s-%s", names[i], tag);
		bad |= made(name);
	}
	long_name(comp, 'A');
	bad |= made(comp);
	/* 15 directories of 255 bytes and a 255-byte name: 4,095 bytes */
	for (i = 0; i < 15; i++) {
		long_name(comp, 1 + 17 * i);
		memcpy(path + len, comp, 255);
		len += 255;
		path[len] = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			bad = 1;
		path[len++] = '/';
	}
	long_name(comp, 0x80);
	memcpy(path + len, comp, 256);
	bad |= made(path);
	snprintf(name, sizeof(name), "missing-\x1b[2J\n-%s", tag);
	if (open(name, O_RDONLY) >= 0)
		bad = 1;

	/* a child renamed to an escape sequence, without exec */
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NAME, "\x1b[31mc\nomm\x7f", 0, 0, 0);
		close(open(".", O_RDONLY));
		_exit(0);
	}
	waitpid(pid, &st, 0);

	/* /bin/true through a hostile symlink, with hostile argv and env */
	snprintf(name, sizeof(name), "run\x1b[31m\nme");
	unlink(name);
	bad |= symlink("/bin/true", name) != 0;
	for (c = 1, len = 0; c < 256; c++)
		all[len++] = c;
	all[len] = '\0';
	args[0] = name;
	for (i = 0; i < NNAMES; i++)
		args[i + 1] = (char *)names[i];
	args[NNAMES + 1] = all;
	args[NNAMES + 2] = (char *)tag;
	args[NNAMES + 3] = NULL;
	for (i = 0; i < NNAMES; i++) {
		char *e = malloc(strlen(names[i]) + 32);

		sprintf(e, "EVIL_%zu=%s-%s", i, names[i], tag);
		env[i] = e;
	}
	snprintf(allenv, sizeof(allenv), "EVIL_ALL=%s-%s", all, tag);
	env[NNAMES] = allenv;
	env[NNAMES + 1] = NULL;
	pid = fork();
	if (pid == 0) {
		execve(name, args, env);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	bad |= !WIFEXITED(st) || WEXITSTATUS(st);

	/* an abstract socket name with control bytes */
	sock = socket(AF_UNIX, SOCK_DGRAM, 0);
	len = snprintf(sun.sun_path + 1, sizeof(sun.sun_path) - 1, "evil\x1b]0;x\x07\n-%s-%d", tag, getpid());
	if (sock < 0 || bind(sock, (struct sockaddr *)&sun, sizeof(sa_family_t) + 1 + len))
		bad = 1;
	return bad;
}
