/* SPDX-License-Identifier: MIT */
/*
 * Files that roll over, as logrotate numbers them: PATH is the one being
 * written, PATH.1 the one before it, ... PATH.(keep-1) the oldest kept.
 * A file rolls over when it reaches max_bytes, when every_ns has passed
 * since it was opened, or on SIGHUP (the caller's); rotate_shift renames
 * the others one step older and deletes what falls beyond keep.
 */
#ifndef TRAIL_ROTATE_H
#define TRAIL_ROTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ROTATE_KEEP_DEFAULT 10
#define ROTATE_KEEP_MAX     1000

struct rotate {
	uint64_t max_bytes;        /* 0: no size limit */
	uint64_t every_ns;         /* 0: no time limit */
	unsigned int keep;         /* files kept, the current one included */
};

/* --rotate SIZE[,KEEP] ("100M,5") and --rotate-every DURATION[,KEEP]
 * ("1h", "90s", "10m,6", "1d"): 0, or -1 with one line in why. */
int rotate_parse_size(struct rotate *r, const char *arg, char *why, size_t whylen);
int rotate_parse_every(struct rotate *r, const char *arg, char *why, size_t whylen);
static inline bool rotate_on(const struct rotate *r)
{
	return r->max_bytes || r->every_ns;
}
/* The current file, of bytes, opened at opened_ns, is to roll over now. */
bool rotate_due(const struct rotate *r, uint64_t bytes, uint64_t opened_ns, uint64_t now_ns);
/*
 * Makes room for a new PATH: deletes PATH.(keep-1) and any older, renames
 * PATH.(n) to PATH.(n+1) from the oldest down, and PATH to PATH.1.  With
 * keep 1, PATH is deleted.  Returns how many files it deleted, or -errno.
 */
int rotate_shift(const char *path, unsigned int keep);

#endif
