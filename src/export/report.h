/* SPDX-License-Identifier: MIT */
/*
 * trail report: one self-contained HTML page (inline CSS and JavaScript,
 * nothing fetched) with the summary, the process tree, a timeline, the
 * file table and the failed calls.  The data goes into the page as one
 * JSON object that the page's script draws as text; the lists are capped
 * so that a huge recording still makes a page a browser opens
 * (docs/report.md).
 */
#ifndef TRAIL_REPORT_H
#define TRAIL_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include "model/replay.h"

/* Default caps: what is left out is counted and said on the page. */
#define REPORT_MAX_PROCS   5000    /* process tree nodes, in tree order */
#define REPORT_MAX_BARS    1000    /* timeline bars, the first processes in tree order */
#define REPORT_MAX_FILES   20000   /* file table rows */
#define REPORT_MAX_FAILED  1000    /* failed calls, the first in time */
#define REPORT_MAX_USERS   20      /* commands listed for one file */
#define REPORT_MAX_ARGV    16384   /* bytes of one process's argv */
#define REPORT_LABEL       160     /* bytes of a command's label in the file table */

struct report_opts {
	const char *name;          /* the recording's name, as shown */
	uint32_t max_procs, max_bars, max_files, max_failed;
};

void report_opts_default(struct report_opts *o);

/*
 * Reads the whole replay (a progress line on a terminal), then writes the
 * page to out.  0, or the negative error of replay__next (or -ENODATA for
 * a page built without its data marker), and then nothing has been written.
 */
int report_run(struct replay *r, const struct report_opts *o, FILE *out);

#endif
