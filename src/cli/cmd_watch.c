// SPDX-License-Identifier: MIT
/* trail watch: record without a file, printing events as they happen. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/target.h"
#include "model/replay.h"
#include "record/record.h"
#include "views/filter.h"
#include "views/print.h"
#include "util/util.h"

static const char usage[] =
"usage: trail watch [options] (-p PID[,PID...] | --cgroup PATH | -a)\n"
"       trail watch [options] -- COMMAND [ARGS...]\n"
"\n"
"Prints what a target does as it happens, one line per event, in the\n"
"format of 'trail show' (or JSON Lines), without writing a recording.\n"
"A target is required (see 'trail record --help'); Ctrl-C ends watching\n"
"and prints how many events were lost.  Needs root.\n"
"\n"
"  -p, --pid PID[,PID]   running processes and their descendants\n"
"      --cgroup PATH     every process in a cgroup v2 subtree\n"
"  -a, --all             every process but trail\n"
"  -- COMMAND [ARGS]     run COMMAND and watch its process tree\n"
"\n"
"  -e, --event LIST      only these events, syscalls or strace classes (as in\n"
"                        'trail show'; -e trace=LIST), filtered in the kernel\n"
"                        by event type: other syscalls are not even recorded\n"
"      --comm NAMES      only tasks with these names (NAME[,NAME...], at most\n"
"                        16; the first 15 bytes count), filtered in the kernel\n"
"  -z, --successful-only  only calls that succeeded (and events that are not\n"
"                        calls, as exits)\n"
"  -Z, --failed-only     only calls that returned an error (also --failed)\n"
"      --path GLOB       only events naming a path that matches GLOB\n"
"  -j, --json            one JSON object per event (docs/json.md)\n"
"  -v, --verbose         every argument and environment variable\n"
"  -T, --durations       each call's duration in seconds, <0.000123> as strace\n"
"      --time FORMAT     start|clock|clock-us|epoch|delta: how a line tells\n"
"                        its time\n"
"                        (as in 'trail show'; strace's -t, -tt, -ttt, -r too)\n"
"  -s, --syscall NAMES   also these syscalls, by name (as 'trail record')\n"
"      --duration SECS   stop after SECS seconds\n"
"  -b, --buffer-size N   ring buffer size (power of 2, default 16M)\n"
"\n"
"Output is flushed at every line, into a pipe too.\n"
"\n"
"examples:\n"
"  sudo trail watch -a --event exec\n"
"  sudo trail watch -a --comm sshd,sudo --failed\n"
"  sudo trail watch --cgroup system.slice/nginx.service --event open,unlink\n"
"  sudo trail watch -a --event exec --syscall getrandom\n"
"  sudo trail watch -p 1234 --json | jq -c 'select(.event==\"open\") | .abs'\n";

struct watch {
	struct replay *r;
	struct filter f;
	struct print_opts po;
	bool json;
	int err;                 /* errno of a failed write to stdout */
};

static int watch_begin(void *ctx, const struct tf_meta *meta)
{
	struct watch *w = ctx;

	w->r = replay__open_live(meta);
	return 0;
}

static int watch_record(void *ctx, const void *rec, size_t size)
{
	struct watch *w = ctx;
	struct trail_event ev;

	/* a record this build cannot decode is skipped, as a reader would */
	if (replay__feed(w->r, rec, size, &ev) != 1 || !filter_match(&w->f, &ev))
		return 0;
	if (w->json)
		print_json(stdout, &ev);
	else
		print_text(stdout, &ev, &w->po);
	w->po.prev_ns = ev.time_ns;
	if (ferror(stdout)) {
		w->err = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

/* --event: the user-space filter, and the kernel's event types from it
 * (a syscall's whole type: the user-space filter keeps the syscall). */
static int parse_events(struct watch *w, bool *types, const char *list)
{
	char why[160];

	if (filter_parse_events(&w->f, list, why, sizeof(why)))
		return cli_usage_error(&cmd_watch, "%s", why);
	event_sel_types(&w->f.sel, types);
	return 0;
}

static int parse_comms(char ***comms, const char *list)
{
	size_t n = 0;
	const char *p;

	for (p = list; ; p += strcspn(p, ",") + 1) {
		if (!p[0] || p[0] == ',')
			return cli_usage_error(&cmd_watch, "bad --comm '%s': an empty name", list);
		n++;
		if (!p[strcspn(p, ",")])
			break;
	}
	if (n > TRAIL_COMMS_MAX)
		return cli_usage_error(&cmd_watch, "at most %d names in --comm", TRAIL_COMMS_MAX);
	cli_split_free(*comms);
	*comms = cli_split(list);
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "event", required_argument, NULL, 'e' },
		{ "comm", required_argument, NULL, 'C' },
		{ "failed", no_argument, NULL, 'F' },
		{ "failed-only", no_argument, NULL, 'Z' },
		{ "successful-only", no_argument, NULL, 'z' },
		{ "path", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "time", required_argument, NULL, 'M' },
		{ "durations", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		TARGET_LONGOPTS,
		TRACE_LONGOPTS,
		{ 0 }
	};
	struct watch w = { 0 };
	struct record_sink sink = { .begin = watch_begin, .record = watch_record, .ctx = &w };
	struct record_opts o = { .ring_bytes = 16u << 20, .sink = &sink };
	struct target_args ta = { 0 };
	bool types[TE__MAX] = { false }, ops[TRAIL_SYS_MAX], typed = false, delta = false;
	char **comms = NULL;
	int c, ret, ts = 0;
	const char *time_name = NULL;

	filter_init(&w.f);
	while ((c = target_getopt(&cmd_watch, &ta, &o, argc, argv,
				  "+e:jvzZtrTh" TARGET_SHORTOPTS TRACE_SHORTOPTS, opts)) >= 0) {
		ret = 0;
		switch (c) {
		case 'e': ret = parse_events(&w, types, optarg); typed = true; break;
		case 'C': ret = parse_comms(&comms, optarg); break;
		case 'F': case 'Z': w.f.result = FR_FAILED; break;
		case 'z': w.f.result = FR_SUCCESSFUL; break;
		case 'P': w.f.path_glob = optarg; break;
		case 'j': w.json = true; break;
		case 'v': w.po.verbose = true; break;
		case 't': ts++; break;
		case 'r': delta = true; break;
		case 'T': w.po.durations = true; break;
		case 'M': time_name = optarg; break;
		case 'h': cli_help(&cmd_watch); goto out;
		default: ret = cli_bad_option(&cmd_watch, argv); break;
		}
		if (ret)
			goto out;
	}
	if (c == TARGET_BAD) {
		ret = 2;
		goto out;
	}
	if (print_time_opt(&w.po, ts, delta, time_name)) {
		ret = cli_usage_error(&cmd_watch, "one time format: --time start, clock, clock-us, "
				      "epoch or delta (-t, -tt, -ttt, -r)");
		goto out;
	}
	/* Both filters run in the kernel; the comm filter only there (the
	 * names are compared as filter_match would: the first 15 bytes). */
	if (typed && o.syscalls) {	/* --syscall asks for its events */
		types[TE_syscall] = true;
		w.f.sel.types |= 1ull << TE_syscall;
	}
	o.types = typed ? types : NULL;
	event_sel_ops(&w.f.sel, ops);
	o.ops = typed ? ops : NULL;
	o.comms = comms;
	/* every line out at once, into a pipe too (trail watch | grep) */
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = record_main(&o);
	fflush(stdout);
	if (w.err && w.err != EPIPE) {
		trail_err("can't write the output: %s", strerror(w.err));
		ret = 1;
	}
out:
	replay__free(w.r);
	filter_release(&w.f);
	cli_split_free(comms);
	target_args_release(&ta);
	return ret;
}

const struct cmd cmd_watch = { "watch", run, "print what a target does as it happens", usage };
