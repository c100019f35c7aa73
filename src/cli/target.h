/* SPDX-License-Identifier: MIT */
/* What record, watch and stat share: the target options (-p, --cgroup, -a,
 * or -- COMMAND) and --duration; record and watch also the ring buffer
 * size and --syscall (TRACE_*: stat has no ring buffer and its own
 * syscall table, so does not offer them). */
#ifndef TRAIL_CLI_TARGET_H
#define TRAIL_CLI_TARGET_H

#include <stdbool.h>
#include <getopt.h>
#include "cli/cli.h"
#include "record/record.h"

/* For getopt_long's table; their short letters are in *_SHORTOPTS. */
#define TARGET_LONGOPTS \
	{ "pid", required_argument, NULL, 'p' }, \
	{ "cgroup", required_argument, NULL, 'G' }, \
	{ "all", no_argument, NULL, 'a' }, \
	{ "duration", required_argument, NULL, 'D' }
#define TARGET_SHORTOPTS "p:a"
#define TRACE_LONGOPTS \
	{ "buffer-size", required_argument, NULL, 'b' }, \
	{ "syscall", required_argument, NULL, 's' }
#define TRACE_SHORTOPTS "b:s:"

struct target_args {
	int given;               /* target options seen */
	pid_t *pids;
	size_t npids;
	const char *cgroup;
	bool all;
	char *syscalls;          /* --syscall lists, joined (o->syscalls) */
	char policy_at[300];     /* "FILE:LINE" of a --policy's target, or "" */
};

#define TARGET_BAD (-2)

/*
 * getopt_long, taking the options above (TARGET_* or TRACE_*) into a and o
 * itself: returns the next other option; after the last, -1 with the one
 * target (from a, or the COMMAND at argv[optind]) in o->target; or
 * TARGET_BAD after a usage line.
 */
int target_getopt(const struct cmd *c, struct target_args *a, struct record_opts *o, int argc,
		  char **argv, const char *shortopts, const struct option *longopts);
void target_args_release(struct target_args *a);

#endif
