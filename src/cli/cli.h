/* SPDX-License-Identifier: MIT */
/* What the subcommands share: the table entry shape and opening a
 * recording with uniform error lines. */
#ifndef TRAIL_CLI_H
#define TRAIL_CLI_H

#include <stdio.h>
#include "model/replay.h"

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage;        /* full help text, with examples */
	void (*help)(FILE *f);    /* or, when set, the help text built from a
				     table (usage is then its first part) */
};

extern const struct cmd cmd_record, cmd_show, cmd_tree, cmd_summary, cmd_deps, cmd_graph;
extern const struct cmd cmd_export;
extern const struct cmd cmd_diff;
extern const struct cmd cmd_watch;
extern const struct cmd cmd_report;
extern const struct cmd cmd_stat;
extern const struct cmd cmd_lint;

#define DEFAULT_FILE "trail.data"

/* Prints one error line and returns NULL when path is not a readable
 * recording. */
struct replay *cli_open(const char *path);
/*
 * After a view has read to the end (ret from replay__next): prints the
 * error of a corrupt file, or warns of an incomplete file or of lost
 * events.  Returns the exit status: 0, or 1 for a corrupt file.
 */
int cli_finish(struct replay *r, const char *path, int ret);
/* "trail: unknown option..." style usage error; returns 2. */
int cli_usage_error(const struct cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_help(const struct cmd *c);
/* getopt's '?': one usage line naming the option; returns 2. */
int cli_bad_option(const struct cmd *c, char **argv);
/* A number of seconds, more than 0 (--linger, --stats-every): 0, or 2
 * after a usage line naming the option. */
int cli_parse_secs(const struct cmd *c, const char *opt, const char *arg, double *out);
/* The one optional FILE argument after the options (default trail.data);
 * 0, or 2 after a usage line when there is more. */
int cli_file_arg(const struct cmd *c, int argc, char **argv, const char **path);
/* DIR made absolute (as written when it does not exist); NULL for NULL. */
char *cli_dir_arg(const char *dir);
/* "a,b,c" as a NULL-terminated array (--exclude); free with cli_split_free. */
char **cli_split(const char *list);
void cli_split_free(char **v);

#endif
