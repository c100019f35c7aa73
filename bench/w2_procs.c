/* SPDX-License-Identifier: MIT */
/*
 * W2, a process storm:  w2_procs N
 *
 * N times fork() + execv("/bin/true"), every 10th with 300 arguments, waiting
 * for each child before starting the next.  Prints nothing; exits 0, or 1 if
 * a child failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MANY 300

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: w2_procs N\n");
		return 2;
	}
	long n = atol(argv[1]);

	static char argbuf[MANY][16];
	char *many[MANY + 2];
	many[0] = "true";
	for (int k = 0; k < MANY; k++) {
		snprintf(argbuf[k], sizeof argbuf[k], "arg%03d", k);
		many[k + 1] = argbuf[k];
	}
	many[MANY + 1] = NULL;
	char *one[] = { "true", NULL };

	for (long i = 0; i < n; i++) {
		char **av = (i % 10 == 9) ? many : one;
		pid_t pid = fork();
		if (pid < 0) {
			perror("w2_procs: fork");
			return 1;
		}
		if (pid == 0) {
			execv("/bin/true", av);
			_exit(127);
		}
		int st;
		while (waitpid(pid, &st, 0) < 0)
			if (errno != EINTR) {
				perror("w2_procs: waitpid");
				return 1;
			}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "w2_procs: child %ld failed (status %d)\n", i, st);
			return 1;
		}
	}
	return 0;
}
