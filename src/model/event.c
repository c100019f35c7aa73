// SPDX-License-Identifier: MIT
/* Decoding checks before it casts: the record's size against every fixed
 * part and every string length (Tracee's decoder does the same). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "model/event.h"
#include "model/kinds.h"
#include "uring_ops.h"

static int bad(char *err, size_t errlen, const char *what, unsigned int kind)
{
	snprintf(err, errlen, "bad %s in record of kind %u", what, kind);
	return -EINVAL;
}

static uint32_t count_strings(const char *p, uint32_t len)
{
	uint32_t n = 0, i;

	for (i = 0; i < len; i++)
		if (p[i] == '\0')
			n++;
	if (len && p[len - 1] != '\0')	/* a string cut short */
		n++;
	return n;
}

static void take(struct tstr *s, const char **p, uint32_t len)
{
	s->p = *p;
	s->len = len;
	*p += len;
}

static int decode_syscall(struct trail_event *ev, const void *rec, size_t size,
			  char *err, size_t errlen)
{
	const struct trail_ev_sys *s = rec;
	const char *p;
	uint64_t need;

	ev->sys = systab_get(s->op);
	if (!ev->sys || (ev->sys->class != TRAIL_CLASS_SYS && ev->sys->class != TRAIL_CLASS_WRITE))
		return DECODE_SKIP;
	if (s->nargs > TRAIL_SYS_ARGS)
		return bad(err, errlen, "argument count", s->hdr.kind);
	need = sizeof(*s) + 8ull * s->nargs + s->slen[0] + s->slen[1] + s->slen[2];
	ev->dur_ns = (uint64_t)s->dur_hi << 32 | s->dur_lo;
	if (need > size)
		return bad(err, errlen, "string lengths", s->hdr.kind);
	ev->type = ev->sys->type;
	ev->has_ret = !(s->hdr.flags & TRAIL_F_NO_RET);
	ev->ret = s->ret;
	ev->nargs = s->nargs;
	memcpy(ev->args, (const char *)rec + sizeof(*s), 8 * s->nargs);
	p = (const char *)rec + sizeof(*s) + 8 * s->nargs;
	take(&ev->path[0], &p, s->slen[0]);
	take(&ev->path[1], &p, s->slen[1]);
	if (ev->sys->real == TRAIL_REAL_NONE && event_str_info(ev, 2, &(int64_t){ 0 })) {
		take(&ev->path[2], &p, s->slen[2]);	/* a third string: mount */
	} else {
		take(&ev->real, &p, s->slen[2]);
		ev->real_addr = ev->sys->real == TRAIL_REAL_SOCK || ev->sys->real == TRAIL_REAL_PEER;
	}
	return DECODE_OK;
}

static int decode_exec(struct trail_event *ev, const void *rec, size_t size,
		       char *err, size_t errlen)
{
	const struct trail_ev_exec *x = rec;
	const char *p;
	uint64_t need;

	need = sizeof(*x) + (uint64_t)x->filename_len + x->real_len + x->cwd_len +
	       x->interp_len + x->argv_len + x->env_len;
	if (need > size)
		return bad(err, errlen, "string lengths", x->hdr.kind);
	ev->sys = systab_get(x->op);
	if (!ev->sys || ev->sys->class != TRAIL_CLASS_EXEC)
		return bad(err, errlen, "syscall", x->hdr.kind);
	ev->type = TE_exec;
	ev->exec = x;
	ev->has_ret = true;
	ev->ret = x->ret;
	p = (const char *)rec + sizeof(*x);
	take(&ev->filename, &p, x->filename_len);
	take(&ev->real, &p, x->real_len);
	take(&ev->cwd, &p, x->cwd_len);
	take(&ev->interp, &p, x->interp_len);
	take(&ev->argv, &p, x->argv_len);
	take(&ev->env, &p, x->env_len);
	ev->argv_n = count_strings(ev->argv.p, ev->argv.len);
	ev->env_n = count_strings(ev->env.p, ev->env.len);
	return DECODE_OK;
}

static int decode_fork(struct trail_event *ev, const void *rec, size_t size,
		       char *err, size_t errlen)
{
	const struct trail_ev_fork *f = rec;

	ev->type = TE_fork;
	ev->fork = f;
	ev->sys = systab_get(f->op);
	if (ev->sys && ev->sys->class != TRAIL_CLASS_CLONE)
		return bad(err, errlen, "syscall", f->hdr.kind);
	ev->has_ret = ev->sys != NULL;
	ev->ret = f->ret;
	return DECODE_OK;
}

/* A kind of a fixed size, nothing to check past its row's minimum: the
 * event's type and the record. */
#define DECODE_FIXED(name, te, field)						\
static int decode_##name(struct trail_event *ev, const void *rec, size_t size,	\
			 char *err, size_t errlen)				\
{										\
	ev->type = te;								\
	ev->field = rec;							\
	return DECODE_OK;							\
}

DECODE_FIXED(exit, TE_exit, exit)

DECODE_FIXED(ident, TE_ident, ident)

static int decode_cap(struct trail_event *ev, const void *rec, size_t size,
		      char *err, size_t errlen)
{
	ev->type = TE_cap;
	ev->cap = rec;
	ev->has_ret = true;
	ev->ret = ev->cap->ret;
	return DECODE_OK;
}

static int decode_attach(struct trail_event *ev, const void *rec, size_t size,
			 char *err, size_t errlen)
{
	const struct trail_ev_proc *x = rec;
	const char *p = (const char *)rec + sizeof(*x);

	if (sizeof(*x) + (uint64_t)x->exe_len + x->cwd_len + x->argv_len > size)
		return bad(err, errlen, "string lengths", x->hdr.kind);
	ev->type = TE_attach;
	ev->proc = x;
	take(&ev->filename, &p, x->exe_len);
	take(&ev->cwd, &p, x->cwd_len);
	take(&ev->argv, &p, x->argv_len);
	ev->argv_n = count_strings(ev->argv.p, ev->argv.len);
	return DECODE_OK;
}

DECODE_FIXED(peer, TE_peer, peer)

DECODE_FIXED(stats, TE_stats, stats)

static int decode_uring(struct trail_event *ev, const void *rec, size_t size,
			char *err, size_t errlen)
{
	const struct trail_ev_uring *u = rec;
	const char *p;

	if (sizeof(*u) + (uint64_t)u->path_len + u->addr_len > size)
		return bad(err, errlen, "size", u->hdr.kind);
	ev->type = TE_uring;
	ev->uring = u;
	ev->has_ret = !(u->hdr.flags & TRAIL_F_NO_RET);	/* an open's or connect's */
	ev->ret = u->res;
	p = (const char *)rec + sizeof(*u);
	take(&ev->path[0], &p, u->path_len);
	take(&ev->real, &p, u->addr_len);
	ev->real_addr = true;
	return DECODE_OK;
}

static int decode_lost(struct trail_event *ev, const void *rec, size_t size,
		       char *err, size_t errlen)
{
	ev->type = TE_lost;
	ev->lost = ((const struct trail_ev_lost *)rec)->count;
	return DECODE_OK;
}

const struct kind_desc trail_kinds[TRAIL_EV_KIND_MAX] = {
#define X(K, n, rec, loss) [TRAIL_EV_##K] = { #n, sizeof(rec), decode_##n, loss },
	TRAIL_KINDS(X)
#undef X
};

int trail_event_decode(struct trail_event *ev, const void *rec, size_t size,
		       uint64_t mono_start_ns, char *err, size_t errlen)
{
	const struct trail_ev_hdr *h = rec;
	const struct kind_desc *k;

	memset(ev, 0, sizeof(*ev));
	if (size < sizeof(*h) || h->size != size)
		return bad(err, errlen, "size", size >= sizeof(*h) ? h->kind : 0);
	ev->hdr = h;
	ev->time_ns = h->ts > mono_start_ns ? h->ts - mono_start_ns : 0;
	memcpy(ev->comm, h->comm, TRAIL_COMM_LEN);
	ev->comm[strnlen(ev->comm, TRAIL_COMM_LEN)] = '\0';
	k = kind_get(h->kind);
	if (!k)
		return DECODE_SKIP;	/* a kind from a newer recorder */
	if (size < k->min_size)
		return bad(err, errlen, "size", h->kind);
	return k->decode(ev, rec, size, err, errlen);
}

bool blob_next(struct blob_iter *it, struct tstr *out)
{
	const char *nul;

	if (it->p >= it->end)
		return false;
	nul = memchr(it->p, '\0', it->end - it->p);
	out->p = it->p;
	out->len = (nul ? nul : it->end) - it->p;
	it->p += out->len + 1;
	return true;
}

bool event_uring_open(const struct trail_event *ev)
{
	return ev->uring && TRAIL_URING_OPENS(ev->uring->opcode);
}

int event_arg_index(const struct trail_event *ev, char letter)
{
	const char *a;
	int i = 0;

	if (!ev->sys)
		return -1;
	for (a = ev->sys->args; *a; a++, i++) {
		if (*a == 'H') {	/* open_how expands to o m R */
			int k = letter == 'o' ? 0 : letter == 'm' ? 1 : letter == 'R' ? 2 : -1;

			if (k >= 0)
				return i + k < (int)ev->nargs ? i + k : -1;
			i += 2;
			continue;
		}
		if (*a == letter)
			return i < (int)ev->nargs ? i : -1;
	}
	return -1;
}

char event_str_info(const struct trail_event *ev, int k, int64_t *dirfd)
{
	const char *a;
	int i = 0, n = 0;
	int64_t d = -100;	/* AT_FDCWD */

	if (!ev->sys)
		return 0;
	for (a = ev->sys->args; *a && i < (int)ev->nargs; a++, i++) {
		switch (*a) {
		case 'd':
			d = (int32_t)ev->args[i];
			break;
		case 'H':
			i += 2;
			break;
		case 'p':
		case 't':
		case 'S':
		case 'M':
			if (n++ == k) {
				*dirfd = d;
				return *a;
			}
			if (*a == 'p')
				d = -100;	/* a dirfd applies to the next path only */
			break;
		}
	}
	return 0;
}
