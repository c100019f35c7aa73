/* SPDX-License-Identifier: MIT */
/*
 * record --lossless: the command runs in a cgroup of its own that trail
 * freezes while the ring buffer is filling faster than it is drained, so
 * events wait instead of being dropped.  cgroup v2 (cgroup.freeze) where it
 * is mounted, else the v1 freezer (freezer.state).
 */
#ifndef TRAIL_FREEZE_H
#define TRAIL_FREEZE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct freezer;

/* Makes the cgroup.  0, or -errno with the reason in why. */
int freezer__new(struct freezer **out, char *why, size_t whylen);
int freezer__add(struct freezer *f, pid_t pid);
int freezer__set(struct freezer *f, bool frozen);
bool freezer__frozen(const struct freezer *f);
unsigned long freezer__count(const struct freezer *f);	/* times frozen */
/* Thaws, moves any process left back to trail's cgroup, removes it. */
void freezer__free(struct freezer *f);

#endif
