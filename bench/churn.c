// SPDX-License-Identifier: MIT
/*
 * The soak's process churn: RATE short-lived processes a second for SECS
 * seconds, each /bin/true TAG N, spawned and waited for one at a time.
 * Prints how many of them were exec'd (posix_spawn reports a failed exec),
 * the number the recordings must hold.
 *
 *   churn RATE SECS TAG
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double rate, secs, start, next;
	unsigned long n = 0, ok = 0;

	if (argc != 4 || (rate = atof(argv[1])) <= 0 || (secs = atof(argv[2])) <= 0) {
		fprintf(stderr, "usage: churn RATE SECS TAG\n");
		return 2;
	}
	start = next = now();
	while (now() - start < secs) {
		char num[32], *args[] = { "/bin/true", argv[3], num, NULL };
		struct timespec d;
		pid_t pid;
		int st;

		snprintf(num, sizeof(num), "%lu", ++n);
		if (posix_spawn(&pid, args[0], NULL, NULL, args, environ) == 0) {
			ok++;
			waitpid(pid, &st, 0);
		}
		next += 1 / rate;
		if (next > now()) {
			double w = next - now();

			d.tv_sec = (time_t)w;
			d.tv_nsec = (long)((w - d.tv_sec) * 1e9);
			nanosleep(&d, NULL);
		}
	}
	printf("%lu\n", ok);
	return 0;
}
