/* SPDX-License-Identifier: MIT */
#ifndef TRAIL_RECORD_H
#define TRAIL_RECORD_H

#include <stdbool.h>
#include <stddef.h>

struct record_opts {
	const char *output;
	bool force;
	bool no_env;
	bool lossless;             /* freeze the command rather than drop events */
	bool compress;             /* zlib the file's chunks */
	const char *user;          /* -u USER, or NULL */
	size_t ring_bytes;
	const char *syscalls;      /* --syscall NAME[,NAME...], or NULL */
	char **argv;               /* the command */
};

/* Records the command; returns trail's exit status (the command's, or
 * 2 for trail's own errors, 126/127 for a command that cannot run). */
int record_main(const struct record_opts *o);

#endif
