/* SPDX-License-Identifier: MIT */
/*
 * What -e / --event selects, in trail's words and strace's: event types
 * (open, exec), syscalls of the table by name (openat, execve), strace's
 * classes (%file, %process, %network, %creds, %desc, %signal, %memory),
 * with strace's "trace=" in front or not: -e trace=openat,%net.
 */
#ifndef TRAIL_SELECT_H
#define TRAIL_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model/event.h"

struct event_sel {
	bool any;                  /* something was selected */
	uint64_t types;            /* whole event types, bit per enum trail_event_type */
	uint8_t ops[(TRAIL_SYS_MAX + 7) / 8];  /* single syscalls, bit per row */
};

/* Adds a comma-separated list to s: 0, or -EINVAL with one line in err
 * ("unknown event or syscall 'opn' (did you mean 'open'?)"). */
int event_sel_parse(struct event_sel *s, const char *list, char *err, size_t errlen);
/* Whether ev is selected (true when nothing was asked for). */
bool event_sel_match(const struct event_sel *s, const struct trail_event *ev);
/* Whether the syscall of row op is selected (whole or by its event type). */
bool event_sel_op(const struct event_sel *s, unsigned int op);
/* The event types the kernel must send: each selected type, and the type
 * of each selected syscall (types[TE__MAX]). */
void event_sel_types(const struct event_sel *s, bool *types);
/* The syscalls the kernel must dispatch, by row (ops[TRAIL_SYS_MAX]). */
void event_sel_ops(const struct event_sel *s, bool *ops);
/* strace's classes and what they hold, for --help and docs: NULL-ended. */
extern const char *const event_sel_classes[];

#endif
