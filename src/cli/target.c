// SPDX-License-Identifier: MIT
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/target.h"
#include "util/util.h"

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

/* "123,456": 0, or -1 with the bad item in bad. */
static int parse_pids(struct target_args *a, const char *list, char *bad, size_t badlen)
{
	const char *p = list;

	for (;;) {
		size_t len = strcspn(p, ",");
		char item[32], *end;
		long v;

		snprintf(item, sizeof(item), "%.*s", (int)(len < 31 ? len : 31), p);
		v = strtol(item, &end, 10);
		if (!len || len > 10 || *end || item[0] == '-' || item[0] == '+' || v <= 0 ||
		    v > INT_MAX) {
			snprintf(bad, badlen, "%.*s", (int)len, p);
			return -1;
		}
		a->pids = xrealloc(a->pids, (a->npids + 1) * sizeof(*a->pids));
		a->pids[a->npids++] = v;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

/* If getopt's opt is one of the options of target.h, takes it into a and o
 * and returns 1 (or 2 after a usage line for a bad value); 0 for another. */
static int target_opt(const struct cmd *c, struct target_args *a, struct record_opts *o,
		      int opt, const char *arg)
{
	char bad[64], *end;

	switch (opt) {
	case 'p':
		a->given++;
		if (parse_pids(a, arg, bad, sizeof(bad)))
			return cli_usage_error(c, "bad pid '%s'", bad);
		return 1;
	case 'G':
		a->given++;
		if (!*arg)
			return cli_usage_error(c, "--cgroup needs a path");
		a->cgroup = arg;
		return 1;
	case 'a':
		a->given++;
		a->all = true;
		return 1;
	case 'D':
		o->duration = strtod(arg, &end);
		if (end == arg || *end || !isfinite(o->duration) || o->duration <= 0 ||
		    o->duration > 1e8)
			return cli_usage_error(c, "bad duration '%s': seconds, more than 0", arg);
		return 1;
	case 'b':
		if (parse_size(arg, &o->ring_bytes))
			return cli_usage_error(c, "bad buffer size '%s': a power of two, at least 4K",
					       arg);
		return 1;
	case 's':
		if (!arg[strspn(arg, ",")])
			return cli_usage_error(c, "--syscall needs syscall names");
		if (a->syscalls) {	/* repeated: the lists add up */
			size_t n = strlen(a->syscalls) + strlen(arg) + 2;
			char *both = xmalloc(n);

			snprintf(both, n, "%s,%s", a->syscalls, arg);
			free(a->syscalls);
			a->syscalls = both;
		} else {
			a->syscalls = xstrdup(arg);
		}
		o->syscalls = a->syscalls;
		return 1;
	}
	return 0;
}

/* After the options: the one target, from a or the COMMAND at argv[optind],
 * into o->target.  0, or 2 after a usage line. */
static int target_finish(const struct cmd *c, struct target_args *a, struct record_opts *o,
			 int argc, char **argv)
{
	struct record_target *t = &o->target;
	bool command = optind < argc;

	if (a->given + command > 1 && a->policy_at[0])
		return cli_usage_error(c, "%s: the policy gives the target: not also -p, --cgroup, "
				       "-a or a COMMAND", a->policy_at);
	if (a->given + command > 1)
		return cli_usage_error(c, "one target at a time: -p PID, --cgroup PATH, -a or -- COMMAND");
	if (!a->given && !command)
		return cli_usage_error(c, "no target: give -p PID, --cgroup PATH, -a or -- COMMAND");
	if (!command && o->user)
		return cli_usage_error(c, "-u is for a command trail starts");
	if (!command && o->lossless)
		return cli_usage_error(c, "--lossless is for a command trail starts (it freezes its cgroup)");
	memset(t, 0, sizeof(*t));
	if (command) {
		t->kind = RECORD_COMMAND;
		t->argv = argv + optind;
	} else if (a->npids) {
		t->kind = RECORD_PIDS;
		t->pids = a->pids;
		t->npids = a->npids;
	} else if (a->cgroup) {
		t->kind = RECORD_CGROUP;
		t->cgroup = a->cgroup;
	} else {
		t->kind = RECORD_ALL;
	}
	return 0;
}

int target_getopt(const struct cmd *c, struct target_args *a, struct record_opts *o, int argc,
		  char **argv, const char *shortopts, const struct option *longopts)
{
	int opt, ret;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		/* -d: stat's short name for --duration (the others have no -d) */
		ret = target_opt(c, a, o, opt == 'd' ? 'D' : opt, optarg);
		if (!ret)
			return opt;
		if (ret != 1)
			return TARGET_BAD;
	}
	return target_finish(c, a, o, argc, argv) ? TARGET_BAD : -1;
}

void target_args_release(struct target_args *a)
{
	free(a->pids);
	free(a->syscalls);
	a->syscalls = NULL;
	a->pids = NULL;
	a->npids = 0;
}
