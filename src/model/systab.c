// SPDX-License-Identifier: MIT
#include <string.h>
#include "model/systab.h"
#include "model/sysnr.h"

static const struct sys_info systab[TRAIL_SYS_MAX] = {
#define TRAIL_SYSCALL(n, tp, event, class, real, args) \
	[TRAIL_SYS_##n] = { #n, #tp, SYS_##n, TE_##event, TRAIL_CLASS_##class, TRAIL_REAL_##real, args },
#include "syscalls.def"
#undef TRAIL_SYSCALL
};

static const char *const type_names[TE__MAX] = {
#define X(n) [TE_##n] = #n,
	TRAIL_EVENT_TYPES(X)
#undef X
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
	d->how_arg = d->fd_arg = d->pair_arg = TRAIL_NO_ARG;
	if (!si)
		return;
	d->real = si->real;
	d->class = si->class;
	d->new_file = si->real == TRAIL_REAL_RETFD &&
		      (si->type == TE_open || si->type == TE_memfd);
	for (i = 0; si->args[i] && i < TRAIL_SYS_ARGS; i++) {
		switch (si->args[i]) {
		case 'p':
		case 't':
			d->str_mask |= 1u << i;
			break;
		case 'f':
		case 'w':
			/* the written fd, else the first fd */
			if (d->fd_arg == TRAIL_NO_ARG || si->args[i] == 'w')
				d->fd_arg = i;
			break;
		case 'P':
			d->pair_arg = i;
			break;
		case 'T':
			d->extra = TRAIL_EXTRA_NSFD;
			break;
		case 'd':	/* ATFD: the first dirfd, with its path right after */
			if (si->real == TRAIL_REAL_ATFD && d->fd_arg == TRAIL_NO_ARG)
				d->fd_arg = i;
			break;
		case 'H':	/* recorded as three values: flags, mode, resolve */
			d->how_arg = i;
			n += 2;
			break;
		}
		n++;
	}
	d->nargs = n > TRAIL_SYS_ARGS ? TRAIL_SYS_ARGS : n;
	/* the string slots, in argument order; slot 2 only when there is
	 * no real (its usual place) */
	for (i = 0, n = 0; si->args[i] && i < TRAIL_SYS_ARGS; i++) {
		char c = si->args[i];
		unsigned int kind = c == 'p' || c == 't' ? TRAIL_SLOT_STR :
				    c == 'S' ? TRAIL_SLOT_ADDR : c == 'M' ? TRAIL_SLOT_MSG : 0;

		if (!kind || n >= (si->real == TRAIL_REAL_NONE ? 3u : 2u))
			continue;
		d->slot_arg[n] = i;
		d->slot_kind[n] = kind;
		n++;
	}
	/* sendto/sendmsg: only to an address given, once per address */
	d->once = si->type == TE_send;
	/* the socket behind SOCK is the fd argument */
	if (si->real == TRAIL_REAL_SOCK && d->fd_arg == TRAIL_NO_ARG)
		d->fd_arg = 0;
	/* a write event keeps only the arguments up to the written fd */
	if (si->class == TRAIL_CLASS_WRITE && d->fd_arg != TRAIL_NO_ARG)
		d->nargs = d->fd_arg + 1;
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
