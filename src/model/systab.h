/* SPDX-License-Identifier: MIT */
/* The syscall table (syscalls.def) as data for userspace. */
#ifndef TRAIL_SYSTAB_H
#define TRAIL_SYSTAB_H

#include "trail_abi.h"

/* What a user sees: one event type per kind of action (not in the file:
 * the file stores syscalls; numbers here may change). */
#define TRAIL_EVENT_TYPES(X) \
	X(fork) X(exec) X(exit) X(open) X(close) X(chdir) X(lost) \
	X(stat) X(access) X(readlink) X(readdir) X(rename) X(unlink) X(mkdir) \
	X(link) X(symlink) X(mknod) X(truncate) X(chmod) X(chown) X(utime) \
	X(xattr) X(dup) X(fcntl) X(pipe) X(memfd) X(chroot) X(write) \
	X(cred) X(prctl) X(seccomp) X(ns) X(socket) X(connect) X(bind) X(listen) \
	X(accept) X(send) X(mount) X(ptrace) X(kill) X(module) X(bpf) \
	X(personality) X(cap) X(ident) X(uring)

enum trail_event_type {
#define X(n) TE_##n,
	TRAIL_EVENT_TYPES(X)
#undef X
	TE__MAX
};
_Static_assert(TE__MAX <= 64, "event type masks are 64-bit");
#define TE_FORK TE_fork
#define TE_EXEC TE_exec
#define TE_EXIT TE_exit
#define TE_OPEN TE_open
#define TE_CLOSE TE_close
#define TE_CHDIR TE_chdir
#define TE_LOST TE_lost

struct sys_info {
	const char *name;          /* syscall name */
	const char *tp;            /* its trace event: syscalls:sys_enter_<tp> */
	int nr;                    /* its number on this architecture */
	enum trail_event_type type;
	enum trail_sys_class class;
	enum trail_real real;
	const char *args;          /* argument letters, see syscalls.def */
};

/* NULL when op is not a syscall this build knows. */
const struct sys_info *systab_get(unsigned int op);
/* The kernel-side descriptor of op, from its letters. */
void systab_desc(unsigned int op, struct trail_sys_desc *d);

const char *event_type_name(enum trail_event_type t);
/* -1 when name is not an event type. */
int event_type_parse(const char *name);

#endif
