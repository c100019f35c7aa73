/* A chain of fork+exec N deep: each level forks, the child execs this
 * program with N-1, the parent waits and exits with the child's code. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, st;
	char arg[16];
	pid_t p;

	if (n <= 0)
		return 0;
	snprintf(arg, sizeof(arg), "%d", n - 1);
	p = fork();
	if (p == 0) {
		execl("/proc/self/exe", argv[0], arg, (char *)NULL);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) != p)
		return 2;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 3;
}
