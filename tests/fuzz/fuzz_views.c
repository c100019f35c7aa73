// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the bytes are a trace file; every reader path runs
 * over it (show as text and JSON, tree, summary, deps in three formats,
 * graph, the chrome and compile-commands exports, diff, the HTML report,
 * lint).  The same bytes are also read as make's database, a build.ninja and
 * `ninja -t deps` output (views/builddecl.c: text a user hands us), and
 * as a policy file (views/policy.c: an error names one line, never a crash).
 * Nothing may crash, hang, leak or read out of bounds; a bad file must end in
 * an error return.  The text views (show, tree, summary, deps, diff, and
 * stat over a snapshot made from the same bytes) must write no raw control
 * byte but their own line ends, and the escaping itself must turn back into
 * the bytes it was given: a failure of either aborts.  The bytes are also
 * one record of each kind of model/kinds.h, through its decoder and its
 * printers: a new kind is fuzzed from its row, without a corpus of its own.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "export/export.h"
#include "export/report.h"
#include "model/kinds.h"
#include "model/replay.h"
#include "util/escape.h"
#include "views/deps.h"
#include "views/diff.h"
#include "views/filter.h"
#include "views/graph.h"
#include "views/lint.h"
#include "views/policy.h"
#include "views/print.h"
#include "views/statrep.h"
#include "views/summary.h"
#include "views/tree.h"

static FILE *sink;

/* A text view's output: text goes to a buffer, checked when it is done. */
struct text_out {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *text_begin(struct text_out *t)
{
	t->buf = NULL;
	t->len = 0;
	t->f = open_memstream(&t->buf, &t->len);
	return t->f ? t->f : sink;
}

/* No byte below 0x20 but '\n' ('\t' too where the view writes one of its
 * own: diff's header), and no DEL: whatever the recording holds. */
static void text_end(struct text_out *t, const char *view, bool tabs)
{
	size_t i;

	if (!t->f)
		return;
	fclose(t->f);
	for (i = 0; i < t->len; i++) {
		unsigned char c = t->buf[i];

		if ((c < 0x20 && c != '\n' && !(tabs && c == '\t')) || c == 0x7f) {
			fprintf(stderr, "%s wrote a raw byte %#x at %zu\n", view, c, i);
			abort();
		}
	}
	free(t->buf);
}

/* esc_write of the bytes: no raw control byte, and back to the bytes. */
static void escape_round_trip(const uint8_t *data, size_t size)
{
	static const char *const sets[] = { ESC_BARE, ESC_QUOTES, ESC_ANGLES };
	struct text_out t;
	char *back;
	ssize_t n;
	size_t k;

	for (k = 0; k < 3; k++) {
		esc_write(text_begin(&t), (const char *)data, size, sets[k]);
		fflush(t.f);
		back = malloc(t.len + 1);
		n = esc_unescape(t.buf, t.len, back);
		if (n != (ssize_t)size || memcmp(back, data, size)) {
			fprintf(stderr, "esc_write does not round-trip (set %zu)\n", k);
			abort();
		}
		free(back);
		text_end(&t, "esc_write", false);
	}
}

/* trail stat's tables over rows made from the bytes: comms, paths, caps,
 * addresses of any length and content. */
static void stat_view(const uint8_t *data, size_t size)
{
	struct stat_snap s = { .seconds = 1, .caps_traced = true };
	struct stat_print_opts o = { .top = 0 };
	struct text_out t;
	size_t i = 0, n;
	char comm[STAT_COMM_LEN];

	while (i + 2 <= size) {
		uint8_t kind = data[i] & 3;

		n = data[i + 1];
		i += 2;
		if (n > size - i)
			n = size - i;
		switch (kind) {
		case 0:
			memset(comm, 0, sizeof(comm));
			memcpy(comm, data + i, n < sizeof(comm) ? n : sizeof(comm));
			stat_snap__comm(&s, comm)->calls = n;
			break;
		case 1: stat_snap__file(&s, (const char *)data + i, n)->count = n; break;
		case 2: stat_snap__cap(&s, (int8_t)n)->granted = 1; break;
		case 3: stat_snap__remote(&s, data + i, n)->count = n; break;
		}
		s.calls[n % TRAIL_SYS_MAX] += n;
		i += n;
	}
	stat_print(text_begin(&t), &s, &o);
	text_end(&t, "stat", false);
	o.json = true;
	stat_print(sink, &s, &o);
	stat_snap__release(&s);
}

/* The bytes as one record of each kind, its header's kind and size made to
 * fit, in a buffer of exactly that size (a read past it is ASan's). */
static void each_kind(const uint8_t *data, size_t size)
{
	struct print_opts po = { .verbose = true };
	struct trail_ev_hdr *h;
	struct trail_event ev;
	struct text_out t;
	char err[128];
	unsigned int k;

	if (size < sizeof(*h))
		return;
	for (k = 0; k < TRAIL_EV_KIND_MAX; k++) {
		if (!kind_get(k) || !(h = malloc(size)))
			continue;
		memcpy(h, data, size);
		h->kind = k;
		h->size = size;
		if (trail_event_decode(&ev, h, size, 0, err, sizeof(err)) == DECODE_OK) {
			print_text(text_begin(&t), &ev, &po);
			text_end(&t, kind_get(k)->name, false);
			print_json(sink, &ev);
		}
		free(h);
	}
}

static struct replay *open_bytes(int fd)
{
	struct replay *r;
	char path[64], why[256];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return replay__open(&r, path, why, sizeof(why)) ? NULL : r;
}

static void each_view(int fd)
{
	static char *exclude[] = { "/proc", NULL };
	struct deps_opts d = { .exclude = exclude };
	struct graph_opts g = { .paths = { .exclude = exclude } };
	struct tree_opts t = { .width = 80 };
	struct report_opts ro;
	struct print_opts po = { .verbose = true };
	struct diff_opts df = { .exclude = exclude };
	struct trail_event ev;
	struct filter f;
	struct replay *r, *r2;
	FILE *out;
	struct progress pr = { 0 };
	struct text_out tx;
	char why[256];
	struct export_ctx x = { .progress = &pr, .err = why, .errlen = sizeof(why) };
	int k, bad;

	report_opts_default(&ro);
	ro.max_procs = ro.max_files = ro.max_failed = 3;	/* the caps' edges too */
	for (k = 0; k < 15; k++) {
		if (!(r = open_bytes(fd)))
			return;	/* a bad header fails the same way every time */
		switch (k) {
		case 0:
		case 1:
			filter_init(&f);
			f.pid = 1;
			f.children = true;
			f.path_glob = "*.h";
			out = k ? sink : text_begin(&tx);
			while (replay__next(r, &ev) > 0) {
				filter_match(&f, &ev);
				if (k)
					print_json(out, &ev);
				else
					print_text(out, &ev, &po);
			}
			if (!k)
				text_end(&tx, "show", false);
			filter_release(&f);
			break;
		case 2: tree_run(r, &t, text_begin(&tx)); text_end(&tx, "tree", false); break;
		case 3: summary_run(r, "fuzz", text_begin(&tx)); text_end(&tx, "summary", false); break;
		case 4:
			d.format = DEPS_TEXT;
			deps_run(r, &d, text_begin(&tx));
			text_end(&tx, "deps", false);
			break;
		case 5: d.format = DEPS_JSON; deps_run(r, &d, sink); break;
		case 6:
			d.format = DEPS_MAKE;
			deps_run(r, &d, text_begin(&tx));
			text_end(&tx, "deps --format make", false);
			break;
		case 7: graph_run(r, &g, sink); break;
		case 8: x.r = r; export_chrome(&x, true, sink); break;
		case 9: x.r = r; export_compdb(&x, sink); break;
		case 10:
		case 11:	/* the recording against itself, text then JSON */
			if (!(r2 = open_bytes(fd)))
				break;
			df.json = k == 11;
			diff_run(r, "a", r2, "b", &df, df.json ? sink : text_begin(&tx), &bad);
			if (!df.json)
				text_end(&tx, "diff", true);
			replay__free(r2);
			break;
		case 12: report_run(r, &ro, sink); break;
		case 13:
		case 14: {	/* lint, text then JSON against an empty declaration */
			struct build_decl decl;
			struct lint_opts lo = { .format = k == 13 ? LINT_TEXT : LINT_JSON,
						.allow = exclude, .decl = k == 14 ? &decl : NULL };
			size_t found;

			build_decl_init(&decl);
			lint_run(r, &lo, k == 13 ? text_begin(&tx) : sink, &found);
			if (k == 13)
				text_end(&tx, "lint", false);
			build_decl_release(&decl);
			break;
		}
		}
		replay__free(r);
	}
}

/* build.ninja is the bytes; what it includes is not there. */
static int ninja_bytes(void *ctx, const char *path, char **text, size_t *len)
{
	const struct text_out *in = ctx;

	if (strcmp(path, "build.ninja"))
		return -ENOENT;
	*text = malloc(in->len ? in->len : 1);
	if (!*text)
		return -ENOMEM;
	memcpy(*text, in->buf, in->len);
	*len = in->len;
	return 0;
}

/* The declaration parsers over the bytes: an error or a declaration,
 * never a crash; then a closure over what they made. */
static void build_decls(const uint8_t *data, size_t size)
{
	struct text_out in = { .buf = (char *)data, .len = size };
	struct build_decl d;
	struct u32map cl;
	char err[256];

	build_decl_init(&d);
	build_decl_make(&d, (const char *)data, size, "/w", err, sizeof(err));
	build_decl_closure(&d, "/w/all", &cl);
	u32map_release(&cl);
	build_decl_release(&d);
	build_decl_init(&d);
	build_decl_ninja(&d, "/w", ninja_bytes, &in, err, sizeof(err));
	build_decl_ninja_deps(&d, (const char *)data, size, "/w", err, sizeof(err));
	build_decl_closure(&d, "/w/all", &cl);
	u32map_release(&cl);
	build_decl_release(&d);
}

/* A policy: parsed, or one error line naming the file and a line. */
static void policy_bytes(const uint8_t *data, size_t size)
{
	struct policy p;
	char err[512];

	if (policy_parse(&p, "fuzz.policy", (const char *)data, size, err, sizeof(err))) {
		if (strncmp(err, "fuzz.policy:", 12) || strchr(err, '\n'))
			abort();
		return;
	}
	if (p.ncomms > POLICY_COMMS_MAX || (p.uid_line && p.uid_min > p.uid_max))
		abort();
	policy_release(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("trail-fuzz", MFD_CLOEXEC);

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size)
		each_view(fd);
	escape_round_trip(data, size);
	stat_view(data, size);
	each_kind(data, size);
	build_decls(data, size);
	policy_bytes(data, size);
	close(fd);
	return 0;
}
