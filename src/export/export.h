/* SPDX-License-Identifier: MIT */
/*
 * trail export: a recording in formats other tools read (docs/export.md).
 * Each exporter reads the replay once, to the end, and writes as it goes:
 * jsonl and compile-commands in constant memory, chrome and sqlite keeping
 * only what is per process, command or path (never per event).
 *
 * Every exporter returns 0; a negative errno from replay__next when the
 * recording is corrupt (replay__error says why); or EXPORT_EOUT when the
 * output could not be written, with the reason in err.
 */
#ifndef TRAIL_EXPORT_H
#define TRAIL_EXPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "model/replay.h"
#include "util/progress.h"
#include "views/filter.h"

#define EXPORT_EOUT 1

struct export_ctx {
	struct replay *r;
	const char *origin;            /* jsonl: print_json_from's keys first */
	struct progress *progress;     /* ticked once per event */
	char *err;                     /* why, for EXPORT_EOUT */
	size_t errlen;
	bool no_env;                   /* leave environments out (jsonl: the
					  only format that holds them) */
};

/* The objects of show --json, one a line, of the events f matches, each
 * with x->origin's keys first. */
int export_jsonl(struct export_ctx *x, struct filter *f, FILE *out);
/* Chrome trace-event JSON; file opens as instant events with with_files. */
int export_chrome(struct export_ctx *x, bool with_files, FILE *out);
/* A Clang JSON compilation database of the recorded compilations. */
int export_compdb(struct export_ctx *x, FILE *out);
/*
 * SQLite: one database of one or more recordings.  __new opens path, which
 * the caller made (new, empty); __add reads x->r to the end into it (file:
 * its name, for the recordings table); __finish builds the indexes and
 * closes it.  __free removes the file unless it was finished, so a failed
 * export leaves no database that looks whole.
 */
struct sqlite_export;
int export_sqlite__new(struct sqlite_export **s, struct export_ctx *x, const char *path);
int export_sqlite__add(struct sqlite_export *s, const char *file);
int export_sqlite__finish(struct sqlite_export *s);
void export_sqlite__free(struct sqlite_export *s);

/*
 * One compiler call, as compile-commands reads an argv (exposed for the
 * unit tests).  argv[first] is the compiler: wrappers (ccache, distcc,
 * sccache) before it are skipped.  srcs[] are the indexes of the source
 * files; out is the -o argument's index, or -1.
 */
#define COMPDB_MAX_SRCS 64
struct compile_call {
	int first;
	int nsrcs;
	int srcs[COMPDB_MAX_SRCS];
	int out;
	char stop;                     /* 'c' (-c), 'S' (-S) or 0: links too */
};
/* true when argv is a C/C++ compiler compiling at least one source (not a
 * link step, a preprocessing-only run, or a compiler's internal -cc1). */
bool compdb_parse(char *const *argv, int argc, struct compile_call *cc);
/* true for cc, gcc-12, x86_64-linux-gnu-g++, clang++-14 ... (a basename) */
bool compdb_is_compiler(const char *name);

#endif
