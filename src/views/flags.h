/* SPDX-License-Identifier: MIT */
/* Names for flag words, errno values and signals. */
#ifndef TRAIL_FLAGS_H
#define TRAIL_FLAGS_H

#include <stdint.h>

enum flagset {
	FS_OPEN, FS_CLONE, FS_CLONE3, FS_AT, FS_RESOLVE, FS_AT_ACCESS, FS_RENAME,
	FS_CLOSE_RANGE, FS_MFD, FS_ACCESS_MODE,
	FS_FDFLAGS,	/* open flags without an access mode: dup3, pipe2 */
	FS_MOUNT,	/* MS_* */
	FS_UMOUNT,	/* MNT_FORCE, MNT_DETACH, ... */
	FS_SOCK_TYPE,	/* SOCK_STREAM|SOCK_CLOEXEC...: the type, then the flags */
	FS_SOCK_FLAGS,	/* accept4: SOCK_NONBLOCK, SOCK_CLOEXEC */
	FS_CAPS,	/* a capability set, bit per CAP_* */
};

/* Names of single values (not bit sets). */
enum valueset {
	VS_FAMILY,	/* AF_INET */
	VS_PRCTL,	/* PR_SET_NO_NEW_PRIVS */
	VS_SECCOMP,	/* SECCOMP_SET_MODE_FILTER */
	VS_PTRACE,	/* PTRACE_ATTACH */
	VS_BPF,		/* BPF_PROG_LOAD */
	VS_CAP,		/* CAP_SYS_ADMIN */
	VS_NSTYPE,	/* CLONE_NEWNET as a namespace: "net" */
	VS_URING_OP,	/* IORING_OP_OPENAT */
};

/* NULL when v has no name in set. */
const char *value_name(enum valueset set, int64_t v);

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
