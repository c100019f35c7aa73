/* SPDX-License-Identifier: MIT */
/* trail deps: what a run depended on and produced, whole and per command. */
#ifndef TRAIL_DEPS_H
#define TRAIL_DEPS_H

#include <stdio.h>
#include "model/fileuse.h"
#include "model/replay.h"

enum deps_format { DEPS_TEXT, DEPS_JSON, DEPS_MAKE };

struct deps_opts {
	enum deps_format format;
	char **exclude;        /* path prefixes left out; NULL-terminated */
	const char *only_under;/* keep only paths under this directory */
	bool no_commands;      /* text/json: the whole run only */
};

/* Which paths a view shows, from --exclude and --only-under. */
bool deps_path_shown(const struct deps_opts *o, const char *path);

/* Is path dir or below it ("/" holds everything)? */
bool path_under(const char *path, const char *dir);
/* A command's argv on one line, escaped ("(no exec)" for none). */
void deps_argv_line(FILE *out, const struct fu_cmd *c);
/* "argv":[...], each string written by str (json_str, json_str_script). */
void deps_argv_json(FILE *out, const struct fu_cmd *c, void (*str)(FILE *, const char *, size_t));

/* The whole run's lists, counted as 'trail deps' counts them by default
 * (without /proc, /sys, /dev): what summary and report say, so that every
 * view gives the same numbers. */
struct deps_counts {
	size_t inputs, executables, directories, outputs, temporaries, missing, deleted, streams;
};
void deps_count(const struct fileuse *fu, struct deps_counts *n);

/* Reads the whole replay; 0, or the negative error of replay__next. */
int deps_run(struct replay *r, const struct deps_opts *o, FILE *out);

#endif
