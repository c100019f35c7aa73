/* SPDX-License-Identifier: MIT */
/* trail stat: count in the kernel while a command (or the whole system)
 * runs, print the summaries at the end or every interval. */
#ifndef TRAIL_STAT_RUN_H
#define TRAIL_STAT_RUN_H

#include <stdbool.h>
#include <stddef.h>

struct stat_run_opts {
	bool all;                  /* -a: every process but trail */
	double interval;           /* seconds between reports; 0: one at the end */
	double duration;           /* seconds; 0: until the command ends or a signal */
	size_t top;                /* rows per table; 0: all */
	bool json;
	const char *user;          /* -u USER, or NULL */
	char **argv;               /* the command; NULL with all */
};

/* Returns trail's exit status: the command's (128+N when killed by signal
 * N), 0 with all, 126/127 for a command that cannot run, 1 or 2 for
 * trail's own errors. */
int stat_main(const struct stat_run_opts *o);

#endif
