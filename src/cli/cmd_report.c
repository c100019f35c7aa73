// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"
#include "export/report.h"
#include "util/util.h"

static const char usage[] =
"usage: trail report -o OUT [--force] [--max N] [FILE]\n"
"\n"
"Writes one self-contained HTML page about a recording (default trail.data):\n"
"summary, collapsible process tree, timeline, every file with its roles and\n"
"the commands that used it (with a search box), and the failed calls.  The\n"
"page fetches nothing (inline CSS and JavaScript); open it in a browser.\n"
"\n"
"  -o, --output OUT   the page to write; '-' for standard output\n"
"  -f, --force        replace OUT if it exists\n"
"  -n, --max N        at most N processes, timeline bars, files and failed\n"
"                     calls each (defaults: 5000 processes, 1000 bars, 20000\n"
"                     files, 1000 failed calls); the page counts the rest\n"
"\n"
"examples:\n"
"  trail report -o build.html build.trail\n"
"  trail report -o - build.trail > /tmp/build.html\n";

/* Replacing the recording with its own report would lose it. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "max", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct report_opts o;
	const char *path, *out = NULL;
	bool force = false, created = false, bad;
	struct replay *r;
	FILE *f = NULL;
	unsigned long max;
	char *end;
	int c, fd, ret;

	report_opts_default(&o);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:fn:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'f': force = true; break;
		case 'n':
			errno = 0;
			max = strtoul(optarg, &end, 10);
			if (*end || !*optarg || optarg[0] == '-' || !max || max > UINT32_MAX || errno)
				return cli_usage_error(&cmd_report, "bad --max '%s' (a number from 1)", optarg);
			o.max_procs = o.max_bars = o.max_files = o.max_failed = max;
			break;
		case 'h': cli_help(&cmd_report); return 0;
		default:
			return cli_bad_option(&cmd_report, argv);
		}
	}
	if (cli_file_arg(&cmd_report, argc, argv, &path))
		return 2;
	if (!out || !*out)
		return cli_usage_error(&cmd_report, "where to? -o OUT (or -o - for standard output)");
	o.name = path;
	r = cli_open(path);
	if (!r)
		return 1;
	if (strcmp(out, "-")) {
		if (same_file(out, path)) {
			trail_err("'%s' is the recording itself: write the report elsewhere", out);
			replay__free(r);
			return 1;
		}
		fd = output_open(out, force, &created);
		if (fd == -EEXIST)
			trail_err("'%s' exists: use --force to overwrite it", out);
		else if (fd < 0)
			trail_err("can't create '%s': %s", out, strerror(-fd));
		if (fd < 0 || !(f = fdopen(fd, "w"))) {
			if (fd >= 0) {
				trail_err("can't write '%s': %s", out, strerror(errno));
				close(fd);
			}
			replay__free(r);
			return 1;
		}
	} else {
		f = stdout;
	}
	ret = report_run(r, &o, f);
	if (ret == -ENODATA) {
		trail_err("the report page has no place for the data (a build error)");
		ret = 1;
	} else {
		ret = cli_finish(r, path, ret);
	}
	bad = ferror(f);
	if (f != stdout ? fclose(f) : fflush(f))
		bad = true;
	if (bad && !ret) {
		trail_err("can't write '%s': %s", f != stdout ? out : "standard output",
			  errno ? strerror(errno) : "write error");
		ret = 1;
	}
	if (ret && created)
		unlink(out);	/* no half page left behind */
	replay__free(r);
	return ret;
}

const struct cmd cmd_report = { "report", run, "one self-contained HTML page about a recording", usage };
