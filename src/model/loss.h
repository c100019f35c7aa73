/* SPDX-License-Identifier: MIT */
/*
 * What a recording lost to a full ring buffer, by the event type a user
 * sees (open, close, ident ...), from the recorder's kernel counters (the
 * trailer's drops).  The recorder's report, summary and the readers'
 * warning all say these numbers.
 */
#ifndef TRAIL_LOSS_H
#define TRAIL_LOSS_H

#include <stddef.h>
#include <stdint.h>
#include "model/systab.h"
#include "tracefile/tracefile.h"

struct loss {
	uint64_t total;             /* records lost */
	uint64_t type[TE__MAX];     /* of them, by event type */
	uint64_t syscall;           /* syscall records not counted by op (older files) */
};

void loss_from_stats(struct loss *l, const struct tf_stats *st);
/* " (open 40012, close 25101, ...)": largest first; "" when nothing was
 * lost.  Always NUL-terminated; cut with "..." when len is too small. */
void loss_detail(const struct loss *l, char *buf, size_t len);

#endif
