/* SPDX-License-Identifier: MIT */
/*
 * The processes of a recording, for the exports that describe them whole
 * (sqlite's processes table, chrome's slices): parent, lifetime, exit
 * status and the chain of images each one exec'd.  Memory follows the
 * number of processes and execs, not events.
 */
#ifndef TRAIL_PTABLE_H
#define TRAIL_PTABLE_H

#include <stdbool.h>
#include <stdint.h>
#include "model/event.h"
#include "util/util.h"

struct xexec {
	uint64_t time_ns;
	char *exe;                 /* absolute path of the binary, or NULL */
	char *argv;                /* NUL-separated */
	uint32_t argv_len;
	char *cwd;                 /* or NULL */
	uint32_t cmd;              /* fileuse command id, when the caller sets it */
	struct xexec *next;
};

struct xthread {
	uint32_t tid;
	uint64_t start_ns, end_ns;
	bool ended;
	char comm[TRAIL_COMM_LEN + 1];
	struct xthread *next;
};

struct xproc {
	uint32_t id;               /* 1, 2, ... in order of appearance */
	uint32_t pid;
	struct xproc *parent;      /* NULL for a process first seen running */
	struct xproc *first, *last, *next;	/* children, in start order */
	uint64_t start_ns, end_ns;	/* fork (or first event); exit */
	bool ended;
	int status;                /* wait status, when ended */
	char comm[TRAIL_COMM_LEN + 1];
	struct xexec *execs, *last_exec;
	uint32_t nexec;
	struct xthread *threads, *last_thread;	/* besides the main one */
};

struct ptable {
	struct xproc **all;        /* by id; all[0] unused */
	uint32_t n, cap;
	struct u32map live;        /* pid -> process */
	struct u32map tids;        /* tid -> live thread (not main threads) */
	uint64_t last_ns;          /* time of the latest event */
};

void ptable_init(struct ptable *t);
/* Applies one event; returns the process the event belongs to. */
struct xproc *ptable_add(struct ptable *t, const struct trail_event *ev);
void ptable_release(struct ptable *t);

/* End of a process or thread for display: its exit, else the last event. */
static inline uint64_t xproc_end(const struct ptable *t, const struct xproc *p)
{
	return p->ended ? p->end_ns : t->last_ns;
}

#endif
