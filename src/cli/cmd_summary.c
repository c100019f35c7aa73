// SPDX-License-Identifier: MIT
#include <getopt.h>
#include "cli/cli.h"
#include "views/summary.h"

static const char usage[] =
"usage: trail summary [FILE]\n"
"\n"
"Prints what a recording (default trail.data) holds: the command, host and\n"
"kernel, start time and duration, exit status, processes, events by kind,\n"
"failed calls by error, files read, written and missing, lost events.\n"
"\n"
"example:\n"
"  trail summary build.trail\n";

static int run(int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	const char *path;
	struct replay *r;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			cli_help(&cmd_summary);
			return 0;
		}
		return cli_bad_option(&cmd_summary, argv);
	}
	if (cli_file_arg(&cmd_summary, argc, argv, &path))
		return 2;
	r = cli_open(path);
	if (!r)
		return 1;
	ret = summary_run(r, path, stdout);
	ret = cli_finish(r, path, ret);
	replay__free(r);
	return ret;
}

const struct cmd cmd_summary = { "summary", run, "what a recording holds, in a dozen lines", usage };
