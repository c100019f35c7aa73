/* A small tree for the show filters: root opens DIR/present.txt and "missing-rel.txt" (fails), forks A and B; A opens present.txt, fails on missing-a.txt, forks A1 which execs "true a1"; B fails on missing-b.txt and exits 5. Usage: family DIR */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static char path[4096];

static const char *in(const char *dir, const char *name)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

static int status_of(pid_t pid)
{
	int st;

	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void try_open(const char *p)
{
	int fd = open(p, O_RDONLY);

	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	pid_t a, b, a1;

	if (argc != 2)
		return 2;
	try_open(in(argv[1], "present.txt"));
	try_open("missing-rel.txt");
	a = fork();
	if (a == 0) {
		try_open(in(argv[1], "present.txt"));
		try_open(in(argv[1], "missing-a.txt"));
		a1 = fork();
		if (a1 == 0) {
			execl("/bin/true", "true", "a1", (char *)NULL);
			_exit(127);
		}
		_exit(status_of(a1) == 0 ? 0 : 20);
	}
	if (status_of(a) != 0)
		return 10;
	b = fork();
	if (b == 0) {
		try_open(in(argv[1], "missing-b.txt"));
		_exit(5);
	}
	if (status_of(b) != 5)
		return 11;
	return 0;
}
