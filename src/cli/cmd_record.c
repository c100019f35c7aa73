// SPDX-License-Identifier: MIT
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "record/record.h"
#include "util/util.h"

static const char usage[] =
"usage: trail record [-o FILE] [-u USER] [--no-env] [--force] [--syscall NAMES] [-v]\n"
"                    -- COMMAND [ARGS...]\n"
"\n"
"Runs COMMAND and records what it and every process it starts do: forks,\n"
"execs (full argv and environment), exits, opens, closes and directory\n"
"changes, with exact paths.  Tracing starts before COMMAND's first\n"
"instruction; nothing outside its process tree is recorded (the filter runs\n"
"in the kernel).  trail exits with COMMAND's status (128+N if killed by\n"
"signal N).  Needs root (or CAP_BPF and CAP_PERFMON).\n"
"\n"
"  -o, --output FILE    write the recording to FILE (default trail.data);\n"
"                       created mode 0600, never through a symlink\n"
"  -f, --force          overwrite FILE if it exists\n"
"  -u, --user USER      run COMMAND as USER (name or uid), with its groups.\n"
"                       Under sudo the default is the invoking user, so that\n"
"                       'sudo trail record -- make' leaves no root-owned files;\n"
"                       '-u root' keeps root.  Under sudo FILE is given to the\n"
"                       invoking user.\n"
"      --no-env         do not record environments (they may hold secrets)\n"
"      --lossless       never drop events: run COMMAND in a cgroup of its own\n"
"                       and freeze it while the ring buffer is a quarter full\n"
"                       (slows COMMAND down instead; cgroup v2 or v1 freezer)\n"
"  -z, --compress       compress the recording (zlib, per chunk): about a\n"
"                       fifth of the size, for some CPU in the recorder\n"
"  -b, --buffer-size N  ring buffer size in bytes (K/M suffix; power of 2,\n"
"                       default 64M)\n"
"  -s, --syscall NAME[,NAME...]\n"
"                       also record these syscalls (up to 16 that trail does not\n"
"                       trace already), every call, as 'syscall' events: the\n"
"                       arguments named and typed as the kernel's tracepoint\n"
"                       format says (char * read as a string, at exit; other\n"
"                       values raw) and the result.  Mounts tracefs on\n"
"                       /sys/kernel/tracing for the time of reading the formats\n"
"                       if it is not mounted.  See docs/syscalls.md\n"
"  -v, --verbose        show libbpf's messages (twice: debug)\n"
"\n"
"examples:\n"
"  sudo trail record -o build.trail -- make -j8\n"
"  sudo trail record --no-env -- ./install.sh\n"
"  sudo trail record --syscall getrandom,uname -- python3 -c 'import os'\n";

static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	if (end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end || v < 4096 || v > (1ull << 32) || (v & (v - 1)))
		return -1;
	*out = v;
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
		{ "buffer-size", required_argument, NULL, 'b' },
		{ "syscall", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct record_opts o = { .output = DEFAULT_FILE, .ring_bytes = 64u << 20 };
	char *syscalls = NULL;
	int c, ret;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+o:fu:b:s:zvh", opts, NULL)) != -1) {
		switch (c) {
		case 'o': o.output = optarg; break;
		case 'f': o.force = true; break;
		case 'u': o.user = optarg; break;
		case 'E': o.no_env = true; break;
		case 'L': o.lossless = true; break;
		case 'z': o.compress = true; break;
		case 'b':
			if (parse_size(optarg, &o.ring_bytes)) {
				ret = cli_usage_error(&cmd_record, "bad buffer size '%s': a power of two, at least 4K", optarg);
				goto out;
			}
			break;
		case 's':
			if (!optarg[strspn(optarg, ",")]) {
				ret = cli_usage_error(&cmd_record, "--syscall needs syscall names");
				goto out;
			}
			/* repeated: the lists add up */
			if (o.syscalls) {
				size_t n = strlen(o.syscalls) + strlen(optarg) + 2;
				char *both = xmalloc(n);

				snprintf(both, n, "%s,%s", o.syscalls, optarg);
				free(syscalls);
				o.syscalls = syscalls = both;
			} else {
				o.syscalls = optarg;
			}
			break;
		case 'v': trail_verbose++; break;
		case 'h': cli_help(&cmd_record); ret = 0; goto out;
		case '?':
			ret = cli_bad_option(&cmd_record, argv);
			goto out;
		}
	}
	if (optind >= argc)
		ret = cli_usage_error(&cmd_record, "no command to record");
	else
		o.argv = argv + optind, ret = record_main(&o);
out:
	free(syscalls);
	return ret;
}

const struct cmd cmd_record = { "record", run, "run a command and record what it does", usage };
