// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <string.h>
#include "util/json.h"
#include "views/flags.h"
#include "views/print.h"

#define AT_FDCWD_ (-100)
#define ARGS_SHORT 32
#define O_CREAT_ 0100
#define O_TMPFILE_ 020000000

/* ---- text ---- */

static void text_str(FILE *f, const char *p, size_t len)
{
	size_t i;

	putc_unlocked('"', f);
	for (i = 0; i < len; i++) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			putc_unlocked(c, f);
	}
	putc_unlocked('"', f);
}

static void text_flags(FILE *f, enum flagset set, uint64_t v)
{
	const char *names[48];
	uint64_t rest;
	int i, n = flags_decode(set, v, names, 48, &rest);

	for (i = 0; i < n; i++)
		fprintf(f, "%s%s", i ? "|" : "", names[i]);
	if (rest || !n)
		fprintf(f, "%s%#" PRIx64, n ? "|" : "", rest);
}

static void text_dirfd(FILE *f, uint64_t v)
{
	if ((int32_t)v == AT_FDCWD_)
		fputs("AT_FDCWD", f);
	else
		fprintf(f, "%d", (int32_t)v);
}

static void text_ret(FILE *f, const struct trail_event *ev)
{
	if (ev->ret < 0) {
		const char *e = errno_name((int)-ev->ret);

		if (e)
			fprintf(f, " = -1 %s (%s)", e, strerror((int)-ev->ret));
		else
			fprintf(f, " = -1 (errno %" PRId64 ")", -ev->ret);
	} else {
		fprintf(f, " = %" PRId64, ev->ret);
	}
}

static void text_blob(FILE *f, const struct tstr *blob, bool trunc, bool verbose)
{
	struct blob_iter it = { blob->p, blob->p + blob->len };
	struct tstr s;
	uint32_t i = 0;

	putc_unlocked('[', f);
	while (blob_next(&it, &s)) {
		if (!verbose && i == ARGS_SHORT) {
			fputs(", ...", f);
			break;
		}
		if (i++)
			fputs(", ", f);
		text_str(f, s.p, s.len);
	}
	if (trunc && (verbose || i < ARGS_SHORT))
		fputs(", ...", f);
	putc_unlocked(']', f);
}

/*
 * The recorded arguments of a syscall event, one view each, in order:
 * the letter (syscalls.def), its occurrence number among letters of the
 * same kind, the value, and the string for p and t.  Both printers use it.
 */
struct argv_item {
	char letter;
	int nth;
	uint64_t v;
	const struct tstr *str;
	const char *abs;
};

static int sys_args(const struct trail_event *ev, struct argv_item *out)
{
	const char *a;
	int i = 0, n = 0, k = 0, cnt[128] = { 0 };

	for (a = ev->sys->args; *a && i < (int)ev->nargs; a++, i++) {
		char l = *a == 'w' ? 'f' : *a;	/* fds are numbered together */

		out[n].letter = *a;
		out[n].nth = cnt[(unsigned char)l]++;
		out[n].v = ev->args[i];
		out[n].str = NULL;
		out[n].abs = NULL;
		if (*a == 'p' || *a == 't') {
			out[n].str = &ev->path[k];
			out[n].abs = ev->abs[k];
			k++;
		}
		if (*a == 'H')
			i += 2;	/* the next two values belong to it */
		n++;
	}
	return n;
}

static enum flagset oflags_set(const struct trail_event *ev)
{
	return ev->type == TE_dup || ev->type == TE_pipe ? FS_FDFLAGS : FS_OPEN;
}

/* mode matters to open only when it creates */
static bool mode_shown(const struct trail_event *ev)
{
	int oi = event_arg_index(ev, 'o');

	return ev->type != TE_OPEN || oi < 0 || (ev->args[oi] & (O_CREAT_ | O_TMPFILE_));
}

static const char *real_key(const struct trail_event *ev)
{
	return ev->type == TE_CHDIR ? "cwd" : ev->type == TE_chroot ? "root" : "real";
}

static void text_sys(FILE *f, const struct trail_event *ev)
{
	struct argv_item av[TRAIL_SYS_ARGS];
	int i, n = sys_args(ev, av), shown = 0;

	fprintf(f, "%s(", ev->sys->name);
	for (i = 0; i < n; i++) {
		const struct argv_item *a = &av[i];

		if (a->letter == 'a' || (a->letter == 'm' && !mode_shown(ev)))
			continue;
		if (shown++)
			fputs(", ", f);
		switch (a->letter) {
		case 'd': text_dirfd(f, a->v); break;
		case 'p': case 't': text_str(f, a->str->p, a->str->len); break;
		case 'o': text_flags(f, oflags_set(ev), a->v); break;
		case 'm': fprintf(f, "%#04" PRIo64, a->v); break;
		case 'f': case 'w': case 'n': case 'e': fprintf(f, "%d", (int32_t)a->v); break;
		case 'F': text_flags(f, ev->type == TE_access ? FS_AT_ACCESS : FS_AT, a->v); break;
		case 'N': text_flags(f, FS_RENAME, a->v); break;
		case 'K': text_flags(f, FS_CLOSE_RANGE, a->v); break;
		case 'Z': text_flags(f, FS_MFD, a->v); break;
		case 'C':
			if (fcntl_cmd_name(a->v))
				fputs(fcntl_cmd_name(a->v), f);
			else
				fprintf(f, "%" PRId64, (int64_t)a->v);
			break;
		case 'P':
			if (ev->ret >= 0)
				fprintf(f, "[%d, %d]", (int32_t)a->v, (int32_t)(a->v >> 32));
			else
				fputs("...", f);
			break;
		case 'i':
			if (ev->type == TE_access)
				text_flags(f, FS_ACCESS_MODE, a->v);
			else
				fprintf(f, "%" PRId64, (int64_t)a->v);
			break;
		case 'u': case 'g': fprintf(f, "%d", (int32_t)a->v); break;
		case 'l': fprintf(f, "%" PRId64, (int64_t)a->v); break;
		case 'H': {
			int mi = event_arg_index(ev, 'm'), ri = event_arg_index(ev, 'R');

			fputs("{flags=", f);
			text_flags(f, FS_OPEN, a->v);
			fprintf(f, ", mode=%#04" PRIo64 ", resolve=", mi >= 0 ? ev->args[mi] : 0);
			text_flags(f, FS_RESOLVE, ri >= 0 ? ev->args[ri] : 0);
			fputs("}", f);
			break;
		}
		default: fprintf(f, "%#" PRIx64, a->v); break;
		}
	}
	fputs(")", f);
	if (ev->has_ret)
		text_ret(f, ev);
	if (ev->real.len) {
		fputs(" <", f);
		fwrite(ev->real.p, 1, ev->real.len, f);
		fputs(">", f);
	}
}

static void text_exec(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	const struct trail_ev_exec *x = ev->exec;

	fprintf(f, "%s(", ev->sys->name);
	if (x->op == TRAIL_SYS_execveat) {
		text_dirfd(f, (uint64_t)(int64_t)x->dirfd);
		fputs(", ", f);
	}
	text_str(f, ev->filename.p, ev->filename.len);
	fputs(", ", f);
	text_blob(f, &ev->argv, x->hdr.flags & TRAIL_F_ARGV_TRUNC, o->verbose);
	if (x->hdr.flags & TRAIL_F_NO_ENV) {
		fputs(", ...", f);
	} else if (o->verbose) {
		fputs(", ", f);
		text_blob(f, &ev->env, x->hdr.flags & TRAIL_F_ENV_TRUNC, true);
	} else {
		fprintf(f, ", %u vars", x->envc);
	}
	if (x->op == TRAIL_SYS_execveat) {
		fputs(", ", f);
		text_flags(f, FS_AT, x->at_flags);
	}
	fputs(")", f);
	text_ret(f, ev);
	if (ev->real.len) {
		fputs(" <", f);
		fwrite(ev->real.p, 1, ev->real.len, f);
		fputs(">", f);
	}
}

static void text_fork(FILE *f, const struct trail_event *ev)
{
	const struct trail_ev_fork *k = ev->fork;

	if (!ev->sys) {
		fprintf(f, "<kernel clone> = %u", k->child_tid);
		return;
	}
	fprintf(f, "%s(", ev->sys->name);
	if (k->op == TRAIL_SYS_clone || k->op == TRAIL_SYS_clone3) {
		fputs(k->op == TRAIL_SYS_clone3 ? "{flags=" : "flags=", f);
		text_flags(f, k->op == TRAIL_SYS_clone3 ? FS_CLONE3 : FS_CLONE, k->clone_flags);
		if (k->op == TRAIL_SYS_clone3)
			fputs("}", f);
	}
	fputs(")", f);
	text_ret(f, ev);
}

static void text_exit(FILE *f, const struct trail_event *ev)
{
	uint32_t st = ev->exit->status;
	bool thread = !(ev->hdr->flags & TRAIL_F_GROUP_DEAD);

	if ((st & 0x7f) == 0)
		fprintf(f, "+++ %sexited with %u +++", thread ? "thread " : "", (st >> 8) & 0xff);
	else
		fprintf(f, "+++ %skilled by %s%s +++", thread ? "thread " : "",
			signal_name(st & 0x7f) ? signal_name(st & 0x7f) : "?",
			st & 0x80 ? " (core dumped)" : "");
}

void print_text(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	char who[32];

	if (ev->hdr->tid != ev->hdr->pid)
		snprintf(who, sizeof(who), "%u/%u", ev->hdr->pid, ev->hdr->tid);
	else
		snprintf(who, sizeof(who), "%u", ev->hdr->pid);
	fprintf(f, "%7s %10.6f ", who, ev->time_ns / 1e9);
	switch (ev->type) {
	case TE_EXEC: text_exec(f, ev, o); break;
	case TE_FORK: text_fork(f, ev); break;
	case TE_EXIT: text_exit(f, ev); break;
	case TE_LOST: fprintf(f, "--- %" PRIu64 " events lost here ---", ev->lost); break;
	default: text_sys(f, ev); break;
	}
	if (ev->hdr->flags & (TRAIL_F_TRUNC | TRAIL_F_FAULT | TRAIL_F_REAL_TRUNC))
		fputs(" (truncated)", f);
	putc_unlocked('\n', f);
}

/* ---- JSON ---- */

static void jkey(FILE *f, const char *k)
{
	fprintf(f, ",\"%s\":", k);
}

static void jstr(FILE *f, const char *k, const char *p, size_t len)
{
	jkey(f, k);
	json_str(f, p, len);
}

static void jflags(FILE *f, const char *k, enum flagset set, uint64_t v)
{
	const char *names[48];
	uint64_t rest;
	int i, n = flags_decode(set, v, names, 48, &rest);

	jkey(f, k);
	putc_unlocked('[', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s\"%s\"", i ? "," : "", names[i]);
	if (rest)
		fprintf(f, "%s\"%#" PRIx64 "\"", n ? "," : "", rest);
	putc_unlocked(']', f);
}

static void jdirfd(FILE *f, const char *key, uint64_t v)
{
	jkey(f, key);
	if ((int32_t)v == AT_FDCWD_)
		fputs("\"AT_FDCWD\"", f);
	else
		fprintf(f, "%d", (int32_t)v);
}

static void jblob(FILE *f, const char *k, const struct tstr *blob)
{
	struct blob_iter it = { blob->p, blob->p + blob->len };
	struct tstr s;
	bool first = true;

	jkey(f, k);
	putc_unlocked('[', f);
	while (blob_next(&it, &s)) {
		if (!first)
			putc_unlocked(',', f);
		first = false;
		json_str(f, s.p, s.len);
	}
	putc_unlocked(']', f);
}

static const char *json_key(const struct trail_event *ev, const struct argv_item *a)
{
	static const char *const socket_keys[] = { "domain", "type", "protocol" };

	switch (a->letter) {
	case 'd': return a->nth ? "dirfd2" : "dirfd";
	case 'p': return a->nth ? "path2" : "path";
	case 't': return ev->type == TE_symlink ? "target" : "name";
	case 'w': return "fd";
	case 'f':
		if (ev->type == TE_write)	/* sendfile, copy_file_range, splice */
			return "from_fd";
		if (ev->type == TE_OPEN)	/* open_by_handle_at; fd is the result */
			return "mount_fd";
		return a->nth ? "fd2" : "fd";
	case 'n': return "newfd";
	case 'e': return "max_fd";
	case 'o': case 'N': case 'K': case 'Z': return "flags";
	case 'm': return "mode";
	case 'F': return "at_flags";
	case 'C': return "cmd";
	case 'P': return "fds";
	case 'u': return "owner";	/* uid/gid are the caller's, on every event */
	case 'g': return "group";
	case 'l': return "length";
	case 'D': return "dev";
	case 'x':
		if (ev->type == TE_write)	/* mmap's prot and flags: it is shared and writable */
			return NULL;
		return ev->type == TE_stat ? "mask" : "arg";
	case 'i':
		if (ev->type == TE_access)
			return "mode";
		return a->nth < 3 ? socket_keys[a->nth] : "arg";
	default: return NULL;	/* a, c, H */
	}
}

static void json_sys(FILE *f, const struct trail_event *ev)
{
	struct argv_item av[TRAIL_SYS_ARGS];
	int i, n = sys_args(ev, av);

	for (i = 0; i < n; i++) {
		const struct argv_item *a = &av[i];
		const char *key = json_key(ev, a);

		if (a->letter == 'H') {
			int mi = event_arg_index(ev, 'm'), ri = event_arg_index(ev, 'R');

			jflags(f, "flags", FS_OPEN, a->v);
			if ((a->v & (O_CREAT_ | O_TMPFILE_)) && mi >= 0) {
				jkey(f, "mode");
				fprintf(f, "\"%#04" PRIo64 "\"", ev->args[mi]);
			}
			jflags(f, "resolve", FS_RESOLVE, ri >= 0 ? ev->args[ri] : 0);
			continue;
		}
		if (!key || (a->letter == 'm' && !mode_shown(ev)))
			continue;
		switch (a->letter) {
		case 'd': jdirfd(f, key, a->v); break;
		case 'p':
		case 't':
			jstr(f, key, a->str->p, a->str->len);
			if (a->abs)
				jstr(f, a->nth ? "abs2" : "abs", a->abs, strlen(a->abs));
			break;
		case 'o': jflags(f, key, oflags_set(ev), a->v); break;
		case 'N': jflags(f, key, FS_RENAME, a->v); break;
		case 'K': jflags(f, key, FS_CLOSE_RANGE, a->v); break;
		case 'Z': jflags(f, key, FS_MFD, a->v); break;
		case 'F': jflags(f, key, ev->type == TE_access ? FS_AT_ACCESS : FS_AT, a->v); break;
		case 'm': jkey(f, key); fprintf(f, "\"%#04" PRIo64 "\"", a->v); break;
		case 'C':
			jkey(f, key);
			if (fcntl_cmd_name(a->v))
				fprintf(f, "\"%s\"", fcntl_cmd_name(a->v));
			else
				fprintf(f, "%" PRId64, (int64_t)a->v);
			break;
		case 'P':
			if (ev->ret >= 0) {
				jkey(f, key);
				fprintf(f, "[%d,%d]", (int32_t)a->v, (int32_t)(a->v >> 32));
			}
			break;
		case 'i':
			if (ev->type == TE_access) {
				jflags(f, key, FS_ACCESS_MODE, a->v);
				break;
			}
			/* fall through */
		case 'l':
			jkey(f, key);
			fprintf(f, "%" PRId64, (int64_t)a->v);
			break;
		default:	/* fds, uid, gid: 32-bit signed */
			jkey(f, key);
			if (a->letter == 'D' || a->letter == 'x')
				fprintf(f, "%" PRIu64, a->v);
			else
				fprintf(f, "%d", (int32_t)a->v);
			break;
		}
	}
	if (ev->real.len)
		jstr(f, real_key(ev), ev->real.p, ev->real.len);
	if ((ev->type == TE_OPEN || ev->type == TE_memfd) && ev->has_ret && ev->ret >= 0) {
		jkey(f, "fd");
		fprintf(f, "%" PRId64, ev->ret);
	}
}

static void json_exec(FILE *f, const struct trail_event *ev)
{
	const struct trail_ev_exec *x = ev->exec;

	jstr(f, "filename", ev->filename.p, ev->filename.len);
	if (ev->abs[0])
		jstr(f, "abs", ev->abs[0], strlen(ev->abs[0]));
	if (ev->real.len)
		jstr(f, "path", ev->real.p, ev->real.len);
	else if (ev->abs[0])
		jstr(f, "path", ev->abs[0], strlen(ev->abs[0]));
	if (ev->real.len)
		jstr(f, "real", ev->real.p, ev->real.len);
	if (ev->interp.len)
		jstr(f, "interp", ev->interp.p, ev->interp.len);
	if (ev->cwd.len)
		jstr(f, "cwd", ev->cwd.p, ev->cwd.len);
	if (x->op == TRAIL_SYS_execveat) {
		jdirfd(f, "dirfd", (uint64_t)(int64_t)x->dirfd);
		jflags(f, "at_flags", FS_AT, x->at_flags);
	}
	if (x->old_tid != x->hdr.tid) {
		jkey(f, "old_tid");
		fprintf(f, "%u", x->old_tid);
	}
	jkey(f, "argc");
	fprintf(f, "%u", x->argc);
	jblob(f, "argv", &ev->argv);
	if (x->hdr.flags & TRAIL_F_ARGV_TRUNC)
		fputs(",\"argv_truncated\":true", f);
	if (!(x->hdr.flags & TRAIL_F_NO_ENV)) {
		jkey(f, "envc");
		fprintf(f, "%u", x->envc);
		jblob(f, "env", &ev->env);
		if (x->hdr.flags & TRAIL_F_ENV_TRUNC)
			fputs(",\"env_truncated\":true", f);
	}
}

static void json_fork(FILE *f, const struct trail_event *ev)
{
	const struct trail_ev_fork *k = ev->fork;

	if (k->child_tid) {
		jkey(f, "child_pid");
		fprintf(f, "%u", k->child_pid);
		jkey(f, "child_tid");
		fprintf(f, "%u", k->child_tid);
		jkey(f, "thread");
		fputs(k->child_pid == k->hdr.pid ? "true" : "false", f);
	}
	if (ev->sys)
		jflags(f, "flags", k->op == TRAIL_SYS_clone3 ? FS_CLONE3 : FS_CLONE, k->clone_flags);
}

static void json_exit(FILE *f, const struct trail_event *ev)
{
	uint32_t st = ev->exit->status;

	if ((st & 0x7f) == 0) {
		jkey(f, "code");
		fprintf(f, "%u", (st >> 8) & 0xff);
	} else {
		const char *s = signal_name(st & 0x7f);

		jkey(f, "signal");
		if (s)
			fprintf(f, "\"%s\"", s);
		else
			fprintf(f, "%u", st & 0x7f);
		jkey(f, "core_dumped");
		fputs(st & 0x80 ? "true" : "false", f);
	}
	jkey(f, "thread");
	fputs(ev->hdr->flags & TRAIL_F_GROUP_DEAD ? "false" : "true", f);
}

void print_json(FILE *f, const struct trail_event *ev)
{
	const struct trail_ev_hdr *h = ev->hdr;

	fprintf(f, "{\"time_ns\":%" PRIu64 ",\"pid\":%u,\"tid\":%u", ev->time_ns, h->pid, h->tid);
	jstr(f, "comm", ev->comm, strlen(ev->comm));
	fprintf(f, ",\"uid\":%u,\"gid\":%u,\"event\":\"%s\"", h->uid, h->gid,
		event_type_name(ev->type));
	if (ev->sys)
		fprintf(f, ",\"syscall\":\"%s\"", ev->sys->name);
	if (ev->has_ret) {
		fprintf(f, ",\"ret\":%" PRId64, ev->ret);
		if (ev->ret < 0) {
			const char *e = errno_name((int)-ev->ret);

			if (e)
				fprintf(f, ",\"error\":\"%s\"", e);
			else
				fprintf(f, ",\"error\":\"E%" PRId64 "\"", -ev->ret);
		}
	}
	if (h->flags & (TRAIL_F_TRUNC | TRAIL_F_FAULT | TRAIL_F_REAL_TRUNC))
		fputs(",\"truncated\":true", f);
	switch (ev->type) {
	case TE_EXEC: json_exec(f, ev); break;
	case TE_FORK: json_fork(f, ev); break;
	case TE_EXIT: json_exit(f, ev); break;
	case TE_LOST: fprintf(f, ",\"count\":%" PRIu64, ev->lost); break;
	default: json_sys(f, ev); break;
	}
	fputs("}\n", f);
}
