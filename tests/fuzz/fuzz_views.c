// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness: the bytes are a trace file; every reader path runs
 * over it (show as text and JSON, tree, summary, deps in three formats,
 * graph, the chrome and compile-commands exports, diff, the HTML report).
 * Nothing may crash, hang, leak or read out of bounds; a bad file must end in
 * an error return.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "export/export.h"
#include "export/report.h"
#include "model/replay.h"
#include "views/deps.h"
#include "views/diff.h"
#include "views/filter.h"
#include "views/graph.h"
#include "views/print.h"
#include "views/summary.h"
#include "views/tree.h"

static FILE *sink;

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
	struct progress pr = { 0 };
	char why[256];
	struct export_ctx x = { .progress = &pr, .err = why, .errlen = sizeof(why) };
	int k, bad;

	report_opts_default(&ro);
	ro.max_procs = ro.max_files = ro.max_failed = 3;	/* the caps' edges too */
	for (k = 0; k < 13; k++) {
		if (!(r = open_bytes(fd)))
			return;	/* a bad header fails the same way every time */
		switch (k) {
		case 0:
		case 1:
			filter_init(&f);
			f.pid = 1;
			f.children = true;
			f.path_glob = "*.h";
			while (replay__next(r, &ev) > 0) {
				filter_match(&f, &ev);
				if (k)
					print_json(sink, &ev);
				else
					print_text(sink, &ev, &po);
			}
			filter_release(&f);
			break;
		case 2: tree_run(r, &t, sink); break;
		case 3: summary_run(r, "fuzz", sink); break;
		case 4: d.format = DEPS_TEXT; deps_run(r, &d, sink); break;
		case 5: d.format = DEPS_JSON; deps_run(r, &d, sink); break;
		case 6: d.format = DEPS_MAKE; deps_run(r, &d, sink); break;
		case 7: graph_run(r, &g, sink); break;
		case 8: x.r = r; export_chrome(&x, true, sink); break;
		case 9: x.r = r; export_compdb(&x, sink); break;
		case 10:
		case 11:	/* the recording against itself, text then JSON */
			if (!(r2 = open_bytes(fd)))
				break;
			df.json = k == 11;
			diff_run(r, "a", r2, "b", &df, sink, &bad);
			replay__free(r2);
			break;
		case 12: report_run(r, &ro, sink); break;
		}
		replay__free(r);
	}
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
	close(fd);
	return 0;
}
