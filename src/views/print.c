// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <string.h>
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
	if (ev->real_addr)
		return ev->type == TE_accept ? "peer" : ev->type == TE_uring ? "addr" : "local";
	return ev->type == TE_CHDIR ? "cwd" : ev->type == TE_chroot ? "root" : "real";
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

static void text_value(FILE *f, enum valueset set, int64_t v)
{
	const char *n = value_name(set, v);

	if (n)
		fputs(n, f);
	else
		fprintf(f, "%" PRId64, v);
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
		case 'S': case 'M': text_addr(f, a->str); break;
		case 'y': text_value(f, VS_FAMILY, (int32_t)a->v); break;
		case 'Y': text_flags(f, ev->type == TE_socket ? FS_SOCK_TYPE : FS_SOCK_FLAGS, a->v); break;
		case 'G':
			if (signal_name((int)a->v))
				fputs(signal_name((int)a->v), f);
			else
				fprintf(f, "%d", (int32_t)a->v);
			break;
		case 'J': text_value(f, VS_PRCTL, (int32_t)a->v); break;
		case 'V': text_value(f, VS_SECCOMP, (int32_t)a->v); break;
		case 'Q': text_value(f, VS_PTRACE, (int64_t)a->v); break;
		case 'B': text_value(f, VS_BPF, (int32_t)a->v); break;
		case 'X': text_flags(f, !strcmp(ev->sys->name, "umount2") ? FS_UMOUNT : FS_MOUNT, a->v); break;
		case 'c': text_flags(f, FS_CLONE3, a->v); break;
		case 'T': text_value(f, VS_NSTYPE, (int64_t)a->v); break;
		case 'I': fprintf(f, "%" PRIu64, a->v); break;
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
	text_real(f, ev);
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

static void text_ident(FILE *f, const struct trail_event *ev)
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

static void text_cap(FILE *f, const struct trail_event *ev)
{
	fputs("capable(", f);
	text_value(f, VS_CAP, ev->cap->cap);
	fprintf(f, ", userns %u)", ev->cap->target_ns);
	text_ret(f, ev);
}

static void text_uring(FILE *f, const struct trail_event *ev)
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
	case TE_ident: text_ident(f, ev); break;
	case TE_cap: text_cap(f, ev); break;
	case TE_uring: text_uring(f, ev); break;
	case TE_syscall: text_generic(f, ev); break;
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
	jkey(f, k);
	json_blob(f, blob->p, blob->len);
}

static const char *json_key(const struct trail_event *ev, const struct argv_item *a)
{
	static const char *const socket_keys[] = { "domain", "type", "protocol" };
	static const char *const prctl_keys[] = { "arg2", "arg3", "arg4", "arg5" };
	static const char *const uid_keys[] = { "set_ruid", "set_euid", "set_suid" };
	static const char *const gid_keys[] = { "set_rgid", "set_egid", "set_sgid" };
	const char *sc = ev->sys->name;

	if (ev->type == TE_cred && (a->letter == 'u' || a->letter == 'g')) {
		if (!strcmp(sc, "setuid")) return "set_uid";
		if (!strcmp(sc, "setgid")) return "set_gid";
		if (!strcmp(sc, "setfsuid")) return "set_fsuid";
		if (!strcmp(sc, "setfsgid")) return "set_fsgid";
		return a->nth < 3 ? (a->letter == 'u' ? uid_keys : gid_keys)[a->nth] : NULL;
	}
	switch (a->letter) {
	case 'S': case 'M': return "addr";
	case 'y': return "domain";
	case 'Y': return ev->type == TE_socket ? "type" : "flags";
	case 'G': return "signal";
	case 'J': return "option";
	case 'V': return "op";
	case 'Q': return "request";
	case 'B': return "cmd";
	case 'X': return "flags";
	case 'T': return "ns_type";
	case 'I': return "ns_inode";
	case 'c': return "flags";
	default: break;
	}
	switch (ev->type) {	/* plain letters with a meaning of their own */
	case TE_prctl:
		return a->letter == 'x' && a->nth < 4 ? prctl_keys[a->nth] : NULL;
	case TE_personality:
		return "persona";
	case TE_mount: case TE_module: case TE_seccomp: case TE_ns:
		if (a->letter == 't')
			return !strcmp(sc, "mount") ? (a->nth ? "fstype" : "source") :
			       !strcmp(sc, "fsconfig") ? "key" : !strcmp(sc, "fsopen") ? "fstype" :
			       !strcmp(sc, "delete_module") ? "name" : "params";
		if (a->letter == 'x')
			return a->nth ? "attr_flags" : "flags";
		if (a->letter == 'i')
			return "cmd";
		if (a->letter == 'l')
			return "length";
		break;
	case TE_kill:
	case TE_ptrace:
		if (a->letter == 'i')
			return !strcmp(sc, "tgkill") ? (a->nth ? "target_tid" : "target_pid") :
			       !strcmp(sc, "tkill") ? "target_tid" : "target_pid";
		break;
	case TE_listen:
		if (a->letter == 'i')
			return "backlog";
		break;
	case TE_socket:
		if (a->letter == 'i')
			return "protocol";
		break;
	case TE_cred:
		if (a->letter == 'i')
			return "size";
		break;
	case TE_send: case TE_connect: case TE_bind: case TE_accept:
		if (a->letter == 'l')	/* the address length: the address says it */
			return ev->type == TE_send && a->nth == 0 ? "length" : NULL;
		if (a->letter == 'x')
			return "flags";
		break;
	default:
		break;
	}
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

static void jvalue(FILE *f, const char *key, enum valueset set, int64_t v)
{
	const char *n = value_name(set, v);

	jkey(f, key);
	if (n)
		fprintf(f, "\"%s\"", n);
	else
		fprintf(f, "%" PRId64, v);
}

static void jaddr(FILE *f, const char *key, const struct tstr *s)
{
	struct addr_view a;
	const char *fam;

	jkey(f, key);
	if (!s->len) {
		fputs("null", f);
		return;
	}
	addr_decode(s->p, s->len, &a);
	fam = a.family >= 0 ? value_name(VS_FAMILY, a.family) : NULL;
	fputs("{\"family\":", f);
	if (fam)
		fprintf(f, "\"%s\"", fam);
	else
		fprintf(f, "%d", a.family);
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
		case 'S': case 'M': jaddr(f, key, a->str); break;
		case 'y': jvalue(f, key, VS_FAMILY, (int32_t)a->v); break;
		case 'Y': jflags(f, key, ev->type == TE_socket ? FS_SOCK_TYPE : FS_SOCK_FLAGS, a->v); break;
		case 'G':
			jkey(f, key);
			if (signal_name((int)a->v))
				fprintf(f, "\"%s\"", signal_name((int)a->v));
			else
				fprintf(f, "%d", (int32_t)a->v);
			break;
		case 'J': jvalue(f, key, VS_PRCTL, (int32_t)a->v); break;
		case 'V': jvalue(f, key, VS_SECCOMP, (int32_t)a->v); break;
		case 'Q': jvalue(f, key, VS_PTRACE, (int64_t)a->v); break;
		case 'B': jvalue(f, key, VS_BPF, (int32_t)a->v); break;
		case 'X': jflags(f, key, !strcmp(ev->sys->name, "umount2") ? FS_UMOUNT : FS_MOUNT, a->v); break;
		case 'c': jflags(f, key, FS_CLONE3, a->v); break;
		case 'T': jvalue(f, key, VS_NSTYPE, (int64_t)a->v); break;
		case 'I': jkey(f, key); fprintf(f, "%" PRIu64, a->v); break;
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
	if (ev->real.len && ev->real_addr)
		jaddr(f, real_key(ev), &ev->real);
	else if (ev->real.len)
		jstr(f, real_key(ev), ev->real.p, ev->real.len);
	if ((ev->type == TE_OPEN || ev->type == TE_memfd) && ev->has_ret && ev->ret >= 0) {
		jkey(f, "fd");
		fprintf(f, "%" PRId64, ev->ret);
	}
}

/*
 * --syscall: one key per argument, the kernel's name for it; a name that
 * every event has already (pid, uid, ...) gets "arg_" before it.
 */
static void json_generic(FILE *f, const struct trail_event *ev)
{
	static const char taken[] = " time_ns pid tid comm uid gid event syscall ret error "
				    "truncated nspid cgroup_id mntns pidns netns userns ";
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
	/* who: the pid inside its container, the cgroup and namespaces,
	 * so that events can be grouped by container */
	if (ev->id) {
		fprintf(f, ",\"nspid\":%u,\"cgroup_id\":%" PRIu64 ",\"mntns\":%u,\"pidns\":%u,"
			   "\"netns\":%u,\"userns\":%u", ev->id->vpid, (uint64_t)ev->id->cgroup_id,
			ev->id->ns[TRAIL_NS_MNT], ev->id->ns[TRAIL_NS_PID],
			ev->id->ns[TRAIL_NS_NET], ev->id->ns[TRAIL_NS_USER]);
	}
	switch (ev->type) {
	case TE_ident: json_ident(f, ev); break;
	case TE_cap:
		jvalue(f, "cap", VS_CAP, ev->cap->cap);
		fprintf(f, ",\"cap_nr\":%d,\"target_userns\":%u", ev->cap->cap, ev->cap->target_ns);
		break;
	case TE_uring: json_uring(f, ev); break;
	case TE_EXEC: json_exec(f, ev); break;
	case TE_FORK: json_fork(f, ev); break;
	case TE_EXIT: json_exit(f, ev); break;
	case TE_LOST: fprintf(f, ",\"count\":%" PRIu64, ev->lost); break;
	case TE_syscall: json_generic(f, ev); break;
	default: json_sys(f, ev); break;
	}
	fputs("}\n", f);
}
