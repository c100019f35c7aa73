// SPDX-License-Identifier: MIT
/*
 * sqlite: recordings as one SQLite database (schema in docs/export.md).
 * Events are inserted while reading, through one prepared statement, in
 * large transactions with the journal off (the file is new: a failed
 * export removes it); processes, commands and files are kept in memory
 * (per process, command and path, never per event) and written at the end
 * of each recording, then forgotten; the indexes are built last.  Ids go
 * on counting from one recording to the next, so that a key names one row
 * of the whole database (pids repeat across machines; ids do not).
 */
#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "export/export.h"
#include "export/ptable.h"
#include "model/fileuse.h"
#include "util/json.h"
#include "views/flags.h"
#include "views/print.h"

#define SCHEMA_VERSION 2
#define BATCH (1 << 18)		/* events per transaction */

static const char schema[] =
"CREATE TABLE meta(key TEXT PRIMARY KEY, value);\n"
"CREATE TABLE recordings(id INTEGER PRIMARY KEY, recording TEXT NOT NULL UNIQUE,\n"
"  host TEXT NOT NULL, boot_id TEXT, file TEXT NOT NULL, kernel TEXT, trail_version TEXT,\n"
"  command TEXT, target TEXT, cwd TEXT, wall_start_ns INTEGER NOT NULL,\n"
"  wall_end_ns INTEGER NOT NULL, complete INTEGER NOT NULL, exit_status INTEGER,\n"
"  events INTEGER NOT NULL, events_lost INTEGER NOT NULL);\n"
"CREATE TABLE processes(id INTEGER PRIMARY KEY, pid INTEGER NOT NULL,\n"
"  parent INTEGER REFERENCES processes(id), ppid INTEGER, comm TEXT, exe TEXT,\n"
"  name TEXT, argv TEXT, args TEXT, cwd TEXT, execs TEXT, nexec INTEGER NOT NULL,\n"
"  start_ns INTEGER NOT NULL, end_ns INTEGER, exit_code INTEGER, signal TEXT,\n"
"  core_dumped INTEGER, threads INTEGER NOT NULL,\n"
"  recording INTEGER NOT NULL REFERENCES recordings(id));\n"
"CREATE TABLE commands(id INTEGER PRIMARY KEY, process INTEGER REFERENCES processes(id),\n"
"  pid INTEGER NOT NULL, parent INTEGER REFERENCES commands(id), exe TEXT, name TEXT,\n"
"  argv TEXT, args TEXT, cwd TEXT, start_ns INTEGER NOT NULL, end_ns INTEGER,\n"
"  exit_code INTEGER, signal TEXT, recording INTEGER NOT NULL REFERENCES recordings(id));\n"
"CREATE TABLE events(seq INTEGER PRIMARY KEY, time_ns INTEGER NOT NULL,\n"
"  pid INTEGER NOT NULL, tid INTEGER NOT NULL, comm TEXT, event TEXT NOT NULL,\n"
"  syscall TEXT, ret INTEGER, error TEXT, path TEXT, path2 TEXT, real TEXT,\n"
"  process INTEGER REFERENCES processes(id), command INTEGER REFERENCES commands(id),\n"
"  json TEXT NOT NULL, recording INTEGER NOT NULL REFERENCES recordings(id));\n"
"CREATE TABLE files(command INTEGER NOT NULL REFERENCES commands(id), path TEXT NOT NULL,\n"
"  roles TEXT NOT NULL, read INTEGER NOT NULL, executed INTEGER NOT NULL,\n"
"  listed INTEGER NOT NULL, written INTEGER NOT NULL, created INTEGER NOT NULL,\n"
"  deleted INTEGER NOT NULL, missing INTEGER NOT NULL,\n"
"  recording INTEGER NOT NULL REFERENCES recordings(id));\n"
"CREATE TABLE paths(path TEXT NOT NULL, roles TEXT NOT NULL, input INTEGER NOT NULL,\n"
"  output INTEGER NOT NULL, temporary INTEGER NOT NULL, missing INTEGER NOT NULL,\n"
"  deleted INTEGER NOT NULL, producer INTEGER REFERENCES commands(id),\n"
"  recording INTEGER NOT NULL REFERENCES recordings(id), PRIMARY KEY(path, recording));\n";

static const char indexes[] =
"CREATE INDEX events_pid ON events(pid);\n"
"CREATE INDEX events_path ON events(path);\n"
"CREATE INDEX events_event ON events(event);\n"
"CREATE INDEX events_command ON events(command);\n"
"CREATE INDEX processes_pid ON processes(pid);\n"
"CREATE INDEX processes_parent ON processes(parent);\n"
"CREATE INDEX commands_name ON commands(name);\n"
"CREATE INDEX commands_process ON commands(process);\n"
"CREATE INDEX files_path ON files(path);\n"
"CREATE INDEX files_command ON files(command);\n";

struct sqlite_export {
	sqlite3 *db;
	char *path;
	struct export_ctx *x;
	/* the recording being added: */
	struct ptable pt;
	struct fileuse fu;
	uint32_t *cmd_proc;        /* command id -> process id */
	uint32_t cmd_cap;
	uint64_t nev;              /* its events */
	/* over all of them: */
	uint32_t nrec;             /* recordings added */
	uint32_t proc_base, cmd_base;	/* ids before this recording's */
	uint64_t seq;              /* events */
	FILE *mem;                 /* a reused memory stream for JSON text */
	char *membuf;
	size_t memlen;
};
#define sq sqlite_export

static int db_err(struct sq *s, const char *what)
{
	return msgf(s->x->err, s->x->errlen, EXPORT_EOUT, "sqlite: %s: %s", what,
		    sqlite3_errmsg(s->db));
}

static int exec_sql(struct sq *s, const char *sql)
{
	return sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : db_err(s, sql);
}

static int prepare(struct sq *s, const char *sql, sqlite3_stmt **st)
{
	return sqlite3_prepare_v2(s->db, sql, -1, st, NULL) == SQLITE_OK ? 0 : db_err(s, "prepare");
}

static int step(struct sq *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : db_err(s, "insert");
}

static void bind_str(sqlite3_stmt *st, int i, const char *p, size_t len)
{
	if (p)
		sqlite3_bind_text(st, i, p, (int)len, SQLITE_STATIC);
}

static void bind_cstr(sqlite3_stmt *st, int i, const char *p)
{
	if (p)
		sqlite3_bind_text(st, i, p, -1, SQLITE_STATIC);
}

/* A recording's own id (1, 2, ...) made a key of the database by its
 * base; 0 (none) stays NULL. */
static void bind_id(sqlite3_stmt *st, int i, uint32_t id, uint32_t base)
{
	if (id)
		sqlite3_bind_int64(st, i, (sqlite3_int64)id + base);
}

/* The memory stream's text so far, from the start; then rewound. */
static const char *mem_take(struct sq *s, size_t *len)
{
	fflush(s->mem);
	*len = (size_t)ftello(s->mem);
	rewind(s->mem);
	return s->membuf;
}

/* argv joined by spaces, for reading and LIKE */
static void text_blob(FILE *f, const char *p, size_t len)
{
	size_t i, n = len;

	while (n && !p[n - 1])
		n--;
	for (i = 0; i < n; i++)
		putc(p[i] ? p[i] : ' ', f);
}

/* An argv as two columns from col on: a JSON array, and its words joined
 * by spaces.  Bound without a copy: the caller frees *json and *text after
 * the step. */
static void bind_argv(sqlite3_stmt *st, int col, const char *argv, size_t len,
		      char **json, char **text)
{
	size_t jlen = 0, tlen = 0;
	FILE *f;

	f = open_memstream(json, &jlen);
	json_blob(f, argv, len);
	fclose(f);
	f = open_memstream(text, &tlen);
	text_blob(f, argv, len);
	fclose(f);
	bind_str(st, col, *json, jlen);
	bind_str(st, col + 1, *text, tlen);
}

static const char *base(const char *s)
{
	const char *b = strrchr(s, '/');

	return b ? b + 1 : s;
}

static int insert_event(struct sq *s, sqlite3_stmt *st, const struct trail_event *ev,
			uint32_t proc, uint32_t cmd)
{
	const char *json;
	size_t len;
	int i = 1;

	print_json(s->mem, ev);
	json = mem_take(s, &len);
	sqlite3_bind_int64(st, i++, (sqlite3_int64)++s->seq);
	sqlite3_bind_int64(st, i++, (sqlite3_int64)ev->time_ns);
	sqlite3_bind_int64(st, i++, ev->hdr->pid);
	sqlite3_bind_int64(st, i++, ev->hdr->tid);
	bind_cstr(st, i++, ev->comm);
	bind_cstr(st, i++, event_type_name(ev->type));
	bind_cstr(st, i++, ev->sys ? ev->sys->name : NULL);
	if (ev->has_ret)
		sqlite3_bind_int64(st, i, ev->ret);
	i++;
	if (ev->has_ret && ev->ret < 0)
		bind_cstr(st, i, errno_name((int)-ev->ret));
	i++;
	bind_cstr(st, i++, ev->abs[0]);
	bind_cstr(st, i++, ev->abs[1]);
	if (ev->real.len)
		bind_str(st, i, ev->real.p, ev->real.len);
	i++;
	bind_id(st, i++, proc, s->proc_base);
	bind_id(st, i++, cmd, s->cmd_base);
	bind_str(st, i++, json, len ? len - 1 : 0);	/* without print_json's newline */
	sqlite3_bind_int64(st, i++, s->nrec);
	return step(s, st);
}

static void status_cols(sqlite3_stmt *st, int i, bool ended, int status)
{
	if (!ended)
		return;
	if ((status & 0x7f) == 0)
		sqlite3_bind_int(st, i, (status >> 8) & 0xff);
	else if (signal_name(status & 0x7f))
		sqlite3_bind_text(st, i + 1, signal_name(status & 0x7f), -1, SQLITE_STATIC);
	else
		sqlite3_bind_text(st, i + 1, "?", -1, SQLITE_STATIC);
}

static int insert_processes(struct sq *s)
{
	sqlite3_stmt *st;
	uint32_t i;
	int err = prepare(s, "INSERT INTO processes VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st);

	for (i = 1; !err && i < s->pt.n; i++) {
		const struct xproc *p = s->pt.all[i];
		const struct xexec *x = p->last_exec, *e;
		const struct xthread *th;
		char *argv = NULL, *args = NULL, *execs = NULL;
		size_t elen = 0;
		FILE *f;
		int n = 0;

		bind_id(st, 1, p->id, s->proc_base);
		sqlite3_bind_int64(st, 2, p->pid);
		if (p->parent) {
			bind_id(st, 3, p->parent->id, s->proc_base);
			sqlite3_bind_int64(st, 4, p->parent->pid);
		}
		bind_cstr(st, 5, p->comm);
		if (x) {
			bind_cstr(st, 6, x->exe);
			bind_cstr(st, 7, base(x->argv));
			bind_argv(st, 8, x->argv, x->argv_len, &argv, &args);
			bind_cstr(st, 10, x->cwd);
		}
		f = open_memstream(&execs, &elen);
		putc('[', f);
		for (e = p->execs; e; e = e->next) {
			fprintf(f, "%s{\"time_ns\":%" PRIu64 ",\"exe\":", e == p->execs ? "" : ",", e->time_ns);
			if (e->exe)
				json_str(f, e->exe, strlen(e->exe));
			else
				fputs("null", f);
			fputs(",\"argv\":", f);
			json_blob(f, e->argv, e->argv_len);
			fputs(",\"cwd\":", f);
			if (e->cwd)
				json_str(f, e->cwd, strlen(e->cwd));
			else
				fputs("null", f);
			fprintf(f, ",\"command\":%" PRIu64 "}", e->cmd ? (uint64_t)e->cmd + s->cmd_base : 0);
		}
		putc(']', f);
		fclose(f);
		bind_str(st, 11, execs, elen);
		sqlite3_bind_int64(st, 12, p->nexec);
		sqlite3_bind_int64(st, 13, (sqlite3_int64)p->start_ns);
		if (p->ended)
			sqlite3_bind_int64(st, 14, (sqlite3_int64)p->end_ns);
		status_cols(st, 15, p->ended, p->status);
		if (p->ended && (p->status & 0x7f))
			sqlite3_bind_int(st, 17, !!(p->status & 0x80));
		for (th = p->threads; th; th = th->next)
			n++;
		sqlite3_bind_int(st, 18, n);
		sqlite3_bind_int64(st, 19, s->nrec);
		err = step(s, st);
		free(argv);
		free(args);
		free(execs);
	}
	sqlite3_finalize(st);
	return err;
}

static int insert_commands(struct sq *s)
{
	sqlite3_stmt *st;
	uint32_t i;
	int err = prepare(s, "INSERT INTO commands VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st);

	for (i = 1; !err && i < s->fu.ncmds; i++) {
		const struct fu_cmd *c = s->fu.cmds[i];
		uint32_t pid = i < s->cmd_cap ? s->cmd_proc[i] : 0;
		const struct xproc *p = pid ? s->pt.all[pid] : NULL;
		char *argv = NULL, *args = NULL;

		bind_id(st, 1, c->id, s->cmd_base);
		bind_id(st, 2, pid, s->proc_base);
		sqlite3_bind_int64(st, 3, c->pid);
		bind_id(st, 4, c->parent ? c->parent->id : 0, s->cmd_base);
		bind_cstr(st, 5, c->exe);
		if (c->argv) {
			bind_cstr(st, 6, base(c->argv));
			bind_argv(st, 7, c->argv, c->argv_len, &argv, &args);
		}
		bind_cstr(st, 9, c->cwd);
		sqlite3_bind_int64(st, 10, (sqlite3_int64)c->start_ns);
		if (c->ended)
			sqlite3_bind_int64(st, 11, (sqlite3_int64)c->end_ns);
		/* the exit status is the process's last image's: an image
		 * replaced by exec has none */
		if (p && c->ended && (p->last_exec ? p->last_exec->cmd == c->id : !c->argv))
			status_cols(st, 12, p->ended, p->status);
		sqlite3_bind_int64(st, 14, s->nrec);
		err = step(s, st);
		free(argv);
		free(args);
	}
	sqlite3_finalize(st);
	return err;
}

static void roles_text(char *buf, uint32_t r)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ FU_READ, "read" }, { FU_EXEC, "executed" }, { FU_LIST, "listed" },
		{ FU_WRITE, "written" }, { FU_CREATE, "created" }, { FU_DELETE, "deleted" },
		{ FU_MISSING, "missing" },
	};
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (r & names[i].bit) {
			if (buf[0])
				strcat(buf, ",");
			strcat(buf, names[i].name);
		}
}

static int insert_files(struct sq *s)
{
	sqlite3_stmt *st, *pst;
	char roles[80];
	uint32_t i, id, r;
	size_t it;
	int err = prepare(s, "INSERT INTO files VALUES(?,?,?,?,?,?,?,?,?,?,?)", &st);

	if (err)
		return err;
	for (i = 1; !err && i < s->fu.ncmds; i++) {
		const struct fu_cmd *c = s->fu.cmds[i];

		for (it = 0; !err && fu_cmd_next(c, &it, &id, &r);) {
			roles_text(roles, r);
			bind_id(st, 1, c->id, s->cmd_base);
			bind_cstr(st, 2, s->fu.paths[id].s);
			bind_cstr(st, 3, roles);
			sqlite3_bind_int(st, 4, !!(r & FU_READ));
			sqlite3_bind_int(st, 5, !!(r & FU_EXEC));
			sqlite3_bind_int(st, 6, !!(r & FU_LIST));
			sqlite3_bind_int(st, 7, !!(r & FU_WRITE));
			sqlite3_bind_int(st, 8, !!(r & FU_CREATE));
			sqlite3_bind_int(st, 9, !!(r & FU_DELETE));
			sqlite3_bind_int(st, 10, !!(r & FU_MISSING));
			sqlite3_bind_int64(st, 11, s->nrec);
			err = step(s, st);
		}
	}
	sqlite3_finalize(st);
	if (err || (err = prepare(s, "INSERT INTO paths VALUES(?,?,?,?,?,?,?,?,?)", &pst)))
		return err;
	for (i = 1; !err && i < s->fu.npaths; i++) {
		const struct fu_path *p = &s->fu.paths[i];

		roles_text(roles, p->roles);
		bind_cstr(pst, 1, p->s);
		bind_cstr(pst, 2, roles);
		sqlite3_bind_int(pst, 3, fu_is_input(p));
		sqlite3_bind_int(pst, 4, fu_is_output(p));
		sqlite3_bind_int(pst, 5, fu_is_temporary(p));
		sqlite3_bind_int(pst, 6, fu_is_missing(p));
		sqlite3_bind_int(pst, 7, fu_is_deleted(p));
		bind_id(pst, 8, p->producer, s->cmd_base);
		sqlite3_bind_int64(pst, 9, s->nrec);
		err = step(s, pst);
	}
	sqlite3_finalize(pst);
	return err;
}

/* meta: the schema's version, and the first recording's header as
 * schema 1 had it (removed again when a second recording comes). */
static int insert_meta(struct sq *s)
{
	const struct tf_info *in = replay__info(s->x->r);
	const struct tf_stats *stats = replay__stats(s->x->r);
	sqlite3_stmt *st;
	size_t i;
	int err = prepare(s, "INSERT INTO meta VALUES(?,?)", &st);
	const char *kv[][2] = {
		{ "trail_version", in->trail_version }, { "kernel", in->kernel },
		{ "hostname", in->hostname }, { "cwd", in->cwd }, { "command", in->command },
		{ "recording", in->recording_id },
	};

	for (i = 0; !err && i < ARRAY_SIZE(kv); i++) {
		bind_cstr(st, 1, kv[i][0]);
		bind_cstr(st, 2, kv[i][1]);
		err = step(s, st);
	}
	if (!err) {
		bind_cstr(st, 1, "wall_start_ns");
		sqlite3_bind_int64(st, 2, (sqlite3_int64)in->wall_start_ns);
		err = step(s, st);
	}
	if (!err) {
		bind_cstr(st, 1, "schema_version");
		sqlite3_bind_int(st, 2, SCHEMA_VERSION);
		err = step(s, st);
	}
	if (!err && replay__complete(s->x->r)) {
		bind_cstr(st, 1, "exit_status");
		sqlite3_bind_int(st, 2, stats->exit_status);
		err = step(s, st);
	}
	if (!err) {
		bind_cstr(st, 1, "events_lost");
		sqlite3_bind_int64(st, 2, (sqlite3_int64)replay__lost(s->x->r));
		err = step(s, st);
	}
	sqlite3_finalize(st);
	return err;
}

/* The recording's row: where it comes from and how far it goes. */
static int insert_recording(struct sq *s, const char *file)
{
	const struct tf_info *in = replay__info(s->x->r);
	const struct tf_stats *stats = replay__stats(s->x->r);
	bool complete = replay__complete(s->x->r);
	uint64_t end = complete && stats->end_mono_ns > in->mono_start_ns ?
		       stats->end_mono_ns - in->mono_start_ns : s->pt.last_ns;
	sqlite3_stmt *st;
	int err = prepare(s, "INSERT INTO recordings VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st);

	if (err)
		return err;
	sqlite3_bind_int64(st, 1, s->nrec);
	bind_cstr(st, 2, in->recording_id);
	bind_cstr(st, 3, in->hostname);
	if (in->boot_id[0])
		bind_cstr(st, 4, in->boot_id);
	bind_cstr(st, 5, file);
	bind_cstr(st, 6, in->kernel);
	bind_cstr(st, 7, in->trail_version);
	if (!in->target[0])
		bind_cstr(st, 8, in->command);
	else
		bind_cstr(st, 9, in->target);
	bind_cstr(st, 10, in->cwd);
	sqlite3_bind_int64(st, 11, (sqlite3_int64)in->wall_start_ns);
	sqlite3_bind_int64(st, 12, (sqlite3_int64)(in->wall_start_ns + end));
	sqlite3_bind_int(st, 13, complete);
	if (complete)
		sqlite3_bind_int(st, 14, stats->exit_status);
	sqlite3_bind_int64(st, 15, (sqlite3_int64)s->nev);
	sqlite3_bind_int64(st, 16, (sqlite3_int64)replay__lost(s->x->r));
	err = step(s, st);	/* the caller refuses a recording given twice */
	sqlite3_finalize(st);
	return err;
}

static void note_cmd(struct sq *s, uint32_t cmd, uint32_t proc)
{
	s->cmd_proc = xgrow_zeroed(s->cmd_proc, &s->cmd_cap, cmd, sizeof(*s->cmd_proc), 1024);
	if (!s->cmd_proc[cmd])
		s->cmd_proc[cmd] = proc;
}

static int read_events(struct sq *s, int *rret)
{
	struct trail_event ev;
	sqlite3_stmt *st;
	int ret, err;

	if ((err = prepare(s, "INSERT INTO events VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st)))
		return err;
	while ((ret = replay__next(s->x->r, &ev)) > 0) {
		struct xproc *p;
		struct fu_cmd *c, *before;

		progress_tick(s->x->progress, replay__offset(s->x->r));
		p = ptable_add(&s->pt, &ev);
		before = u32map_get(&s->fu.by_pid, ev.hdr->pid);
		fileuse_add(&s->fu, &ev);
		/* an exec's event is its new command's; an exit's, the one it ends */
		c = u32map_get(&s->fu.by_pid, ev.hdr->pid);
		if (!c)
			c = before;
		if (c) {
			note_cmd(s, c->id, p->id);
			if (ev.type == TE_exec && ev.ret >= 0 && p->last_exec)
				p->last_exec->cmd = c->id;
		}
		if ((err = insert_event(s, st, &ev, p->id, c ? c->id : 0)))
			break;
		s->nev++;
		if (!(s->seq % BATCH) && ((err = exec_sql(s, "COMMIT")) || (err = exec_sql(s, "BEGIN"))))
			break;
	}
	sqlite3_finalize(st);
	*rret = ret;
	return err;
}

int export_sqlite__new(struct sqlite_export **out, struct export_ctx *x, const char *path)
{
	struct sq *s = xcalloc(1, sizeof(*s));
	int err;

	s->x = x;
	s->path = xstrdup(path);
	s->mem = open_memstream(&s->membuf, &s->memlen);
	if (!s->mem)
		err = msgf(x->err, x->errlen, EXPORT_EOUT, "out of memory");
	else if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		err = db_err(s, "can't open the output");
	else if (!(err = exec_sql(s, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
				  "PRAGMA locking_mode=EXCLUSIVE; PRAGMA cache_size=-32768; BEGIN")))
		err = exec_sql(s, schema);
	if (err) {
		export_sqlite__free(s);
		return err;
	}
	*out = s;
	return 0;
}

/* What is kept of one recording while it is read, from empty. */
static void reset_recording(struct sq *s)
{
	ptable_release(&s->pt);
	fileuse_release(&s->fu);
	ptable_init(&s->pt);
	fileuse_init(&s->fu);
	if (s->cmd_proc)
		memset(s->cmd_proc, 0, s->cmd_cap * sizeof(*s->cmd_proc));
	s->nev = 0;
}

int export_sqlite__add(struct sqlite_export *s, const char *file)
{
	int err, ret = 0;

	if (s->nrec)
		reset_recording(s);
	else {
		ptable_init(&s->pt);
		fileuse_init(&s->fu);
	}
	s->nrec++;
	err = read_events(s, &ret);
	if (err || ret < 0)
		return err ? err : ret;
	if ((s->nrec == 1 && (err = insert_meta(s))) ||
	    (s->nrec == 2 && (err = exec_sql(s, "DELETE FROM meta WHERE key != 'schema_version'"))) ||
	    (err = insert_recording(s, file)) || (err = insert_processes(s)) ||
	    (err = insert_commands(s)) || (err = insert_files(s)))
		return err;
	s->proc_base += s->pt.n ? s->pt.n - 1 : 0;
	s->cmd_base += s->fu.ncmds ? s->fu.ncmds - 1 : 0;
	return 0;
}

int export_sqlite__finish(struct sqlite_export *s)
{
	int err;

	if ((err = exec_sql(s, indexes)) || (err = exec_sql(s, "COMMIT")))
		return err;
	if (sqlite3_close(s->db) != SQLITE_OK)
		return db_err(s, "close");
	s->db = NULL;
	free(s->path);
	s->path = NULL;	/* done: kept */
	return 0;
}

void export_sqlite__free(struct sqlite_export *s)
{
	if (!s)
		return;
	if (s->db)
		sqlite3_close(s->db);
	if (s->path)
		unlink(s->path);	/* not finished: no half database */
	free(s->path);
	if (s->mem)
		fclose(s->mem);
	free(s->membuf);
	free(s->cmd_proc);
	if (s->nrec) {
		ptable_release(&s->pt);
		fileuse_release(&s->fu);
	}
	free(s);
}
