/* SPDX-License-Identifier: MIT */
/* record --syscall: syscalls not in syscalls.def, recorded by number with
 * the argument names and types of the kernel's tracepoint format files. */
#ifndef TRAIL_GENERIC_H
#define TRAIL_GENERIC_H

#include <stddef.h>
#include "tracefile/tracefile.h"

/* This machine's number of a syscall name (x86_64), or -1. */
int generic_nr(const char *name);

/*
 * Resolves "NAME[,NAME...]": each name's number and its arguments, read
 * from /sys/kernel/tracing/events/syscalls/sys_enter_NAME/format (tracefs
 * is mounted there for the time of the reads when it is not).  Names the
 * table traces already are left out and listed in note ("openat, write"),
 * empty when none.  Returns 0 with *out (free it) and *n, or -errno with a
 * one-line reason in why: -ENOENT an unknown name, -ENOTSUP no tracepoint,
 * -E2BIG more than TRAIL_GENERIC_MAX, -EINVAL an empty or bad list.
 */
int generic_resolve(const char *list, struct tf_syscall **out, unsigned int *n,
		    char *note, size_t notelen, char *why, size_t whylen);

#endif
