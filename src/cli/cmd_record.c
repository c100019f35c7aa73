// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/policyopt.h"
#include "cli/target.h"
#include "record/record.h"
#include "views/select.h"
#include "util/util.h"

static const char usage[] =
"usage: trail record [-o FILE] [options] -- COMMAND [ARGS...]\n"
"       trail record [-o FILE] [options] (-p PID[,PID...] | --cgroup PATH | -a)\n"
"\n"
"Records what a target does: forks, execs (full argv and environment),\n"
"exits, and every file system and descriptor syscall, with exact paths.\n"
"The filter runs in the kernel: nothing outside the target is recorded.\n"
"Needs root (or CAP_BPF and CAP_PERFMON).  One target:\n"
"\n"
"  -- COMMAND [ARGS]    run COMMAND and record it and every process it starts,\n"
"                       from its first instruction, until the last of them has\n"
"                       exited (as strace -f does); trail exits with COMMAND's\n"
"                       status (128+N if killed by signal N)\n"
"  -p, --pid PID[,PID]  attach to running processes: them and their\n"
"                       descendants, those running now and those to come;\n"
"                       ends when they have all exited, or on Ctrl-C\n"
"      --cgroup PATH    every process in a cgroup v2 and its sub-cgroups (a\n"
"                       container, a systemd unit); PATH absolute or under the\n"
"                       cgroup2 mount; ends on Ctrl-C (or SIGTERM)\n"
"  -a, --all            every process on the machine but trail; ends on Ctrl-C\n"
"\n"
"  -o, --output FILE    write the recording to FILE (default trail.data);\n"
"                       created mode 0600, never through a symlink\n"
"  -f, --force          overwrite FILE if it exists\n"
"      --duration SECS  stop recording after SECS seconds (a COMMAND still\n"
"                       running is left running)\n"
"\n"
"The boundary of a COMMAND's job (README: Where a command's job ends):\n"
"      --until-command-exits  stop when COMMAND exits, not its descendants\n"
"      --scope          run COMMAND in a cgroup v2 of its own and record\n"
"                       everything in it (daemons that left the tree too)\n"
"                       until the cgroup is empty\n"
"      --linger SECS    with --scope: stop SECS seconds after COMMAND exits\n"
"                       even if the cgroup is not empty yet\n"
"      --follow-peers   a server already running that the job connects to\n"
"                       over a unix socket is recorded too while the job runs,\n"
"                       its events marked as on behalf of the connecting\n"
"                       process (via_pid); with COMMAND or -p\n"
"\n"
"  -u, --user USER      run COMMAND as USER (name or uid), with its groups.\n"
"                       Under sudo the default is the invoking user, so that\n"
"                       'sudo trail record -- make' leaves no root-owned files;\n"
"                       '-u root' keeps root.  Under sudo FILE is given to the\n"
"                       invoking user.\n"
"      --no-env         do not record environments (they may hold secrets)\n"
"  -e, --event LIST     record only these events, syscalls or strace classes\n"
"                       (as 'trail show --event'; -e trace=LIST), filtered in\n"
"                       the kernel; forks, execs, exits and the working\n"
"                       directory are always recorded (the views need them)\n"
"      --lossless       never drop events: run COMMAND in a cgroup of its own\n"
"                       and freeze it while the ring buffer is a quarter full\n"
"                       (slows COMMAND down instead; cgroup v2 or v1 freezer)\n"
"  -z, --compress       compress the recording, chunk by chunk, with zstd (the\n"
"                       default): about a tenth of the size, compressed by a\n"
"                       thread of the recorder's own for ~1% of a core\n"
"      --zlib           compress with zlib instead (larger, slower; readable\n"
"                       by trail before zstd)\n"
"      --no-compress    write the records as they are\n"
"  -b, --buffer-size N  ring buffer size in bytes (K/M suffix; power of 2,\n"
"                       default 16M)\n"
"  -s, --syscall NAME[,NAME...]\n"
"                       also record these syscalls (up to 16 that trail does not\n"
"                       trace already), every call, as 'syscall' events: the\n"
"                       arguments named and typed as the kernel's tracepoint\n"
"                       format says (char * read as a string, at exit; other\n"
"                       values raw) and the result.  Mounts tracefs on\n"
"                       /sys/kernel/tracing for the time of reading the formats\n"
"                       if it is not mounted.  See docs/syscalls.md\n"
"      --policy FILE    what to record, from a policy file: one directive a\n"
"                       line, as /etc/trail/sensor.policy (docs/policy.md),\n"
"                       filtered in the kernel (its path and\n"
"                       first-per-process-path lines are for watch); a\n"
"                       setting is given in the policy or as an option, not\n"
"                       both\n"
"  -v, --verbose        show libbpf's messages (twice: debug)\n"
"\n"
"Long runs, as a sensor (docs/sensor.md):\n"
"      --rotate SIZE[,KEEP]  a new FILE when it reaches SIZE (K, M, G): the\n"
"                       others move to FILE.1, FILE.2 ..., those beyond KEEP\n"
"                       files (default 10, the current one included) are\n"
"                       deleted.  Each file is a whole recording: header, the\n"
"                       target's running processes (argv, cwd, identity), trailer\n"
"      --rotate-every DURATION[,KEEP]\n"
"                       the same every DURATION (90s, 10m, 1h, 1d)\n"
"      --stats-every SECS  a 'stats' record of trail's own health (records,\n"
"                       lost, ring use, files, memory) every SECS seconds\n"
"  SIGHUP starts a new file (logrotate's postrotate: a FILE moved away is not\n"
"  renamed again); SIGUSR1 prints the health on stderr and records it;\n"
"  SIGTERM and SIGINT end the recording with its trailer.\n"
"\n"
"examples:\n"
"  sudo trail record -o build.trail -- make -j8\n"
"  sudo trail record --no-env -- ./install.sh\n"
"  sudo trail record -o nginx.trail -p $(pgrep -o nginx)\n"
"  sudo trail record -o box.trail --cgroup system.slice/docker-ID.scope\n"
"  sudo trail record -o machine.trail -a --duration 10\n"
"  sudo trail record -o sensor.trail -a --policy /etc/trail/sensor.policy\n"
"  sudo trail record --syscall getrandom,uname -- python3 -c 'import os'\n"
"  sudo trail record -a -o /var/lib/trail/trail.data --rotate 256M,8 --stats-every 60\n";

enum { OPT_UNTIL = 256, OPT_SCOPE, OPT_LINGER, OPT_PEERS, OPT_ZLIB, OPT_NO_COMPRESS,
       OPT_ROTATE, OPT_EVERY, OPT_STATS, OPT_POLICY };

/* --rotate, --rotate-every, --stats-every: 0, or 2 after a usage line. */
static int long_run_opt(struct record_opts *o, int c, const char *arg)
{
	char why[256];

	if (c == OPT_STATS)
		return cli_parse_secs(&cmd_record, "--stats-every", arg, &o->stats_every);
	if ((c == OPT_ROTATE ? rotate_parse_size : rotate_parse_every)(&o->rotate, arg, why,
									 sizeof(why)))
		return cli_usage_error(&cmd_record, "%s", why);
	return 0;
}

/* The job options go with a COMMAND, and with each other as documented. */
static int job_opts_check(const struct record_opts *o)
{
	const char *bad = NULL;

	if ((o->scope || o->until_command_exits || o->linger > 0) &&
	    o->target.kind != RECORD_COMMAND)
		bad = "--scope, --linger and --until-command-exits go with a COMMAND";
	else if (o->linger > 0 && !o->scope)
		bad = "--linger goes with --scope";
	else if (o->follow_peers && (o->scope || (o->target.kind != RECORD_COMMAND &&
						   o->target.kind != RECORD_PIDS)))
		bad = "--follow-peers goes with a COMMAND's tree or -p, not --scope, --cgroup or -a";
	else if (o->scope && o->until_command_exits)
		bad = "--scope and --until-command-exits do not go together";
	if (!bad)
		return 0;
	trail_err("%s", bad);
	return 2;
}

/* --policy: what the kernel can do (cli/policyopt.h); the user-space
 * filters are watch's, a recording keeps what the views need. */
static int apply_policy(struct policy *p, struct event_sel *sel, struct record_opts *o,
			bool *failed_ops)
{
	unsigned int user = p->path_line ? p->path_line : p->first_line;

	if (user) {
		trail_err("%s:%u: '%s' filters in user space: a policy for 'trail watch' (on a "
			  "recording, 'trail show --path')", p->file, user,
			  p->path_line ? "path" : "first-per-process-path");
		return 2;
	}
	if (p->events_line && sel->any)
		return policyopt_conflict(p, p->events_line, "-e/--event");
	if (p->events_line)
		*sel = p->sel;
	policyopt_kernel(p, o, failed_ops);
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "user", required_argument, NULL, 'u' },
		{ "no-env", no_argument, NULL, 'E' },
		{ "lossless", no_argument, NULL, 'L' },
		{ "compress", no_argument, NULL, 'z' },
		{ "zlib", no_argument, NULL, OPT_ZLIB },
		{ "no-compress", no_argument, NULL, OPT_NO_COMPRESS },
		{ "event", required_argument, NULL, 'e' },
		{ "until-command-exits", no_argument, NULL, OPT_UNTIL },
		{ "scope", no_argument, NULL, OPT_SCOPE },
		{ "linger", required_argument, NULL, OPT_LINGER },
		{ "follow-peers", no_argument, NULL, OPT_PEERS },
		{ "rotate", required_argument, NULL, OPT_ROTATE },
		{ "rotate-every", required_argument, NULL, OPT_EVERY },
		{ "stats-every", required_argument, NULL, OPT_STATS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "help", no_argument, NULL, 'h' },
		TARGET_LONGOPTS,
		TRACE_LONGOPTS,
		{ 0 }
	};
	struct record_opts o = { .output = DEFAULT_FILE, .ring_bytes = 16u << 20,
				 .codec = TF_CODEC_ZSTD };
	struct target_args ta = { 0 };
	struct event_sel sel = { 0 };
	struct policy pol = { 0 };
	bool types[TE__MAX], ops[TRAIL_SYS_MAX], failed_ops[TRAIL_SYS_MAX];
	char why[160];
	int c, ret;

	while ((c = target_getopt(&cmd_record, &ta, &o, argc, argv,
				  "+o:fu:zve:h" TARGET_SHORTOPTS TRACE_SHORTOPTS, opts)) >= 0) {
		switch (c) {
		case 'o': o.output = optarg; break;
		case 'f': o.force = true; break;
		case 'u': o.user = optarg; break;
		case 'E': o.no_env = true; break;
		case 'L': o.lossless = true; break;
		case 'z': o.codec = TF_CODEC_ZSTD; break;
		case OPT_ZLIB: o.codec = TF_CODEC_ZLIB; break;
		case OPT_NO_COMPRESS: o.codec = TF_CODEC_NONE; break;
		case 'e':
			if (event_sel_parse(&sel, optarg, why, sizeof(why))) {
				ret = cli_usage_error(&cmd_record, "%s", why);
				goto out;
			}
			break;
		case OPT_UNTIL: o.until_command_exits = true; break;
		case OPT_SCOPE: o.scope = true; break;
		case OPT_PEERS: o.follow_peers = true; break;
		case OPT_LINGER:
			if ((ret = cli_parse_secs(&cmd_record, "--linger", optarg, &o.linger)))
				goto out;
			break;
		case OPT_ROTATE: case OPT_EVERY: case OPT_STATS:
			if ((ret = long_run_opt(&o, c, optarg)))
				goto out;
			break;
		case 'v': trail_verbose++; break;
		case OPT_POLICY:
			if ((ret = policyopt_load(&pol, &ta, optarg)))
				goto out;
			break;
		case 'h': cli_help(&cmd_record); ret = 0; goto out;
		default:
			ret = cli_bad_option(&cmd_record, argv);
			goto out;
		}
	}
	ret = c == TARGET_BAD ? 2 : job_opts_check(&o);
	if (!ret)
		ret = apply_policy(&pol, &sel, &o, failed_ops);
	if (!ret && sel.any) {	/* -e: in the kernel, by type and by syscall */
		event_sel_types(&sel, types);
		event_sel_ops(&sel, ops);
		if (o.syscalls)
			types[TE_syscall] = true;
		o.types = types;
		o.ops = ops;
	}
	if (!ret)
		ret = record_main(&o);
out:
	policy_release(&pol);
	target_args_release(&ta);
	return ret;
}

const struct cmd cmd_record = { "record", run, "record what a command, processes, a cgroup or the machine do", usage };
