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

	/* TE_open, TE_close, TE_chdir */
	unsigned int nargs;
	uint64_t args[TRAIL_SYS_ARGS];
	struct tstr path[3];            /* string arguments (paths, names, addresses),
					   in argument order */
	struct tstr real;               /* kernel-resolved path, if any; for
					   real_addr, a socket address */
	bool real_addr;

	/* TE_exec */
	const struct trail_ev_exec *exec;
	struct tstr filename, cwd, interp;
	struct tstr argv, env;          /* NUL-separated blobs */
	uint32_t argv_n, env_n;         /* strings present in the blobs */

	const struct trail_ev_fork *fork;
	const struct trail_ev_exit *exit;
	uint64_t lost;
	const struct trail_ev_cap *cap;
	const struct trail_ev_uring *uring;   /* path[0]: its path; real: its address */
	const struct trail_ev_peer *peer;
	const struct trail_ev_proc *proc;     /* TE_attach: filename = its exe, cwd, argv */
	const struct trail_ev_stats *stats;   /* TE_stats */
	const struct trail_ev_ident *ident;   /* TE_ident: the new identity */

	/* Filled by the model: absolute forms of path[] (or of filename). */
	const char *abs[2];
	/* Filled by the model: close's file, as the replay knows it, or NULL. */
	const char *fd_path;
	/* Filled by the model: who the task is (NULL until known); for
	 * TE_ident and a set-uid exec, who it was before (NULL: nobody). */
	const struct trail_ev_ident *id;
	const struct trail_ev_ident *id_before;
	uint32_t id_changed;            /* TE_ident: IDC_* bits */
	uint64_t dur_ns;                /* a syscall's, sys_enter to sys_exit; 0: unknown */
	/* Filled by the replay: wall-clock time (CLOCK_REALTIME ns), 0 unknown. */
	uint64_t wall_ns;
	/* Filled by the model: the job's process on whose behalf a followed
	 * peer (record --follow-peers) acts; 0 for the job's own events. */
	uint32_t via_pid;
};

/* What changed in an identity (TE_ident's id_changed). */
enum {
	IDC_UID = 1 << 0, IDC_GID = 1 << 1, IDC_CAPS = 1 << 2, IDC_SECURE = 1 << 3,
	IDC_CGROUP = 1 << 4, IDC_NS = 1 << 5, IDC_USERNS_OWNER = 1 << 6,
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

/* Is this TE_uring event an open (IORING_OP_OPENAT or OPENAT2)?  Its
 * path[0] is then the name opened, relative to its fd. */
bool event_uring_open(const struct trail_event *ev);

/* Index of the argument with this letter in the syscall's letters, or -1. */
int event_arg_index(const struct trail_event *ev, char letter);

/* What string k (0 to 2) of a syscall event is: its letter ('p' a path,
 * 't' another string, 'S' or 'M' an address, 0 none) and, for a path, the dirfd it is relative to
 * (the nearest 'd' before it; AT_FDCWD when there is none). */
char event_str_info(const struct trail_event *ev, int k, int64_t *dirfd);

#endif
