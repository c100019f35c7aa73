/* SPDX-License-Identifier: MIT */
/*
 * trail stat's kernel side as userspace sees it (src/bpf/stat.bpf.c):
 * open -> configure -> load -> follow -> attach, then read the counters,
 * as often as wanted, while they keep counting.
 */
#ifndef TRAIL_TALLY_H
#define TRAIL_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "trail_abi.h"
#include "views/statrep.h"

struct tally;

struct tally_opts {
	enum trail_target target;   /* which tasks are counted (as the recorder's) */
	int cgroup_fd;              /* TRAIL_TARGET_CGROUP: a cgroup v2 directory */
};

/* Checks privileges and kernel support, then loads.  On failure returns
 * -errno with a one-line reason in why. */
int tally__load(struct tally **out, const struct tally_opts *o, char *why, size_t whylen);
/* Puts a process in the followed set (TRAIL_TARGET_TREE), from where its
 * children join it at fork, or takes it out. */
int tally__follow(struct tally *t, pid_t pid);
int tally__unfollow(struct tally *t, pid_t pid);
/* Is any process left in the followed set?  (The exit program empties it.) */
bool tally__following(const struct tally *t);
int tally__attach(struct tally *t, char *why, size_t whylen);
void tally__detach(struct tally *t);
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
