// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "stat/run.h"
#include "util/util.h"

static const char usage[] =
"usage: trail stat [-i SECONDS] [--duration SECONDS] [--top N] [--json] [-u USER]\n"
"                  (-a | -- COMMAND [ARGS...])\n"
"\n"
"Counts, in the kernel, what COMMAND and every process it starts do (or,\n"
"with -a, every process on the system but trail), and prints summaries at\n"
"the end: no event goes to userspace, so this is the cheap way to watch a\n"
"busy system.  Tables, most first:\n"
"  events by kind  trail's event kinds: calls of their syscalls and failures\n"
"                  (exit: tasks that ended; cap: capability checks)\n"
"  syscalls        calls and failures of each syscall trail traces\n"
"  comms           syscalls per command name\n"
"  files           paths passed to the open and exec families (as passed,\n"
"                  not resolved; cut at 255 bytes, marked truncated)\n"
"  capability checks  granted and denied, per capability\n"
"  remote addresses   destinations of connect, sendto and sendmsg\n"
"Updates that failed because a map was full are counted and reported.\n"
"trail exits with COMMAND's status (128+N if killed by signal N), or 0\n"
"with -a.  Needs root (or CAP_BPF and CAP_PERFMON).\n"
"\n"
"  -a, --all            every process but trail, until Ctrl-C, SIGTERM or\n"
"                       --duration\n"
"  -i, --interval SECONDS  a report every SECONDS (like vmstat), each with the\n"
"                       counts of its interval only, and one for the rest\n"
"  -d, --duration SECONDS  with -a: stop after SECONDS\n"
"  -n, --top N          rows per table (default 10; 0: all)\n"
"  -j, --json           each report as one JSON object on one line\n"
"  -u, --user USER      run COMMAND as USER (under sudo: the invoking user)\n"
"  -v, --verbose        show libbpf's messages (twice: debug)\n"
"\n"
"examples:\n"
"  sudo trail stat -- make -j8\n"
"  sudo trail stat -a -i 1 --top 5\n"
"  sudo trail stat -a --duration 10 --json | jq '.files[:3]'\n";

/* A positive number of seconds, at most a day. */
static int parse_seconds(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !isfinite(v) || v <= 0 || v > 86400)
		return -1;
	*out = v;
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "interval", required_argument, NULL, 'i' },
		{ "duration", required_argument, NULL, 'd' },
		{ "top", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "user", required_argument, NULL, 'u' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct stat_run_opts o = { .top = 10 };
	char *end;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ai:d:n:ju:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'a': o.all = true; break;
		case 'i':
			if (parse_seconds(optarg, &o.interval))
				return cli_usage_error(&cmd_stat, "bad interval '%s': seconds, more than 0", optarg);
			break;
		case 'd':
			if (parse_seconds(optarg, &o.duration))
				return cli_usage_error(&cmd_stat, "bad duration '%s': seconds, more than 0", optarg);
			break;
		case 'n':
			o.top = strtoul(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-' || o.top > 1000000)
				return cli_usage_error(&cmd_stat, "bad --top '%s': a number of rows (0: all)", optarg);
			break;
		case 'j': o.json = true; break;
		case 'u': o.user = optarg; break;
		case 'v': trail_verbose++; break;
		case 'h': cli_help(&cmd_stat); return 0;
		default:
			return cli_bad_option(&cmd_stat, argv);
		}
	}
	if (o.all && optind < argc)
		return cli_usage_error(&cmd_stat, "both -a and a command: count one or the other");
	if (!o.all && optind >= argc)
		return cli_usage_error(&cmd_stat, "nothing to count: a command, or -a for every process");
	if (o.duration > 0 && !o.all)
		return cli_usage_error(&cmd_stat, "--duration is for -a (a command is counted until it ends)");
	if (o.user && o.all)
		return cli_usage_error(&cmd_stat, "--user is for a command, not -a");
	if (!o.all)
		o.argv = argv + optind;
	return stat_main(&o);
}

const struct cmd cmd_stat = { "stat", run, "count what a command or the system does, in the kernel", usage };
