// SPDX-License-Identifier: MIT
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "util/escape.h"
#include "util/json.h"
#include "views/addr.h"
#include "views/deps.h"
#include "views/lint.h"

#define NEVER UINT64_MAX
#define EINPROGRESS_ 115
#define AF_INET_ 2
#define AF_INET6_ 10

const char *const lint_kind_name[LK__MAX] = {
	"write-write", "stale-read", "concurrent-rw", "undeclared-input", "undeclared-output",
	"non-hermetic", "missing-then-created",
};

static const char *const access_name[] = {
	"read", "write", "create", "missing", "list", "connect", "send",
};

/*
 * Reading these is not a dependency of the build but of the machine: the
 * toolchain, the dynamic loader's configuration, the user and time-zone
 * databases and the pseudo-filesystems (/proc/cpuinfo for make -j, ninja's
 * CPU count; /dev/null).  docs/lint.md says why each.
 */
const char *const lint_default_allow[] = {
	"/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin",
	"/etc/ld.so.*", "/etc/alternatives", "/etc/localtime", "/etc/nsswitch.conf",
	"/etc/passwd", "/etc/group", "/proc", "/sys", "/dev", NULL,
};

int lint_kind_parse(const char *name)
{
	int k;

	for (k = 0; k < LK__MAX; k++)
		if (!strcmp(name, lint_kind_name[k]))
			return k;
	return -1;
}

/*
 * First times a command did something to a path (NEVER: it did not).
 * A write through a descriptor the command did not open on that path
 * itself (t_fdwrite: `(a; b) > log`, where the shell opened log) is its
 * opener's: it counts as the command's own write only once the command
 * has named the path (lint__finish folds it in).
 */
struct lint_acc {
	uint32_t cmd;
	bool named;
	uint64_t t_read, t_write, t_create, t_miss, t_list, t_fdwrite;
};

struct lint_path {
	uint32_t *acc;         /* indices into lint.acc, one per command */
	uint32_t n, cap;
	uint8_t state;         /* 0: not looked at yet, 1: allowed, 2: checked */
	bool dir;              /* made by mkdir or listed: not a file's content */
	bool named;            /* opened or named by a call of the run, not only
				  written through a descriptor it was given
				  (make > build.log: the caller's file) */
};

static bool allow_match(const char *pat, const char *path)
{
	if (strpbrk(pat, "*?["))
		return !fnmatch(pat, path, 0);
	return *pat && path_under(path, pat);
}

static bool allowed(const struct lint *l, const char *path)
{
	char **a;
	int i;

	if (!l->o->no_default_allow)
		for (i = 0; lint_default_allow[i]; i++)
			if (allow_match(lint_default_allow[i], path))
				return true;
	for (a = l->o->allow; a && *a; a++)
		if (allow_match(*a, path))
			return true;
	return false;
}

static struct lint_path *lpath(struct lint *l, uint32_t id)
{
	if (id >= l->npaths) {
		uint32_t n = l->fu.cap_paths > id ? l->fu.cap_paths : id + 1;

		l->paths = xrealloc(l->paths, n * sizeof(*l->paths));
		memset(l->paths + l->npaths, 0, (n - l->npaths) * sizeof(*l->paths));
		l->npaths = n;
	}
	return &l->paths[id];
}

static struct lint_acc *acc_of(struct lint *l, struct lint_path *p, uint32_t cmd)
{
	struct lint_acc *a;
	uint32_t i;

	for (i = p->n; i-- > 0;)	/* the latest command is the likeliest */
		if (l->acc[p->acc[i]].cmd == cmd)
			return &l->acc[p->acc[i]];
	if (l->nacc == l->cap_acc) {
		l->cap_acc = l->cap_acc ? l->cap_acc * 2 : 1024;
		l->acc = xrealloc(l->acc, l->cap_acc * sizeof(*l->acc));
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 4;
		p->acc = xrealloc(p->acc, p->cap * sizeof(*p->acc));
	}
	p->acc[p->n++] = (uint32_t)l->nacc;
	a = &l->acc[l->nacc++];
	*a = (struct lint_acc){ cmd, false, NEVER, NEVER, NEVER, NEVER, NEVER, NEVER };
	return a;
}

static void first(uint64_t *t, uint64_t now)
{
	if (now < *t)
		*t = now;
}

static void on_role(void *ctx, const struct fu_cmd *c, uint32_t id, uint32_t bits,
		    const struct trail_event *ev)
{
	struct lint *l = ctx;
	struct lint_path *p = lpath(l, id);
	struct lint_acc *a;
	uint64_t t = ev->time_ns;
	bool named = ev->type != TE_write && ev->type != TE_readdir &&
		     (ev->type != TE_uring || event_uring_open(ev));

	if (!p->state)
		p->state = allowed(l, l->fu.paths[id].s) ? 1 : 2;
	if (ev->type == TE_mkdir || (bits & FU_LIST))
		p->dir = true;
	p->named |= named;
	if (p->state == 1)
		return;
	a = acc_of(l, p, c->id);
	a->named |= named;
	if (bits & (FU_READ | FU_EXEC))
		first(&a->t_read, t);
	if (bits & (FU_WRITE | FU_CREATE))
		first(named ? &a->t_write : &a->t_fdwrite, t);
	if (bits & FU_CREATE)
		first(&a->t_create, t);
	if (bits & FU_MISSING)
		first(&a->t_miss, t);
	if (bits & FU_LIST)
		first(&a->t_list, t);
}

void lint__init(struct lint *l, const struct lint_opts *o, const struct tf_info *info)
{
	memset(l, 0, sizeof(*l));
	l->o = o;
	l->project = xstrdup(o->project ? o->project : info->cwd && *info->cwd ? info->cwd : "/");
	fileuse_init(&l->fu);
	l->fu.on_role = on_role;
	l->fu.on_role_ctx = l;
	l->peers = strtab_new();
}

/* A connection or a datagram to an internet peer: where the build
 * reached out (the first time, per peer). */
static void take_peer(struct lint *l, const struct trail_event *ev, enum lint_access how)
{
	struct fu_cmd *c = u32map_get(&l->fu.by_pid, ev->hdr->pid);
	struct lint_part *p;
	struct addr_view a;
	char s[160];
	uint32_t id;

	if (!c || !addr_decode(ev->path[0].p, ev->path[0].len, &a) ||
	    (a.family != AF_INET_ && a.family != AF_INET6_))
		return;
	addr_format(&a, s, sizeof(s));
	if (allowed(l, s))
		return;
	id = strtab_intern(l->peers, s, strlen(s));
	if (u32map_get(&l->peer_first, id))
		return;
	p = xcalloc(1, sizeof(*p));
	*p = (struct lint_part){ c->id, how, ev->time_ns };
	u32map_put(&l->peer_first, id, p);
}

void lint__add(struct lint *l, const struct trail_event *ev)
{
	fileuse_add(&l->fu, ev);
	if (ev->type == TE_connect && (ev->ret >= 0 || ev->ret == -EINPROGRESS_) && ev->path[0].len)
		take_peer(l, ev, LA_CONNECT);
	else if (ev->type == TE_send && ev->ret >= 0 && ev->path[0].len)
		take_peer(l, ev, LA_SEND);
}

/* ---- finding the hazards ---- */

/* A new hazard: its index + 1 (0 when its kind is ignored); an index, as
 * the array moves when it grows. */
static size_t hazard(struct lint *l, enum lint_kind k, const char *file)
{
	struct lint_hazard *h;

	if (l->o->ignore & (1u << k))
		return 0;
	if (l->nh == l->cap_h) {
		l->cap_h = l->cap_h ? l->cap_h * 2 : 64;
		l->h = xrealloc(l->h, l->cap_h * sizeof(*l->h));
	}
	h = &l->h[l->nh++];
	memset(h, 0, sizeof(*h));
	h->kind = k;
	h->file = file;
	l->count[k]++;
	return l->nh;
}

static void part(struct lint *l, size_t hi, uint32_t cmd, enum lint_access a, uint64_t t)
{
	struct lint_hazard *h = hi ? &l->h[hi - 1] : NULL;
	unsigned int i;

	if (!h)
		return;
	for (i = 0; i < h->nparts; i++)
		if (h->part[i].cmd == cmd && h->part[i].access == a)
			return;
	if (h->nparts == LINT_PARTS_MAX)
		h->more++;
	else
		h->part[h->nparts++] = (struct lint_part){ cmd, a, t };
}

/* Two commands in one hazard of kind k on file, made at the first pair
 * (*h: its index + 1, 0 until then or when the kind is ignored). */
static void pair(struct lint *l, size_t *h, enum lint_kind k, const char *file,
		 struct lint_part x, struct lint_part y)
{
	if (!*h)
		*h = hazard(l, k, file);
	part(l, *h, x.cmd, x.access, x.time_ns);
	part(l, *h, y.cmd, y.access, y.time_ns);
}

static const struct fu_cmd *cmd(const struct lint *l, uint32_t id)
{
	return l->fu.cmds[id];
}

static bool overlap(const struct fu_cmd *a, const struct fu_cmd *b)
{
	uint64_t ae = a->ended ? a->end_ns : NEVER, be = b->ended ? b->end_ns : NEVER;

	return a->start_ns < be && b->start_ns < ae;
}

/*
 * One the ancestor of the other (an earlier image of a process counts).
 * A followed peer's command (record --follow-peers: a server working on a
 * job's behalf, via_pid) is ordered with the job by its protocol, which the
 * recording does not show: never paired.
 */
static bool related(const struct fu_cmd *a, const struct fu_cmd *b)
{
	const struct fu_cmd *x;

	if (a->via_pid || b->via_pid)
		return true;

	for (x = a; x; x = x->parent)
		if (x == b)
			return true;
	for (x = b; x; x = x->parent)
		if (x == a)
			return true;
	return false;
}

/*
 * write-write: A and B, unrelated, both write the file.  Not a hazard when
 * they ran one after the other and the file is a temporary of the run (a
 * scratch name used in turn), or B read the file before writing it (ar
 * then ranlib: an update of A's version, in order).
 */
static void check_writes(struct lint *l, const struct fu_path *fp, const struct lint_path *p)
{
	size_t h = 0;
	bool temp = fu_is_temporary(fp);
	uint32_t i, j;

	for (i = 0; i < p->n; i++) {
		const struct lint_acc *a = &l->acc[p->acc[i]];

		for (j = 0; a->t_write != NEVER && j < p->n; j++) {
			const struct lint_acc *b = &l->acc[p->acc[j]];
			bool ov;

			if (b->t_write == NEVER || b->t_write < a->t_write || (b->t_write == a->t_write && j <= i))
				continue;
			if (related(cmd(l, a->cmd), cmd(l, b->cmd)))
				continue;
			ov = overlap(cmd(l, a->cmd), cmd(l, b->cmd));
			if (!ov && (temp || b->t_read < b->t_write))
				continue;
			pair(l, &h, LK_WRITE_WRITE, fp->s, (struct lint_part){ a->cmd, LA_WRITE, a->t_write },
			     (struct lint_part){ b->cmd, LA_WRITE, b->t_write });
		}
	}
}

/*
 * A reader R and a writer W, unrelated.  Running at the same time:
 * concurrent-rw (unless R writes the file too: that is write-write).  One
 * after the other, R reading before W wrote: stale-read (unless R read
 * what it had written itself).
 */
static void check_reads(struct lint *l, const struct fu_path *fp, const struct lint_path *p)
{
	size_t hs = 0, hc = 0;
	uint32_t i, j;

	for (i = 0; i < p->n; i++) {
		const struct lint_acc *r = &l->acc[p->acc[i]];

		for (j = 0; r->t_read != NEVER && j < p->n; j++) {
			const struct lint_acc *w = &l->acc[p->acc[j]];
			const struct fu_cmd *rc = cmd(l, r->cmd), *wc = cmd(l, w->cmd);

			if (i == j || w->t_write == NEVER || related(rc, wc))
				continue;
			if (overlap(rc, wc)) {
				if (r->t_write != NEVER)
					continue;
				pair(l, &hc, LK_CONCURRENT_RW, fp->s,
				     (struct lint_part){ r->cmd, LA_READ, r->t_read },
				     (struct lint_part){ w->cmd, LA_WRITE, w->t_write });
			} else if (r->t_read < w->t_write && !(r->t_write < r->t_read)) {
				pair(l, &hs, LK_STALE_READ, fp->s,
				     (struct lint_part){ r->cmd, LA_READ, r->t_read },
				     (struct lint_part){ w->cmd, LA_WRITE, w->t_write });
			}
		}
	}
}

/* missing-then-created: M looked the path up in vain, a later unrelated C
 * created it: M's result depends on the order. */
static void check_probes(struct lint *l, const struct fu_path *fp, const struct lint_path *p)
{
	size_t h = 0;
	uint32_t i, j;

	for (i = 0; i < p->n; i++) {
		const struct lint_acc *m = &l->acc[p->acc[i]];

		for (j = 0; m->t_miss != NEVER && j < p->n; j++) {
			const struct lint_acc *c = &l->acc[p->acc[j]];

			if (i == j || c->t_create == NEVER || c->t_create < m->t_miss ||
			    related(cmd(l, m->cmd), cmd(l, c->cmd)))
				continue;
			pair(l, &h, LK_MISSING_CREATED, fp->s,
			     (struct lint_part){ m->cmd, LA_MISSING, m->t_miss },
			     (struct lint_part){ c->cmd, LA_CREATE, c->t_create });
		}
	}
}

/* non-hermetic: a file outside the project that the run did not make and
 * remove again. */
static void check_hermetic(struct lint *l, const struct fu_path *fp, const struct lint_path *p)
{
	size_t h = 0;
	uint32_t i;

	if (path_under(fp->s, l->project) || fu_is_temporary(fp))
		return;
	for (i = 0; i < p->n; i++) {
		const struct lint_acc *a = &l->acc[p->acc[i]];
		uint64_t t = a->t_read < a->t_list ? a->t_read : a->t_list;

		if (t == NEVER && a->t_write == NEVER)
			continue;
		if (!h && !(h = hazard(l, LK_NON_HERMETIC, fp->s)))
			return;
		if (a->t_write < t)
			part(l, h, a->cmd, a->t_create == a->t_write ? LA_CREATE : LA_WRITE, a->t_write);
		else
			part(l, h, a->cmd, a->t_read <= a->t_list ? LA_READ : LA_LIST, t);
	}
}

static void check_peers(struct lint *l)
{
	size_t it = 0;
	uint32_t id;
	void *v;

	while (u32map_next(&l->peer_first, &it, &id, &v)) {
		const struct lint_part *p = v;
		size_t h = hazard(l, LK_NON_HERMETIC, strtab_str(l->peers, id));

		if (!h)
			return;
		l->h[h - 1].peer = true;
		part(l, h, p->cmd, p->access, p->time_ns);
	}
}

/* ---- undeclared inputs and outputs ---- */

static bool is_driver(const struct fu_cmd *c)
{
	static const char *const names[] = { "make", "gmake", "ninja", "samu", "ninja-build" };
	const char *b = c->exe ? strrchr(c->exe, '/') : NULL;
	size_t i;

	if (!b)
		return false;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(b + 1, names[i]))
			return true;
	return false;
}

/*
 * The step a command belongs to: its ancestor that the build tool (make,
 * ninja) started, so that a rule's shell, compiler driver, cc1 and as are
 * one step.  Without a build tool above it, the command alone.
 */
static uint32_t step_of(const struct fu_cmd *c)
{
	const struct fu_cmd *x = c;

	while (x->parent && !is_driver(x->parent))
		x = x->parent;
	return x->parent ? x->id : c->id;
}

static bool project_file(const struct lint *l, uint32_t id)
{
	const struct fu_path *fp = &l->fu.paths[id];
	const struct lint_path *p = id < l->npaths ? &l->paths[id] : NULL;

	return p && p->state == 2 && !p->dir && p->named && path_under(fp->s, l->project) &&
	       !fu_is_temporary(fp) && !fp->renamed_away;
}

static uint64_t read_time(const struct lint *l, uint32_t path, uint32_t c)
{
	const struct lint_path *p = &l->paths[path];
	uint32_t i;

	for (i = 0; i < p->n; i++)
		if (l->acc[p->acc[i]].cmd == c)
			return l->acc[p->acc[i]].t_read;
	return 0;
}

/* What target's step read that its declared prerequisites do not hold. */
static void check_inputs(struct lint *l, uint32_t target, const uint32_t *steps,
			 const uint32_t *next)
{
	const struct fu_path *tp = &l->fu.paths[target];
	uint32_t step = steps[tp->producer], i, id, roles;
	struct u32map closure, seen = { 0 };

	build_decl_closure(l->o->decl, tp->s, &closure);
	for (i = step; i; i = next[i]) {	/* the step's commands */
		size_t it = 0;

		while (fu_cmd_next(l->fu.cmds[i], &it, &id, &roles)) {
			const struct fu_path *fp = &l->fu.paths[id];
			size_t h;

			if (!(roles & (FU_READ | FU_EXEC)) || id == target || !project_file(l, id) ||
			    (fp->producer && steps[fp->producer] == step) ||
			    build_decl_in(l->o->decl, &closure, fp->s))
				continue;
			h = (uintptr_t)u32map_get(&seen, id);
			if (!h && (h = hazard(l, LK_UNDECLARED_INPUT, fp->s))) {
				l->h[h - 1].target = tp->s;
				u32map_put(&seen, id, (void *)(uintptr_t)h);
			}
			part(l, h, i, LA_READ, read_time(l, id, i));
		}
	}
	u32map_release(&seen);
	u32map_release(&closure);
}

static bool depfile(const char *s)
{
	size_t n = strlen(s);

	return n > 2 && !strcmp(s + n - 2, ".d");
}

/* Every output of the run in the project: a declared target's inputs
 * checked, an undeclared one reported (a compiler's depfile written by
 * a step that makes a declared target apart). */
static void check_declared(struct lint *l)
{
	uint32_t *steps = xcalloc(l->fu.ncmds, sizeof(*steps)), i, pass;
	uint32_t *next = xcalloc(l->fu.ncmds, sizeof(*next)), *last = xcalloc(l->fu.ncmds, sizeof(*last));
	uint8_t *makes_target = xcalloc(l->fu.ncmds, 1);

	/* a step is an ancestor or the command itself, so made before it:
	 * each step's commands chained in id order, from the step */
	for (i = 1; i < l->fu.ncmds; i++) {
		steps[i] = step_of(l->fu.cmds[i]);
		if (steps[i] != i)
			next[last[steps[i]] ? last[steps[i]] : steps[i]] = i;
		last[steps[i]] = i;
	}
	for (pass = 0; pass < 2; pass++) {
		for (i = 1; i < l->fu.npaths; i++) {
			const struct fu_path *fp = &l->fu.paths[i];
			const struct bd_node *n;
			size_t h;

			if (!fu_is_output(fp) || !fp->producer || !project_file(l, i) ||
			    is_driver(cmd(l, fp->producer)))
				continue;
			n = build_decl_node(l->o->decl, fp->s);
			if (pass == 0 && n && n->target) {
				makes_target[steps[fp->producer]] = 1;
				check_inputs(l, i, steps, next);
			} else if (pass == 1 && !(n && n->target) &&
				   !(depfile(fp->s) && makes_target[steps[fp->producer]])) {
				h = hazard(l, LK_UNDECLARED_OUTPUT, fp->s);
				part(l, h, fp->producer, LA_WRITE, 0);
			}
		}
	}
	free(makes_target);
	free(last);
	free(next);
	free(steps);
}

static int cmp_part(const void *a, const void *b)
{
	const struct lint_part *x = a, *y = b;

	return x->time_ns < y->time_ns ? -1 : x->time_ns > y->time_ns;
}

static int cmp_hazard(const void *a, const void *b)
{
	const struct lint_hazard *x = a, *y = b;
	int d;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if ((d = strcmp(x->file, y->file)))
		return d;
	return strcmp(x->target ? x->target : "", y->target ? y->target : "");
}

/* The write time of an undeclared output: when its producer first wrote it. */
static void fill_write_times(struct lint *l)
{
	size_t k;

	for (k = 0; k < l->nh; k++) {
		struct lint_hazard *h = &l->h[k];
		uint32_t id, i;

		if (h->kind != LK_UNDECLARED_OUTPUT || !h->nparts)
			continue;
		id = strtab_intern(l->fu.tab, h->file, strlen(h->file));
		for (i = 0; id < l->npaths && i < l->paths[id].n; i++)
			if (l->acc[l->paths[id].acc[i]].cmd == h->part[0].cmd)
				h->part[0].time_ns = l->acc[l->paths[id].acc[i]].t_write;
	}
}

void lint__finish(struct lint *l)
{
	uint32_t i;
	size_t k;

	lpath(l, l->fu.npaths);
	for (k = 0; k < l->nacc; k++)
		if (l->acc[k].named)
			first(&l->acc[k].t_write, l->acc[k].t_fdwrite);
	for (i = 1; i < l->fu.npaths; i++) {
		const struct fu_path *fp = &l->fu.paths[i];
		const struct lint_path *p = &l->paths[i];

		if (p->state != 2 || p->dir || !p->named)
			continue;
		check_writes(l, fp, p);
		check_reads(l, fp, p);
		check_probes(l, fp, p);
		check_hermetic(l, fp, p);
	}
	check_peers(l);
	if (l->o->decl) {
		check_declared(l);
		fill_write_times(l);
	}
	for (k = 0; k < l->nh; k++)
		qsort(l->h[k].part, l->h[k].nparts, sizeof(l->h[k].part[0]), cmp_part);
	if (l->nh)
		qsort(l->h, l->nh, sizeof(*l->h), cmp_hazard);
}

void lint__release(struct lint *l)
{
	size_t it = 0;
	uint32_t i, k;
	void *v;

	for (i = 0; i < l->npaths; i++)
		free(l->paths[i].acc);
	free(l->paths);
	free(l->acc);
	while (u32map_next(&l->peer_first, &it, &k, &v))
		free(v);
	u32map_release(&l->peer_first);
	strtab_free(l->peers);
	free(l->h);
	free(l->project);
	fileuse_release(&l->fu);
	memset(l, 0, sizeof(*l));
}

/* ---- output ---- */

static void text_hazard(const struct lint *l, const struct lint_hazard *h, FILE *out)
{
	unsigned int i;

	fprintf(out, "%s: ", lint_kind_name[h->kind]);
	esc_quoted(out, h->file, strlen(h->file));
	if (h->target) {
		fputs(" for ", out);
		esc_quoted(out, h->target, strlen(h->target));
	}
	fputc('\n', out);
	for (i = 0; i < h->nparts; i++) {
		const struct lint_part *p = &h->part[i];
		const struct fu_cmd *c = cmd(l, p->cmd);

		fprintf(out, "  %-7s at %.6fs by [%u] ", access_name[p->access], p->time_ns / 1e9,
			c->pid);
		deps_argv_line(out, c);
		fputc('\n', out);
	}
	if (h->more)
		fprintf(out, "  and %u more\n", h->more);
}

static void json_part(const struct lint *l, const struct lint_part *p, FILE *out,
		      void (*str)(FILE *, const char *, size_t))
{
	const struct fu_cmd *c = cmd(l, p->cmd);

	fprintf(out, "{\"pid\":%u,\"access\":\"%s\",\"time_ns\":%" PRIu64 ",\"start_ns\":%" PRIu64
		",\"end_ns\":", c->pid, access_name[p->access], p->time_ns, c->start_ns);
	if (c->ended)
		fprintf(out, "%" PRIu64, c->end_ns);
	else
		fputs("null", out);
	fputc(',', out);
	deps_argv_json(out, c, str);
	fputc('}', out);
}

void lint__json(const struct lint *l, FILE *out, void (*str)(FILE *, const char *, size_t))
{
	size_t k, total = 0;
	unsigned int i;

	fputs("\"hazards\":[", out);
	for (k = 0; k < l->nh; k++) {
		const struct lint_hazard *h = &l->h[k];

		fprintf(out, "%s{\"kind\":\"%s\",\"%s\":", k ? "," : "", lint_kind_name[h->kind],
			h->peer ? "peer" : "file");
		str(out, h->file, strlen(h->file));
		if (h->target) {
			fputs(",\"target\":", out);
			str(out, h->target, strlen(h->target));
		}
		fputs(",\"processes\":[", out);
		for (i = 0; i < h->nparts; i++) {
			if (i)
				fputc(',', out);
			json_part(l, &h->part[i], out, str);
		}
		fprintf(out, "],\"more\":%u}", h->more);
	}
	fputs("],\"counts\":{", out);
	for (i = 0; i < LK__MAX; i++) {
		fprintf(out, "%s\"%s\":%zu", i ? "," : "", lint_kind_name[i], l->count[i]);
		total += l->count[i];
	}
	fprintf(out, "},\"total\":%zu", total);
}

int lint_run(struct replay *r, const struct lint_opts *o, FILE *out, size_t *found)
{
	const struct tf_info *in = replay__info(r);
	struct trail_event ev;
	struct lint l;
	size_t k;
	int ret;

	lint__init(&l, o, in);
	while ((ret = replay__next(r, &ev)) > 0)
		lint__add(&l, &ev);
	*found = 0;
	if (ret < 0)
		goto out;
	lint__finish(&l);
	*found = l.nh;
	if (o->format == LINT_JSON) {
		fputs("{\"command\":", out);
		json_str(out, in->command, strlen(in->command));
		fputs(",\"project\":", out);
		json_str(out, l.project, strlen(l.project));
		fputc(',', out);
		lint__json(&l, out, json_str);
		fputs("}\n", out);
		goto out;
	}
	for (k = 0; k < l.nh; k++)
		text_hazard(&l, &l.h[k], out);
	if (!l.nh) {
		fputs("no hazards\n", out);
		goto out;
	}
	fprintf(out, "%zu hazard%s:", l.nh, l.nh == 1 ? "" : "s");
	for (k = 0; k < LK__MAX; k++)
		if (l.count[k])
			fprintf(out, " %zu %s", l.count[k], lint_kind_name[k]);
	fputc('\n', out);
out:
	lint__release(&l);
	return ret;
}
