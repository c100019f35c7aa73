/* SPDX-License-Identifier: MIT */
/*
 * runner: run one command and measure it.
 *
 *   runner RESULT_FILE [-g CGROUP_DIR] [-C DIR] -- COMMAND [ARGS...]
 *
 * Forks, execs COMMAND (in DIR if -C is given), waits for it and writes one
 * line to RESULT_FILE:
 *
 *   <wall s> <user s> <sys s> <exit status> <cgroup|rusage> <rusage user s> <rusage sys s>
 *
 * Wall time is CLOCK_MONOTONIC around fork..wait of COMMAND.
 *
 * CPU time (user, sys) is that of the whole process tree.  With -g, runner
 * creates the cgroup v2 directory CGROUP_DIR, the child joins it before the
 * exec, and the times are the cgroup's cpu.stat once the cgroup is empty:
 * that counts every process of the tree, including those nobody waited for
 * (perf trace, for one, does not reap its workload, so getrusage loses it)
 * and the BPF programs that run in the traced processes' syscalls.  Without
 * -g, or if the cgroup cannot be made, the times are getrusage(
 * RUSAGE_CHILDREN): only what was waited for.  The last two fields are the
 * getrusage figures in every case, for comparison.
 *
 * Exit status is the command's, or 128+N if it was killed by signal N.
 * runner itself exits 0 unless it could not run the command.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double tv(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

/* reads "KEY value" from a cgroup's cpu.stat, in seconds; -1 if absent */
static double cpu_stat(const char *cg, const char *key)
{
	char path[4096], k[64];
	unsigned long long v;
	double r = -1;
	snprintf(path, sizeof path, "%s/cpu.stat", cg);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %llu", k, &v) == 2)
		if (strcmp(k, key) == 0)
			r = (double)v / 1e6;
	fclose(f);
	return r;
}

/* waits (up to ~10 s) until no process is left in the cgroup */
static void wait_empty(const char *cg)
{
	char path[4096], buf[256];
	snprintf(path, sizeof path, "%s/cgroup.events", cg);
	for (int t = 0; t < 1000; t++) {
		int fd = open(path, O_RDONLY);
		if (fd < 0)
			return;
		ssize_t n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			return;
		buf[n] = 0;
		if (strstr(buf, "populated 0"))
			return;
		usleep(10000);
	}
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *cg = NULL;
	int i = 2;

	if (argc < 4) {
		fprintf(stderr, "usage: runner RESULT_FILE [-g CGROUP_DIR] [-C DIR] -- COMMAND [ARGS...]\n");
		return 2;
	}
	while (i + 1 < argc && argv[i][0] == '-' && argv[i][1] && !argv[i][2] &&
	       strchr("Cg", argv[i][1])) {
		if (argv[i][1] == 'C')
			dir = argv[i + 1];
		else
			cg = argv[i + 1];
		i += 2;
	}
	if (i >= argc || strcmp(argv[i], "--") != 0 || i + 1 >= argc) {
		fprintf(stderr, "runner: expected -- COMMAND\n");
		return 2;
	}
	i++;

	FILE *out = fopen(argv[1], "w");
	if (!out) {
		fprintf(stderr, "runner: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}

	if (cg && mkdir(cg, 0755) != 0 && errno != EEXIST) {
		fprintf(stderr, "runner: cgroup %s: %s (CPU from getrusage)\n", cg, strerror(errno));
		cg = NULL;
	}
	char procs[4096] = "";
	if (cg)
		snprintf(procs, sizeof procs, "%s/cgroup.procs", cg);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("runner: fork");
		return 2;
	}
	if (pid == 0) {
		if (cg) {
			int fd = open(procs, O_WRONLY);
			if (fd < 0 || write(fd, "0\n", 2) != 2) {
				fprintf(stderr, "runner: joining %s: %s\n", cg, strerror(errno));
				_exit(127);
			}
			close(fd);
		}
		if (dir && chdir(dir) != 0) {
			fprintf(stderr, "runner: chdir %s: %s\n", dir, strerror(errno));
			_exit(127);
		}
		execvp(argv[i], &argv[i]);
		fprintf(stderr, "runner: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			perror("runner: waitpid");
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	double user = tv(ru.ru_utime), sys = tv(ru.ru_stime);
	const char *how = "rusage";
	if (cg) {
		wait_empty(cg);
		double u = cpu_stat(cg, "user_usec"), s = cpu_stat(cg, "system_usec");
		if (u >= 0 && s >= 0) {
			user = u;
			sys = s;
			how = "cgroup";
		}
		if (rmdir(cg) != 0)
			fprintf(stderr, "runner: rmdir %s: %s\n", cg, strerror(errno));
	}
	fprintf(out, "%.6f %.6f %.6f %d %s %.6f %.6f\n", wall, user, sys, rc, how,
		tv(ru.ru_utime), tv(ru.ru_stime));
	fclose(out);
	return 0;
}
