// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "views/diff.h"
#include "util/util.h"

static const char usage[] =
"usage: trail diff [--json] [--all-env] [--exclude LIST] A B\n"
"\n"
"What differs between two recordings of the same work (two builds, two runs\n"
"of an installer): commands run in only one, changed arguments, environment\n"
"and exit status of the commands run in both, and the files read, written,\n"
"run, listed, deleted or looked for in vain, per command and for the whole\n"
"run.  Commands are matched by executable, working directory and argv, then\n"
"by looser keys (the same outputs, the same operands); temporary file names,\n"
"pids and each recording's own directory are normalised first, so two runs\n"
"of the same work compare equal (the rules are in docs/diff.md).\n"
"\n"
"  -j, --json          one JSON object (schema in docs/diff.md)\n"
"      --all-env       compare the variables that differ by chance between\n"
"                      sessions too (_, OLDPWD, SHLVL, SSH_*, ...)\n"
"  -x, --exclude LIST  comma-separated path prefixes to leave out\n"
"                      (default /proc,/sys,/dev; '' for none)\n"
"\n"
"Exit status: 0 no differences, 1 differences, 2 trouble (as diff(1)).\n"
"\n"
"examples:\n"
"  trail diff before.trail after.trail\n"
"  trail diff --json a.trail b.trail | jq '.commands.changed[].args'\n";

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "all-env", no_argument, NULL, 'E' },
		{ "exclude", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct diff_opts o = { 0 };
	const char *exclude = "/proc,/sys,/dev", *pa, *pb;
	struct replay *a = NULL, *b = NULL;
	int c, ret = 2, bad;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "jx:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': o.json = true; break;
		case 'E': o.all_env = true; break;
		case 'x': exclude = optarg; break;
		case 'h': cli_help(&cmd_diff); return 0;
		default:
			return cli_bad_option(&cmd_diff, argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error(&cmd_diff, argc - optind < 2 ? "two recordings to compare, A and B" :
				       "two recordings at a time ('%s' is extra)", argv[optind + 2]);
	pa = argv[optind];
	pb = argv[optind + 1];
	if (!(a = cli_open(pa)) || !(b = cli_open(pb)))
		goto out;
	o.exclude = cli_split(exclude);
	ret = diff_run(a, pa, b, pb, &o, stdout, &bad);
	cli_split_free(o.exclude);
	if (ret < 0) {
		cli_finish(bad ? b : a, bad ? pb : pa, ret);
		ret = 2;
	} else if (cli_finish(a, pa, 0) || cli_finish(b, pb, 0)) {
		ret = 2;
	}
out:
	if (a)
		replay__free(a);
	if (b)
		replay__free(b);
	return ret;
}

const struct cmd cmd_diff = { "diff", run, "what differs between two recordings", usage };
