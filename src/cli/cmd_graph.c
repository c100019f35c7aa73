// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "views/graph.h"
#include "util/util.h"

static const char usage[] =
"usage: trail graph [--no-files] [--collapse-system] [--exclude LIST]\n"
"                   [--only-under DIR] [FILE]\n"
"\n"
"Writes the recorded run (default trail.data) as a Graphviz DOT graph:\n"
"commands as boxes (fork edges solid, exec edges dashed), files as ellipses,\n"
"read edges file -> command, write edges command -> file (red), lookups that\n"
"found nothing dashed.  Files used the same way by the same commands (the\n"
"system headers every compilation reads) are drawn as one node.\n"
"\n"
"  --no-files          the process tree only\n"
"  --collapse-system   one node each for /usr, /lib, /etc, /bin, /opt, /var ...\n"
"  -x, --exclude LIST  path prefixes to leave out (default /proc,/sys,/dev)\n"
"  -u, --only-under DIR  keep only files under DIR\n"
"\n"
"example:\n"
"  trail graph --collapse-system build.trail | dot -Tsvg > build.svg\n";

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "no-files", no_argument, NULL, 'n' },
		{ "collapse-system", no_argument, NULL, 's' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "only-under", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct graph_opts o = { 0 };
	const char *path, *exclude = "/proc,/sys,/dev";
	char *only = NULL;
	struct replay *r;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "x:u:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': o.no_files = true; break;
		case 's': o.collapse_system = true; break;
		case 'x': exclude = optarg; break;
		case 'u': only = optarg; break;
		case 'h': cli_help(&cmd_graph); return 0;
		default:
			return cli_bad_option(&cmd_graph, argv);
		}
	}
	if (cli_file_arg(&cmd_graph, argc, argv, &path))
		return 2;
	o.paths.exclude = cli_split(exclude);
	o.paths.only_under = cli_dir_arg(only);
	r = cli_open(path);
	ret = 1;
	if (r) {
		ret = graph_run(r, &o, stdout);
		ret = cli_finish(r, path, ret);
		replay__free(r);
	}
	free((char *)o.paths.only_under);
	cli_split_free(o.paths.exclude);
	return ret;
}

const struct cmd cmd_graph = { "graph", run, "the run as a Graphviz graph of processes and files", usage };
