// SPDX-License-Identifier: MIT
/*
 * syscalls.def is the truth: every row's arguments are kinds the printers
 * know, with JSON keys that do not collide, and the committed docs say
 * what the table says (`make docs` writes them).
 */
#include <errno.h>
#include <stdlib.h>
#include "harness.h"
#include "model/systab.h"
#include "views/docgen.h"
#include "views/print.h"

/* Keys every event, or every syscall event, has already. */
static const char taken[] = " time_ns time pid tid comm uid gid event syscall ret error truncated "
			    "via_pid "
			    "nspid cgroup_id mntns pidns netns userns abs abs2 real cwd root "
			    "local peer ";

TEST(rows)
{
	unsigned int op;
	int i, j, bad_kind = 0, dup = 0, clash = 0;
	char msg[200];

	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		const struct sys_info *si = systab_get(op);

		for (i = 0; si->args[i]; i++) {
			const char *n = si->argname[i];
			char probe[SYS_ARGNAME_MAX + 2];

			if (!arg_kind_get(si->args[i])) {
				bad_kind++;
				printf("  %s: kind '%c' has no printer\n", si->name, si->args[i]);
			}
			if (si->args[i] == 'a' || si->args[i] == 'H' || n[0] == '_')
				continue;
			snprintf(probe, sizeof(probe), " %s ", n);
			if (strstr(taken, probe) ||
			    (si->real == TRAIL_REAL_RETFD && !strcmp(n, "fd"))) {
				clash++;
				printf("  %s: argument '%s' is a key the event has already\n", si->name, n);
			}
			for (j = 0; j < i; j++)
				if (!strcmp(si->argname[j], n)) {
					dup++;
					printf("  %s: two arguments named '%s'\n", si->name, n);
				}
		}
	}
	snprintf(msg, sizeof(msg), "every kind in syscalls.def has a printer (%d without)", bad_kind);
	CHECK(!bad_kind, msg);
	snprintf(msg, sizeof(msg), "no row names two arguments alike (%d do)", dup);
	CHECK(!dup, msg);
	snprintf(msg, sizeof(msg), "no argument takes a key every event has (%d do)", clash);
	CHECK(!clash, msg);
	for (i = 0; SYS_ARG_KINDS[i]; i++)
		if (!arg_kind_get(SYS_ARG_KINDS[i]))
			break;
	CHECK(!SYS_ARG_KINDS[i], "every kind syscalls.def may use has a printer");
}

/* The committed page is what the table generates. */
static void same_as_generated(const char *path)
{
	char *want = docgen_read(path), *got = NULL, err[160] = "", msg[300];
	size_t len = 0;
	FILE *f = open_memstream(&got, &len);
	int rc = want ? docgen_render(want, f, err, sizeof(err)) : -1;

	fclose(f);
	snprintf(msg, sizeof(msg), "%s is what syscalls.def says (if not: make docs)%s%s",
		 path, err[0] ? ": " : "", err);
	CHECK(rc == 0 && want && !strcmp(got, want), msg);
	free(want);
	free(got);
}

TEST(docs)
{
	char *bad;
	char err[160] = "";
	FILE *f = fopen("/dev/null", "w");

	same_as_generated("docs/syscalls.md");
	same_as_generated("docs/json.md");
	bad = "x\n<!-- generated: events -->\nno end\n";
	CHECK(docgen_render(bad, f, err, sizeof(err)) == -EINVAL && strstr(err, "end of generated"),
	      "a generated part without its end is refused");
	bad = "<!-- generated: nosuch -->\n<!-- end of generated: nosuch -->\n";
	CHECK(docgen_render(bad, f, err, sizeof(err)) == -ENOENT, "an unknown part is refused");
	fclose(f);
}

int main(void)
{
	RUN(rows);
	RUN(docs);
	return harness_done();
}
