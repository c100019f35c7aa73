/* SPDX-License-Identifier: MIT */
/* trail graph: processes and files as a Graphviz DOT graph. */
#ifndef TRAIL_GRAPH_H
#define TRAIL_GRAPH_H

#include <stdio.h>
#include "model/replay.h"
#include "views/deps.h"

struct graph_opts {
	struct deps_opts paths;   /* --exclude, --only-under */
	bool no_files;
	bool collapse_system;
};

int graph_run(struct replay *r, const struct graph_opts *o, FILE *out);

#endif
