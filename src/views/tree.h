/* SPDX-License-Identifier: MIT */
/* trail tree: the process tree with argv, exit status and duration. */
#ifndef TRAIL_TREE_H
#define TRAIL_TREE_H

#include <stdio.h>
#include "model/replay.h"

struct tree_opts {
	bool verbose;      /* full argv, not cut to the width */
	int width;         /* terminal columns; 0: no limit */
};

/* Reads the whole replay; 0, or the negative error of replay__next. */
int tree_run(struct replay *r, const struct tree_opts *o, FILE *out);

#endif
