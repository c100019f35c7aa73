/* SPDX-License-Identifier: MIT */
/*
 * What two runs of "the same" work disagree on by chance, taken out of a
 * string before comparing (trail diff; the rules are listed in docs/diff.md):
 *   1. the recording's own working directory, as a path prefix, becomes "$CWD"
 *   2. a number of 3 or more digits, standing alone, that is the pid of a
 *      process of the recording, becomes "<pid>"
 *   3. in a path under /tmp/, /var/tmp/ or /dev/shm/, random name parts:
 *      gcc's ccXXXXXX, mktemp's tmp.XXXXXXXXXX, Python's tmpXXXXXXXX, and
 *      any run of 6 or more letters and digits after '/', '.', '-' or '_'
 *      that holds a digit or a capital letter (a mktemp template's XXXXXX,
 *      a hex or random suffix) become X's.
 */
#ifndef TRAIL_DIFFNORM_H
#define TRAIL_DIFFNORM_H

#include <stddef.h>
#include <stdint.h>
#include "util/util.h"

struct diffnorm {
	char *cwd;              /* NULL, or the recording's cwd (not "/") */
	size_t cwd_len;
	struct u32map pids;     /* every pid seen in the recording */
};

void diffnorm_init(struct diffnorm *n, const char *cwd);
void diffnorm_add_pid(struct diffnorm *n, uint32_t pid);
/* s[0..len) normalised, as a new string (free it); NULs are kept. */
char *diffnorm(const struct diffnorm *n, const char *s, size_t len, size_t *outlen);
void diffnorm_release(struct diffnorm *n);

#endif
