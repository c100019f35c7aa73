// SPDX-License-Identifier: MIT
/*
 * compile-commands: a Clang JSON compilation database from the recorded
 * compiler execs, made to agree with Bear's (docs/export.md says where it
 * differs).  Streamed: only the pids inside a compiler call are kept.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "export/export.h"
#include "model/model.h"
#include "util/json.h"
#include "util/util.h"

static const char *base(const char *s)
{
	const char *b = strrchr(s, '/');

	return b ? b + 1 : s;
}

static bool streq_any(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

bool compdb_is_compiler(const char *name)
{
	static const char *const names[] = { "cc", "c++", "gcc", "g++", "clang", "clang++", NULL };
	const char *dash = strrchr(name, '-'), *p;
	size_t len = strlen(name), n;
	int i;

	/* a version suffix: gcc-12, clang-14, gcc-12.2 */
	if (dash && dash[1] >= '0' && dash[1] <= '9') {
		for (p = dash + 1; *p && ((*p >= '0' && *p <= '9') || *p == '.'); p++)
			;
		if (!*p)
			len = dash - name;
	}
	for (i = 0; names[i]; i++) {
		n = strlen(names[i]);
		/* the name, alone or after a target prefix (x86_64-linux-gnu-) */
		if (len >= n && !memcmp(name + len - n, names[i], n) &&
		    (len == n || name[len - n - 1] == '-'))
			return true;
	}
	return false;
}

static bool is_source(const char *a)
{
	static const char *const exts[] = { "c", "i", "ii", "cc", "cp", "cxx", "cpp", "CPP", "c++",
					    "C", "m", "mi", "mm", "M", "mii", "s", "S", "sx", NULL };
	const char *dot = strrchr(a, '.');

	return dot && dot != a && dot[-1] != '/' && streq_any(dot + 1, exts);
}

/* gcc and clang options whose value is the next argument */
static bool takes_value(const char *a)
{
	static const char *const opts[] = {
		"-I", "-D", "-U", "-x", "-include", "-imacros", "-isystem", "-iquote", "-idirafter",
		"-iprefix", "-iwithprefix", "-iwithprefixbefore", "-isysroot", "-imultilib",
		"-MF", "-MT", "-MQ", "-Xpreprocessor", "-Xassembler", "-Xlinker", "-Xclang",
		"-aux-info", "-L", "-l", "-T", "-u", "-z", "-e", "--param", "-target", "-arch",
		"--sysroot", "-specs", "-dumpbase", "-dumpdir", NULL };

	return streq_any(a, opts);
}

bool compdb_parse(char *const *argv, int argc, struct compile_call *cc)
{
	static const char *const wrappers[] = { "ccache", "distcc", "sccache", "icecc", NULL };
	bool preprocess = false;
	int i;

	memset(cc, 0, sizeof(*cc));
	cc->out = -1;
	while (cc->first < argc && streq_any(base(argv[cc->first]), wrappers))
		cc->first++;
	if (cc->first >= argc || !compdb_is_compiler(base(argv[cc->first])))
		return false;
	for (i = cc->first + 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-cc1") || !strcmp(a, "-cc1as"))
			return false;	/* clang's own front end, run by the driver */
		if (!strcmp(a, "-E") || !strcmp(a, "-M") || !strcmp(a, "-MM"))
			preprocess = true;
		else if (!strcmp(a, "-c") && cc->stop != 'S')
			cc->stop = 'c';
		else if (!strcmp(a, "-S"))
			cc->stop = 'S';
		else if (!strcmp(a, "-o") && i + 1 < argc)
			cc->out = ++i;
		else if (takes_value(a))
			i++;
		else if (a[0] != '-' && is_source(a) && cc->nsrcs < COMPDB_MAX_SRCS)
			cc->srcs[cc->nsrcs++] = i;
	}
	return !preprocess && cc->nsrcs > 0;
}

/* What the compiler writes without -o: x.o, x.s, or a.out when it links. */
static void default_output(const char *src, char stop, char *out, size_t len)
{
	const char *b = base(src), *dot = strrchr(b, '.');

	if (!stop)
		snprintf(out, len, "a.out");
	else
		snprintf(out, len, "%.*s.%c", (int)(dot - b), b, stop == 'S' ? 's' : 'o');
}

static void jpath(FILE *out, const char *key, const char *dir, const char *p)
{
	char buf[PATH_MAX * 2];

	fprintf(out, ", \"%s\": ", key);
	if (path_fold(p[0] == '/' ? NULL : dir, p, strlen(p), buf, sizeof(buf)))
		json_str(out, buf, strlen(buf));
	else
		json_str(out, p, strlen(p));
}

static void entry(FILE *out, const char *dir, char *const *argv, int argc,
		  const struct compile_call *cc, int src)
{
	char def[PATH_MAX];
	int i, k, n = 0;

	fputs("  {\"directory\": ", out);
	json_str(out, dir, strlen(dir));
	fputs(", \"arguments\": [", out);
	for (i = cc->first; i < argc; i++) {
		/* one translation unit an entry: the other sources are left out */
		for (k = 0; k < cc->nsrcs; k++)
			if (cc->srcs[k] == i && i != src)
				break;
		if (k < cc->nsrcs)
			continue;
		if (n++)
			fputs(", ", out);
		json_str(out, argv[i], strlen(argv[i]));
	}
	fputs("]", out);
	jpath(out, "file", dir, argv[src]);
	if (cc->out >= 0) {
		jpath(out, "output", dir, argv[cc->out]);
	} else {
		default_output(argv[src], cc->stop, def, sizeof(def));
		jpath(out, "output", dir, def);
	}
	fputs("}", out);
}

int export_compdb(struct export_ctx *x, FILE *out)
{
	struct u32map inside = { 0 };	/* pids of compiler calls and their children */
	struct strtab *seen = strtab_new();
	uint32_t nseen = 0;
	FILE *mem;
	char *text = NULL;
	size_t textlen = 0;
	struct trail_event ev;
	struct compile_call cc;
	char *buf = NULL, **argv = NULL, *dir;
	size_t cap = 0, acap = 0;
	bool first = true;
	int ret, argc, k;

	mem = open_memstream(&text, &textlen);
	if (!mem) {
		strtab_free(seen);
		return msgf(x->err, x->errlen, EXPORT_EOUT, "out of memory");
	}
	fputs("[\n", out);
	while ((ret = replay__next(x->r, &ev)) > 0) {
		uint32_t pid = ev.hdr->pid;
		struct blob_iter it;
		struct tstr s;

		progress_tick(x->progress, replay__offset(x->r));
		if (ev.type == TE_fork) {
			if (ev.fork->child_tid && ev.fork->child_pid != pid && u32map_get(&inside, pid))
				u32map_put(&inside, ev.fork->child_pid, (void *)1);
			continue;
		}
		if (ev.type == TE_exit && (ev.hdr->flags & TRAIL_F_GROUP_DEAD)) {
			u32map_del(&inside, pid);
			continue;
		}
		/* the inner calls of a wrapper or driver (ccache's gcc, cc1, as)
		 * are part of the call already written */
		if (ev.type != TE_exec || ev.ret < 0 || u32map_get(&inside, pid) ||
		    (ev.hdr->flags & TRAIL_F_ARGV_TRUNC) || !ev.cwd.len || !ev.argv_n)
			continue;
		if (ev.argv.len + ev.cwd.len + 2 > cap) {
			cap = ev.argv.len + ev.cwd.len + 2;
			buf = xrealloc(buf, cap);
		}
		if (ev.argv_n + 1 > acap) {
			acap = ev.argv_n + 1;
			argv = xrealloc(argv, acap * sizeof(*argv));
		}
		memcpy(buf, ev.argv.p, ev.argv.len);
		buf[ev.argv.len] = '\0';
		it = (struct blob_iter){ buf, buf + ev.argv.len };
		for (argc = 0; argc < (int)ev.argv_n && blob_next(&it, &s); argc++)
			argv[argc] = (char *)s.p;
		argv[argc] = NULL;
		/* blob strings end in a NUL, but the last may run to the end */
		dir = buf + ev.argv.len + 1;
		memcpy(dir, ev.cwd.p, ev.cwd.len);
		dir[ev.cwd.len] = '\0';
		if (!compdb_parse(argv, argc, &cc))
			continue;
		u32map_put(&inside, pid, (void *)1);
		for (k = 0; k < cc.nsrcs; k++) {
			size_t len;

			/* an entry made again (the same compilation run twice, as
			 * Bear does) is written once */
			rewind(mem);
			entry(mem, dir, argv, argc, &cc, cc.srcs[k]);
			fflush(mem);
			len = (size_t)ftello(mem);
			if (strtab_intern(seen, text, len) <= nseen)
				continue;
			nseen++;
			fputs(first ? "" : ",\n", out);
			first = false;
			fwrite(text, 1, len, out);
		}
		if (ferror(out))
			break;
	}
	fputs(first ? "]\n" : "\n]\n", out);
	free(buf);
	free(argv);
	fclose(mem);
	free(text);
	strtab_free(seen);
	u32map_release(&inside);
	if (ret >= 0 && (fflush(out) || ferror(out)))
		return msgf(x->err, x->errlen, EXPORT_EOUT, "write error: %s", strerror(errno));
	return ret;
}
