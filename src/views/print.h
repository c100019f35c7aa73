/* SPDX-License-Identifier: MIT */
/* One event as a line: strace-like text, or a JSON object (docs/json.md).
 * Printers only print: all state is in the model and the filter. */
#ifndef TRAIL_PRINT_H
#define TRAIL_PRINT_H

#include <stdbool.h>
#include <stdio.h>
#include "model/event.h"
#include "tracefile/tracefile.h"

/* How a text line tells its time, as strace's options: */
enum print_time {
	PT_REL,             /* seconds since the recording started (default) */
	PT_CLOCK,           /* -t: wall clock, local, HH:MM:SS */
	PT_CLOCK_US,        /* -tt: HH:MM:SS.uuuuuu */
	PT_EPOCH,           /* -ttt: seconds since the epoch, .uuuuuu */
	PT_DELTA,           /* -r: since the line before */
};

struct print_opts {
	bool verbose;       /* every argument and variable, not the first 32 */
	enum print_time time;
	bool durations;     /* -T: each call's duration, as strace's <0.000123> */
	uint64_t prev_ns;   /* PT_DELTA: the previous line's time_ns (the caller
			       sets it after each line; UINT64_MAX: none) */
};

/* -t, -tt, -ttt (count t's given) and -r, or --time NAME (start, clock,
 * clock-us, epoch, delta; NULL: none given): 0, or -1 for a count over 3,
 * a name not one of those, or more than one way. */
int print_time_opt(struct print_opts *o, int ts, bool delta, const char *name);

/* How an argument kind of syscalls.def is shown (src/views/print.c). */
enum arg_show {
	AS_NONE,	/* recorded, never shown */
	AS_DIRFD, AS_STR,
	AS_FLAGS,	/* bits of the kind's enum flagset */
	AS_VALUE32,	/* one value of its enum valueset, 32 bits */
	AS_VALUE64,	/* the same, 64 bits */
	AS_MODE,	/* octal */
	AS_INT32, AS_INT64,
	AS_HEX,		/* hex as text, a number in JSON */
	AS_U64, AS_FCNTL, AS_PAIR, AS_SIGNAL, AS_ADDR, AS_HOW,
};

struct arg_kind {
	char letter;
	enum arg_show show;
	int set;		/* enum flagset or enum valueset */
	const char *doc;	/* what it is, for the docs */
};

/* NULL for a letter that is not a kind. */
const struct arg_kind *arg_kind_get(char letter);
/* What its value is in JSON, for the docs. */
const char *arg_kind_json_form(const struct arg_kind *k);

/* The JSON key of what the kernel resolved for a row with this real. */
const char *real_key_of(enum trail_real real);

void print_text(FILE *f, const struct trail_event *ev, const struct print_opts *o);
void print_json(FILE *f, const struct trail_event *ev);
/* The same object with origin's keys first: JSON members, each followed
 * by a comma ("\"host\":\"a\",\"recording\":\"...\","), as
 * print_json_origin makes them; NULL for none. */
void print_json_from(FILE *f, const struct trail_event *ev, const char *origin);
/* Where a recording's events come from, as print_json_from's origin:
 * "host", "recording" and, when the header has it, "boot_id"
 * (docs/json.md).  Malloc'd; NULL when out of memory. */
char *print_json_origin(const struct tf_info *in);

#endif
