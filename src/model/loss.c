// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>
#include "model/kinds.h"
#include "model/loss.h"

void loss_from_stats(struct loss *l, const struct tf_stats *st)
{
	const uint64_t *ring = st->drops + TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX;
	uint64_t by_op = 0;
	unsigned int k, op;

	memset(l, 0, sizeof(*l));
	for (k = 1; k < TRAIL_EV_KIND_MAX; k++) {
		l->total += ring[k];
		if (trail_kinds[k].loss_type >= 0)	/* syscall records: by op, below */
			l->type[trail_kinds[k].loss_type] += ring[k];
	}
	for (op = 0; op < TRAIL_DROPS_NOPS; op++) {
		const struct sys_info *si = op < TRAIL_SYS_MAX ? systab_get(op) : NULL;
		uint64_t n = st->drops[TRAIL_DROPS_OP0 + op];

		l->type[si ? si->type : TE_syscall] += n;
		by_op += n;
	}
	/* a file from before the counts by op */
	l->syscall = ring[TRAIL_EV_SYS] > by_op ? ring[TRAIL_EV_SYS] - by_op : 0;
}

void loss_detail(const struct loss *l, char *buf, size_t len)
{
	struct { const char *name; uint64_t n; } e[TE__MAX + 1], tmp;
	size_t ne = 0, used = 0, i, j;
	int t, n;

	if (!len)
		return;
	buf[0] = '\0';
	for (t = 0; t < TE__MAX; t++)
		if (l->type[t])
			e[ne].name = event_type_name(t), e[ne++].n = l->type[t];
	if (l->syscall)
		e[ne].name = "syscall", e[ne++].n = l->syscall;
	for (i = 1; i < ne; i++)	/* largest first, ties in type order */
		for (j = i; j > 0 && e[j].n > e[j - 1].n; j--)
			tmp = e[j], e[j] = e[j - 1], e[j - 1] = tmp;
	for (i = 0; i < ne; i++) {
		const char *sep = i ? ", " : " (";

		n = snprintf(buf + used, len - used, "%s%s %llu", sep, e[i].name,
			     (unsigned long long)e[i].n);
		if (n < 0 || used + n + 2 > len) {	/* room for ")" */
			if (used + strlen(sep) + 5 <= len)
				used += snprintf(buf + used, len - used, "%s...", sep);
			else
				buf[used] = '\0';
			break;
		}
		used += n;
	}
	if (used)
		snprintf(buf + used, len - used, ")");
}
