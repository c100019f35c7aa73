/* SPDX-License-Identifier: MIT */
/*
 * floor: run a command with bench/floor.bpf.c's empty programs attached.
 *
 *   floor OBJECT -- COMMAND [ARGS...]
 *
 * Loads and attaches every program of OBJECT, runs COMMAND, waits for it,
 * detaches, and exits with its status (128+N if killed by signal N).  What
 * a tracer on the same tracepoints costs before it records anything: the
 * bench's "floor" mode, trail's lower bound per syscall and per start.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#define MAX_LINKS 16

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static int run(char **argv)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "floor: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
	struct bpf_link *links[MAX_LINKS];
	struct bpf_program *p;
	struct bpf_object *obj;
	int n = 0, i, ret;

	if (argc < 4 || strcmp(argv[2], "--")) {
		fprintf(stderr, "usage: floor OBJECT -- COMMAND [ARGS...]\n");
		return 2;
	}
	libbpf_set_print(silent);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || libbpf_get_error(obj)) {
		fprintf(stderr, "floor: can't open %s\n", argv[1]);
		return 1;
	}
	if ((ret = bpf_object__load(obj))) {
		fprintf(stderr, "floor: can't load %s: %s\n", argv[1], strerror(-ret));
		return 1;
	}
	bpf_object__for_each_program(p, obj) {
		if (n == MAX_LINKS || !(links[n] = bpf_program__attach(p)) ||
		    libbpf_get_error(links[n])) {
			fprintf(stderr, "floor: can't attach %s\n", bpf_program__name(p));
			return 1;
		}
		n++;
	}
	ret = run(argv + 3);
	for (i = 0; i < n; i++)
		bpf_link__destroy(links[i]);
	bpf_object__close(obj);
	if (ret < 0) {
		fprintf(stderr, "floor: %s: %s\n", argv[3], strerror(-ret));
		return 1;
	}
	return ret;
}
