// SPDX-License-Identifier: MIT
/*
 * chrome: the Chrome trace-event JSON that Perfetto and chrome://tracing
 * load.  Each process is a trace "process" (its real pid) whose main
 * thread track holds one complete slice for its lifetime and, inside it,
 * one per exec'd image; threads get a track each.  The JSON format has no
 * process hierarchy, so each process's sort index is its place in a
 * depth-first walk of the tree (children right below their parent) and
 * every slice's args name the parent.  File opens (--with-files) are
 * instant events, written while reading; the processes at the end.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include "export/export.h"
#include "export/ptable.h"
#include "util/json.h"
#include "views/flags.h"

#define LABEL_MAX 200	/* bytes of a slice's name; args has the whole argv */

struct chrome {
	FILE *out;
	bool first;
	const struct ptable *pt;
	uint32_t order;
};

static void sep(struct chrome *c)
{
	fputs(c->first ? "\n" : ",\n", c->out);
	c->first = false;
}

static void ts(FILE *out, const char *key, uint64_t ns)
{
	fprintf(out, ",\"%s\":%" PRIu64 ".%03u", key, ns / 1000, (unsigned)(ns % 1000));
}

/* "cc -c x.c -o x.o": the image's basename and its arguments. */
static void label(FILE *out, const struct xproc *p, const struct xexec *x)
{
	char buf[LABEL_MAX + 4];
	size_t n = 0, i;
	const char *exe, *b;

	if (!x) {
		snprintf(buf, sizeof(buf), "%s (fork)", p->comm);
		json_str(out, buf, strlen(buf));
		return;
	}
	exe = x->exe ? x->exe : x->argv;
	b = strrchr(exe, '/');
	b = b ? b + 1 : exe;
	n = snprintf(buf, LABEL_MAX, "%s", b);
	if (n >= LABEL_MAX)
		n = LABEL_MAX - 1;
	/* argv[1..], NULs as spaces */
	i = strnlen(x->argv, x->argv_len);
	for (; i < x->argv_len && n < LABEL_MAX; i++)
		buf[n++] = x->argv[i] ? x->argv[i] : ' ';
	while (n && buf[n - 1] == ' ')
		n--;
	if (n == LABEL_MAX) {
		memcpy(buf + n, "...", 3);
		n += 3;
	}
	json_str(out, buf, n);
}

static void jargv(FILE *out, const struct xexec *x)
{
	fputs(",\"argv\":", out);
	json_blob(out, x->argv, x->argv_len);
}

static void status(FILE *out, const struct xproc *p)
{
	if (!p->ended)
		fputs(",\"exit\":\"running\"", out);
	else if ((p->status & 0x7f) == 0)
		fprintf(out, ",\"exit\":%d", (p->status >> 8) & 0xff);
	else if (signal_name(p->status & 0x7f))
		fprintf(out, ",\"exit\":\"%s\"", signal_name(p->status & 0x7f));
	else
		fprintf(out, ",\"exit\":\"signal %d\"", p->status & 0x7f);
}

static void slice(struct chrome *c, const struct xproc *p, uint32_t tid, const char *cat,
		  uint64_t start, uint64_t end, const struct xexec *x, const char *name)
{
	FILE *out = c->out;

	sep(c);
	fputs("{\"name\":", out);
	if (name)
		json_str(out, name, strlen(name));
	else
		label(out, p, x);
	fprintf(out, ",\"cat\":\"%s\",\"ph\":\"X\"", cat);
	ts(out, "ts", start);
	ts(out, "dur", end - start);
	fprintf(out, ",\"pid\":%u,\"tid\":%u,\"args\":{\"pid\":%u", p->pid, tid, p->pid);
	if (p->parent)
		fprintf(out, ",\"parent_pid\":%u", p->parent->pid);
	if (x) {
		if (x->exe) {
			fputs(",\"exe\":", out);
			json_str(out, x->exe, strlen(x->exe));
		}
		if (x->cwd) {
			fputs(",\"cwd\":", out);
			json_str(out, x->cwd, strlen(x->cwd));
		}
		jargv(out, x);
	}
	if (!strcmp(cat, "process"))
		status(out, p);
	fputs("}}", out);
}

static void meta(struct chrome *c, const char *what, uint32_t pid, uint32_t tid, const char *key)
{
	sep(c);
	fprintf(c->out, "{\"name\":\"%s\",\"ph\":\"M\",\"ts\":0,\"pid\":%u,\"tid\":%u,\"args\":{\"%s\":",
		what, pid, tid, key);
}

static void process(struct chrome *c, const struct xproc *p)
{
	const struct xexec *x;
	const struct xthread *th;
	uint64_t end = xproc_end(c->pt, p);
	char name[64];

	meta(c, "process_name", p->pid, p->pid, "name");
	label(c->out, p, p->last_exec);
	fputs("}}", c->out);
	meta(c, "process_sort_index", p->pid, p->pid, "sort_index");
	fprintf(c->out, "%u}}", c->order++);
	meta(c, "thread_name", p->pid, p->pid, "name");
	json_str(c->out, p->comm, strlen(p->comm));
	fputs("}}", c->out);
	/* the lifetime, named after the last image: what the process became */
	slice(c, p, p->pid, "process", p->start_ns, end, p->last_exec, NULL);
	for (x = p->execs; x; x = x->next)
		slice(c, p, p->pid, "exec", x->time_ns, x->next ? x->next->time_ns : end, x, NULL);
	for (th = p->threads; th; th = th->next) {
		meta(c, "thread_name", p->pid, th->tid, "name");
		json_str(c->out, th->comm, strlen(th->comm));
		fputs("}}", c->out);
		snprintf(name, sizeof(name), "thread %u", th->tid);
		slice(c, p, th->tid, "thread", th->start_ns, th->ended ? th->end_ns : c->pt->last_ns,
		      NULL, name);
	}
}

/* Depth-first, without recursion: a chain of processes can be deep. */
static void tree(struct chrome *c, const struct xproc *root)
{
	const struct xproc *n = root;

	for (;;) {
		process(c, n);
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		if (n == root)
			break;
		n = n->next;
	}
}

static void file_open(struct chrome *c, const struct trail_event *ev)
{
	FILE *out = c->out;
	const char *abs = ev->abs[0];

	sep(c);
	fputs("{\"name\":", out);
	if (abs)
		json_str(out, abs, strlen(abs));
	else if (ev->path[0].len)
		json_str(out, ev->path[0].p, ev->path[0].len);
	else
		json_str(out, ev->real.p, ev->real.len);
	fputs(",\"cat\":\"file\",\"ph\":\"i\",\"s\":\"t\"", out);
	ts(out, "ts", ev->time_ns);
	fprintf(out, ",\"pid\":%u,\"tid\":%u,\"args\":{\"ret\":%" PRId64, ev->hdr->pid, ev->hdr->tid,
		ev->ret);
	if (ev->ret < 0 && errno_name((int)-ev->ret))
		fprintf(out, ",\"error\":\"%s\"", errno_name((int)-ev->ret));
	if (ev->real.len) {
		fputs(",\"real\":", out);
		json_str(out, ev->real.p, ev->real.len);
	}
	fputs("}}", out);
}

/* Processes as a forest: the roots are those first seen running. */
int export_chrome(struct export_ctx *x, bool with_files, FILE *out)
{
	struct ptable pt;
	struct chrome c = { .out = out, .first = true, .pt = &pt };
	struct trail_event ev;
	uint32_t i;
	int ret;

	ptable_init(&pt);
	fputs("{\"traceEvents\":[", out);
	while ((ret = replay__next(x->r, &ev)) > 0) {
		progress_tick(x->progress, replay__offset(x->r));
		ptable_add(&pt, &ev);
		if (with_files && ev.type == TE_open && ev.has_ret)
			file_open(&c, &ev);
		if (ferror(out))
			break;
	}
	if (ret == 0)
		for (i = 1; i < pt.n; i++)
			if (!pt.all[i]->parent)
				tree(&c, pt.all[i]);
	fputs("\n],\"displayTimeUnit\":\"ms\"}\n", out);
	ptable_release(&pt);
	if (ret >= 0 && (fflush(out) || ferror(out)))
		return msgf(x->err, x->errlen, EXPORT_EOUT, "write error: %s", strerror(errno));
	return ret;
}
