/* SPDX-License-Identifier: MIT */
/* The syscall table (syscalls.def) as data for userspace. */
#ifndef TRAIL_SYSTAB_H
#define TRAIL_SYSTAB_H

#include "trail_abi.h"
#include "tracefile/tracefile.h"

/* What a user sees: one event type per kind of action (not in the file:
 * the file stores syscalls; numbers here may change). */
#define TRAIL_EVENT_TYPES(X) \
	X(fork) X(exec) X(exit) X(open) X(close) X(chdir) X(lost) \
	X(stat) X(access) X(readlink) X(readdir) X(rename) X(unlink) X(mkdir) \
	X(link) X(symlink) X(mknod) X(truncate) X(chmod) X(chown) X(utime) \
	X(xattr) X(dup) X(fcntl) X(pipe) X(memfd) X(chroot) X(write) \
	X(cred) X(prctl) X(seccomp) X(ns) X(socket) X(connect) X(bind) X(listen) \
	X(accept) X(send) X(mount) X(ptrace) X(kill) X(module) X(bpf) \
	X(personality) X(cap) X(ident) X(uring) X(syscall) X(peer) X(attach) \
	X(stats)

enum trail_event_type {
#define X(n) TE_##n,
	TRAIL_EVENT_TYPES(X)
#undef X
	TE__MAX
};
_Static_assert(TE__MAX <= 64, "event type masks are 64-bit");

/* How an argument of a --syscall is shown, from its type in the kernel's
 * tracepoint format. */
enum sys_arg_fmt {
	SAF_STR,        /* char *: the string it points to, read at exit */
	SAF_PTR,        /* any other pointer: hex, 0 shown as NULL */
	SAF_HEX,        /* unsigned long, and integers named *flags*, *mask*, prot */
	SAF_OCT,        /* umode_t */
	SAF_INT,        /* signed integer */
	SAF_UINT,       /* unsigned integer */
};

struct sys_arg {
	const char *name;          /* the kernel's name for it */
	const char *type;          /* its C type, as the format file says */
	enum sys_arg_fmt fmt;
	unsigned int bits;         /* its width: 64, 32 or 16 */
};

/* Longest argument name in syscalls.def, NUL included. */
#define SYS_ARGNAME_MAX 16

struct sys_info {
	const char *name;          /* syscall name */
	unsigned int op;           /* its row of syscalls.def (or its --syscall op) */
	int nr;                    /* its number on this architecture */
	enum trail_event_type type;
	enum trail_sys_class class;
	enum trail_real real;
	const char *spec;          /* syscalls.def's "name:kind ..."; NULL for --syscall */
	const char *args;          /* the argument kinds, a letter each (see
				      syscalls.def); a --syscall's are t
				      (string), x or i */
	/* each argument's JSON key (a leading _: shown as text only) */
	const char *argname[TRAIL_SYS_ARGS];
	const struct sys_arg *gen; /* --syscall: its arguments (nargs = the
				      letters'); NULL for syscalls.def rows */
};

/* The argument kinds syscalls.def may use, one letter each. */
#define SYS_ARG_KINDS "dptfwneoOmFEANKCZPHcugDlxiaSMyYkGJVQBXUTI"

/* NULL when op is not a syscall this build knows, nor one registered. */
const struct sys_info *systab_get(unsigned int op);
/*
 * --syscall: makes op TRAIL_SYS_GENERIC_BIT | s->nr a syscall of event type
 * syscall with s's arguments (a later registration of the same number
 * replaces it; memory is bounded by TRAIL_NR_MAX).  Returns the op, or
 * -EINVAL for a description tf_syscall_valid() refuses.
 */
int systab_register(const struct tf_syscall *s);
/* How an argument of this C type and name is shown; *bits its width. */
enum sys_arg_fmt sys_arg_format(const char *type, const char *name, unsigned int *bits);
/* The kernel-side descriptor of op, from its letters. */
void systab_desc(unsigned int op, struct trail_sys_desc *d);

const char *event_type_name(enum trail_event_type t);
/* -1 when name is not an event type. */
int event_type_parse(const char *name);

#endif
