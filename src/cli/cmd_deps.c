// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "views/deps.h"
#include "util/util.h"

static const char usage[] =
"usage: trail deps [--format text|json|make] [--exclude LIST] [--only-under DIR]\n"
"                  [--no-commands] [FILE]\n"
"\n"
"What the recorded run (default trail.data) depended on and produced, for the\n"
"whole run and per command (an exec with its argv):\n"
"  inputs       files read that the run did not make itself\n"
"  executables  binaries and interpreters run\n"
"  directories  directories listed\n"
"  outputs      files created or written (x.tmp renamed to x counts as x)\n"
"  temporaries  outputs the run deleted again (whole run only)\n"
"  missing      paths looked up and not found (ENOENT, ENOTDIR): a file that\n"
"               appears there later must trigger a rebuild\n"
"  deleted      files that existed before and were removed\n"
"  streams      files only written through descriptors the run was given, never\n"
"               named by it (make > build.log: its output stream, not a product)\n"
"\n"
"  -f, --format F     text (default), json, or make: one 'output: inputs' rule\n"
"                     per output, usable as a Make depfile; an input that is a\n"
"                     temporary of the run stands for what made it\n"
"  -x, --exclude LIST comma-separated path prefixes to leave out\n"
"                     (default /proc,/sys,/dev; '' for none)\n"
"  -u, --only-under DIR  keep only paths under DIR\n"
"      --no-commands  text/json: the whole run only\n"
"\n"
"examples:\n"
"  trail deps build.trail\n"
"  trail deps --format make --only-under \"$PWD\" build.trail > build.d\n"
"  trail deps --format json build.trail | jq '.missing'\n";

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "only-under", required_argument, NULL, 'u' },
		{ "no-commands", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct deps_opts o = { .format = DEPS_TEXT };
	const char *path, *exclude = "/proc,/sys,/dev";
	char *only = NULL;
	struct replay *r;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:x:u:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "text"))
				o.format = DEPS_TEXT;
			else if (!strcmp(optarg, "json"))
				o.format = DEPS_JSON;
			else if (!strcmp(optarg, "make"))
				o.format = DEPS_MAKE;
			else
				return cli_usage_error(&cmd_deps, "unknown format '%s' (text, json, make)", optarg);
			break;
		case 'x': exclude = optarg; break;
		case 'u': only = optarg; break;
		case 'N': o.no_commands = true; break;
		case 'h': cli_help(&cmd_deps); return 0;
		default:
			return cli_bad_option(&cmd_deps, argv);
		}
	}
	if (cli_file_arg(&cmd_deps, argc, argv, &path))
		return 2;
	o.only_under = cli_dir_arg(only);
	o.exclude = cli_split(exclude);
	r = cli_open(path);
	ret = 1;
	if (r) {
		ret = deps_run(r, &o, stdout);
		ret = cli_finish(r, path, ret);
		replay__free(r);
	}
	cli_split_free(o.exclude);
	free((char *)o.only_under);
	return ret;
}

const struct cmd cmd_deps = { "deps", run, "files a run read, wrote, ran and looked for", usage };
