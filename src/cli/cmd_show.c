// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "views/filter.h"
#include "views/print.h"
#include "util/util.h"

static const char usage[] =
"usage: trail show [--json] [-v] [filters] [FILE]\n"
"\n"
"Prints a recording (default trail.data) one event per line: strace-like\n"
"text, or JSON Lines with --json (schema in docs/json.md).\n"
"\n"
"  -j, --json            one JSON object per event\n"
"  -v, --verbose         every argument and environment variable\n"
"  -T, --durations       each call's duration in seconds, <0.000123> as strace\n"
"      --time FORMAT     start|clock|clock-us|epoch|delta: how a line tells\n"
"                        its time\n"
"                        (seconds since the start, the default; local wall\n"
"                        clock; with microseconds; seconds since the epoch;\n"
"                        since the line before); as strace, -t is clock, -tt\n"
"                        clock-us, -ttt epoch, -r delta\n"
"  -p, --pid PID         only events of process PID\n"
"  -c, --children        with --pid: and of all its descendants\n"
"      --comm NAME       only events of tasks named NAME\n"
"  -e, --event LIST      only these (comma-separated; -e trace=LIST as strace):\n"
"                        syscall names (openat, execve), strace's classes\n"
"                        (%file %desc %network %process %creds %signal\n"
"                        %memory) and trail's events:\n";
/* here the event types, from the model's table */
static const char usage_tail[] =
"  -z, --successful-only  only calls that succeeded (and events that are not\n"
"                        calls, as exits)\n"
"  -Z, --failed-only     only calls that returned an error (also --failed)\n"
"      --path GLOB       only events naming a path that matches GLOB (as given,\n"
"                        absolute or kernel-resolved)\n"
"\n"
"examples:\n"
"  trail show build.trail\n"
"  trail show --event exec --pid 1234 --children build.trail\n"
"  trail show -e trace=openat,%network -Z build.trail\n"
"  trail show --failed --path '*.h' build.trail\n"
"  trail show --json build.trail | jq 'select(.event==\"open\") | .abs'\n";

/* The event types (model/systab.h's TRAIL_EVENT_TYPES), comma-separated
 * and filled to 78 columns under the option's text: the bash completion
 * takes its list of events from here (scripts/gen-completion.sh). */
static void help(FILE *f)
{
	const int indent = 24, width = 78;
	int t, col = 0, w;

	fputs(usage, f);
	for (t = 0; t < TE__MAX; t++) {
		const char *sep = t + 1 < TE__MAX ? "," : "\n";

		w = strlen(event_type_name(t)) + (t + 1 < TE__MAX);
		if (col && col + w > width) {
			putc('\n', f);
			col = 0;
		}
		if (!col)
			col = fprintf(f, "%*s", indent, "");
		col += fprintf(f, "%s%s", event_type_name(t), sep);
	}
	fputs(usage_tail, f);
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "pid", required_argument, NULL, 'p' },
		{ "children", no_argument, NULL, 'c' },
		{ "comm", required_argument, NULL, 'C' },
		{ "event", required_argument, NULL, 'e' },
		{ "failed", no_argument, NULL, 'F' },
		{ "failed-only", no_argument, NULL, 'Z' },
		{ "successful-only", no_argument, NULL, 'z' },
		{ "path", required_argument, NULL, 'P' },
		{ "time", required_argument, NULL, 'M' },
		{ "durations", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct print_opts po = { 0 };
	struct filter f;
	struct replay *r;
	struct trail_event ev;
	const char *path;
	char why[160];
	bool json = false, delta = false;
	int ts = 0;
	const char *time_name = NULL;
	char *end;
	int c, ret;

	filter_init(&f);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jvp:ce:zZtrTh", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'v': po.verbose = true; break;
		case 'p':
			f.pid = strtol(optarg, &end, 10);
			if (*end || !*optarg || f.pid < 0)
				return cli_usage_error(&cmd_show, "bad pid '%s'", optarg);
			break;
		case 'c': f.children = true; break;
		case 'C': f.comm = optarg; break;
		case 'e':
			if (filter_parse_events(&f, optarg, why, sizeof(why)))
				return cli_usage_error(&cmd_show, "%s", why);
			break;
		case 'F': case 'Z': f.result = FR_FAILED; break;
		case 'z': f.result = FR_SUCCESSFUL; break;
		case 't': ts++; break;
		case 'r': delta = true; break;
		case 'T': po.durations = true; break;
		case 'M': time_name = optarg; break;
		case 'P': f.path_glob = optarg; break;
		case 'h': cli_help(&cmd_show); return 0;
		default:
			return cli_bad_option(&cmd_show, argv);
		}
	}
	if (f.children && f.pid < 0)
		return cli_usage_error(&cmd_show, "--children needs --pid");
	if (print_time_opt(&po, ts, delta, time_name))
		return cli_usage_error(&cmd_show, "one time format: --time start, clock, clock-us, epoch or delta (-t, -tt, -ttt, -r)");
	if (cli_file_arg(&cmd_show, argc, argv, &path))
		return 2;
	r = cli_open(path);
	if (!r)
		return 1;
	while ((ret = replay__next(r, &ev)) > 0) {
		if (!filter_match(&f, &ev))
			continue;
		if (json)
			print_json(stdout, &ev);
		else
			print_text(stdout, &ev, &po);
		po.prev_ns = ev.time_ns;
	}
	ret = cli_finish(r, path, ret);
	replay__free(r);
	filter_release(&f);
	return ret;
}

const struct cmd cmd_show = { "show", run, "print a recording, one event per line", usage, help };
