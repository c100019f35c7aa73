/* SPDX-License-Identifier: MIT */
/* Names for flag words, errno values and signals. */
#ifndef TRAIL_FLAGS_H
#define TRAIL_FLAGS_H

#include <stdint.h>

enum flagset {
	FS_OPEN, FS_CLONE, FS_CLONE3, FS_AT, FS_RESOLVE, FS_AT_ACCESS, FS_RENAME,
	FS_CLOSE_RANGE, FS_MFD, FS_ACCESS_MODE,
	FS_FDFLAGS,	/* open flags without an access mode: dup3, pipe2 */
};

/* "F_DUPFD" for 0; NULL when not a command trail records. */
const char *fcntl_cmd_name(int64_t cmd);

/* Fills names[] with the names of the bits set in v (for FS_OPEN the
 * access mode comes first); bits without a name are left in *rest.
 * Returns how many names were written (at most max). */
int flags_decode(enum flagset set, uint64_t v, const char **names, int max, uint64_t *rest);

/* "ENOENT" for 2; NULL when unknown. */
const char *errno_name(int err);
/* "SIGKILL" for 9; NULL when unknown. */
const char *signal_name(int sig);

#endif
