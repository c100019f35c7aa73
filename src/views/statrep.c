// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
#include "views/statrep.h"
#include "views/addr.h"
#include "views/flags.h"
#include "model/systab.h"
#include "util/escape.h"
#include "util/json.h"
#include "util/util.h"

/* Grows an array of rows by one, zeroed. */
#define GROW(arr, n) (*(void **)&(arr) = xrealloc((arr), ((n) + 1) * sizeof(*(arr))), \
		      memset(&(arr)[(n)], 0, sizeof(*(arr))), &(arr)[(n)++])

/* At most max of the len bytes at src into dst: how many. */
static size_t copy_max(void *dst, const void *src, size_t len, size_t max)
{
	if (len > max)
		len = max;
	memcpy(dst, src, len);
	return len;
}

struct stat_comm *stat_snap__comm(struct stat_snap *s, const char *comm)
{
	struct stat_comm *c = GROW(s->comms, s->ncomms);

	strncpy(c->comm, comm, STAT_COMM_LEN);
	return c;
}

struct stat_file *stat_snap__file(struct stat_snap *s, const char *path, size_t len)
{
	struct stat_file *f = GROW(s->files, s->nfiles);

	copy_max(f->path, path, len, STAT_PATH_LEN);
	return f;
}

struct stat_cap *stat_snap__cap(struct stat_snap *s, int cap)
{
	struct stat_cap *c;
	size_t i;

	for (i = 0; i < s->ncaps; i++)
		if (s->caps[i].cap == cap)
			return &s->caps[i];
	c = GROW(s->caps, s->ncaps);
	c->cap = cap;
	return c;
}

struct stat_remote *stat_snap__remote(struct stat_snap *s, const void *addr, size_t len)
{
	struct stat_remote *r = GROW(s->remotes, s->nremotes);

	r->len = copy_max(r->addr, addr, len, STAT_ADDR_LEN);
	return r;
}

void stat_snap__release(struct stat_snap *s)
{
	free(s->comms);
	free(s->files);
	free(s->caps);
	free(s->remotes);
	s->comms = NULL;
	s->files = NULL;
	s->caps = NULL;
	s->remotes = NULL;
	s->ncomms = s->nfiles = s->ncaps = s->nremotes = 0;
}

/* One table row, whatever the table: a name and one or two numbers. */
struct row {
	char *name;
	size_t len;
	uint64_t a, b, key;
	int nr;                 /* caps: the number */
	const char *family;     /* remotes */
	bool truncated;         /* files */
};

/* kinds, syscalls, comms, files, caps, remotes, time */
#define NTABLES 7

struct table {
	const char *title;      /* text heading, and the JSON key */
	const char *field;      /* JSON name of the row's name */
	const char *a, *b;      /* column names; b NULL for one number */
	struct row *rows;
	size_t n;
};

static struct row *add_row(struct table *t, const char *name, size_t len, uint64_t a, uint64_t b)
{
	struct row *r = GROW(t->rows, t->n);

	r->name = xstrndup(name, len);
	r->len = len;
	r->a = a;
	r->b = b;
	r->key = a;
	return r;
}

/* The most first; ties by name, so that the output is stable. */
static int row_cmp(const void *x, const void *y)
{
	const struct row *p = x, *q = y;
	size_t n = p->len < q->len ? p->len : q->len;
	int c;

	if (p->key != q->key)
		return p->key > q->key ? -1 : 1;
	c = memcmp(p->name, q->name, n);
	if (c)
		return c;
	return p->len < q->len ? -1 : p->len > q->len;
}

static void table_free(struct table *t)
{
	FREE_EACH(t->rows, t->n, name);
}

static void build_kinds(const struct stat_snap *s, struct table *t)
{
	uint64_t calls[TE__MAX] = { 0 }, failed[TE__MAX] = { 0 }, granted = 0, denied = 0;
	unsigned int op, k;
	size_t i;

	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		const struct sys_info *si = systab_get(op);

		calls[si->type] += s->calls[op];
		failed[si->type] += s->failed[op];
	}
	/* not syscalls: the tasks that ended, the capability checks */
	calls[TE_exit] += s->counters[STAT_C_TASK_EXIT];
	for (i = 0; i < s->ncaps; i++) {
		granted += s->caps[i].granted;
		denied += s->caps[i].denied;
	}
	calls[TE_cap] += granted + denied;
	failed[TE_cap] += denied;
	for (k = 0; k < TE__MAX; k++) {
		const char *name = event_type_name(k);

		if (calls[k] || failed[k])
			add_row(t, name, strlen(name), calls[k], failed[k]);
	}
}

static void build_tables(const struct stat_snap *s, struct table *t)
{
	unsigned int op;
	size_t i;

	t[0] = (struct table){ "kinds", "kind", "calls", "failed" };
	t[1] = (struct table){ "syscalls", "syscall", "calls", "failed" };
	t[2] = (struct table){ "comms", "comm", "calls", NULL };
	t[3] = (struct table){ "files", "path", "count", "failed" };
	t[4] = (struct table){ "caps", "cap", "granted", "denied" };
	t[5] = (struct table){ "remotes", "addr", "count", "failed" };
	t[6] = (struct table){ "time", "syscall", "usecs", "usecs/call" };

	build_kinds(s, &t[0]);
	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		const char *name = systab_get(op)->name;

		if (s->calls[op] || s->failed[op])
			add_row(&t[1], name, strlen(name), s->calls[op], s->failed[op]);
		/* as strace -c: the time in each syscall, and per call */
		if (s->ns[op])
			add_row(&t[6], name, strlen(name), s->ns[op] / 1000,
				s->calls[op] ? s->ns[op] / 1000 / s->calls[op] : 0);
	}
	for (i = 0; i < s->ncomms; i++)
		add_row(&t[2], s->comms[i].comm, strnlen(s->comms[i].comm, STAT_COMM_LEN),
			s->comms[i].calls, 0);
	for (i = 0; i < s->nfiles; i++) {
		const struct stat_file *f = &s->files[i];
		struct row *r = add_row(&t[3], f->path, strnlen(f->path, STAT_PATH_LEN),
					f->count, f->failed);

		r->truncated = f->truncated;
	}
	for (i = 0; i < s->ncaps; i++) {
		const struct stat_cap *c = &s->caps[i];
		const char *name = value_name(VS_CAP, c->cap);
		char buf[32];
		struct row *r;

		if (!name) {
			snprintf(buf, sizeof(buf), "CAP_%d", c->cap);
			name = buf;
		}
		r = add_row(&t[4], name, strlen(name), c->granted, c->denied);
		r->key = c->granted + c->denied;
		r->nr = c->cap;
	}
	for (i = 0; i < s->nremotes; i++) {
		const struct stat_remote *m = &s->remotes[i];
		struct addr_view av;
		char buf[160];
		struct row *r;

		addr_decode(m->addr, m->len, &av);
		addr_format(&av, buf, sizeof(buf));
		r = add_row(&t[5], buf, strlen(buf), m->count, m->failed);
		r->family = av.family >= 0 ? value_name(VS_FAMILY, av.family) : NULL;
	}
	for (i = 0; i < NTABLES; i++)
		if (t[i].n > 1)
			qsort(t[i].rows, t[i].n, sizeof(*t[i].rows), row_cmp);
}

static size_t shown(const struct table *t, const struct stat_print_opts *o)
{
	return o->top && o->top < t->n ? o->top : t->n;
}

static void print_text(FILE *f, const struct stat_snap *s, struct table *t,
		       const struct stat_print_opts *o)
{
	static const char *const headings[] = {
		"events by kind", "syscalls", "comms", "files (opened or executed, path as passed)",
		"capability checks", "remote addresses (connect, sendto, sendmsg)",
		"time in syscalls (in the kernel, entry to exit; strace -c's)",
	};
	_Static_assert(ARRAY_SIZE(headings) == NTABLES, "a heading for every table");
	const uint64_t *c = s->counters;
	uint64_t full = 0;
	size_t i, j;

	if (s->interval)
		fprintf(f, "--- interval %u: %.2f s ---\n", s->interval, s->seconds);
	else
		fprintf(f, "--- %.2f s ---\n", s->seconds);
	for (i = 0; i < NTABLES; i++) {
		size_t n = shown(&t[i], o);

		fprintf(f, "%s:", headings[i]);
		if (i == 4 && !s->caps_traced) {
			fprintf(f, " not traced (no capability:cap_capable tracepoint)\n");
			continue;
		}
		if (!t[i].n) {
			fprintf(f, " none\n");
			continue;
		}
		fprintf(f, "\n  %10s", t[i].a);
		if (t[i].b)
			fprintf(f, " %10s", t[i].b);
		fprintf(f, "  %s\n", t[i].field);
		for (j = 0; j < n; j++) {
			const struct row *r = &t[i].rows[j];

			fprintf(f, "  %10llu", (unsigned long long)r->a);
			if (t[i].b)
				fprintf(f, " %10llu", (unsigned long long)r->b);
			fputs("  ", f);
			esc_write(f, r->name, r->len, ESC_BARE);
			fprintf(f, "%s\n", r->truncated ? "... (truncated)" : "");
		}
		if (n < t[i].n)
			fprintf(f, "  ... %zu more\n", t[i].n - n);
	}
	fprintf(f, "processes: %llu started, %llu exited, %llu execs; threads: %llu started\n",
		(unsigned long long)c[STAT_C_PROC_NEW], (unsigned long long)c[STAT_C_PROC_EXIT],
		(unsigned long long)c[STAT_C_EXEC_OK],
		(unsigned long long)(c[STAT_C_TASK_NEW] - c[STAT_C_PROC_NEW]));
	for (i = STAT_C_FULL_TRACED; i <= STAT_C_FULL_STASH; i++)
		full += c[i];
	fprintf(f, "not counted: %llu (a map was full)", (unsigned long long)full);
	if (full)
		fprintf(f, ": processes %llu, comms %llu, files %llu, caps %llu, remotes %llu, syscall exits %llu",
			(unsigned long long)c[STAT_C_FULL_TRACED], (unsigned long long)c[STAT_C_FULL_COMMS],
			(unsigned long long)c[STAT_C_FULL_FILES], (unsigned long long)c[STAT_C_FULL_CAPS],
			(unsigned long long)c[STAT_C_FULL_REMOTES], (unsigned long long)c[STAT_C_FULL_STASH]);
	fprintf(f, "; %llu paths or addresses unreadable\n", (unsigned long long)c[STAT_C_UNREADABLE]);
}

static void print_json(FILE *f, const struct stat_snap *s, struct table *t,
		       const struct stat_print_opts *o)
{
	const uint64_t *c = s->counters;
	uint64_t full = 0;
	size_t i, j;

	fputc('{', f);
	if (s->interval)
		fprintf(f, "\"interval\":%u,", s->interval);
	fprintf(f, "\"seconds\":%.3f", s->seconds);
	for (i = 0; i < NTABLES; i++) {
		size_t n = shown(&t[i], o);

		fprintf(f, ",\"%s\":[", t[i].title);
		for (j = 0; j < n; j++) {
			const struct row *r = &t[i].rows[j];

			fprintf(f, "%s{\"%s\":", j ? "," : "", t[i].field);
			json_str(f, r->name, r->len);
			if (i == 4)
				fprintf(f, ",\"cap_nr\":%d", r->nr);
			if (i == 5 && r->family)
				fprintf(f, ",\"family\":\"%s\"", r->family);
			fprintf(f, ",\"%s\":%llu", t[i].a, (unsigned long long)r->a);
			if (t[i].b)
				fprintf(f, ",\"%s\":%llu", t[i].b, (unsigned long long)r->b);
			if (i == 3)
				fprintf(f, ",\"truncated\":%s", r->truncated ? "true" : "false");
			fputc('}', f);
		}
		fputc(']', f);
	}
	fprintf(f, ",\"omitted\":{");
	for (i = 0; i < NTABLES; i++)
		fprintf(f, "%s\"%s\":%zu", i ? "," : "", t[i].title, t[i].n - shown(&t[i], o));
	fprintf(f, "},\"caps_traced\":%s", s->caps_traced ? "true" : "false");
	fprintf(f, ",\"processes\":{\"started\":%llu,\"exited\":%llu,\"execs\":%llu,\"threads\":%llu}",
		(unsigned long long)c[STAT_C_PROC_NEW], (unsigned long long)c[STAT_C_PROC_EXIT],
		(unsigned long long)c[STAT_C_EXEC_OK],
		(unsigned long long)(c[STAT_C_TASK_NEW] - c[STAT_C_PROC_NEW]));
	for (i = STAT_C_FULL_TRACED; i <= STAT_C_FULL_STASH; i++)
		full += c[i];
	fprintf(f, ",\"not_counted\":{\"map_full\":%llu,\"processes\":%llu,\"comms\":%llu,"
		   "\"files\":%llu,\"caps\":%llu,\"remotes\":%llu,\"syscall_exits\":%llu,"
		   "\"unreadable\":%llu}}\n",
		(unsigned long long)full,
		(unsigned long long)c[STAT_C_FULL_TRACED], (unsigned long long)c[STAT_C_FULL_COMMS],
		(unsigned long long)c[STAT_C_FULL_FILES], (unsigned long long)c[STAT_C_FULL_CAPS],
		(unsigned long long)c[STAT_C_FULL_REMOTES], (unsigned long long)c[STAT_C_FULL_STASH],
		(unsigned long long)c[STAT_C_UNREADABLE]);
}

void stat_print(FILE *f, const struct stat_snap *s, const struct stat_print_opts *o)
{
	struct table t[NTABLES];
	size_t i;

	build_tables(s, t);
	if (o->json)
		print_json(f, s, t, o);
	else
		print_text(f, s, t, o);
	for (i = 0; i < NTABLES; i++)
		table_free(&t[i]);
}
