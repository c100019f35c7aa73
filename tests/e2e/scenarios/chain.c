/* A fork+exec chain: "chain N" forks a child that execs "chain N-1 NAME" (a distinct argv per level), waits for it (expecting status 20+N-1), and exits 20+N. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const names[] = { "leaf", "middle", "upper" };

int main(int argc, char **argv)
{
	int level, st;
	char next[16];
	pid_t pid;

	if (argc < 2 || (level = atoi(argv[1])) < 0 || level > 3)
		return 2;
	if (level > 0) {
		snprintf(next, sizeof next, "%d", level - 1);
		pid = fork();
		if (pid < 0)
			return 90;
		if (pid == 0) {
			execl(argv[0], argv[0], next, names[level - 1], (char *)NULL);
			_exit(91);
		}
		if (waitpid(pid, &st, 0) != pid)
			return 92;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 20 + level - 1)
			return 93;
	}
	return 20 + level;
}
