/* SPDX-License-Identifier: MIT */
/*
 * A target other than a command, as record and stat take hold of it:
 * before anything is loaded, a pidfd for each process of -p (its exit can
 * be polled, and a reused pid is never taken for it) or the directory of
 * --cgroup; once the programs are attached, -p's processes and their
 * running descendants handed to the caller's traced set.
 */
#ifndef TRAIL_HOLD_H
#define TRAIL_HOLD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "record/record.h"

struct hold {
	char desc[PATH_MAX + 64];  /* "pid 1,2", "cgroup /sys/fs/cgroup/x", "all";
				      "" for a command */
	int *pidfds;               /* RECORD_PIDS: one per pid, in order */
	size_t npids;
	int cgroup_fd;             /* RECORD_CGROUP; -1 otherwise */
};

#define HOLD_INIT { .cgroup_fd = -1 }

/* Checks the target and opens what it needs (nothing for a command or
 * RECORD_ALL): 0, or -errno with a one-line reason in why. */
int hold__open(struct hold *h, const struct record_target *t, char *why, size_t whylen);

/*
 * RECORD_PIDS, with the programs attached already (so a process forks
 * into the traced set from the moment it is in it): follow() each pid,
 * then each running descendant found in /proc; unfollow() one whose exit
 * came before it was followed (nothing else would take it out).  Returns
 * how many descendants were followed, or -errno.
 */
int hold__follow(const struct hold *h, const pid_t *pids, int (*follow)(void *ctx, pid_t pid),
		 int (*unfollow)(void *ctx, pid_t pid), void *ctx);

void hold__release(struct hold *h);

#endif
