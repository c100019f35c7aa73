/* SPDX-License-Identifier: MIT */
/* The syscall table (syscalls.def) as data for userspace. */
#ifndef TRAIL_SYSTAB_H
#define TRAIL_SYSTAB_H

#include "trail_abi.h"

/* What a user sees: one event type per kind of action. */
enum trail_event_type {
	TE_FORK, TE_EXEC, TE_EXIT, TE_OPEN, TE_CLOSE, TE_CHDIR, TE_LOST,
	TE__MAX
};

struct sys_info {
	const char *name;          /* syscall name */
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
