// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "model/kinds.h"
#include "util/escape.h"
#include "util/json.h"
#include "util/util.h"
#include "views/addr.h"
#include "views/flags.h"
#include "views/print.h"

#define AT_FDCWD_ (-100)
#define ARGS_SHORT 32
#define O_CREAT_ 0100
#define O_TMPFILE_ 020000000

/* ---- text ---- */

/* Quoted as strace does; escaped as every text view escapes (util/escape.h). */
static void text_str(FILE *f, const char *p, size_t len)
{
	esc_quoted(f, p, len);
}

/* A path the kernel resolved, between < > as strace -y prints it. */
static void text_angled(FILE *f, const char *p, size_t len)
{
	putc_unlocked('<', f);
	esc_write(f, p, len, ESC_ANGLES);
	putc_unlocked('>', f);
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
 * How each argument kind of syscalls.def is shown, one row a letter (and
 * indexed by it: a printer looks each argument's up): the
 * text and JSON printers and the generated docs read this table, so a row
 * of syscalls.def needs nothing else to be shown.
 */
static const struct arg_kind arg_kinds[128] = {
	['d'] = { 'd', AS_DIRFD,   0,              "directory fd of the next path (AT_FDCWD)" },
	['p'] = { 'p', AS_STR,     0,              "path, as passed (read at exit)" },
	['t'] = { 't', AS_STR,     0,              "string that is not a path" },
	['f'] = { 'f', AS_INT32,   0,              "file descriptor" },
	['w'] = { 'w', AS_INT32,   0,              "file descriptor written to" },
	['n'] = { 'n', AS_INT32,   0,              "new file descriptor" },
	['e'] = { 'e', AS_INT32,   0,              "last file descriptor of a range" },
	['o'] = { 'o', AS_FLAGS,   FS_OPEN,        "open flags: access mode and O_*" },
	['O'] = { 'O', AS_FLAGS,   FS_FDFLAGS,     "descriptor flags: O_CLOEXEC, O_NONBLOCK, ..." },
	['m'] = { 'm', AS_MODE,    0,              "mode (shown for open only with O_CREAT or O_TMPFILE)" },
	['F'] = { 'F', AS_FLAGS,   FS_AT,          "AT_* flags" },
	['E'] = { 'E', AS_FLAGS,   FS_AT_ACCESS,   "faccessat2's AT_* flags (AT_EACCESS)" },
	['A'] = { 'A', AS_FLAGS,   FS_ACCESS_MODE, "access mode: F_OK, R_OK, W_OK, X_OK" },
	['N'] = { 'N', AS_FLAGS,   FS_RENAME,      "RENAME_* flags" },
	['K'] = { 'K', AS_FLAGS,   FS_CLOSE_RANGE, "CLOSE_RANGE_* flags" },
	['C'] = { 'C', AS_FCNTL,   0,              "fcntl command" },
	['Z'] = { 'Z', AS_FLAGS,   FS_MFD,         "MFD_* flags" },
	['P'] = { 'P', AS_PAIR,    0,              "the two descriptors the kernel filled in" },
	['H'] = { 'H', AS_HOW,     0,              "struct open_how: flags, mode, resolve" },
	['c'] = { 'c', AS_FLAGS,   FS_CLONE3,      "CLONE_* flags" },
	['u'] = { 'u', AS_INT32,   0,              "user id (-1: unchanged)" },
	['g'] = { 'g', AS_INT32,   0,              "group id (-1: unchanged)" },
	['D'] = { 'D', AS_HEX,     0,              "device number" },
	['l'] = { 'l', AS_INT64,   0,              "length" },
	['x'] = { 'x', AS_HEX,     0,              "number, shown in hex" },
	['i'] = { 'i', AS_INT64,   0,              "integer" },
	['a'] = { 'a', AS_NONE,    0,              "pointer, not shown" },
	['S'] = { 'S', AS_ADDR,    0,              "socket address (read at exit)" },
	['M'] = { 'M', AS_ADDR,    0,              "struct msghdr: its msg_name address" },
	['y'] = { 'y', AS_VALUE32, VS_FAMILY,      "address family: AF_*" },
	['Y'] = { 'Y', AS_FLAGS,   FS_SOCK_TYPE,   "socket type and SOCK_* flags" },
	['k'] = { 'k', AS_FLAGS,   FS_SOCK_FLAGS,  "SOCK_NONBLOCK, SOCK_CLOEXEC" },
	['G'] = { 'G', AS_SIGNAL,  0,              "signal" },
	['J'] = { 'J', AS_VALUE32, VS_PRCTL,       "prctl option: PR_*" },
	['V'] = { 'V', AS_VALUE32, VS_SECCOMP,     "seccomp operation: SECCOMP_*" },
	['Q'] = { 'Q', AS_VALUE64, VS_PTRACE,      "ptrace request: PTRACE_*" },
	['B'] = { 'B', AS_VALUE32, VS_BPF,         "bpf command: BPF_*" },
	['X'] = { 'X', AS_FLAGS,   FS_MOUNT,       "MS_* flags" },
	['U'] = { 'U', AS_FLAGS,   FS_UMOUNT,      "MNT_* flags of umount2" },
	['T'] = { 'T', AS_VALUE64, VS_NSTYPE,      "namespace type, from the kernel (0: a pidfd)" },
	['I'] = { 'I', AS_U64,     0,              "namespace inode, from the kernel (a pidfd's pid)" },
};

static const char *const arg_json_forms[] = {
	[AS_NONE] = "(not shown)",
	[AS_DIRFD] = "int, or \"AT_FDCWD\"",
	[AS_STR] = "string",
	[AS_FLAGS] = "array of names (bits without a name: one hex string)",
	[AS_VALUE32] = "name, or the number",
	[AS_VALUE64] = "name, or the number",
	[AS_MODE] = "octal string, e.g. \"0644\"",
	[AS_INT32] = "int",
	[AS_INT64] = "int",
	[AS_HEX] = "int",
	[AS_U64] = "int",
	[AS_FCNTL] = "name, or the number",
	[AS_PAIR] = "[int, int] (on success only)",
	[AS_SIGNAL] = "name, or the number",
	[AS_ADDR] = "object: family, then address and port, or path (unix)",
	[AS_HOW] = "keys flags (array), mode (with O_CREAT), resolve (array)",
};

const struct arg_kind *arg_kind_get(char letter)
{
	unsigned char c = letter;

	return c < ARRAY_SIZE(arg_kinds) && arg_kinds[c].letter ? &arg_kinds[c] : NULL;
}

const char *arg_kind_json_form(const struct arg_kind *k)
{
	return arg_json_forms[k->show];
}

/*
 * The recorded arguments of a syscall event, one item each, in order: its
 * kind and name (syscalls.def), its occurrence number among arguments of
 * the same letter, the value, and the string for p, t, S and M.  Both
 * printers use it.
 */
struct argv_item {
	char letter;
	const struct arg_kind *kind;
	const char *name;
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
		out[n].kind = arg_kind_get(*a);
		out[n].name = ev->sys->argname[n];
		out[n].nth = cnt[(unsigned char)l & 127]++;
		out[n].v = ev->args[i];
		out[n].str = NULL;
		out[n].abs = NULL;
		if ((*a == 'p' || *a == 't' || *a == 'S' || *a == 'M') && k < 3) {
			out[n].str = &ev->path[k];
			out[n].abs = k < 2 ? ev->abs[k] : NULL;
			k++;
		}
		if (*a == 'H')
			i += 2;	/* the next two values belong to it */
		n++;
	}
	return n;
}

/* mode matters to open only when it creates */
static bool mode_shown(const struct trail_event *ev)
{
	int oi = event_arg_index(ev, 'o');

	return ev->type != TE_open || oi < 0 || (ev->args[oi] & (O_CREAT_ | O_TMPFILE_));
}

/* Whether a printer shows this argument at all. */
static bool arg_shown(const struct trail_event *ev, const struct argv_item *a)
{
	return a->kind && a->kind->show != AS_NONE && (a->letter != 'm' || mode_shown(ev));
}

/* The key of what the kernel resolved, by the row's real column. */
const char *real_key_of(enum trail_real real)
{
	static const char *const keys[] = {
		[TRAIL_REAL_PEER] = "peer", [TRAIL_REAL_SOCK] = "local",
		[TRAIL_REAL_CWD] = "cwd", [TRAIL_REAL_ROOT] = "root",
	};

	return (unsigned int)real < ARRAY_SIZE(keys) && keys[real] ? keys[real] : "real";
}

static const char *real_key(const struct trail_event *ev)
{
	return real_key_of(ev->sys->real);
}

static void text_addr(FILE *f, const struct tstr *s)
{
	struct addr_view a;
	char buf[160];
	const char *fam;

	if (!s->len) {
		fputs("NULL", f);
		return;
	}
	addr_decode(s->p, s->len, &a);
	addr_format(&a, buf, sizeof(buf));
	fam = a.family >= 0 ? value_name(VS_FAMILY, a.family) : NULL;
	fprintf(f, "{%s, ", fam ? fam : "?");
	if (a.family == 1 && !a.unnamed)
		text_str(f, buf, strlen(buf));
	else
		fputs(buf, f);
	fputs("}", f);
}

/* A name when there is one, else the number (quoted in JSON). */
static void name_or_num(FILE *f, const char *name, int64_t v, bool json)
{
	if (name)
		fprintf(f, json ? "\"%s\"" : "%s", name);
	else
		fprintf(f, "%" PRId64, v);
}

static void text_value(FILE *f, enum valueset set, int64_t v)
{
	name_or_num(f, value_name(set, v), v, false);
}

static void text_real(FILE *f, const struct trail_event *ev)
{
	if (!ev->real.len)
		return;
	if (ev->real_addr) {
		fprintf(f, " <%s ", real_key(ev));
		text_addr(f, &ev->real);
		fputs(">", f);
		return;
	}
	putc_unlocked(' ', f);
	text_angled(f, ev->real.p, ev->real.len);
}

static void text_how(FILE *f, const struct trail_event *ev, uint64_t flags)
{
	int mi = event_arg_index(ev, 'm'), ri = event_arg_index(ev, 'R');

	fputs("{flags=", f);
	text_flags(f, FS_OPEN, flags);
	fprintf(f, ", mode=%#04" PRIo64 ", resolve=", mi >= 0 ? ev->args[mi] : 0);
	text_flags(f, FS_RESOLVE, ri >= 0 ? ev->args[ri] : 0);
	fputs("}", f);
}

static void text_arg(FILE *f, const struct trail_event *ev, const struct argv_item *a)
{
	const struct arg_kind *k = a->kind;

	switch (k->show) {
	case AS_DIRFD: text_dirfd(f, a->v); break;
	case AS_STR: text_str(f, a->str->p, a->str->len); break;
	case AS_FLAGS: text_flags(f, k->set, a->v); break;
	case AS_VALUE32: text_value(f, k->set, (int32_t)a->v); break;
	case AS_VALUE64: text_value(f, k->set, (int64_t)a->v); break;
	case AS_MODE: fprintf(f, "%#04" PRIo64, a->v); break;
	case AS_INT32: fprintf(f, "%d", (int32_t)a->v); break;
	case AS_INT64: fprintf(f, "%" PRId64, (int64_t)a->v); break;
	case AS_HEX: fprintf(f, "%#" PRIx64, a->v); break;
	case AS_U64: fprintf(f, "%" PRIu64, a->v); break;
	case AS_FCNTL: name_or_num(f, fcntl_cmd_name(a->v), (int64_t)a->v, false); break;
	case AS_SIGNAL: name_or_num(f, signal_name((int)a->v), (int32_t)a->v, false); break;
	case AS_PAIR:
		if (ev->ret >= 0)
			fprintf(f, "[%d, %d]", (int32_t)a->v, (int32_t)(a->v >> 32));
		else
			fputs("...", f);
		break;
	case AS_ADDR: text_addr(f, a->str); break;
	case AS_HOW: text_how(f, ev, a->v); break;
	case AS_NONE: break;
	}
}

/* The absolute form of each path argument, where the kernel resolved none
 * and it says more than the path as given (a relative one). */
static void text_abs(FILE *f, const struct trail_event *ev, const struct argv_item *av, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct argv_item *a = &av[i];

		if (a->letter != 'p' || !a->abs || (a->str->len == strlen(a->abs) &&
						    !memcmp(a->str->p, a->abs, a->str->len)))
			continue;
		putc_unlocked(' ', f);
		text_angled(f, a->abs, strlen(a->abs));
	}
}

static void text_sys(FILE *f, const struct trail_event *ev)
{
	struct argv_item av[TRAIL_SYS_ARGS];
	int i, n = sys_args(ev, av), shown = 0;

	fprintf(f, "%s(", ev->sys->name);
	for (i = 0; i < n; i++) {
		if (!arg_shown(ev, &av[i]))
			continue;
		if (shown++)
			fputs(", ", f);
		text_arg(f, ev, &av[i]);
	}
	fputs(")", f);
	if (ev->has_ret)
		text_ret(f, ev);
	else
		fputs(" = ?", f);	/* a first write, recorded as it starts */
	text_real(f, ev);
	if (!ev->real.len)
		text_abs(f, ev, av, n);
	if (ev->fd_path) {	/* the file a close closed, where the kernel's real goes */
		putc_unlocked(' ', f);
		text_angled(f, ev->fd_path, strlen(ev->fd_path));
	}
}

/* A --syscall argument at its width: sign-extended or masked. */
static uint64_t gen_value(const struct sys_arg *a, uint64_t v)
{
	if (a->bits >= 64)
		return v;
	v &= (1ull << a->bits) - 1;
	if (a->fmt == SAF_INT && (v >> (a->bits - 1)))
		v |= ~0ull << a->bits;
	return v;
}

/* --syscall: strace's form, from the kernel's types. */
static void text_generic(FILE *f, const struct trail_event *ev)
{
	struct argv_item av[TRAIL_SYS_ARGS];
	int i, n = sys_args(ev, av);

	fprintf(f, "%s(", ev->sys->name);
	for (i = 0; i < n; i++) {
		const struct sys_arg *a = &ev->sys->gen[i];
		uint64_t v = gen_value(a, av[i].v);

		if (i)
			fputs(", ", f);
		switch (a->fmt) {
		case SAF_STR:	/* NULL, or a fourth string (not read), as a pointer */
			if (v && av[i].str) {
				text_str(f, av[i].str->p, av[i].str->len);
				break;
			}
			/* fall through */
		case SAF_PTR:
			if (v)
				fprintf(f, "%#" PRIx64, v);
			else
				fputs("NULL", f);
			break;
		case SAF_HEX: fprintf(f, "%#" PRIx64, v); break;
		case SAF_OCT: fprintf(f, "%#04" PRIo64, v); break;
		case SAF_INT: fprintf(f, "%" PRId64, (int64_t)v); break;
		case SAF_UINT: fprintf(f, "%" PRIu64, v); break;
		}
	}
	fputs(")", f);
	text_ret(f, ev);
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
		putc_unlocked(' ', f);
		text_angled(f, ev->real.p, ev->real.len);
	}
	if (x->hdr.flags & TRAIL_F_FILELESS)
		fputs(" (fileless)", f);
	if (x->hdr.flags & TRAIL_F_SECURE)
		fputs(" (set-id)", f);
}

static void text_fork(FILE *f, const struct trail_event *ev, const struct print_opts *o)
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

static void text_exit(FILE *f, const struct trail_event *ev, const struct print_opts *o)
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

static const char *const ns_names[TRAIL_NS_MAX] = {
	"mnt", "pid", "net", "user", "uts", "ipc", "cgroup", "time",
};
static const char *const seccomp_modes[] = { "off", "strict", "filter" };

/* An identity field as name, old and new value: for the change list. */
#define ID_FIELDS(X) \
	X(uid) X(euid) X(suid) X(fsuid) X(gid) X(egid) X(sgid) X(fsgid) \
	X(userns_owner) X(userns_group) X(userns_level) X(securebits) \
	X(no_new_privs) X(seccomp)
#define ID_CAPS(X) X(cap_inh) X(cap_prm) X(cap_eff) X(cap_bnd) X(cap_amb)

static void text_ident(FILE *f, const struct trail_event *ev, const struct print_opts *po)
{
	const struct trail_ev_ident *n = ev->ident, *o = ev->id_before;
	int shown = 0, i;

	if (!o) {
		fprintf(f, "--- identity: nspid %u, uid %u/%u, gid %u/%u, cap_eff %#" PRIx64
			", cgroup %" PRIu64, n->vpid, n->uid, n->euid, n->gid, n->egid,
			(uint64_t)n->cap_eff, (uint64_t)n->cgroup_id);
		for (i = 0; i < TRAIL_NS_MAX; i++)
			fprintf(f, ", %s %u", ns_names[i], n->ns[i]);
		fputs(" ---", f);
		return;
	}
	fputs("--- identity changed:", f);
#define X(k) if (o->k != n->k) fprintf(f, "%s %s %u -> %u", shown++ ? "," : "", #k, \
				      (unsigned)o->k, (unsigned)n->k);
	ID_FIELDS(X)
#undef X
#define X(k) if (o->k != n->k) fprintf(f, "%s %s %#" PRIx64 " -> %#" PRIx64, \
				      shown++ ? "," : "", #k, (uint64_t)o->k, (uint64_t)n->k);
	ID_CAPS(X)
#undef X
	if (o->cgroup_id != n->cgroup_id)
		fprintf(f, "%s cgroup %" PRIu64 " -> %" PRIu64, shown++ ? "," : "",
			(uint64_t)o->cgroup_id, (uint64_t)n->cgroup_id);
	for (i = 0; i < TRAIL_NS_MAX; i++)
		if (o->ns[i] != n->ns[i])
			fprintf(f, "%s %s ns %u -> %u", shown++ ? "," : "", ns_names[i],
				o->ns[i], n->ns[i]);
	fputs(" ---", f);
}

static void text_cap(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	fputs("capable(", f);
	text_value(f, VS_CAP, ev->cap->cap);
	fprintf(f, ", userns %u)", ev->cap->target_ns);
	text_ret(f, ev);
}

static void text_attach(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	fprintf(f, "--- running at attach: ppid %u, ", ev->proc->ppid);
	text_angled(f, ev->filename.p, ev->filename.len);
	fputs(", cwd ", f);
	text_angled(f, ev->cwd.p, ev->cwd.len);
	fputs(", ", f);
	text_blob(f, &ev->argv, ev->hdr->flags & TRAIL_F_ARGV_TRUNC, o->verbose);
	fputs(" ---", f);
}

static void text_stats(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	const struct trail_ev_stats *x = ev->stats;

	fprintf(f, "--- trail: up %.0f s, %" PRIu64 " records received, %" PRIu64 " lost, %" PRIu64
		" filtered, ring %" PRIu64 "/%" PRIu64 " KiB, file %u (%u deleted), rss %u KiB ---",
		x->up_ns / 1e9, (uint64_t)x->received, (uint64_t)x->lost, (uint64_t)x->filtered,
		(uint64_t)x->ring_used >> 10, (uint64_t)x->ring_size >> 10, x->files, x->deleted,
		x->rss_kib);
}

static void text_peer(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	fprintf(f, "--- connected to process %u: recorded from now on, on this process's behalf ---",
		ev->peer->peer_pid);
}

static void text_uring(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	const struct trail_ev_uring *u = ev->uring;

	fputs("io_uring ", f);
	text_value(f, VS_URING_OP, u->opcode);
	putc_unlocked('(', f);
	if (event_uring_open(ev)) {
		text_dirfd(f, (uint64_t)(int64_t)u->fd);
		fputs(", ", f);
		text_str(f, ev->path[0].p, ev->path[0].len);
		fputs(", ", f);
		text_flags(f, FS_OPEN, u->open_flags);
		if (u->fixed)
			fputs(", fixed", f);
	} else {
		fprintf(f, "%s%d", u->fixed ? "fixed " : "", u->fd);
		if (ev->real.len) {
			fputs(", ", f);
			text_addr(f, &ev->real);
		}
	}
	fputs(")", f);
	if (ev->has_ret)
		text_ret(f, ev);
	if (!event_uring_open(ev) && ev->path[0].len) {
		putc_unlocked(' ', f);
		text_angled(f, ev->path[0].p, ev->path[0].len);
	}
}

static void text_lost(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	fprintf(f, "--- %" PRIu64 " events lost here ---", ev->lost);
}

/* A syscall record: of syscalls.def, or a --syscall's. */
static void text_syscall(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	if (ev->type == TE_syscall)
		text_generic(f, ev);
	else
		text_sys(f, ev);
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

static void jflag_list(FILE *f, enum flagset set, uint64_t v)
{
	const char *names[48];
	uint64_t rest;
	int i, n = flags_decode(set, v, names, 48, &rest);

	putc_unlocked('[', f);
	for (i = 0; i < n; i++)
		fprintf(f, "%s\"%s\"", i ? "," : "", names[i]);
	if (rest)
		fprintf(f, "%s\"%#" PRIx64 "\"", n ? "," : "", rest);
	putc_unlocked(']', f);
}

static void jflags(FILE *f, const char *k, enum flagset set, uint64_t v)
{
	jkey(f, k);
	jflag_list(f, set, v);
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
	jkey(f, k);
	json_blob(f, blob->p, blob->len);
}

static void jvalue(FILE *f, const char *key, enum valueset set, int64_t v)
{
	jkey(f, key);
	name_or_num(f, value_name(set, v), v, true);
}

static void jaddr_value(FILE *f, const struct tstr *s)
{
	struct addr_view a;
	const char *fam;

	if (!s->len) {
		fputs("null", f);
		return;
	}
	addr_decode(s->p, s->len, &a);
	fam = a.family >= 0 ? value_name(VS_FAMILY, a.family) : NULL;
	fputs("{\"family\":", f);
	name_or_num(f, fam, a.family, true);
	if (a.family == 1) {
		if (a.unnamed)
			fputs(",\"unnamed\":true", f);
		else
			jstr(f, "path", a.host, strlen(a.host));
	} else if (a.port >= 0) {
		jstr(f, "address", a.host, strlen(a.host));
		fprintf(f, ",\"port\":%d", a.port);
	}
	putc_unlocked('}', f);
}

static void jaddr(FILE *f, const char *key, const struct tstr *s)
{
	jkey(f, key);
	jaddr_value(f, s);
}

static void json_how(FILE *f, const struct trail_event *ev, uint64_t flags)
{
	int mi = event_arg_index(ev, 'm'), ri = event_arg_index(ev, 'R');

	jflags(f, "flags", FS_OPEN, flags);
	if ((flags & (O_CREAT_ | O_TMPFILE_)) && mi >= 0) {
		jkey(f, "mode");
		fprintf(f, "\"%#04" PRIo64 "\"", ev->args[mi]);
	}
	jflags(f, "resolve", FS_RESOLVE, ri >= 0 ? ev->args[ri] : 0);
}

static void json_arg(FILE *f, const struct trail_event *ev, const struct argv_item *a)
{
	const struct arg_kind *k = a->kind;
	const char *key = a->name;

	if (k->show != AS_HOW && k->show != AS_PAIR)
		jkey(f, key);
	switch (k->show) {
	case AS_DIRFD: name_or_num(f, (int32_t)a->v == AT_FDCWD_ ? "AT_FDCWD" : NULL,
				   (int32_t)a->v, true); break;
	case AS_STR:
		json_str(f, a->str->p, a->str->len);
		if (a->abs)
			jstr(f, a->nth ? "abs2" : "abs", a->abs, strlen(a->abs));
		break;
	case AS_FLAGS: jflag_list(f, k->set, a->v); break;
	case AS_VALUE32: name_or_num(f, value_name(k->set, (int32_t)a->v), (int32_t)a->v, true); break;
	case AS_VALUE64: name_or_num(f, value_name(k->set, (int64_t)a->v), (int64_t)a->v, true); break;
	case AS_MODE: fprintf(f, "\"%#04" PRIo64 "\"", a->v); break;
	case AS_INT32: fprintf(f, "%d", (int32_t)a->v); break;
	case AS_INT64: fprintf(f, "%" PRId64, (int64_t)a->v); break;
	case AS_HEX: case AS_U64: fprintf(f, "%" PRIu64, a->v); break;
	case AS_FCNTL: name_or_num(f, fcntl_cmd_name(a->v), (int64_t)a->v, true); break;
	case AS_SIGNAL: name_or_num(f, signal_name((int)a->v), (int32_t)a->v, true); break;
	case AS_PAIR:
		if (ev->ret >= 0) {
			jkey(f, key);
			fprintf(f, "[%d,%d]", (int32_t)a->v, (int32_t)(a->v >> 32));
		}
		break;
	case AS_ADDR: jaddr_value(f, a->str); break;
	case AS_HOW: json_how(f, ev, a->v); break;
	case AS_NONE: break;
	}
}

static void json_sys(FILE *f, const struct trail_event *ev)
{
	struct argv_item av[TRAIL_SYS_ARGS];
	int i, n = sys_args(ev, av);

	for (i = 0; i < n; i++)
		if (arg_shown(ev, &av[i]) && av[i].name[0] != '_')
			json_arg(f, ev, &av[i]);
	if (ev->fd_path)
		jstr(f, "fd_path", ev->fd_path, strlen(ev->fd_path));
	if (ev->real.len && ev->real_addr)
		jaddr(f, real_key(ev), &ev->real);
	else if (ev->real.len)
		jstr(f, real_key(ev), ev->real.p, ev->real.len);
	if (ev->sys->real == TRAIL_REAL_RETFD && ev->has_ret && ev->ret >= 0) {
		jkey(f, "fd");	/* the descriptor an open made */
		fprintf(f, "%" PRId64, ev->ret);
	}
}

/*
 * --syscall: one key per argument, the kernel's name for it; a name that
 * every event has already (pid, uid, ...) gets "arg_" before it.
 */
static void json_generic(FILE *f, const struct trail_event *ev)
{
	static const char taken[] = " time_ns time pid tid comm uid gid event syscall ret error "
				    "truncated nspid cgroup_id mntns pidns netns userns via_pid ";
	struct argv_item av[TRAIL_SYS_ARGS];
	int i, n = sys_args(ev, av);

	for (i = 0; i < n; i++) {
		const struct sys_arg *a = &ev->sys->gen[i];
		uint64_t v = gen_value(a, av[i].v);
		char key[TF_SYSCALL_STR_MAX + 8], probe[TF_SYSCALL_STR_MAX + 3];

		snprintf(probe, sizeof(probe), " %s ", a->name);
		snprintf(key, sizeof(key), "%s%s", strstr(taken, probe) ? "arg_" : "", a->name);
		jkey(f, key);
		switch (a->fmt) {
		case SAF_STR:
			if (v && av[i].str) {
				json_str(f, av[i].str->p, av[i].str->len);
				break;
			}
			/* fall through */
		case SAF_PTR:
			if (v)
				fprintf(f, "\"%#" PRIx64 "\"", v);
			else
				fputs("null", f);
			break;
		case SAF_HEX: fprintf(f, "\"0x%" PRIx64 "\"", v); break;
		case SAF_OCT: fprintf(f, "\"%#04" PRIo64 "\"", v); break;
		case SAF_INT: fprintf(f, "%" PRId64, (int64_t)v); break;
		case SAF_UINT: fprintf(f, "%" PRIu64, v); break;
		}
	}
}

static void json_creds(FILE *f, const char *key, const struct trail_ev_ident *id);

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
	if (x->hdr.flags & TRAIL_F_FILELESS)
		fputs(",\"fileless\":true", f);
	if (x->hdr.flags & TRAIL_F_SECURE) {
		fputs(",\"setid\":true", f);
		if (ev->id_before)
			json_creds(f, "creds_before", ev->id_before);
		if (ev->id)
			json_creds(f, "creds_after", ev->id);
	}
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

static void json_creds(FILE *f, const char *key, const struct trail_ev_ident *id)
{
	jkey(f, key);
	fprintf(f, "{\"uid\":%u,\"euid\":%u,\"suid\":%u,\"fsuid\":%u,"
		   "\"gid\":%u,\"egid\":%u,\"sgid\":%u,\"fsgid\":%u",
		id->uid, id->euid, id->suid, id->fsuid, id->gid, id->egid, id->sgid, id->fsgid);
#define X(k) fprintf(f, ",\"%s\":\"%#" PRIx64 "\"", #k, (uint64_t)id->k);
	ID_CAPS(X)
#undef X
	fprintf(f, ",\"securebits\":%u,\"no_new_privs\":%s,\"seccomp\":\"%s\"}",
		id->securebits, id->no_new_privs ? "true" : "false",
		id->seccomp < ARRAY_SIZE(seccomp_modes) ? seccomp_modes[id->seccomp] : "?");
}

static void json_ns(FILE *f, const char *key, const struct trail_ev_ident *id)
{
	jkey(f, key);
	for (int i = 0; i < TRAIL_NS_MAX; i++)
		fprintf(f, "%s\"%s\":%u", i ? "," : "{", ns_names[i], id->ns[i]);
	putc_unlocked('}', f);
}

static void json_ident(FILE *f, const struct trail_event *ev)
{
	const struct trail_ev_ident *n = ev->ident, *o = ev->id_before;
	static const char *const what[] = { "uid", "gid", "caps", "securebits", "cgroup",
					    "ns", "userns" };

	fprintf(f, ",\"nstid\":%u,\"pidns_level\":%u,\"userns_owner\":%u,"
		   "\"userns_group\":%u,\"userns_level\":%u",
		n->vtid, n->pidns_level, n->userns_owner, n->userns_group, n->userns_level);
	if (n->hdr.flags & TRAIL_F_LATE)	/* counted lost first: the events
						   before it had an unknown identity */
		fputs(",\"late\":true", f);
	json_creds(f, "creds", n);
	json_ns(f, "ns", n);
	if (!o)
		return;
	jkey(f, "changed");
	for (unsigned int i = 0, k = 0; i < ARRAY_SIZE(what); i++)
		if (ev->id_changed & (1u << i))
			fprintf(f, "%s\"%s\"", k++ ? "," : "[", what[i]);
	fputs(ev->id_changed ? "]" : "[]", f);
	json_creds(f, "creds_before", o);
	json_ns(f, "ns_before", o);
	if (o->cgroup_id != n->cgroup_id)
		fprintf(f, ",\"cgroup_id_before\":%" PRIu64, (uint64_t)o->cgroup_id);
}

static void json_uring(FILE *f, const struct trail_event *ev)
{
	const struct trail_ev_uring *u = ev->uring;

	jvalue(f, "op", VS_URING_OP, u->opcode);
	fprintf(f, ",\"user_data\":%" PRIu64, (uint64_t)u->user_data);
	if (event_uring_open(ev)) {
		jdirfd(f, "dirfd", (uint64_t)(int64_t)u->fd);
		jstr(f, "path", ev->path[0].p, ev->path[0].len);
		if (ev->abs[0])
			jstr(f, "abs", ev->abs[0], strlen(ev->abs[0]));
		jflags(f, "flags", FS_OPEN, u->open_flags);
		if (u->fixed)
			fputs(",\"fixed\":true", f);
		return;
	}
	fprintf(f, ",\"fd\":%d", u->fd);
	if (u->fixed)
		fputs(",\"fixed\":true", f);
	if (ev->path[0].len)
		jstr(f, "real", ev->path[0].p, ev->path[0].len);
	if (ev->real.len)
		jaddr(f, "addr", &ev->real);
}

static void json_cap(FILE *f, const struct trail_event *ev)
{
	jvalue(f, "cap", VS_CAP, ev->cap->cap);
	fprintf(f, ",\"cap_nr\":%d,\"target_userns\":%u", ev->cap->cap, ev->cap->target_ns);
}

static void json_attach(FILE *f, const struct trail_event *ev)
{
	fprintf(f, ",\"ppid\":%u", ev->proc->ppid);
	jstr(f, "exe", ev->filename.p, ev->filename.len);
	jstr(f, "cwd", ev->cwd.p, ev->cwd.len);
	fprintf(f, ",\"argc\":%u", ev->proc->argc);
	jblob(f, "argv", &ev->argv);
	if (ev->hdr->flags & TRAIL_F_ARGV_TRUNC)
		fputs(",\"argv_truncated\":true", f);
}

static void json_stats(FILE *f, const struct trail_event *ev)
{
	const struct trail_ev_stats *x = ev->stats;

	fprintf(f, ",\"up_ns\":%" PRIu64 ",\"received\":%" PRIu64 ",\"lost\":%" PRIu64
		",\"filtered\":%" PRIu64 ",\"ring_used\":%" PRIu64 ",\"ring_size\":%" PRIu64
		",\"files\":%u,\"deleted\":%u,\"rss_kib\":%u", (uint64_t)x->up_ns,
		(uint64_t)x->received, (uint64_t)x->lost, (uint64_t)x->filtered,
		(uint64_t)x->ring_used, (uint64_t)x->ring_size, x->files, x->deleted, x->rss_kib);
}

static void json_peer(FILE *f, const struct trail_event *ev)
{
	fprintf(f, ",\"peer_pid\":%u", ev->peer->peer_pid);
}

static void json_lost(FILE *f, const struct trail_event *ev)
{
	fprintf(f, ",\"count\":%" PRIu64, ev->lost);
}

/* unshare: the namespaces it made and moved the caller into, by type,
 * with their inodes from the identity the kernel sent before the event
 * (CLONE_NEWPID and CLONE_NEWTIME are for the children: their events
 * carry them). */
static void json_unshared(FILE *f, const struct trail_event *ev)
{
	static const struct { uint64_t flag; int ns; } made[] = {
		{ 0x00020000, TRAIL_NS_MNT }, { 0x02000000, TRAIL_NS_CGROUP },
		{ 0x04000000, TRAIL_NS_UTS }, { 0x08000000, TRAIL_NS_IPC },
		{ 0x10000000, TRAIL_NS_USER }, { 0x40000000, TRAIL_NS_NET },
	};
	int n = 0;

	if (ev->sys->op != TRAIL_SYS_unshare || !ev->has_ret || ev->ret != 0 || !ev->id ||
	    !ev->nargs)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(made); i++) {
		if (!(ev->args[0] & made[i].flag))
			continue;
		fprintf(f, "%s\"%s\":%u", n++ ? "," : ",\"ns_new\":{", ns_names[made[i].ns],
			ev->id->ns[made[i].ns]);
	}
	if (n)
		putc_unlocked('}', f);
}

static void json_syscall(FILE *f, const struct trail_event *ev)
{
	if (ev->type == TE_syscall)
		json_generic(f, ev);
	else
		json_sys(f, ev);
	json_unshared(f, ev);
}

/* ---- both ---- */

/* The printers of each record kind (model/kinds.h says why they are not
 * in the model's table). */
static const struct {
	void (*text)(FILE *f, const struct trail_event *ev, const struct print_opts *o);
	void (*json)(FILE *f, const struct trail_event *ev);
} kind_print[TRAIL_EV_KIND_MAX] = {
#define X(K, n, rec, loss) [TRAIL_EV_##K] = { text_##n, json_##n },
	TRAIL_KINDS(X)
#undef X
};

int print_time_opt(struct print_opts *o, int ts, bool delta, const char *name)
{
	static const enum print_time by_count[] = { PT_REL, PT_CLOCK, PT_CLOCK_US, PT_EPOCH };
	static const char *const names[] = {
		[PT_REL] = "start", [PT_CLOCK] = "clock", [PT_CLOCK_US] = "clock-us",
		[PT_EPOCH] = "epoch", [PT_DELTA] = "delta",
	};
	size_t i;

	if (ts > 3 || (ts && delta) || (name && (ts || delta)))
		return -1;
	o->time = delta ? PT_DELTA : by_count[ts];
	for (i = 0; name && i < ARRAY_SIZE(names) && strcmp(name, names[i]); i++)
		;
	if (name && i == ARRAY_SIZE(names))
		return -1;
	if (name)
		o->time = i;
	o->prev_ns = UINT64_MAX;	/* the first line is 0 */
	return 0;
}

static void text_time(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	time_t secs = ev->wall_ns / 1000000000;
	unsigned long us = ev->wall_ns % 1000000000 / 1000;
	char hms[16] = "??:??:??";
	struct tm tm;

	if (o->time == PT_REL || (o->time != PT_DELTA && !ev->wall_ns)) {
		fprintf(f, "%10.6f ", ev->time_ns / 1e9);
		return;
	}
	if (o->time == PT_DELTA) {
		fprintf(f, "%10.6f ", o->prev_ns < ev->time_ns ? (ev->time_ns - o->prev_ns) / 1e9 : 0.0);
		return;
	}
	if (o->time == PT_EPOCH) {
		fprintf(f, "%lld.%06lu ", (long long)secs, us);
		return;
	}
	if (localtime_r(&secs, &tm))
		strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	if (o->time == PT_CLOCK_US)
		fprintf(f, "%s.%06lu ", hms, us);
	else
		fprintf(f, "%s ", hms);
}

/* The task's name, as perf trace shows it: escaped (a space, a quote or
 * an angle of a name would look like the line's own), padded to 15. */
static void text_comm(FILE *f, const char *comm)
{
	size_t len = strlen(comm), i;
	bool plain = true;

	for (i = 0; i < len && plain; i++)
		plain = comm[i] > ' ' && comm[i] < 0x7f && !strchr("\"<>\\", comm[i]);
	if (plain) {
		fprintf(f, "%-15s ", comm);
		return;
	}
	esc_write(f, comm, len, "\" <>");
	fprintf(f, "%*s", len < 15 ? (int)(16 - len) : 1, "");
}

void print_text(FILE *f, const struct trail_event *ev, const struct print_opts *o)
{
	char who[32];

	if (ev->hdr->tid != ev->hdr->pid)
		snprintf(who, sizeof(who), "%u/%u", ev->hdr->pid, ev->hdr->tid);
	else
		snprintf(who, sizeof(who), "%u", ev->hdr->pid);
	fprintf(f, "%7s ", who);
	text_comm(f, ev->comm);
	text_time(f, ev, o);
	kind_print[ev->hdr->kind].text(f, ev, o);
	if (ev->hdr->flags & (TRAIL_F_TRUNC | TRAIL_F_FAULT | TRAIL_F_REAL_TRUNC))
		fputs(" (truncated)", f);
	if (o->durations && ev->dur_ns)
		fprintf(f, " <%" PRIu64 ".%06" PRIu64 ">", ev->dur_ns / 1000000000,
			ev->dur_ns % 1000000000 / 1000);
	putc_unlocked('\n', f);
}

/* ISO 8601 UTC with nanoseconds: "2026-12-04T05:01:02.123456789Z". */
static void json_wall(FILE *f, uint64_t wall_ns)
{
	time_t secs = wall_ns / 1000000000;
	char ymd[32];
	struct tm tm;

	if (!wall_ns || !gmtime_r(&secs, &tm))
		return;
	strftime(ymd, sizeof(ymd), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(f, ",\"time\":\"%s.%09" PRIu64 "Z\"", ymd, wall_ns % 1000000000);
}

char *print_json_origin(const struct tf_info *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fputs("\"host\":", f);
	json_str(f, in->hostname, strlen(in->hostname));
	fprintf(f, ",\"recording\":\"%s\",", in->recording_id);
	if (in->boot_id[0])
		fprintf(f, "\"boot_id\":\"%s\",", in->boot_id);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

void print_json(FILE *f, const struct trail_event *ev)
{
	print_json_from(f, ev, NULL);
}

void print_json_from(FILE *f, const struct trail_event *ev, const char *origin)
{
	const struct trail_ev_hdr *h = ev->hdr;

	fprintf(f, "{%s\"time_ns\":%" PRIu64, origin ? origin : "", ev->time_ns);
	json_wall(f, ev->wall_ns);
	fprintf(f, ",\"pid\":%u,\"tid\":%u", h->pid, h->tid);
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
	if (ev->dur_ns)
		fprintf(f, ",\"duration_ns\":%" PRIu64, ev->dur_ns);
	if (h->flags & (TRAIL_F_TRUNC | TRAIL_F_FAULT | TRAIL_F_REAL_TRUNC))
		fputs(",\"truncated\":true", f);
	/* who: the pid inside its container, the cgroup and namespaces,
	 * so that events can be grouped by container */
	if (ev->id) {
		fprintf(f, ",\"nspid\":%u,\"cgroup_id\":%" PRIu64 ",\"mntns\":%u,\"pidns\":%u,"
			   "\"netns\":%u,\"userns\":%u", ev->id->vpid, (uint64_t)ev->id->cgroup_id,
			ev->id->ns[TRAIL_NS_MNT], ev->id->ns[TRAIL_NS_PID],
			ev->id->ns[TRAIL_NS_NET], ev->id->ns[TRAIL_NS_USER]);
	}
	if (ev->via_pid)
		fprintf(f, ",\"via_pid\":%u", ev->via_pid);
	kind_print[ev->hdr->kind].json(f, ev);
	fputs("}\n", f);
}
