// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cli/cli.h"
#include "views/tree.h"
#include "util/util.h"

static const char usage[] =
"usage: trail tree [-v] [FILE]\n"
"\n"
"Prints the process tree of a recording (default trail.data): one line per\n"
"process, indented under its parent, with pid, argv (of its last exec;\n"
"\"(fork)\" when it never exec'd), exit status and wall duration.\n"
"\n"
"  -v, --verbose   full argv (otherwise cut to the terminal width)\n"
"\n"
"example:\n"
"  trail tree build.trail\n";

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct tree_opts o = { 0 };
	struct winsize ws;
	struct replay *r;
	const char *path;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case 'v': o.verbose = true; break;
		case 'h': cli_help(&cmd_tree); return 0;
		default:
			return cli_bad_option(&cmd_tree, argv);
		}
	}
	if (cli_file_arg(&cmd_tree, argc, argv, &path))
		return 2;
	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col)
		o.width = ws.ws_col;
	r = cli_open(path);
	if (!r)
		return 1;
	ret = tree_run(r, &o, stdout);
	ret = cli_finish(r, path, ret);
	replay__free(r);
	return ret;
}

const struct cmd cmd_tree = { "tree", run, "show the process tree of a recording", usage };
