/* SPDX-License-Identifier: MIT */
/* Kernel function address ranges, from /proc/kallsyms. */
#ifndef TRAIL_KSYMS_H
#define TRAIL_KSYMS_H

#include <stddef.h>
#include <stdint.h>

/*
 * For each of the n text symbols in names, its range [lo, hi): from its
 * address to the next symbol's.  A symbol not found (or addresses hidden
 * by kptr_restrict) gets 0, 0.  Returns how many were found, or -errno
 * when /proc/kallsyms can't be read.
 */
int ksyms_ranges(const char *const *names, size_t n, uint64_t *lo, uint64_t *hi);

/*
 * The callers of the kernel's unaudited overcommit capability check (see
 * src/bpf/capquiet.bpf.h), two ranges.  Returns how many were found.
 */
#define KSYMS_OVERCOMMIT 2
int ksyms_overcommit(uint64_t lo[KSYMS_OVERCOMMIT], uint64_t hi[KSYMS_OVERCOMMIT]);

#endif
