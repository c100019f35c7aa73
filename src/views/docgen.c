// SPDX-License-Identifier: MIT
/*
 * The parts of docs/syscalls.md and docs/json.md that say what
 * syscalls.def says, written from the table itself: `make docs` rewrites
 * them, and test_docs fails when the committed docs differ.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/systab.h"
#include "util/util.h"
#include "views/docgen.h"
#include "views/print.h"

#define BEGIN_MARK "<!-- generated: "
#define END_MARK "<!-- end of generated: "

static const char *const class_docs[] = {
	[TRAIL_CLASS_SYS] = "exit",
	[TRAIL_CLASS_EXEC] = "`sched_process_exec`; a failure at exit",
	[TRAIL_CLASS_CLONE] = "`sched_process_fork`; a failure at exit",
	[TRAIL_CLASS_WRITE] = "entry, the first write to each open file",
};

static const char *const real_docs[] = {
	[TRAIL_REAL_NONE] = "",
	[TRAIL_REAL_RETFD] = "`real`: the file the new descriptor is open on",
	[TRAIL_REAL_CWD] = "`cwd`: the new working directory",
	[TRAIL_REAL_ROOT] = "`root`: the new root",
	[TRAIL_REAL_FDARG] = "`real`: the file behind the descriptor argument",
	[TRAIL_REAL_ATFD] = "`real`: the file behind `dirfd` when the path is empty",
	[TRAIL_REAL_SOCK] = "`local`: the socket's local address",
	[TRAIL_REAL_PEER] = "`peer`: the peer's address",
};

/* | event | syscalls |, in the order of the event types */
static void gen_events(FILE *out)
{
	int t;
	unsigned int op;

	fputs("| event | syscalls |\n| --- | --- |\n", out);
	for (t = 0; t < TE__MAX; t++) {
		int n = 0;

		for (op = 0; op < TRAIL_SYS_MAX; op++) {
			const struct sys_info *si = systab_get(op);

			if ((int)si->type != t)
				continue;
			if (n++)
				fprintf(out, ", %s", si->name);
			else
				fprintf(out, "| %s | %s", event_type_name(t), si->name);
		}
		if (n)
			fputs(" |\n", out);
	}
}

static void gen_syscalls(FILE *out)
{
	unsigned int op;
	int i;

	fputs("| syscall | event | recorded at | arguments: name (kind) | the kernel resolves |\n"
	      "| --- | --- | --- | --- | --- |\n", out);
	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		const struct sys_info *si = systab_get(op);

		fprintf(out, "| %s | %s | %s | ", si->name, event_type_name(si->type),
			class_docs[si->class]);
		for (i = 0; si->args[i]; i++) {
			const char *name = si->argname[i];
			bool text_only = name[0] == '_';

			fprintf(out, "%s`%s` (%c%s)", i ? ", " : "", name + text_only, si->args[i],
				text_only ? ", text only" : "");
		}
		fprintf(out, " | %s |\n", real_docs[si->real]);
	}
}

static void gen_kinds(FILE *out)
{
	const char *k;

	fputs("| kind | what it is | in JSON |\n| --- | --- | --- |\n", out);
	for (k = SYS_ARG_KINDS; *k; k++) {
		const struct arg_kind *ak = arg_kind_get(*k);

		fprintf(out, "| `%c` | %s | %s |\n", *k, ak->doc, arg_kind_json_form(ak));
	}
}

/* The JSON keys of one syscall's event, in the order they come. */
static void json_keys(FILE *out, const struct sys_info *si)
{
	int i, n = 0, paths = 0;

	for (i = 0; si->args[i]; i++) {
		const char *name = si->argname[i];
		char c = si->args[i];

		if (c == 'a' || name[0] == '_')
			continue;
		if (c == 'H')
			fprintf(out, "%s`flags`, `mode`, `resolve`", n++ ? ", " : "");
		else
			fprintf(out, "%s`%s`", n++ ? ", " : "", name);
		if (c == 'p')
			fprintf(out, ", `%s`", paths++ ? "abs2" : "abs");
	}
	if (si->real != TRAIL_REAL_NONE)
		fprintf(out, "%s`%s`", n++ ? ", " : "", real_key_of(si->real));
	if (si->real == TRAIL_REAL_RETFD)
		fprintf(out, ", `fd`");
}

static void gen_json_keys(FILE *out)
{
	unsigned int op;

	fputs("| syscall | event | keys |\n| --- | --- | --- |\n", out);
	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		const struct sys_info *si = systab_get(op);

		if (si->class == TRAIL_CLASS_EXEC || si->class == TRAIL_CLASS_CLONE)
			continue;	/* their events have keys of their own */
		fprintf(out, "| %s | %s | ", si->name, event_type_name(si->type));
		json_keys(out, si);
		fputs(" |\n", out);
	}
}

static void gen_event_names(FILE *out)
{
	int t;

	for (t = 0; t < TE__MAX; t++)
		fprintf(out, "%s`%s`", t ? ", " : "", event_type_name(t));
	fputc('\n', out);
}

static const struct {
	const char *name;
	void (*gen)(FILE *out);
} regions[] = {
	{ "events", gen_events },
	{ "syscalls", gen_syscalls },
	{ "arg_kinds", gen_kinds },
	{ "json_keys", gen_json_keys },
	{ "event_names", gen_event_names },
};

static int region_gen(FILE *out, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(regions); i++)
		if (strlen(regions[i].name) == len && !memcmp(regions[i].name, name, len)) {
			regions[i].gen(out);
			return 0;
		}
	return -ENOENT;
}

int docgen_render(const char *in, FILE *out, char *err, size_t errlen)
{
	const char *p = in, *b;

	while ((b = strstr(p, BEGIN_MARK))) {
		const char *name = b + strlen(BEGIN_MARK), *eol = strchr(b, '\n'), *e;
		size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyz_");
		char end[96];

		if (!eol || !len || len >= 64)
			return snprintf(err, errlen, "a generated part without its name"), -EINVAL;
		snprintf(end, sizeof(end), END_MARK "%.*s -->", (int)len, name);
		e = strstr(eol, end);
		if (!e)
			return snprintf(err, errlen, "no '%s'", end), -EINVAL;
		fwrite(p, 1, eol + 1 - p, out);
		if (region_gen(out, name, len))
			return snprintf(err, errlen, "no generated part '%.*s'", (int)len, name),
			       -ENOENT;
		p = e;
	}
	fputs(p, out);
	return 0;
}

char *docgen_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096)
			buf = xrealloc(buf, cap += 65536);
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n && len < DOCGEN_MAX);
	buf[len] = '\0';
	if (ferror(f) || len >= DOCGEN_MAX) {
		free(buf);
		buf = NULL;
		errno = EFBIG;
	}
	fclose(f);
	return buf;
}
