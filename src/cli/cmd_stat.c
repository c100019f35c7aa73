// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/target.h"
#include "views/select.h"
#include "stat/run.h"
#include "util/util.h"

static const char usage[] =
"usage: trail stat [options] -- COMMAND [ARGS...]\n"
"       trail stat [options] (-p PID[,PID...] | --cgroup PATH | -a)\n"
"\n"
"Counts, in the kernel, what a target does, and prints summaries at the\n"
"end (or every -i seconds): no event goes to userspace, so this is the\n"
"cheap way to watch a busy system.  Tables, most first:\n"
"  events by kind  trail's event kinds: calls of their syscalls and failures\n"
"                  (exit: tasks that ended; cap: capability checks)\n"
"  syscalls        calls and failures of each syscall trail traces\n"
"  comms           syscalls per command name\n"
"  files           paths passed to the open and exec families (as passed,\n"
"                  not resolved; cut at 255 bytes, marked truncated)\n"
"  capability checks  granted and denied, per capability\n"
"  remote addresses   destinations of connect, sendto and sendmsg\n"
"Updates that failed because a map was full are counted and reported.\n"
"Needs root (or CAP_BPF and CAP_PERFMON).  One target, as 'trail record':\n"
"\n"
"  -- COMMAND [ARGS]    run COMMAND and count it and every process it starts;\n"
"                       trail exits with COMMAND's status (128+N if killed by\n"
"                       signal N)\n"
"  -p, --pid PID[,PID]  running processes and their descendants, those running\n"
"                       now and those to come; ends when they have all exited,\n"
"                       or on Ctrl-C\n"
"      --cgroup PATH    every process in a cgroup v2 and its sub-cgroups; PATH\n"
"                       absolute or under the cgroup2 mount; ends on Ctrl-C\n"
"  -a, --all            every process on the machine but trail; ends on Ctrl-C\n"
"\n"
"  -i, --interval SECONDS  a report every SECONDS (like vmstat), each with the\n"
"                       counts of its interval only, and one for the rest\n"
"  -d, --duration SECS  stop counting after SECS seconds (a COMMAND still\n"
"                       running is left running)\n"
"  -n, --top N          rows per table (default 10; 0: all)\n"
"  -e, --event LIST     count only these events, syscalls or strace classes\n"
"                       (as 'trail show --event'; trace=LIST too, as for\n"
"                       strace): the others are not dispatched in the kernel\n"
"  -j, --json           each report as one JSON object on one line\n"
"  -u, --user USER      run COMMAND as USER (under sudo: the invoking user)\n"
"  -v, --verbose        show libbpf's messages (twice: debug)\n"
"\n"
"examples:\n"
"  sudo trail stat -- make -j8\n"
"  sudo trail stat -p $(pgrep -d, nginx) --duration 60\n"
"  sudo trail stat --cgroup system.slice/docker-ID.scope -i 5\n"
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
		{ "interval", required_argument, NULL, 'i' },
		{ "event", required_argument, NULL, 'e' },
		{ "top", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "user", required_argument, NULL, 'u' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		TARGET_LONGOPTS,
		{ 0 }
	};
	struct stat_run_opts o = { .top = 10 };
	struct record_opts ro = { 0 };	/* carries the target options */
	struct target_args ta = { 0 };
	struct event_sel sel = { 0 };
	bool types[TE__MAX], ops[TRAIL_SYS_MAX];
	char *end, why[160];
	int c, ret;

	while ((c = target_getopt(&cmd_stat, &ta, &ro, argc, argv, "+i:d:n:e:ju:vh" TARGET_SHORTOPTS,
				  opts)) >= 0) {
		ret = 0;
		switch (c) {
		case 'i':
			if (parse_seconds(optarg, &o.interval))
				ret = cli_usage_error(&cmd_stat, "bad interval '%s': seconds, more than 0", optarg);
			break;
		case 'n':
			o.top = strtoul(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-' || o.top > 1000000)
				ret = cli_usage_error(&cmd_stat, "bad --top '%s': a number of rows (0: all)", optarg);
			break;
		case 'e':
			if (event_sel_parse(&sel, optarg, why, sizeof(why)))
				ret = cli_usage_error(&cmd_stat, "%s", why);
			break;
		case 'j': o.json = true; break;
		case 'u': ro.user = optarg; break;
		case 'v': trail_verbose++; break;
		case 'h': cli_help(&cmd_stat); goto out;
		default: ret = cli_bad_option(&cmd_stat, argv); break;
		}
		if (ret)
			goto out;
	}
	o.target = ro.target;
	o.duration = ro.duration;
	o.user = ro.user;
	if (sel.any) {
		event_sel_types(&sel, types);
		event_sel_ops(&sel, ops);
		o.types = types;
		o.ops = ops;
	}
	ret = c == TARGET_BAD ? 2 : stat_main(&o);
out:
	target_args_release(&ta);
	return ret;
}

const struct cmd cmd_stat = { "stat", run, "count what a target does, in the kernel", usage };
