/* N short processes: fork, the child exits at once with i % 7, reaped in order. */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000, i;

	for (i = 0; i < n; i++) {
		pid_t p = fork();

		if (p == 0)
			_exit(i % 7);
		if (p < 0 || waitpid(p, NULL, 0) != p)
			return 2;
	}
	return 0;
}
