// SPDX-License-Identifier: MIT
/* trail watch: record without a file, printing events as they happen. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/policyopt.h"
#include "cli/target.h"
#include "cli/watch_out.h"
#include "model/replay.h"
#include "record/record.h"
#include "views/filter.h"
#include "views/firstpath.h"
#include "views/print.h"
#include "util/syslog_out.h"
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
"  -Z, --failed-only     only calls that returned an error (also --failed);\n"
"                        successful calls are dropped in the kernel\n"
"      --path GLOB       only events naming a path that matches GLOB\n"
"      --policy FILE     the events to keep, from a policy file: one directive\n"
"                        a line, as /etc/trail/sensor.policy (docs/policy.md);\n"
"                        a setting is given in the policy or as an option,\n"
"                        not both\n"
"  -j, --json            one JSON object per event (docs/json.md)\n"
"  -v, --verbose         every argument and environment variable\n"
"      --no-env          no environments of execs (they may hold secrets that\n"
"                        should not reach a log server)\n"
"  -T, --durations       each call's duration in seconds, <0.000123> as strace\n"
"      --time FORMAT     start|clock|clock-us|epoch|delta: how a line tells\n"
"                        its time\n"
"                        (as in 'trail show'; strace's -t, -tt, -ttt, -r too)\n"
"  -s, --syscall NAMES   also these syscalls, by name (as 'trail record')\n"
"      --duration SECS   stop after SECS seconds\n"
"  -b, --buffer-size N   ring buffer size (power of 2, default 16M)\n"
"\n"
"Outputs for a log pipeline (the terminal then gets nothing unless --print):\n"
"  -o, --output FILE     JSON Lines into FILE (appended to; made 0600, never\n"
"                        through a symlink), for Fluent Bit, Vector, Filebeat\n"
"      --rotate SIZE[,KEEP]  roll FILE over at SIZE (K, M, G): FILE.1 ...\n"
"                        FILE.(KEEP-1) kept (KEEP default 10)\n"
"      --rotate-every DURATION[,KEEP]  roll FILE over every DURATION (90s,\n"
"                        10m, 1h, 1d; an empty file is left as it is)\n"
"      --syslog DEST     RFC 5424 messages, the JSON as MSG, to DEST:\n"
"                        unix:/dev/log, udp://HOST:PORT, tcp://HOST:PORT\n"
"                        (octet counting); never blocks: a queue of 8 MiB\n"
"      --syslog-facility NAME  local0 (default) ... local7, user, daemon,\n"
"                        auth, authpriv, security\n"
"      --print           the terminal too (text, or JSON with --json)\n"
"      --stats-every SECS  a 'stats' event of trail's own health (received,\n"
"                        lost, filtered, ring use, memory) every SECS seconds\n"
"                        (SIGUSR1: one now, and a line on stderr)\n"
"Every JSON line of watch has \"host\", \"session\" (random, one per run)\n"
"and \"boot_id\" (docs/json.md).  SIGHUP ends FILE and starts a new one\n"
"(logrotate's postrotate): FILE is shifted to FILE.1 unless logrotate has\n"
"moved it already.  At the end: \"trail: N events not delivered to syslog\".\n"
"\n"
"Output is flushed at every line, into a pipe too; FILE at least every\n"
"0.1 s.\n"
"\n"
"examples:\n"
"  sudo trail watch -a --event exec\n"
"  sudo trail watch -a --comm sshd,sudo --failed\n"
"  sudo trail watch --cgroup system.slice/nginx.service --event open,unlink\n"
"  sudo trail watch -a --event exec --syscall getrandom\n"
"  sudo trail watch -a --policy /etc/trail/sensor.policy --json\n"
"  sudo trail watch -p 1234 --json | jq -c 'select(.event==\"open\") | .abs'\n"
"  sudo trail watch -a --event exec,connect -o /var/log/trail.jsonl --rotate 100M,5\n"
"  sudo trail watch -a --event exec,cap,ns --syslog tcp://logs.example:514\n"
"  sudo trail watch -a --event exec --syslog unix:/dev/log --syslog-facility authpriv\n";

enum { OPT_POLICY = 0x200, OPT_STATS };

struct watch {
	struct replay *r;
	struct filter f;
	struct print_opts po;
	struct firstpath *first; /* a policy's first-per-process-path */
	struct event_sel failed; /* a policy's failed-only LIST */
	bool failed_ops[TRAIL_SYS_MAX];
	bool json;
	bool print;              /* --print: the terminal besides the outputs */
	struct watch_out out;    /* --output, --syslog */
	int err;                 /* errno of a failed write to stdout */
	uint64_t filtered;       /* records the filters left out */
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
	bool keep;

	bool outs = watch_out__active(&w->out), term = !outs || w->print;
	const char *line = NULL;
	size_t len = 0;

	/* a record this build cannot decode is skipped, as a reader would */
	if (replay__feed(w->r, rec, size, &ev) != 1)
		return 0;
	/* trail's own health passes every filter */
	keep = ev.type == TE_stats || (filter_match(&w->f, &ev) &&
	       (!w->failed.any || !event_sel_match(&w->failed, &ev) || (ev.has_ret && ev.ret < 0)) &&
	       (!w->first || firstpath__first(w->first, &ev)));
	if (w->first)
		firstpath__see(w->first, &ev);
	if (!keep) {
		w->filtered++;
		return 0;
	}
	if (outs || w->json)
		line = watch_out__json(&w->out, &ev, &len);
	if (outs && watch_out__event(&w->out, &ev))
		return -1;
	if (term && w->json)
		fwrite(line, 1, len, stdout);
	else if (term)
		print_text(stdout, &ev, &w->po);
	w->po.prev_ns = ev.time_ns;
	if (ferror(stdout)) {
		w->err = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

static int watch_tick(void *ctx)
{
	struct watch *w = ctx;

	return watch_out__tick(&w->out);
}

static int watch_hup(void *ctx)
{
	struct watch *w = ctx;

	return watch_out__hup(&w->out);
}

/* The outputs' options: 1 when opt was one, 0 when not, 2 after an error. */
static int output_opt(struct watch *w, int opt, const char *arg)
{
	char why[200];

	switch (opt) {
	case 'o': w->out.path = arg; return 1;
	case 'O':
		if (rotate_parse_size(&w->out.rot, arg, why, sizeof(why)))
			return cli_usage_error(&cmd_watch, "%s", why);
		return 1;
	case 'E':
		if (rotate_parse_every(&w->out.rot, arg, why, sizeof(why)))
			return cli_usage_error(&cmd_watch, "%s", why);
		return 1;
	case 'L': w->out.syslog = arg; return 1;
	case 'A':
		w->out.facility = syslog_facility(arg);
		if (w->out.facility < 0)
			return cli_usage_error(&cmd_watch, "unknown --syslog-facility '%s'", arg);
		return 1;
	case 'W': w->print = true; return 1;
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

/* --policy: its settings where the options would put them, each given
 * one way only (cli/policyopt.h). */
static int apply_policy(struct watch *w, struct policy *p, struct record_opts *o, bool *types,
			bool *typed, char **comms)
{
	if (p->events_line && *typed)
		return policyopt_conflict(p, p->events_line, "-e/--event");
	if (p->comm_line && comms)
		return policyopt_conflict(p, p->comm_line, "--comm");
	if (p->failed_all && w->f.result == FR_SUCCESSFUL)
		return policyopt_conflict(p, p->failed_line, "-z/--successful-only");
	if (p->path_line && w->f.path_glob)
		return policyopt_conflict(p, p->path_line, "--path");
	if (p->events_line) {
		w->f.sel = p->sel;
		event_sel_types(&w->f.sel, types);
		*typed = true;
	}
	if (p->failed_all)
		w->f.result = FR_FAILED;
	w->failed = p->failed_sel;
	if (p->path_line)
		w->f.path_glob = p->path_glob;
	if (p->first_line)
		w->first = firstpath__new();
	policyopt_kernel(p, o, w->failed_ops);
	return 0;
}

static int check_outputs(const struct watch *w)
{
	if (rotate_on(&w->out.rot) && !w->out.path)
		return cli_usage_error(&cmd_watch, "--rotate and --rotate-every need --output FILE");
	if (w->print && !watch_out__active(&w->out))
		return cli_usage_error(&cmd_watch, "--print goes with --output or --syslog");
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
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "stats-every", required_argument, NULL, OPT_STATS },
		{ "output", required_argument, NULL, 'o' },
		{ "rotate", required_argument, NULL, 'O' },
		{ "rotate-every", required_argument, NULL, 'E' },
		{ "syslog", required_argument, NULL, 'L' },
		{ "syslog-facility", required_argument, NULL, 'A' },
		{ "print", no_argument, NULL, 'W' },
		{ "no-env", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		TARGET_LONGOPTS,
		TRACE_LONGOPTS,
		{ 0 }
	};
	struct watch w = { .out.facility = SYSLOG_FACILITY_DEFAULT };
	struct record_sink sink = { .begin = watch_begin, .record = watch_record,
				    .tick = watch_tick, .hup = watch_hup, .filtered = &w.filtered,
				    .ctx = &w };
	struct record_opts o = { .ring_bytes = 16u << 20, .sink = &sink };
	struct target_args ta = { 0 };
	struct policy pol = { 0 };
	bool types[TE__MAX] = { false }, ops[TRAIL_SYS_MAX], typed = false, delta = false;
	char **comms = NULL;
	int c, ret, ts = 0;
	const char *time_name = NULL;

	filter_init(&w.f);
	while ((c = target_getopt(&cmd_watch, &ta, &o, argc, argv,
				  "+e:jvzZtrTho:" TARGET_SHORTOPTS TRACE_SHORTOPTS, opts)) >= 0) {
		ret = output_opt(&w, c, optarg);
		if (ret == 1)
			continue;
		if (ret)
			goto out;
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
		case 'N': o.no_env = true; break;
		case 'M': time_name = optarg; break;
		case OPT_POLICY: ret = policyopt_load(&pol, &ta, optarg); break;
		case OPT_STATS:
			ret = cli_parse_secs(&cmd_watch, "--stats-every", optarg, &o.stats_every);
			break;
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
	if ((ret = apply_policy(&w, &pol, &o, types, &typed, comms)))
		goto out;
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
	if (comms)
		o.comms = comms;
	o.failed_only = w.f.result == FR_FAILED;	/* the kernel drops the others */
	if ((ret = check_outputs(&w)) || (ret = watch_out__open(&w.out)))
		goto out;
	/* every line out at once, into a pipe too (trail watch | grep) */
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = record_main(&o);
	fflush(stdout);
	if (watch_out__close(&w.out) && !ret)
		ret = 1;
	if (w.err && w.err != EPIPE) {
		trail_err("can't write the output: %s", strerror(w.err));
		ret = 1;
	}
out:
	watch_out__close(&w.out);
	replay__free(w.r);
	filter_release(&w.f);
	firstpath__free(w.first);
	policy_release(&pol);
	cli_split_free(comms);
	target_args_release(&ta);
	return ret;
}

const struct cmd cmd_watch = { "watch", run, "print what a target does as it happens", usage };
