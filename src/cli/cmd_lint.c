// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cli/cli.h"
#include "views/lint.h"
#include "util/util.h"

#define DECL_MAX (256u << 20)   /* a make database or ninja file, at most */

static const char usage[] =
"usage: trail lint [--format text|json | --json] [--makefile-db FILE | --ninja-dir DIR]\n"
"                  [--only-under DIR] [--allow PATH]... [--no-default-allow]\n"
"                  [--ignore KIND]... [FILE]\n"
"\n"
"The build bugs the recorded run (default trail.data) proves (docs/lint.md):\n"
"  write-write           two unrelated commands wrote the same file\n"
"  stale-read            a command read a file that a later command rewrote\n"
"  concurrent-rw         a reader and a writer of one file ran at the same time\n"
"  undeclared-input      a target's command read a project file the build does\n"
"                        not list among its prerequisites (needs a declaration)\n"
"  undeclared-output     a project file written that no rule declares (same)\n"
"  non-hermetic          a file outside the project read or written ($HOME,\n"
"                        /tmp leftovers), or a network peer contacted\n"
"  missing-then-created  a path looked up in vain that a later command created\n"
"Exit status: 0 no hazard, 1 hazards found, 2 error.\n"
"\n"
"  -f, --format F        text (default) or json\n"
"  -j, --json            the same as --format json\n"
"  -m, --makefile-db FILE  make's database (make -pn > FILE) declares the targets\n"
"  -n, --ninja-dir DIR   ninja's build dir: build.ninja and 'ninja -t deps'\n"
"  -u, --only-under DIR  the project (default: the recorded working directory)\n"
"  -a, --allow PATH      never report PATH or what is below it; a glob when it\n"
"                        holds * ? or [ (repeatable)\n"
"      --no-default-allow  report system paths too (/usr, /lib, /etc/ld.so.*,\n"
"                        /proc, /sys, /dev...)\n"
"  -i, --ignore KIND     do not report this kind (repeatable)\n"
"\n"
"examples:\n"
"  trail record -o build.trail -- make -j8 && trail lint build.trail\n"
"  make -pn > make.db; trail lint --makefile-db make.db build.trail\n"
"  trail lint --ninja-dir build --format json build.trail | jq '.hazards[].kind'\n"
"  trail lint --allow \"$HOME/.cache/ccache\" --ignore stale-read build.trail\n";

/* At most max bytes of fd; 0, or -errno (-EFBIG beyond max). */
static int read_fd(int fd, char **out, size_t *len, size_t max)
{
	size_t cap = 65536, n = 0;
	char *buf = xmalloc(cap);
	ssize_t k;

	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				free(buf);
				return -EFBIG;
			}
			cap = cap * 2 > max ? max : cap * 2;
			buf = xrealloc(buf, cap);
		}
		k = read(fd, buf + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			free(buf);
			return -errno;
		}
		if (!k)
			break;
		n += (size_t)k;
	}
	*out = buf;
	*len = n;
	return 0;
}

static int read_path(const char *path, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return -errno;
	ret = read_fd(fd, out, len, DECL_MAX);
	close(fd);
	return ret;
}

/* Files build.ninja names, relative to the build dir. */
static int ninja_load(void *ctx, const char *rel, char **text, size_t *len)
{
	char path[4096];

	if (rel[0] == '/')
		return read_path(rel, text, len);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", (const char *)ctx, rel) >= sizeof(path))
		return -ENAMETOOLONG;
	return read_path(path, text, len);
}

/* `ninja -C dir -t deps`: its output, or -errno / -ECHILD when it failed. */
static int ninja_deps(const char *dir, char **out, size_t *len)
{
	char *argv[] = { "ninja", "-C", (char *)dir, "-t", "deps", NULL };
	posix_spawn_file_actions_t fa;
	int p[2], st, ret;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	ret = -posix_spawnp(&pid, "ninja", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (ret) {
		close(p[0]);
		return ret;
	}
	ret = read_fd(p[0], out, len, DECL_MAX);
	close(p[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!ret && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
		free(*out);
		ret = -ECHILD;
	}
	return ret;
}

static int load_makedb(struct build_decl *d, const char *file, const char *cwd)
{
	char err[256], *text;
	size_t len;
	int ret = read_path(file, &text, &len);

	if (ret < 0) {
		trail_err("can't read '%s': %s", file, strerror(-ret));
		return ret;
	}
	ret = build_decl_make(d, text, len, cwd, err, sizeof(err));
	free(text);
	if (ret < 0)
		trail_err("'%s' is not a make database: %s", file, err);
	return ret;
}

static int load_ninja(struct build_decl *d, const char *dir)
{
	char err[256], *text;
	size_t len;
	int ret = build_decl_ninja(d, dir, ninja_load, (void *)dir, err, sizeof(err));

	if (ret < 0) {
		trail_err("can't use '%s/build.ninja': %s", dir, err);
		return ret;
	}
	ret = ninja_deps(dir, &text, &len);
	if (ret < 0) {
		trail_err("'ninja -C %s -t deps' failed: %s", dir,
			  ret == -ECHILD ? "it exited with an error" : strerror(-ret));
		return ret;
	}
	ret = build_decl_ninja_deps(d, text, len, dir, err, sizeof(err));
	free(text);
	if (ret < 0)
		trail_err("%s", err);
	return ret;
}

struct lint_args {
	struct lint_opts o;
	const char *makedb;
	char *ninja, *only;
	char **allow;
	size_t nallow;
};

static int parse(struct lint_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "makefile-db", required_argument, NULL, 'm' },
		{ "ninja-dir", required_argument, NULL, 'n' },
		{ "only-under", required_argument, NULL, 'u' },
		{ "allow", required_argument, NULL, 'a' },
		{ "no-default-allow", no_argument, NULL, 'D' },
		{ "ignore", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c, k;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:jm:n:u:a:i:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return cli_usage_error(&cmd_lint, "unknown format '%s' (text, json)", optarg);
			a->o.format = strcmp(optarg, "json") ? LINT_TEXT : LINT_JSON;
			break;
		case 'j': a->o.format = LINT_JSON; break;
		case 'm': a->makedb = optarg; break;
		case 'n': free(a->ninja); a->ninja = cli_dir_arg(optarg); break;
		case 'u': free(a->only); a->only = cli_dir_arg(optarg); break;
		case 'a':
			a->allow = xrealloc(a->allow, (a->nallow + 2) * sizeof(*a->allow));
			a->allow[a->nallow++] = optarg;
			a->allow[a->nallow] = NULL;
			break;
		case 'D': a->o.no_default_allow = true; break;
		case 'i':
			if ((k = lint_kind_parse(optarg)) < 0)
				return cli_usage_error(&cmd_lint, "unknown hazard kind '%s'", optarg);
			a->o.ignore |= 1u << k;
			break;
		case 'h': cli_help(&cmd_lint); return 1;
		default:
			return cli_bad_option(&cmd_lint, argv);
		}
	}
	if (a->makedb && a->ninja)
		return cli_usage_error(&cmd_lint, "--makefile-db and --ninja-dir exclude each other");
	a->o.allow = a->allow;
	a->o.project = a->only;
	return 0;
}

static int run(int argc, char **argv)
{
	struct lint_args a = { .o.format = LINT_TEXT };
	struct build_decl decl;
	struct replay *r = NULL;
	const char *path;
	size_t found = 0;
	int ret;

	build_decl_init(&decl);
	ret = parse(&a, argc, argv);
	if (ret) {
		ret = ret == 1 ? 0 : 2;
		goto out;
	}
	ret = 2;
	if (cli_file_arg(&cmd_lint, argc, argv, &path) || !(r = cli_open(path)))
		goto out;
	if ((a.makedb && load_makedb(&decl, a.makedb, replay__info(r)->cwd) < 0) ||
	    (a.ninja && load_ninja(&decl, a.ninja) < 0))
		goto out;
	if (a.makedb || a.ninja)
		a.o.decl = &decl;
	ret = lint_run(r, &a.o, stdout, &found);
	ret = cli_finish(r, path, ret) ? 2 : found ? 1 : 0;
out:
	if (r)
		replay__free(r);
	build_decl_release(&decl);
	free(a.allow);
	free(a.ninja);
	free(a.only);
	return ret;
}

const struct cmd cmd_lint = { "lint", run, "build hazards a recording proves: races, undeclared deps",
			      usage };
