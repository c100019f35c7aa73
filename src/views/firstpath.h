/* SPDX-License-Identifier: MIT */
/*
 * A policy's first-per-process-path (docs/policy.md): of the events of
 * one kind naming one path, only a process's first.  In user space, not
 * in the kernel: the key is the path made absolute, which only the replay
 * knows (the kernel sees "x" relative to a descriptor or the cwd), and a
 * kernel map of whole paths would cost 4 KiB a key.  A process's paths
 * are freed at its exit, so memory follows the processes alive, not the
 * length of the run.
 */
#ifndef TRAIL_FIRSTPATH_H
#define TRAIL_FIRSTPATH_H

#include <stdbool.h>
#include <stddef.h>
#include "model/event.h"

/* Paths kept in all, at most: past it every set is emptied (an event
 * shown twice, never one hidden), in case exits were lost. */
#define FIRSTPATH_MAX (1u << 20)

struct firstpath;

struct firstpath *firstpath__new(void);
/* Whether ev is the first of its kind with its path in its process (an
 * event that names no path: always); remembers it. */
bool firstpath__first(struct firstpath *fp, const struct trail_event *ev);
/* Every event, after the above: a process's exit frees its paths. */
void firstpath__see(struct firstpath *fp, const struct trail_event *ev);
/* Paths held now. */
size_t firstpath__size(const struct firstpath *fp);
void firstpath__free(struct firstpath *fp);

#endif
