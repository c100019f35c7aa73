// SPDX-License-Identifier: MIT
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "export/report.h"
#include "model/fileuse.h"
#include "util/json.h"
#include "util/progress.h"
#include "util/util.h"
#include "views/deps.h"
#include "views/flags.h"
#include "views/lint.h"
#include "views/summary.h"
#include "views/tree.h"

/*
 * The page (src/export/report.html) is built into the binary as it is, so
 * it can be edited and opened as HTML; the data goes where its marker is.
 * .incbin reads it relative to the build's working directory, the
 * repository root (the Makefile names it as a dependency of this object).
 */
__asm__(".pushsection .rodata\n"
	".globl trail_report_page\n"
	".hidden trail_report_page\n"
	"trail_report_page:\n"
	".incbin \"src/export/report.html\"\n"
	".byte 0\n"
	".popsection\n");
extern const char trail_report_page[] __attribute__((visibility("hidden")));

#define MARKER "@TRAIL_DATA@"

/* Whole-run classes of a path, as deps lists them (bits, for the page). */
enum { RUN_INPUT = 1, RUN_OUTPUT = 2, RUN_TEMP = 4, RUN_MISSING = 8, RUN_DELETED = 16,
       RUN_STREAM = 32 };

struct failed_call {
	uint64_t t;
	uint32_t pid;
	int64_t ret;			/* -errno */
	const char *sys;
	char *path, *abs;		/* NULL: none */
	uint32_t path_len;
	char comm[TRAIL_COMM_LEN + 1];
};

struct report {
	const struct report_opts *o;
	struct summary sum;
	struct ptree tree;
	struct failed_call *failed;
	size_t nfailed;
	struct lint lint;		/* trail lint's hazards, without a declaration */
};

static const struct lint_opts lint_defaults = { .format = LINT_JSON };

void report_opts_default(struct report_opts *o)
{
	*o = (struct report_opts){
		.name = "",
		.max_procs = REPORT_MAX_PROCS,
		.max_bars = REPORT_MAX_BARS,
		.max_files = REPORT_MAX_FILES,
		.max_failed = REPORT_MAX_FAILED,
	};
}

static void jstr(FILE *f, const char *s)
{
	json_str_script(f, s, strlen(s));
}

/* ---- reading ---- */

static void take_failed(struct report *rep, const struct trail_event *ev)
{
	struct failed_call *c;
	const struct tstr *path = NULL;
	const char *abs = NULL;
	int64_t dirfd;
	int k;

	if (rep->nfailed >= rep->o->max_failed)
		return;
	if (!rep->failed)
		rep->failed = xcalloc(rep->o->max_failed, sizeof(*rep->failed));
	c = &rep->failed[rep->nfailed++];
	c->t = ev->time_ns;
	c->pid = ev->hdr->pid;
	c->ret = ev->ret;
	c->sys = ev->sys ? ev->sys->name : event_type_name(ev->type);
	memcpy(c->comm, ev->comm, sizeof(c->comm));
	if (ev->type == TE_exec) {
		path = &ev->filename;
		abs = ev->abs[0];
	} else {
		/* the first path argument, as show --json names "path" and "abs" */
		for (k = 0; k < 2; k++)
			if (event_str_info(ev, k, &dirfd) == 'p') {
				path = &ev->path[k];
				abs = ev->abs[k];
				break;
			}
	}
	if (path) {	/* bytes, not a C string: the length is what counts */
		c->path = xmalloc(path->len + 1);
		if (path->len)
			memcpy(c->path, path->p, path->len);
		c->path_len = path->len;
	}
	if (abs)
		c->abs = xstrdup(abs);
}

static int read_all(struct report *rep, struct replay *r)
{
	struct trail_event ev;
	struct progress pg;
	int ret;

	progress_start(&pg, "report", rep->o->name);
	while ((ret = replay__next(r, &ev)) > 0) {
		summary_add(&rep->sum, &ev);
		ptree_add(&rep->tree, &ev);
		lint__add(&rep->lint, &ev);
		if (ev.has_ret && ev.ret < 0)
			take_failed(rep, &ev);
		progress_tick(&pg, replay__offset(r));
	}
	progress_end(&pg);
	ptree_finish(&rep->tree, !replay__info(r)->target[0]);
	return ret;
}

/* ---- writing ---- */

static void write_summary(const struct report *rep, struct replay *r, FILE *f)
{
	const struct tf_info *in = replay__info(r);
	const struct tf_stats *st = replay__stats(r);
	const struct summary *s = &rep->sum;
	time_t secs = in->wall_start_ns / 1000000000ull;
	struct deps_counts dc;
	char when[64];
	struct tm tm;
	bool first;
	uint32_t i;
	int t, e;

	gmtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	fputs("\"file\":", f);
	jstr(f, rep->o->name);
	fputs(",\"command\":", f);
	jstr(f, in->command);
	fputs(",\"cwd\":", f);
	jstr(f, in->cwd);
	fputs(",\"host\":", f);
	jstr(f, in->hostname);
	fputs(",\"kernel\":", f);
	jstr(f, in->kernel);
	fputs(",\"trail_version\":", f);
	jstr(f, in->trail_version);
	fprintf(f, ",\"format\":%u,\"complete\":%s,\"started\":\"%s\",\"duration_ns\":%" PRIu64,
		in->version, replay__complete(r) ? "true" : "false", when,
		summary_duration_ns(s, r));
	fputs(",\"exit\":", f);
	if (!replay__complete(r) || st->exit_status < 0)
		fputs("null", f);
	else if ((st->exit_status & 0x7f) == 0)
		fprintf(f, "{\"code\":%d}", (st->exit_status >> 8) & 0xff);
	else
		fprintf(f, "{\"signal\":\"%s\"}", signal_name(st->exit_status & 0x7f) ?: "a signal");
	fprintf(f, ",\"processes\":%" PRIu64 ",\"execs\":%" PRIu64 ",\"failed_execs\":%" PRIu64
		",\"events\":%" PRIu64 ",\"failed\":%" PRIu64 ",\"lost\":%" PRIu64,
		summary_processes(s), s->type[TE_exec] - s->failed_execs, s->failed_execs,
		s->events, s->failed, summary_lost(r));
	fprintf(f, ",\"outlived\":%" PRIu64 ",\"running\":%u",
		in->target[0] ? 0 : summary_outlived(s), st->nrunning);
	fputs(",\"slowest\":[", f);
	for (i = 0; i < SUMMARY_SLOWEST && s->slowest[i].dur_ns; i++) {
		fprintf(f, "%s{\"duration_ns\":%" PRIu64 ",\"pid\":%u,\"syscall\":", i ? "," : "",
			s->slowest[i].dur_ns, s->slowest[i].pid);
		jstr(f, s->slowest[i].syscall);
		fputs(",\"path\":", f);
		jstr(f, s->slowest[i].path);
		fputc('}', f);
	}
	fputc(']', f);
	fputs(",\"unavailable\":[", f);
	for (i = 0; i < in->nunavail; i++) {
		fprintf(f, "%s{\"kind\":", i ? "," : "");
		jstr(f, in->unavail_kind[i]);
		fputs(",\"why\":", f);
		jstr(f, in->unavail_why[i]);
		fputs("}", f);
	}
	fputs("]", f);
	fputs(",\"types\":{", f);
	for (t = 0, first = true; t < TE__MAX; t++)
		if (s->type[t]) {
			fprintf(f, "%s\"%s\":%" PRIu64, first ? "" : ",", event_type_name(t), s->type[t]);
			first = false;
		}
	fputs("},\"errors\":{", f);
	for (e = 1, first = true; e < (int)ARRAY_SIZE(s->err); e++)
		if (s->err[e]) {
			if (errno_name(e))
				fprintf(f, "%s\"%s\":%" PRIu64, first ? "" : ",", errno_name(e), s->err[e]);
			else
				fprintf(f, "%s\"E%d\":%" PRIu64, first ? "" : ",", e, s->err[e]);
			first = false;
		}
	deps_count(&s->fu, &dc);
	fprintf(f, "},\"inputs\":%zu,\"executables\":%zu,\"directories\":%zu,\"outputs\":%zu,"
		"\"streams\":%zu,\"missing\":%zu", dc.inputs, dc.executables, dc.directories,
		dc.outputs, dc.streams, dc.missing);
}

static void write_proc(FILE *f, const struct pnode *n, long parent)
{
	fprintf(f, "{\"parent\":%ld,\"pid\":%u,\"exec\":%s,\"start\":%" PRIu64, parent, n->pid,
		n->has_exec ? "true" : "false", n->start);
	if (n->ended) {
		fprintf(f, ",\"end\":%" PRIu64, n->end);
		if ((n->status & 0x7f) == 0) {
			fprintf(f, ",\"code\":%d", (n->status >> 8) & 0xff);
		} else {
			const char *sig = signal_name(n->status & 0x7f);

			if (sig)
				fprintf(f, ",\"signal\":\"%s\"", sig);
			else
				fprintf(f, ",\"signal\":\"signal %d\"", n->status & 0x7f);
			if (n->status & 0x80)
				fputs(",\"core\":true", f);
		}
	}
	if (n->outlived)
		fputs(",\"outlived\":true", f);
	if (n->via)
		fprintf(f, ",\"via_pid\":%u", n->via);
	fputs(",\"comm\":", f);
	jstr(f, n->comm);
	fputs(",\"argv\":", f);
	json_blob_script(f, n->argv, n->argv_len);
	if (n->argv_full > n->argv_len)
		fprintf(f, ",\"argv_cut\":%u", n->argv_full - n->argv_len);
	fputc('}', f);
}

/* Tree order (a parent before its children, children in start order),
 * walked without recursion: a tree can be thousands of levels deep. */
static void write_procs(const struct report *rep, FILE *f)
{
	const struct pnode *n = rep->tree.roots_first;
	long *path = NULL, idx = 0;	/* indices of n's ancestors */
	size_t depth = 0, cap = 0;

	fputs(",\"procs\":[", f);
	while (n && (uint64_t)idx < rep->o->max_procs) {
		if (idx)
			fputc(',', f);
		write_proc(f, n, depth ? path[depth - 1] : -1);
		if (n->first) {
			if (depth == cap) {
				cap = cap ? cap * 2 : 64;
				path = xrealloc(path, cap * sizeof(*path));
			}
			path[depth++] = idx++;
			n = n->first;
			continue;
		}
		idx++;
		while (n && !n->next) {
			n = n->parent;
			if (n)
				depth--;
		}
		if (n)
			n = n->next;
	}
	free(path);
	fprintf(f, "],\"procs_total\":%zu,\"max_bars\":%u", rep->tree.n, rep->o->max_bars);
}

struct file_row {
	uint32_t path;
	uint32_t nusers, more;
	uint32_t users[REPORT_MAX_USERS][2];	/* local command index, roles */
};

static int file_rank(const struct fu_path *p)
{
	if (fu_is_output(p) || fu_is_deleted(p))
		return 0;
	if (fu_is_missing(p))
		return 1;
	return fu_is_input(p) ? 2 : 3;
}

static int cmp_rank(const void *a, const void *b, void *arg)
{
	const struct fu_path *paths = arg, *pa = &paths[*(const uint32_t *)a], *pb = &paths[*(const uint32_t *)b];
	int ra = file_rank(pa), rb = file_rank(pb);

	return ra != rb ? ra - rb : strcmp(pa->s, pb->s);
}

static int cmp_path(const void *a, const void *b, void *arg)
{
	const struct fu_path *paths = arg;

	return strcmp(paths[*(const uint32_t *)a].s, paths[*(const uint32_t *)b].s);
}

static uint32_t run_bits(const struct fu_path *p)
{
	uint32_t b = 0;

	if (fu_is_input(p))
		b |= RUN_INPUT;
	if (fu_is_temporary(p))
		b |= RUN_TEMP;
	else if (fu_is_output(p))
		b |= RUN_OUTPUT;
	else if (fu_is_stream(p))
		b |= RUN_STREAM;
	if (fu_is_missing(p))
		b |= RUN_MISSING;
	if (fu_is_deleted(p))
		b |= RUN_DELETED;
	return b;
}

/* A command as the file table names it: its argv joined, cut short. */
static void write_label(FILE *f, const struct fu_cmd *c)
{
	char buf[REPORT_LABEL + 3];
	uint32_t i, n, full;

	if (!c->argv || !c->argv_len) {
		jstr(f, c->exe ? c->exe : "(no exec)");
		return;
	}
	full = c->argv_len - (c->argv[c->argv_len - 1] == '\0');
	n = full;
	if (n > REPORT_LABEL) {
		n = REPORT_LABEL;
		while (n && ((unsigned char)c->argv[n] & 0xc0) == 0x80)
			n--;	/* not inside a UTF-8 sequence */
	}
	for (i = 0; i < n; i++)
		buf[i] = c->argv[i] ? c->argv[i] : ' ';
	if (n < full) {
		memcpy(buf + n, "\xe2\x80\xa6", 3);	/* an ellipsis */
		n += 3;
	}
	json_str_script(f, buf, n);
}

static void write_files(const struct report *rep, FILE *f)
{
	const struct fileuse *fu = &rep->sum.fu;
	uint32_t npaths = 0, nrows, *ids, *row_of, *local, nlocal = 0, i, j;
	struct file_row *rows;

	ids = xmalloc(fu->npaths * sizeof(*ids));
	for (i = 1; i < fu->npaths; i++)
		if (fu->paths[i].roles)	/* not only opened for writing, never written */
			ids[npaths++] = i;
	nrows = npaths;
	if (nrows > rep->o->max_files) {
		/* outputs, deleted and missing files are rarer and say more */
		qsort_r(ids, npaths, sizeof(*ids), cmp_rank, fu->paths);
		nrows = rep->o->max_files;
	}
	qsort_r(ids, nrows, sizeof(*ids), cmp_path, fu->paths);
	rows = xcalloc(nrows + 1, sizeof(*rows));
	row_of = xcalloc(fu->npaths, sizeof(*row_of));	/* path id -> row + 1 */
	for (i = 0; i < nrows; i++) {
		rows[i].path = ids[i];
		row_of[ids[i]] = i + 1;
	}
	/* which commands used each path, in command order */
	local = xcalloc(fu->ncmds, sizeof(*local));	/* command id -> local + 1 */
	for (i = 1; i < fu->ncmds; i++) {
		const struct fu_cmd *c = fu->cmds[i];
		uint32_t id, roles;
		size_t it = 0;

		while (fu_cmd_next(c, &it, &id, &roles)) {
			struct file_row *row;

			if (!row_of[id] || !roles)
				continue;
			row = &rows[row_of[id] - 1];
			if (row->nusers == REPORT_MAX_USERS) {
				row->more++;
				continue;
			}
			if (!local[i])
				local[i] = ++nlocal;
			row->users[row->nusers][0] = local[i] - 1;
			row->users[row->nusers++][1] = roles;
		}
	}
	fputs(",\"cmds\":[", f);
	for (i = 1, j = 0; i < fu->ncmds; i++) {
		const struct fu_cmd *c = fu->cmds[i];

		if (!local[i])
			continue;
		fprintf(f, "%s{\"id\":%u,\"pid\":%u,\"label\":", j++ ? "," : "", c->id, c->pid);
		write_label(f, c);
		fputc('}', f);
	}
	fputs("],\"files\":[", f);
	for (i = 0; i < nrows; i++) {
		const struct file_row *row = &rows[i];
		const struct fu_path *p = &fu->paths[row->path];

		fputs(i ? ",{\"path\":" : "{\"path\":", f);
		jstr(f, p->s);
		fprintf(f, ",\"roles\":%u,\"run\":%u,\"users\":[", p->roles, run_bits(p));
		for (j = 0; j < row->nusers; j++)
			fprintf(f, "%s[%u,%u]", j ? "," : "", row->users[j][0], row->users[j][1]);
		fprintf(f, "],\"more\":%u}", row->more);
	}
	fprintf(f, "],\"files_total\":%u", npaths);
	free(local);
	free(row_of);
	free(rows);
	free(ids);
}

static void write_failed(const struct report *rep, FILE *f)
{
	size_t i;

	fputs(",\"failed_calls\":[", f);
	for (i = 0; i < rep->nfailed; i++) {
		const struct failed_call *c = &rep->failed[i];

		fprintf(f, "%s{\"t\":%" PRIu64 ",\"pid\":%u,\"comm\":", i ? "," : "", c->t, c->pid);
		jstr(f, c->comm);
		fprintf(f, ",\"syscall\":\"%s\",\"error\":", c->sys);
		if (c->ret >= -4095 && errno_name((int)-c->ret))
			fprintf(f, "\"%s\"", errno_name((int)-c->ret));
		else	/* any value an untrusted file holds, without overflow */
			fprintf(f, "\"E%" PRIu64 "\"", -(uint64_t)c->ret);
		if (c->path) {
			fputs(",\"path\":", f);
			json_str_script(f, c->path, c->path_len);
		}
		if (c->abs) {
			fputs(",\"abs\":", f);
			jstr(f, c->abs);
		}
		fputc('}', f);
	}
	fputc(']', f);
}

int report_run(struct replay *r, const struct report_opts *o, FILE *out)
{
	const char *page = trail_report_page, *mark = strstr(page, MARKER);
	struct report rep = { .o = o };
	size_t i;
	int ret;

	if (!mark)	/* a page built without its marker cannot hold data */
		return -ENODATA;
	summary_init(&rep.sum);
	ptree_init(&rep.tree, REPORT_MAX_ARGV);
	lint__init(&rep.lint, &lint_defaults, replay__info(r));
	ret = read_all(&rep, r);
	if (ret < 0)
		goto out;
	lint__finish(&rep.lint);
	fwrite(page, 1, mark - page, out);
	fputc('{', out);
	write_summary(&rep, r, out);
	write_procs(&rep, out);
	write_files(&rep, out);
	write_failed(&rep, out);
	fputs(",\"lint\":{", out);
	lint__json(&rep.lint, out, json_str_script);
	fputc('}', out);
	fputc('}', out);
	fputs(mark + strlen(MARKER), out);
out:
	for (i = 0; i < rep.nfailed; i++) {
		free(rep.failed[i].path);
		free(rep.failed[i].abs);
	}
	free(rep.failed);
	lint__release(&rep.lint);
	ptree_release(&rep.tree);
	summary_release(&rep.sum);
	return ret;
}
