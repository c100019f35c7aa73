// SPDX-License-Identifier: MIT
#include <string.h>
#include "model/systab.h"

static const struct sys_info systab[TRAIL_SYS_MAX] = {
#define TRAIL_SYSCALL(n, event, class, real, args) \
	[TRAIL_SYS_##n] = { #n, TE_##event, TRAIL_CLASS_##class, TRAIL_REAL_##real, args },
#define TE_open TE_OPEN
#define TE_close TE_CLOSE
#define TE_chdir TE_CHDIR
#define TE_exec TE_EXEC
#define TE_fork TE_FORK
#include "syscalls.def"
#undef TRAIL_SYSCALL
};

static const char *const type_names[TE__MAX] = {
	[TE_FORK] = "fork", [TE_EXEC] = "exec", [TE_EXIT] = "exit",
	[TE_OPEN] = "open", [TE_CLOSE] = "close", [TE_CHDIR] = "chdir",
	[TE_LOST] = "lost",
};

const struct sys_info *systab_get(unsigned int op)
{
	return op < TRAIL_SYS_MAX ? &systab[op] : NULL;
}

void systab_desc(unsigned int op, struct trail_sys_desc *d)
{
	const struct sys_info *si = systab_get(op);
	unsigned int i, n = 0;

	memset(d, 0, sizeof(*d));
	d->how_arg = 0xff;
	if (!si)
		return;
	d->real = si->real;
	for (i = 0; si->args[i] && i < TRAIL_SYS_ARGS; i++) {
		switch (si->args[i]) {
		case 'p':
			d->str_mask |= 1u << i;
			break;
		case 'H':	/* recorded as three values: flags, mode, resolve */
			d->how_arg = i;
			n += 2;
			break;
		}
		n++;
	}
	d->nargs = n > TRAIL_SYS_ARGS ? TRAIL_SYS_ARGS : n;
}

const char *event_type_name(enum trail_event_type t)
{
	return (unsigned int)t < TE__MAX ? type_names[t] : "?";
}

int event_type_parse(const char *name)
{
	int t;

	for (t = 0; t < TE__MAX; t++)
		if (!strcmp(name, type_names[t]))
			return t;
	return -1;
}
