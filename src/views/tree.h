/* SPDX-License-Identifier: MIT */
/* trail tree: the process tree with argv, exit status and duration. */
#ifndef TRAIL_TREE_H
#define TRAIL_TREE_H

#include <stdio.h>
#include "model/replay.h"
#include "util/util.h"

struct tree_opts {
	bool verbose;      /* full argv, not cut to the width */
	int width;         /* terminal columns; 0: no limit */
};

/* Reads the whole replay; 0, or the negative error of replay__next. */
int tree_run(struct replay *r, const struct tree_opts *o, FILE *out);

/*
 * The process forest itself, for the views that draw it otherwise (the
 * HTML report): one node per process, children in start order.  A forked
 * child that does not exec keeps its parent's argv.
 */
struct pnode {
	uint32_t pid;
	struct pnode *parent, *first, *last, *next;	/* children in start order */
	struct pnode *all;				/* allocation list */
	uint64_t start, end;
	bool ended, has_exec;
	bool attached;              /* running when the recording attached (-p) */
	bool outlived;              /* of a command's tree: ended after it, or
				       still running at the end */
	uint32_t via;               /* a followed peer: the job's process it
				       first worked for */
	int status;                 /* wait status, when ended */
	char *argv;                 /* NUL-separated, the first argv_len bytes */
	uint32_t argv_len;
	uint32_t argv_full;         /* bytes of the whole argv (> argv_len: cut) */
	char comm[TRAIL_COMM_LEN + 1];
};

struct ptree {
	struct u32map live;	/* pid -> newest node with that pid */
	struct pnode *all, *roots_first, *roots_last;
	uint32_t argv_keep;	/* bytes of argv kept per process; 0: all */
	uint64_t last_ns;	/* time of the last event */
	size_t n;		/* nodes */
};

void ptree_init(struct ptree *t, uint32_t argv_keep);
void ptree_add(struct ptree *t, const struct trail_event *ev);
/* After the last event: for a command's recording (the first root), marks
 * the processes of its tree that outlived it. */
void ptree_finish(struct ptree *t, bool command);
void ptree_release(struct ptree *t);

#endif
