/* SPDX-License-Identifier: MIT */
/* trail stat: count in the kernel while a target runs (a command, running
 * processes, a cgroup or the machine: record's targets), print the
 * summaries at the end or every interval. */
#ifndef TRAIL_STAT_RUN_H
#define TRAIL_STAT_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include "record/record.h"

struct stat_run_opts {
	struct record_target target;
	double interval;           /* seconds between reports; 0: one at the end */
	double duration;           /* seconds; 0: until the target ends or a signal */
	size_t top;                /* rows per table; 0: all */
	bool json;
	const char *user;          /* -u USER for a command, or NULL */
	const bool *types, *ops;   /* -e: event types and syscalls counted
				      (tracer_opts); NULL: all */
};

/* Returns trail's exit status: for a command its status (128+N when
 * killed by signal N), 126/127 when it cannot run; 0 for the other
 * targets and for a command left running after duration; 1 or 2 for
 * trail's own errors (one line printed). */
int stat_main(const struct stat_run_opts *o);

#endif
