/* SPDX-License-Identifier: MIT */
/* A record from the trace file, checked and decoded for the views. */
#ifndef TRAIL_EVENT_H
#define TRAIL_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "trail_abi.h"
#include "model/systab.h"

/* Bytes in the record, not NUL-terminated. */
struct tstr {
	const char *p;
	uint32_t len;
};

struct trail_event {
	const struct trail_ev_hdr *hdr;
	enum trail_event_type type;
	const struct sys_info *sys;     /* syscall behind the event, or NULL */
	uint64_t time_ns;               /* since the recording started */
	char comm[TRAIL_COMM_LEN + 1];
	bool has_ret;
	int64_t ret;

	/* TE_OPEN, TE_CLOSE, TE_CHDIR */
	unsigned int nargs;
	uint64_t args[TRAIL_SYS_ARGS];
	struct tstr path[2];            /* path arguments, in argument order */
	struct tstr real;               /* kernel-resolved path, if any */

	/* TE_EXEC */
	const struct trail_ev_exec *exec;
	struct tstr filename, cwd, interp;
	struct tstr argv, env;          /* NUL-separated blobs */
	uint32_t argv_n, env_n;         /* strings present in the blobs */

	const struct trail_ev_fork *fork;
	const struct trail_ev_exit *exit;
	uint64_t lost;

	/* Filled by the model: absolute forms of path[] (or of filename). */
	const char *abs[2];
};

enum decode_result { DECODE_OK = 0, DECODE_SKIP = 1 };

/*
 * Checks every length in the record against its size and fills ev.
 * Returns DECODE_OK, DECODE_SKIP for a kind or syscall this build does not
 * know (a newer recorder), or -EINVAL with a message in err.
 */
int trail_event_decode(struct trail_event *ev, const void *rec, size_t size,
		       uint64_t mono_start_ns, char *err, size_t errlen);

/* The i-th string of a NUL-separated blob, by walking; for printers. */
struct blob_iter {
	const char *p, *end;
};
bool blob_next(struct blob_iter *it, struct tstr *out);

/* Index of the argument with this letter in the syscall's letters, or -1. */
int event_arg_index(const struct trail_event *ev, char letter);

/* What string k (0 or 1) of a syscall event is: its letter ('p' a path,
 * 't' another string, 0 none) and, for a path, the dirfd it is relative to
 * (the nearest 'd' before it; AT_FDCWD when there is none). */
char event_str_info(const struct trail_event *ev, int k, int64_t *dirfd);

#endif
