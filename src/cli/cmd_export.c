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
#include "views/print.h"
#include "util/util.h"

static const char usage[] =
"usage: trail export --format F [-o OUT] [--force] [--no-env] [--with-files] [filters] [FILE...]\n"
"\n"
"Writes a recording (default trail.data) in a format other tools read\n"
"(docs/export.md); jsonl and sqlite take several into one output, for\n"
"queries over many machines:\n"
"  jsonl             the objects of 'show --json', one a line (streamed),\n"
"                    each with \"host\", \"recording\" and \"boot_id\" first\n"
"  sqlite            a SQLite database: recordings, processes, commands,\n"
"                    events, files, paths, meta (needs -o)\n"
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
"  trail export --format jsonl --event exec build.trail | jq -c .argv\n"
"  trail export --format jsonl -o week.jsonl host*/trail.data*\n";

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

/* One export: what run() parsed. */
struct job {
	enum fmt fmt;
	struct filter *f;              /* jsonl's, or NULL */
	bool with_files, force, no_env;
	const char *outp;              /* or NULL: stdout */
	char *const *files;            /* the recordings, in order */
	int nfiles;
	char (*ids)[2 * TF_RECORDING_ID_LEN + 1];	/* theirs, as opened */
};

/* Opens the i-th recording; NULL after one line when it can't be read or
 * is one given before (a copy, or the same file twice: counted twice,
 * every number of a fleet query would be wrong). */
static struct replay *open_nth(struct job *j, int i)
{
	struct replay *r = cli_open(j->files[i]);
	const char *id;
	int k;

	if (!r)
		return NULL;
	id = replay__info(r)->recording_id;
	for (k = 0; k < i; k++)
		if (!strcmp(j->ids[k], id)) {
			trail_err("'%s' is the same recording as '%s' (recording %s)",
				  j->files[i], j->files[k], id);
			replay__free(r);
			return NULL;
		}
	memcpy(j->ids[i], id, sizeof(j->ids[i]));
	return r;
}

/* Several recordings: every one is opened (header checked, no two the
 * same) before anything is written, so that a bad one among them stops
 * the export before it starts.  A pipe can be read once: it is checked
 * when its turn comes. */
static int check_all(struct job *j)
{
	struct stat st;
	int i;

	for (i = 0; j->nfiles > 1 && i < j->nfiles; i++) {
		struct replay *r;

		if (stat(j->files[i], &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
			j->ids[i][0] = '\0';
			continue;
		}
		if (!(r = open_nth(j, i)))
			return 1;
		replay__free(r);
	}
	return 0;
}

/* The output: stdout, or OUT made new (sqlite's is opened by SQLite). */
static int open_out(struct job *j, FILE **out)
{
	int fd;

	*out = stdout;
	if (!j->outp)
		return 0;
	fd = create_out(j->outp, j->force);
	if (fd < 0)
		return 1;
	if (j->fmt == F_SQLITE) {
		close(fd);
	} else if (!(*out = fdopen(fd, "w"))) {
		trail_err("can't write '%s': %s", j->outp, strerror(errno));
		close(fd);
		unlink(j->outp);
		return 1;
	}
	return 0;
}

/* The i-th recording into out (or the database): 0, or 1 after one line. */
static int export_one(struct job *j, int i, struct export_ctx *x, struct sqlite_export *db, FILE *out)
{
	const char *path = j->files[i];
	struct replay *r = open_nth(j, i);
	char *origin;
	int ret;

	if (!r)
		return 1;
	x->r = r;
	x->origin = origin = j->fmt == F_JSONL ? print_json_origin(replay__info(r)) : NULL;
	progress_start(x->progress, "export", path);
	switch (j->fmt) {
	case F_SQLITE: ret = export_sqlite__add(db, path); break;
	case F_CHROME: ret = export_chrome(x, j->with_files, out); break;
	case F_COMPDB: ret = export_compdb(x, out); break;
	default: ret = export_jsonl(x, j->f, out); break;
	}
	progress_end(x->progress);
	if (ret == EXPORT_EOUT) {
		trail_err("can't write '%s': %s", j->outp ? j->outp : "stdout", x->err);
		ret = 1;
	} else {
		ret = cli_finish(r, path, ret);
	}
	free(origin);
	replay__free(r);
	x->r = NULL;
	return ret;
}

static int export(struct job *j)
{
	char why[512] = "";
	struct progress pr;
	struct export_ctx x = { .progress = &pr, .err = why, .errlen = sizeof(why),
				.no_env = j->no_env };
	struct sqlite_export *db = NULL;
	FILE *out;
	int i, ret;

	if (check_all(j) || open_out(j, &out))
		return 1;
	ret = j->fmt == F_SQLITE ? export_sqlite__new(&db, &x, j->outp) : 0;
	if (ret)
		trail_err("can't write '%s': %s", j->outp, why);
	for (i = 0; !ret && i < j->nfiles; i++)
		ret = export_one(j, i, &x, db, out);
	if (!ret && db && export_sqlite__finish(db) == EXPORT_EOUT) {
		trail_err("can't write '%s': %s", j->outp, why);
		ret = 1;
	}
	export_sqlite__free(db);	/* removes the database unless finished */
	if (out != stdout && fclose(out) && !ret) {
		trail_err("can't write '%s': %s", j->outp, strerror(errno));
		ret = 1;
	}
	if (ret && j->outp && j->fmt != F_SQLITE)
		unlink(j->outp);
	return ret ? 1 : 0;
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
	static char default_file[] = DEFAULT_FILE;
	static char *const defaults[] = { default_file };
	const char *outp = NULL;
	char why[160];
	bool force = false, with_files = false, filtered = false, no_env = false;
	enum fmt fmt = F_NONE;
	struct filter f;
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
	if (argc - optind > 1 && (fmt == F_CHROME || fmt == F_COMPDB))
		return cli_usage_error(&cmd_export, "--format %s takes one recording ('%s' is extra)",
				       fmt == F_CHROME ? "chrome" : "compile-commands", argv[optind + 1]);
	struct job j = {
		.fmt = fmt, .f = filtered ? &f : NULL, .with_files = with_files, .force = force,
		.no_env = no_env, .outp = outp, .files = argv + optind, .nfiles = argc - optind,
	};
	if (!j.nfiles) {
		j.files = defaults;
		j.nfiles = 1;
	}
	j.ids = xcalloc(j.nfiles, sizeof(*j.ids));
	ret = export(&j);
	free(j.ids);
	filter_release(&f);
	return ret;
}

const struct cmd cmd_export = { "export", run, "write recordings as JSON Lines or SQLite, or one as a Chrome trace or compile_commands.json", usage };
