// SPDX-License-Identifier: MIT
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "util/util.h"
#include "views/summary.h"

struct replay *cli_open(const char *path)
{
	struct replay *r;
	char why[256];
	int err = replay__open(&r, path, why, sizeof(why));

	if (!err)
		return r;
	if (err == -EISDIR)
		trail_err("'%s' is a directory, not a recording", path);
	else if (why[0])
		trail_err("'%s': %s", path, why);
	else
		trail_err("can't open '%s': %s", path, strerror(-err));
	return NULL;
}

int cli_finish(struct replay *r, const char *path, int ret)
{
	uint64_t lost;
	unsigned int k;

	fflush(stdout);
	if (ret < 0) {
		trail_err("'%s' is corrupt: %s", path, replay__error(r));
		return 1;
	}
	if (!replay__complete(r))
		trail_warn("'%s' is incomplete: the recording stops at byte %llu (no trailer; "
			   "was trail record killed?)", path,
			   (unsigned long long)replay__offset(r));
	lost = summary_lost(r);
	if (lost)
		trail_warn("%llu events were lost while recording; what follows a loss may be "
			   "incomplete", (unsigned long long)lost);
	for (k = 0; k < replay__info(r)->nunavail; k++)
		trail_warn("the recording kernel limited %s events: %s",
			   replay__info(r)->unavail_kind[k], replay__info(r)->unavail_why[k]);
	return 0;
}

void cli_help(const struct cmd *c)
{
	if (c->help)
		c->help(stdout);
	else
		fputs(c->usage, stdout);
}

int cli_usage_error(const struct cmd *c, const char *fmt, ...)
{
	char tail[64];
	va_list ap;

	snprintf(tail, sizeof(tail), " (see 'trail %s --help')", c->name);
	va_start(ap, fmt);
	trail_vmsg("trail: ", fmt, ap, tail);
	va_end(ap);
	return 2;
}

/* "a,b,c" as a NULL-terminated array of strings. */
char **cli_split(const char *list)
{
	size_t n = 1, k = 0;
	const char *p;
	char **v, *copy = xstrdup(list), *tok, *save = NULL;

	for (p = list; *p; p++)
		n += *p == ',';
	v = xcalloc(n + 1, sizeof(*v));
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
		v[k++] = xstrdup(tok);
	free(copy);
	return v;
}

void cli_split_free(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

int cli_bad_option(const struct cmd *c, char **argv)
{
	if (optopt)
		return cli_usage_error(c, "option '-%c' is unknown or needs a value", optopt);
	return cli_usage_error(c, "unknown option '%s'", argv[optind - 1]);
}

int cli_file_arg(const struct cmd *c, int argc, char **argv, const char **path)
{
	*path = DEFAULT_FILE;
	if (optind < argc)
		*path = argv[optind++];
	if (optind < argc)
		return cli_usage_error(c, "one recording at a time ('%s' is extra)", argv[optind]);
	return 0;
}

char *cli_dir_arg(const char *dir)
{
	char *abs;

	if (!dir)
		return NULL;
	abs = realpath(dir, NULL);
	return abs ? abs : xstrdup(dir);	/* not here (yet): as written */
}

int cli_parse_secs(const struct cmd *c, const char *opt, const char *arg, double *out)
{
	char *end;

	*out = strtod(arg, &end);
	if (end == arg || *end || !isfinite(*out) || *out <= 0 || *out > 1e8)
		return cli_usage_error(c, "bad %s '%s': seconds, more than 0", opt, arg);
	return 0;
}
