// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "model/systab.h"
#include "model/sysnr.h"
#include "util/util.h"

static struct sys_info systab[TRAIL_SYS_MAX] = {
#define TRAIL_SYSCALL(n, ev, cls, rl, args) \
	[TRAIL_SYS_##n] = { .name = #n, .nr = SYS_##n, .type = TE_##ev, \
			    .class = TRAIL_CLASS_##cls, .real = TRAIL_REAL_##rl, .spec = args },
#include "syscalls.def"
#undef TRAIL_SYSCALL
};

/* The rows' argument kinds and names, split out of their specs. */
static char row_kinds[TRAIL_SYS_MAX][TRAIL_SYS_ARGS + 1];
static char row_names[TRAIL_SYS_MAX][TRAIL_SYS_ARGS][SYS_ARGNAME_MAX];

/* A row the table cannot mean is a bug in this build, not an input error. */
static void __attribute__((noreturn)) bad_row(const struct sys_info *si, const char *why)
{
	fprintf(stderr, "trail: syscalls.def row %s: %s in \"%s\"\n", si->name, why, si->spec);
	abort();
}

/* "dirfd:d path:p" into the kinds "dp" and the names dirfd, path. */
static void split_spec(unsigned int op)
{
	struct sys_info *si = &systab[op];
	const char *p = si->spec;
	unsigned int n = 0;

	while (*p) {
		size_t len = strcspn(p, ":");

		if (n == TRAIL_SYS_ARGS)
			bad_row(si, "more than 6 arguments");
		if (!p[len] || !len || len >= SYS_ARGNAME_MAX || !p[len + 1] ||
		    !strchr(SYS_ARG_KINDS, p[len + 1]) || (p[len + 2] && p[len + 2] != ' '))
			bad_row(si, "an argument is not name:kind");
		memcpy(row_names[op][n], p, len);
		si->argname[n] = row_names[op][n];
		row_kinds[op][n++] = p[len + 1];
		p += len + 2;
		p += strspn(p, " ");
	}
	si->args = row_kinds[op];
}

static void systab_init(void)
{
	static bool done;
	unsigned int op;

	if (done)
		return;
	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		systab[op].op = op;
		split_spec(op);
	}
	done = true;
}

static const char *const type_names[TE__MAX] = {
#define X(n) [TE_##n] = #n,
	TRAIL_EVENT_TYPES(X)
#undef X
};

/* --syscall descriptions, by number: registered from a file's header
 * (or by the recorder), each owning its strings. */
struct sys_generic {
	struct sys_info si;
	struct tf_syscall desc;
	char letters[TRAIL_SYS_ARGS + 1];
	struct sys_arg arg[TRAIL_SYS_ARGS];
};
static struct sys_generic *generic[TRAIL_NR_MAX];

const struct sys_info *systab_get(unsigned int op)
{
	if (op & TRAIL_SYS_GENERIC_BIT) {
		op &= ~TRAIL_SYS_GENERIC_BIT;
		return op < TRAIL_NR_MAX && generic[op] ? &generic[op]->si : NULL;
	}
	systab_init();
	return op < TRAIL_SYS_MAX ? &systab[op] : NULL;
}

/* Whether word w is one of the words of list (space-separated). */
static bool word_in(const char *w, size_t n, const char *list)
{
	const char *p = list;

	while (*p) {
		size_t k = strcspn(p, " ");

		if (k == n && !strncmp(p, w, n))
			return true;
		p += k;
		p += strspn(p, " ");
	}
	return false;
}

enum sys_arg_fmt sys_arg_format(const char *type, const char *name, unsigned int *bits)
{
	/* the kernel's integer types by width and sign (x86_64) */
	static const char s32[] = "int signed pid_t key_serial_t clockid_t timer_t mqd_t rwf_t s32 __s32 int32_t";
	static const char s64[] = "long ssize_t loff_t off_t s64 __s64 int64_t time_t __kernel_old_time_t";
	static const char u32[] = "unsigned u32 __u32 uid_t gid_t qid_t uint32_t";
	static const char u64[] = "size_t u64 __u64 uint64_t";
	char words[TF_SYSCALL_STR_MAX + 1] = "";
	size_t len = 0;
	const char *p = type;
	int stars = 0, nwords = 0;
	bool is_unsigned = false, is_char = false;
	enum sys_arg_fmt f;

	*bits = 64;
	/* the words that say what it is, without qualifiers */
	while (*p) {
		size_t n;

		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == '*') {
			stars++;
			p++;
			continue;
		}
		n = strcspn(p, " *");
		if (!word_in(p, n, "const volatile __user")) {
			nwords++;
			is_unsigned |= word_in(p, n, "unsigned");
			is_char |= word_in(p, n, "char");
			if (len + n + 2 < sizeof(words))
				len += snprintf(words + len, sizeof(words) - len, "%s%.*s",
						len ? " " : "", (int)n, p);
		}
		p += n;
	}
	if (stars)
		return stars == 1 && is_char && nwords == 1 ? SAF_STR : SAF_PTR;
	if (!strcmp(words, "umode_t")) {
		*bits = 16;
		return SAF_OCT;
	}
	if (!strcmp(words, "unsigned long") || !strcmp(words, "unsigned long int"))
		return SAF_HEX;
	if (!strcmp(words, "long long") || !strcmp(words, "long int") ||
	    !strcmp(words, "unsigned long long")) {
		f = is_unsigned ? SAF_UINT : SAF_INT;
	} else if (!strcmp(words, "unsigned int") || word_in(words, len, u32)) {
		*bits = 32;
		f = SAF_UINT;
	} else if (word_in(words, len, u64)) {
		f = SAF_UINT;
	} else if (!strcmp(words, "signed int") || word_in(words, len, s32)) {
		*bits = 32;
		f = SAF_INT;
	} else if (word_in(words, len, s64)) {
		f = SAF_INT;
	} else {
		return SAF_HEX;		/* a typedef we do not know: raw */
	}
	if (strstr(name, "flag") || strstr(name, "mask") || !strcmp(name, "prot"))
		return SAF_HEX;
	return f;
}

int systab_register(const struct tf_syscall *s)
{
	struct sys_generic *g;
	unsigned int i;

	if (!tf_syscall_valid(s))
		return -EINVAL;
	g = generic[s->nr];
	if (!g)
		g = generic[s->nr] = xcalloc(1, sizeof(*g));
	memset(g, 0, sizeof(*g));
	g->desc = *s;
	for (i = 0; i < s->nargs; i++) {
		struct sys_arg *a = &g->arg[i];

		a->name = g->desc.arg_name[i];
		a->type = g->desc.arg_type[i];
		a->fmt = sys_arg_format(a->type, a->name, &a->bits);
		g->si.argname[i] = a->name;
		g->letters[i] = a->fmt == SAF_STR ? 't' :
				a->fmt == SAF_INT || a->fmt == SAF_UINT ? 'i' : 'x';
	}
	g->si.name = g->desc.name;
	g->si.op = TRAIL_SYS_GENERIC_BIT | s->nr;
	g->si.nr = s->nr;
	g->si.type = TE_syscall;
	g->si.class = TRAIL_CLASS_SYS;
	g->si.real = TRAIL_REAL_NONE;
	g->si.args = g->letters;
	g->si.gen = g->arg;
	return TRAIL_SYS_GENERIC_BIT | s->nr;
}

void systab_desc(unsigned int op, struct trail_sys_desc *d)
{
	const struct sys_info *si = systab_get(op);
	unsigned int i, n = 0;

	memset(d, 0, sizeof(*d));
	d->how_arg = d->fd_arg = d->pair_arg = TRAIL_NO_ARG;
	if (!si)
		return;
	d->rec_op = op;
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
