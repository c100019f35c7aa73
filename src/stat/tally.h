/* SPDX-License-Identifier: MIT */
/*
 * trail stat's kernel side as userspace sees it (src/bpf/stat.bpf.c):
 * its life is bpf_obj's (record/bpfobj.h); here, reading the counters as
 * often as wanted while they keep counting.
 */
#ifndef TRAIL_TALLY_H
#define TRAIL_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "trail_abi.h"
#include "views/statrep.h"

struct tally;
struct bpf_obj;

struct tally_opts {
	enum trail_target target;   /* which tasks are counted (as the recorder's) */
	int cgroup_fd;              /* TRAIL_TARGET_CGROUP: a cgroup v2 directory */
	const bool *types, *ops;    /* -e (bpf_obj_opts); NULL: every syscall */
};

/* Checks privileges and kernel support, then loads.  On failure returns
 * -errno with a one-line reason in why. */
int tally__load(struct tally **out, const struct tally_opts *o, char *why, size_t whylen);
/* The object: to follow processes, attach and detach (bpf_obj__*). */
struct bpf_obj *tally__obj(struct tally *t);
/*
 * Adds to snap what was counted since the previous read (or the load), and
 * clears it in the kernel.  Counting goes on meanwhile, into the other
 * generation of the maps: nothing is counted twice or lost between reads.
 * snap's caps_traced is set; its interval and seconds are the caller's.
 * 0 or -errno.
 */
int tally__read(struct tally *t, struct stat_snap *snap);
void tally__free(struct tally *t);

#endif
