/* SPDX-License-Identifier: MIT */
/*
 * trail diff: what differs between two recordings of "the same" work (two
 * builds, two runs of an installer).  Commands are matched across the two
 * by normalised keys (views/diffnorm.h), then compared: argv, environment,
 * exit status and the files each used; and the whole runs' files.  The
 * output formats are described in docs/diff.md.
 */
#ifndef TRAIL_DIFF_H
#define TRAIL_DIFF_H

#include <stdbool.h>
#include <stdio.h>
#include "model/replay.h"

struct diff_opts {
	bool json;
	bool all_env;          /* compare the volatile variables too */
	char **exclude;        /* path prefixes left out; NULL-terminated */
};

/* The variables two identical runs may differ in by chance (NULL-ended). */
extern const char *const diff_volatile_env[];

/*
 * Reads a then b to the end and writes their differences.  Returns 0 when
 * there are none, 1 when there are, or the negative error of replay__next
 * with *bad set to 0 (a) or 1 (b): nothing is written then.
 */
int diff_run(struct replay *a, const char *name_a, struct replay *b, const char *name_b,
	     const struct diff_opts *o, FILE *out, int *bad);

#endif
