/* SPDX-License-Identifier: MIT */
/* A progress line on stderr for long reads of big recordings: shown only
 * when stderr is a terminal, redrawn at most 5 times a second, erased at
 * the end.  Nothing at all is written when stderr is not a terminal. */
#ifndef TRAIL_PROGRESS_H
#define TRAIL_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress {
	const char *what;       /* "export", "report", ... */
	uint64_t total;         /* bytes in the file; 0 when unknown */
	uint64_t last_ns;
	uint64_t count;         /* events so far */
	bool on;
	bool drawn;
};

/* what names the work; path is the file being read (its size is the 100%). */
void progress_start(struct progress *p, const char *what, const char *path);
/* After each event; offset is how far into the file the reader is.
 * Cheap: looks at the clock once every 4096 events. */
void progress_tick(struct progress *p, uint64_t offset);
/* Erases the line. */
void progress_end(struct progress *p);

#endif
