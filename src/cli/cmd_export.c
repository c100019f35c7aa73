// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/cli.h"
#include "export/export.h"
#include "util/util.h"

static const char usage[] =
"usage: trail export --format F [-o OUT] [--force] [--no-env] [--with-files] [filters] [FILE]\n"
"\n"
"Writes a recording (default trail.data) in a format other tools read\n"
"(docs/export.md):\n"
"  jsonl             the objects of 'show --json', one a line (streamed)\n"
"  sqlite            a SQLite database: processes, commands, events, files,\n"
"                    paths, meta (needs -o)\n"
"  chrome            Chrome trace-event JSON for Perfetto or chrome://tracing:\n"
"                    a track and a lifetime slice per process\n"
"  compile-commands  compile_commands.json (Clang's compilation database) of\n"
"                    the recorded C/C++ compilations, as Bear makes it\n"
"\n"
"  -f, --format F     jsonl, sqlite, chrome or compile-commands\n"
"  -o, --output OUT   write to OUT (default: stdout; sqlite needs it); an\n"
"                     existing OUT is not overwritten without --force\n"
"      --force        replace an existing OUT (a regular file only)\n"
"      --no-env       leave every environment out (they hold tokens and\n"
"                     passwords); OUT is made mode 0600 either way\n"
"      --with-files   chrome: file opens as instant events\n"
"  jsonl only, as in 'trail show': -p/--pid PID, -c/--children, --comm NAME,\n"
"  -e/--event LIST, --failed, --path GLOB\n"
"\n"
"examples:\n"
"  trail export --format sqlite -o build.db build.trail\n"
"  sqlite3 build.db \"SELECT args FROM processes WHERE exit_code != 0\"\n"
"  trail export --format chrome --with-files -o build.json build.trail\n"
"  trail export --format compile-commands -o compile_commands.json build.trail\n"
"  trail export --format jsonl --event exec build.trail | jq -c .argv\n";

enum fmt { F_NONE, F_JSONL, F_SQLITE, F_CHROME, F_COMPDB };

/* A new output file: never over an existing one without force, never
 * through a symlink, and force removes only a regular file. */
static int create_out(const char *path, bool force)
{
	struct stat st;
	int fd;

	if (force && lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			trail_err("'%s' exists and is not a regular file; not replacing it", path);
			return -1;
		}
		if (unlink(path)) {
			trail_err("can't replace '%s': %s", path, strerror(errno));
			return -1;
		}
	}
	fd = output_create(path);	/* 0600: an export holds argv and environments */
	if (fd == -EEXIST)
		trail_err("'%s' exists; use --force to replace it", path);
	else if (fd < 0)
		trail_err("can't create '%s': %s", path, strerror(-fd));
	return fd;
}

static int export(enum fmt fmt, struct replay *r, struct filter *f, bool with_files,
		  const char *path, const char *outp, bool force, bool no_env)
{
	char why[512] = "";
	struct progress pr;
	struct export_ctx x = { .r = r, .progress = &pr, .err = why, .errlen = sizeof(why),
				.no_env = no_env };
	FILE *out = stdout;
	int fd = -1, ret;

	if (outp) {
		fd = create_out(outp, force);
		if (fd < 0)
			return 1;
		if (fmt == F_SQLITE) {
			close(fd);
		} else if (!(out = fdopen(fd, "w"))) {
			trail_err("can't write '%s': %s", outp, strerror(errno));
			close(fd);
			unlink(outp);
			return 1;
		}
	}
	progress_start(&pr, "export", path);
	switch (fmt) {
	case F_SQLITE: ret = export_sqlite(&x, outp); break;
	case F_CHROME: ret = export_chrome(&x, with_files, out); break;
	case F_COMPDB: ret = export_compdb(&x, out); break;
	default: ret = export_jsonl(&x, f, out); break;
	}
	progress_end(&pr);
	if (out != stdout && fclose(out) && ret == 0)
		ret = msgf(why, sizeof(why), EXPORT_EOUT, "%s", strerror(errno));
	if (ret == EXPORT_EOUT) {
		trail_err("can't write '%s': %s", outp ? outp : "stdout", why);
		ret = 1;
	} else {
		ret = cli_finish(r, path, ret);
	}
	if (ret && outp && fmt != F_SQLITE)
		unlink(outp);	/* sqlite's exporter removes its own */
	return ret;
}

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'F' },
		{ "with-files", no_argument, NULL, 'W' },
		{ "no-env", no_argument, NULL, 'E' },
		{ "pid", required_argument, NULL, 'p' },
		{ "children", no_argument, NULL, 'c' },
		{ "comm", required_argument, NULL, 'C' },
		{ "event", required_argument, NULL, 'e' },
		{ "failed", no_argument, NULL, 'X' },
		{ "path", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *path, *outp = NULL;
	char why[160];
	bool force = false, with_files = false, filtered = false, no_env = false;
	enum fmt fmt = F_NONE;
	struct filter f;
	struct replay *r;
	char *end;
	int c, ret;

	filter_init(&f);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "f:o:p:ce:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "jsonl"))
				fmt = F_JSONL;
			else if (!strcmp(optarg, "sqlite"))
				fmt = F_SQLITE;
			else if (!strcmp(optarg, "chrome"))
				fmt = F_CHROME;
			else if (!strcmp(optarg, "compile-commands"))
				fmt = F_COMPDB;
			else
				return cli_usage_error(&cmd_export, "unknown format '%s' (jsonl, sqlite, chrome, compile-commands)", optarg);
			break;
		case 'o': outp = optarg; break;
		case 'F': force = true; break;
		case 'W': with_files = true; break;
		case 'E': no_env = true; break;
		case 'p':
			f.pid = strtol(optarg, &end, 10);
			if (*end || !*optarg || f.pid < 0)
				return cli_usage_error(&cmd_export, "bad pid '%s'", optarg);
			filtered = true;
			break;
		case 'c': f.children = true; filtered = true; break;
		case 'C': f.comm = optarg; filtered = true; break;
		case 'e':
			if (filter_parse_events(&f, optarg, why, sizeof(why)))
				return cli_usage_error(&cmd_export, "%s", why);
			filtered = true;
			break;
		case 'X': f.result = FR_FAILED; filtered = true; break;
		case 'P': f.path_glob = optarg; filtered = true; break;
		case 'h': cli_help(&cmd_export); return 0;
		default:
			return cli_bad_option(&cmd_export, argv);
		}
	}
	if (fmt == F_NONE)
		return cli_usage_error(&cmd_export, "no format: --format jsonl, sqlite, chrome or compile-commands");
	if (fmt == F_SQLITE && !outp)
		return cli_usage_error(&cmd_export, "--format sqlite needs an output file (-o OUT)");
	if (filtered && fmt != F_JSONL)
		return cli_usage_error(&cmd_export, "the event filters apply to --format jsonl only");
	if (with_files && fmt != F_CHROME)
		return cli_usage_error(&cmd_export, "--with-files applies to --format chrome only");
	if (f.children && f.pid < 0)
		return cli_usage_error(&cmd_export, "--children needs --pid");
	if (cli_file_arg(&cmd_export, argc, argv, &path))
		return 2;
	r = cli_open(path);
	if (!r)
		return 1;
	ret = export(fmt, r, filtered ? &f : NULL, with_files, path, outp, force, no_env);
	replay__free(r);
	filter_release(&f);
	return ret;
}

const struct cmd cmd_export = { "export", run, "write a recording as JSON Lines, SQLite, a Chrome trace or compile_commands.json", usage };
