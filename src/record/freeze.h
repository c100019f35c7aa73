/* SPDX-License-Identifier: MIT */
/*
 * record --lossless: the command runs in a cgroup of its own that trail
 * freezes while the ring buffer is filling faster than it is drained, so
 * events wait instead of being dropped.  record --scope: the same cgroup is
 * the job's boundary (never frozen without --lossless).  cgroup v2 (cgroup.freeze) where it
 * is mounted, else the v1 freezer (freezer.state).
 */
#ifndef TRAIL_FREEZE_H
#define TRAIL_FREEZE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

struct freezer;

/* Makes the cgroup (for option opt: "--lossless", "--scope"; --scope needs
 * cgroup v2).  0, or -errno with the reason in why. */
int freezer__new(struct freezer **out, const char *opt, char *why, size_t whylen);
/* The cgroup's directory, open (O_DIRECTORY; the caller closes it). */
int freezer__dir_fd(const struct freezer *f);
/* Whether any process is in the cgroup (v2: cgroup.events). */
bool freezer__populated(const struct freezer *f);
/* Up to max of its processes into pids; how many there are in all. */
size_t freezer__pids(const struct freezer *f, __u32 *pids, size_t max);
int freezer__add(struct freezer *f, pid_t pid);
int freezer__set(struct freezer *f, bool frozen);
bool freezer__frozen(const struct freezer *f);
unsigned long freezer__count(const struct freezer *f);	/* times frozen */
/* Thaws, moves any process left back to trail's cgroup, removes it. */
void freezer__free(struct freezer *f);

#endif
