// SPDX-License-Identifier: MIT
/* trail: record what a command does with eBPF, then look at it. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "record/probe.h"
#include "util/util.h"

static const struct cmd *const cmds[] = {
	&cmd_record, &cmd_watch, &cmd_stat, &cmd_show, &cmd_tree, &cmd_summary, &cmd_deps, &cmd_graph,
	&cmd_lint, &cmd_export, &cmd_report, &cmd_diff,
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: trail <command> [options] [args]\n\n"
		   "Records what a command and all its descendants do to processes and\n"
		   "files, with eBPF (no ptrace), then shows the recording.\n\ncommands:\n");
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-8s %s\n", cmds[i]->name, cmds[i]->summary);
	fprintf(f, "\nexamples:\n"
		   "  sudo trail record -o build.trail -- make -j8\n"
		   "  sudo trail watch -a --event exec\n"
		   "  trail show build.trail\n"
		   "  trail show --json --event exec build.trail | jq .argv\n"
		   "  trail tree build.trail\n\n"
		   "'trail <command> --help' for a command's options; 'trail version\n"
		   "--features' for what this kernel offers trail (root).\n");
}

static const struct cmd *find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(cmds[i]->name, name))
			return cmds[i];
	return NULL;
}

/* trail version [--features]: with --features, what the running kernel
 * offers and which way trail records on it (src/record/probe.c). */
static int version(int argc, char **argv)
{
	printf("trail %s\n", TRAIL_VERSION);
	if (argc < 3)
		return 0;
	if (argc > 3 || strcmp(argv[2], "--features")) {
		trail_err("unknown option '%s' (see 'trail --help')", argv[2]);
		return 2;
	}
	if (geteuid() != 0) {
		trail_err("probing the kernel's features needs root");
		return 2;
	}
	putchar('\n');
	kfeatures_print(kfeatures_get());
	return 0;
}

int main(int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))
		return version(argc, argv);
	if (!strcmp(argv[1], "help")) {
		if (argc > 2 && (c = find(argv[2]))) {
			cli_help(c);
			return 0;
		}
		usage(stdout);
		return argc > 2 ? 2 : 0;
	}
	c = find(argv[1]);
	if (!c) {
		trail_err("'%s' is not a trail command; see 'trail --help'", argv[1]);
		return 2;
	}
	return c->run(argc - 1, argv + 1);
}
