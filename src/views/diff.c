// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "model/fileuse.h"
#include "util/escape.h"
#include "util/json.h"
#include "util/progress.h"
#include "views/deps.h"
#include "views/diff.h"
#include "views/diffnorm.h"
#include "views/flags.h"

/* Set per session, by the terminal or the way the recorder was started:
 * two runs of the same work differ in them by chance. */
const char *const diff_volatile_env[] = {
	"_", "OLDPWD", "SHLVL", "SUDO_COMMAND", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY",
	"SSH_AUTH_SOCK", "SSH_AGENT_PID", "XDG_SESSION_ID", "INVOCATION_ID", "JOURNAL_STREAM",
	"WINDOWID", "TERM_SESSION_ID", "DBUS_SESSION_BUS_ADDRESS", "TMUX_PANE", "STY", NULL,
};

/* How a pair of commands was matched, strictest first. */
enum match { M_NONE, M_EXACT, M_OUTPUTS, M_OPERANDS, M_FIRST, M__MAX };
static const char *const match_names[M__MAX] = {
	"none", "exact", "outputs", "operands", "first-operand",
};

/* File lists, as in deps (temporaries left out: they are the run's own). */
enum { L_IN, L_EXEC, L_LIST, L_OUT, L_MISSING, L_DELETED, L__MAX };
static const char *const list_names[L__MAX] = {
	"inputs", "executables", "directories", "outputs", "missing", "deleted",
};
static const char *const list_word[L__MAX] = {	/* per command, in text */
	"input", "exec", "dir", "output", "missing", "deleted",
};

/* A string with its normalised form, the key it is compared by. */
struct ent {
	char *key;
	const char *orig;
};

struct elist {
	struct ent *v;
	size_t n, cap;
};

struct dcmd {
	const struct fu_cmd *c;
	uint32_t ord;          /* index in its side's start order */
	char *exe, *cwd;       /* normalised */
	struct ent *argv;      /* normalised and original arguments */
	uint32_t argc;
	struct dcmd *parent;   /* the nearest command with an exec above it */
	struct dcmd *match;
	enum match how;
	const uint32_t *env;   /* [0] count, then strtab ids of NAME=value */
};

struct dside {
	const char *name;
	const struct tf_info *info;
	struct fileuse fu;
	struct diffnorm norm;
	struct strtab *envtab;
	struct u32map env_of;  /* fu cmd id -> uint32_t[] as in dcmd.env */
	struct dcmd *cmds;     /* commands that exec'd, in start order */
	uint32_t n;
	struct dcmd **by_id;   /* fu cmd id -> dcmd */
};

static char *norm(const struct dside *d, const char *s)
{
	size_t len;

	return diffnorm(&d->norm, s, strlen(s), &len);
}

static void elist_add(struct elist *l, char *key, const char *orig)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = (struct ent){ key, orig };
}

static int ent_cmp(const void *x, const void *y)
{
	const struct ent *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : strcmp(a->orig, b->orig);
}

static void elist_sort(struct elist *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), ent_cmp);
}

static void elist_release(struct elist *l)
{
	FREE_EACH(l->v, l->n, key);
	*l = (struct elist){ 0 };
}

static bool elist_has(const struct elist *l, const char *key)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(l->v[mid].key, key);

		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* A sorted multiset difference: what a has more of (rm) and b (add). */
struct delta {
	struct elist rm, add;	/* keys borrowed: not freed */
};

static void delta_of(const struct elist *a, const struct elist *b, struct delta *d)
{
	size_t i = 0, j = 0;

	*d = (struct delta){ 0 };
	while (i < a->n || j < b->n) {
		int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->v[i].key, b->v[j].key);

		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (c < 0)
			elist_add(&d->rm, a->v[i - 1].key, a->v[i - 1].orig);
		else if (c > 0)
			elist_add(&d->add, b->v[j - 1].key, b->v[j - 1].orig);
	}
}

static void delta_release(struct delta *d)
{
	free(d->rm.v);
	free(d->add.v);
	*d = (struct delta){ 0 };
}

static bool delta_empty(const struct delta *d)
{
	return !d->rm.n && !d->add.n;
}

/* ---- reading ---- */

static int side_read(struct dside *d, struct replay *r, const char *name)
{
	struct trail_event ev;
	struct progress pg;
	int ret;

	d->name = name;
	d->info = replay__info(r);
	fileuse_init(&d->fu);
	diffnorm_init(&d->norm, d->info->cwd);
	d->envtab = strtab_new();
	progress_start(&pg, "diff", name);
	while ((ret = replay__next(r, &ev)) > 0) {
		progress_tick(&pg, replay__offset(r));
		diffnorm_add_pid(&d->norm, ev.hdr->pid);
		if (ev.type == TE_fork && ev.fork->child_tid)
			diffnorm_add_pid(&d->norm, ev.fork->child_pid);
		fileuse_add(&d->fu, &ev);
		if (ev.type == TE_exec && !(ev.has_ret && ev.ret < 0) && d->fu.ncmds > 1 &&
		    d->fu.cmds[d->fu.ncmds - 1]->pid == ev.hdr->pid && ev.env_n) {
			uint32_t *env = xmalloc((ev.env_n + 1) * sizeof(*env)), k = 0;
			struct blob_iter it = { ev.env.p, ev.env.p + ev.env.len };
			struct tstr s;

			while (k < ev.env_n && blob_next(&it, &s))
				env[++k] = strtab_intern(d->envtab, s.p, s.len);
			env[0] = k;
			u32map_put(&d->env_of, d->fu.ncmds - 1, env);
		}
	}
	progress_end(&pg);
	return ret;
}

static void split_argv(struct dside *d, struct dcmd *x)
{
	const struct fu_cmd *c = x->c;
	uint32_t i, start = 0;

	for (i = 0; i <= c->argv_len; i++) {
		if (i < c->argv_len && c->argv[i])
			continue;
		if (i == c->argv_len && i == start)
			break;
		x->argv = xrealloc(x->argv, (x->argc + 1) * sizeof(*x->argv));
		x->argv[x->argc].orig = c->argv + start;	/* NUL-ended in the copy */
		x->argv[x->argc].key = norm(d, c->argv + start);
		x->argc++;
		start = i + 1;
	}
}

static void side_build(struct dside *d)
{
	uint32_t i;

	d->by_id = xcalloc(d->fu.ncmds, sizeof(*d->by_id));
	d->cmds = xcalloc(d->fu.ncmds, sizeof(*d->cmds));
	for (i = 1; i < d->fu.ncmds; i++) {
		const struct fu_cmd *c = d->fu.cmds[i], *p;
		struct dcmd *x;

		if (!c->argv)	/* never exec'd: works for its parent */
			continue;
		x = &d->cmds[d->n];
		x->c = c;
		x->ord = d->n++;
		x->exe = norm(d, c->exe ? c->exe : "");
		x->cwd = norm(d, c->cwd ? c->cwd : "");
		split_argv(d, x);
		x->env = u32map_get(&d->env_of, c->id);
		for (p = c->parent; p && !d->by_id[p->id]; p = p->parent)
			;
		x->parent = p ? d->by_id[p->id] : NULL;
		d->by_id[c->id] = x;
	}
}

static void side_release(struct dside *d)
{
	uint32_t i, k, key;
	size_t it = 0;
	void *v;

	for (i = 0; i < d->n; i++) {
		struct dcmd *x = &d->cmds[i];

		for (k = 0; k < x->argc; k++)
			free(x->argv[k].key);
		free(x->argv);
		free(x->exe);
		free(x->cwd);
	}
	free(d->cmds);
	free(d->by_id);
	while (u32map_next(&d->env_of, &it, &key, &v))
		free(v);
	u32map_release(&d->env_of);
	if (d->envtab)
		strtab_free(d->envtab);
	diffnorm_release(&d->norm);
	fileuse_release(&d->fu);
}

/* ---- files ---- */

static bool shown(const struct diff_opts *o, const char *path)
{
	struct deps_opts dop = { .exclude = o->exclude };

	return deps_path_shown(&dop, path);
}

static void whole_lists(const struct dside *d, const struct diff_opts *o, struct elist *l)
{
	uint32_t i;

	for (i = 1; i < d->fu.npaths; i++) {
		const struct fu_path *p = &d->fu.paths[i];

		if (!shown(o, p->s))
			continue;
		if (fu_is_input(p) && (p->roles & FU_READ))
			elist_add(&l[L_IN], norm(d, p->s), p->s);
		if (fu_is_input(p) && (p->roles & FU_EXEC))
			elist_add(&l[L_EXEC], norm(d, p->s), p->s);
		if (fu_is_input(p) && (p->roles & FU_LIST))
			elist_add(&l[L_LIST], norm(d, p->s), p->s);
		if (fu_is_output(p) && !fu_is_temporary(p))
			elist_add(&l[L_OUT], norm(d, p->s), p->s);
		if (fu_is_missing(p))
			elist_add(&l[L_MISSING], norm(d, p->s), p->s);
		if (fu_is_deleted(p))
			elist_add(&l[L_DELETED], norm(d, p->s), p->s);
	}
	for (i = 0; i < L__MAX; i++)
		elist_sort(&l[i]);
}

/* Paths the run found (used in any way but looking in vain). */
static void found_list(const struct dside *d, struct elist *l)
{
	uint32_t i;

	for (i = 1; i < d->fu.npaths; i++) {
		const struct fu_path *p = &d->fu.paths[i];

		if (p->roles & (FU_INPUT | FU_WRITE | FU_CREATE))
			elist_add(l, norm(d, p->s), p->s);
	}
	elist_sort(l);
}

static void cmd_lists(const struct dside *d, const struct dcmd *x, const struct diff_opts *o,
		      struct elist *l)
{
	uint32_t id, roles, i;
	size_t it = 0;

	while (fu_cmd_next(x->c, &it, &id, &roles)) {
		const char *s = d->fu.paths[id].s;

		if (!shown(o, s))
			continue;
		if (roles & FU_READ && !(roles & (FU_WRITE | FU_CREATE)))
			elist_add(&l[L_IN], norm(d, s), s);
		if (roles & FU_EXEC)
			elist_add(&l[L_EXEC], norm(d, s), s);
		if (roles & FU_LIST)
			elist_add(&l[L_LIST], norm(d, s), s);
		if (roles & (FU_WRITE | FU_CREATE) && !(roles & FU_DELETE) &&
		    !fu_is_stream(&d->fu.paths[id]))	/* make > log: not a product */
			elist_add(&l[L_OUT], norm(d, s), s);
		if (roles & FU_MISSING)
			elist_add(&l[L_MISSING], norm(d, s), s);
		if (roles & FU_DELETE)
			elist_add(&l[L_DELETED], norm(d, s), s);
	}
	for (i = 0; i < L__MAX; i++)
		elist_sort(&l[i]);
}

static void lists_release(struct elist *l)
{
	int i;

	for (i = 0; i < L__MAX; i++)
		elist_release(&l[i]);
}

/* ---- matching ---- */

struct kent {
	char *key;
	int side;
	struct dcmd *x;
};

static int kent_cmp(const void *p, const void *q)
{
	const struct kent *a = p, *b = q;
	int c = strcmp(a->key, b->key);

	if (c)
		return c;
	if (a->side != b->side)
		return a->side - b->side;
	return a->x->ord < b->x->ord ? -1 : a->x->ord > b->x->ord;
}

struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->len + n + 2 > b->cap) {
		b->cap = (b->len + n + 2) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len++] = '\x1f';	/* between fields: in no path or argument */
	b->p[b->len] = '\0';
}

static bool is_operand(const char *a)
{
	return a[0] != '-' || !a[1];
}

/* The key of command x at a level, or NULL when it has none there. */
static char *match_key(const struct dside *d, const struct dcmd *x, enum match how,
		       const struct diff_opts *o)
{
	struct sbuf b = { 0 };
	uint32_t i;

	sb_add(&b, x->exe);
	sb_add(&b, x->cwd);
	switch (how) {
	case M_EXACT:
		for (i = 0; i < x->argc; i++)
			sb_add(&b, x->argv[i].key);
		break;
	case M_OUTPUTS: {
		struct elist l[L__MAX] = { 0 };
		size_t k;

		size_t n = 0;
		uint32_t id;

		/* not temporaries: every cc1 writes a /tmp/ccXXXXXX.s */
		cmd_lists(d, x, o, l);
		for (k = 0; k < l[L_OUT].n; k++) {
			id = strtab_intern(d->fu.tab, l[L_OUT].v[k].orig, strlen(l[L_OUT].v[k].orig));
			if (fu_is_temporary(&d->fu.paths[id]))
				continue;
			sb_add(&b, l[L_OUT].v[k].key);
			n++;
		}
		if (!n) {
			free(b.p);
			b.p = NULL;
		}
		lists_release(l);
		break;
	}
	case M_OPERANDS:
	case M_FIRST:
		for (i = 1; i < x->argc; i++) {
			if (!is_operand(x->argv[i].orig))
				continue;
			sb_add(&b, x->argv[i].key);
			if (how == M_FIRST)
				break;
		}
		if (how == M_FIRST && i == x->argc) {
			free(b.p);
			b.p = NULL;
		}
		break;
	default:
		break;
	}
	return b.p;
}

static void match_level(struct dside *s, enum match how, const struct diff_opts *o)
{
	struct kent *v = xcalloc(s[0].n + s[1].n + 1, sizeof(*v));
	size_t n = 0, i, j, k, na, nb;
	uint32_t c;
	int side;

	for (side = 0; side < 2; side++)
		for (c = 0; c < s[side].n; c++) {
			struct dcmd *x = &s[side].cmds[c];
			char *key;

			if (x->match || !(key = match_key(&s[side], x, how, o)))
				continue;
			v[n++] = (struct kent){ key, side, x };
		}
	if (n)
		qsort(v, n, sizeof(*v), kent_cmp);
	/* the same command run twice: pair them in order of start */
	for (i = 0; i < n; i = k) {
		for (j = i; j < n && !strcmp(v[j].key, v[i].key) && v[j].side == 0; j++)
			;
		for (k = j; k < n && !strcmp(v[k].key, v[i].key); k++)
			;
		na = j - i;
		nb = k - j;
		for (c = 0; c < na && c < nb; c++) {
			v[i + c].x->match = v[j + c].x;
			v[j + c].x->match = v[i + c].x;
			v[i + c].x->how = v[j + c].x->how = how;
		}
	}
	for (i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

/* ---- comparing a matched pair ---- */

struct envch {
	const char *name;      /* borrowed from a or b's string */
	size_t name_len;
	const char *va, *vb;   /* NAME=value strings, or NULL when unset */
};

struct pairdiff {
	struct delta args;
	struct elist argv[2];
	bool reordered, exe, cwd, status;
	struct envch *env;
	size_t nenv;
	struct elist files[2][L__MAX];
	struct delta fd[L__MAX];
	bool any;
};

static bool volatile_var(const char *name, size_t len)
{
	const char *const *v;

	for (v = diff_volatile_env; *v; v++)
		if (strlen(*v) == len && !memcmp(*v, name, len))
			return true;
	return false;
}

/* A command's environment by name (the first of a repeated name). */
struct envent {
	const char *s;         /* NAME=value */
	size_t name_len;
};

static int envent_cmp(const void *p, const void *q)
{
	const struct envent *a = p, *b = q;
	size_t n = a->name_len < b->name_len ? a->name_len : b->name_len;
	int c = memcmp(a->s, b->s, n);

	return c ? c : a->name_len < b->name_len ? -1 : a->name_len > b->name_len;
}

static struct envent *env_sorted(const struct dside *d, const struct dcmd *x, size_t *n)
{
	struct envent *v;
	uint32_t i;
	size_t k = 0;

	*n = 0;
	if (!x || !x->env)
		return NULL;
	v = xcalloc(x->env[0] + 1, sizeof(*v));
	for (i = 1; i <= x->env[0]; i++) {
		const char *s = strtab_str(d->envtab, x->env[i]), *eq = strchr(s, '=');

		v[k].s = s;
		v[k].name_len = eq ? (size_t)(eq - s) : strlen(s);
		k++;
	}
	if (k)
		qsort(v, k, sizeof(*v), envent_cmp);
	for (i = 0, *n = 0; i < k; i++)	/* qsort is not stable: keep one */
		if (!*n || envent_cmp(&v[*n - 1], &v[i]))
			v[(*n)++] = v[i];
	return v;
}

static const char *env_get(const struct envent *v, size_t n, const char *name, size_t len)
{
	struct envent key = { name, len }, *e;

	e = v ? bsearch(&key, v, n, sizeof(*v), envent_cmp) : NULL;
	return e ? e->s : NULL;
}

/* Do two NAME=value strings (or unsets), of sides da and db, agree once
 * normalised? */
static bool env_eq(const struct dside *da, const char *va, const struct dside *db, const char *vb)
{
	char *na, *nb;
	bool same;

	if (!va || !vb)
		return !va && !vb;
	na = norm(da, va);
	nb = norm(db, vb);
	same = !strcmp(na, nb);
	free(na);
	free(nb);
	return same;
}

static void env_diff(const struct dside *s, const struct dcmd *a, const struct dcmd *b,
		     const struct diff_opts *o, struct pairdiff *pd)
{
	size_t na, nb, npa = 0, npb = 0, i = 0, j = 0;
	struct envent *ea = env_sorted(&s[0], a, &na), *eb = env_sorted(&s[1], b, &nb);
	struct envent *pa = NULL, *pb = NULL;
	bool parents = a->parent && b->parent && a->parent->match == b->parent &&
		       a->parent->env && b->parent->env;

	/* recorded with --no-env: nothing to compare */
	if ((s[0].info->flags | s[1].info->flags) & TF_HF_NO_ENV || (!a->env && !b->env))
		goto out;
	if (parents) {
		pa = env_sorted(&s[0], a->parent, &npa);
		pb = env_sorted(&s[1], b->parent, &npb);
	}
	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : envent_cmp(&ea[i], &eb[j]);
		const struct envent *e = c <= 0 ? &ea[i] : &eb[j];
		const char *va = c <= 0 ? ea[i].s : NULL, *vb = c >= 0 ? eb[j].s : NULL;

		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
		if (env_eq(&s[0], va, &s[1], vb) || (!o->all_env && volatile_var(e->s, e->name_len)))
			continue;
		/* the same change in the parent: inherited, said there */
		if (parents && env_eq(&s[0], va, &s[0], env_get(pa, npa, e->s, e->name_len)) &&
		    env_eq(&s[1], vb, &s[1], env_get(pb, npb, e->s, e->name_len)))
			continue;
		pd->env = xrealloc(pd->env, (pd->nenv + 1) * sizeof(*pd->env));
		pd->env[pd->nenv++] = (struct envch){ e->s, e->name_len, va, vb };
	}
out:
	free(ea);
	free(eb);
	free(pa);
	free(pb);
}

static void pair_diff(const struct dside *s, const struct dcmd *a, const struct dcmd *b,
		      const struct diff_opts *o, struct pairdiff *pd)
{
	uint32_t i;
	int k;

	memset(pd, 0, sizeof(*pd));
	if (a->how != M_EXACT) {
		for (i = 0; i < a->argc; i++)
			elist_add(&pd->argv[0], xstrdup(a->argv[i].key), a->argv[i].orig);
		for (i = 0; i < b->argc; i++)
			elist_add(&pd->argv[1], xstrdup(b->argv[i].key), b->argv[i].orig);
		elist_sort(&pd->argv[0]);
		elist_sort(&pd->argv[1]);
		delta_of(&pd->argv[0], &pd->argv[1], &pd->args);
		if (delta_empty(&pd->args)) {
			pd->reordered = a->argc != b->argc;
			for (i = 0; !pd->reordered && i < a->argc; i++)
				pd->reordered = strcmp(a->argv[i].key, b->argv[i].key) != 0;
		}
		pd->exe = strcmp(a->exe, b->exe) != 0;
		pd->cwd = strcmp(a->cwd, b->cwd) != 0;
	}
	pd->status = a->c->ended != b->c->ended || (a->c->ended && a->c->status != b->c->status);
	env_diff(s, a, b, o, pd);
	cmd_lists(&s[0], a, o, pd->files[0]);
	cmd_lists(&s[1], b, o, pd->files[1]);
	for (k = 0; k < L__MAX; k++) {
		delta_of(&pd->files[0][k], &pd->files[1][k], &pd->fd[k]);
		pd->any |= !delta_empty(&pd->fd[k]);
	}
	pd->any |= !delta_empty(&pd->args) || pd->reordered || pd->exe || pd->cwd || pd->status ||
		   pd->nenv;
}

static void pair_release(struct pairdiff *pd)
{
	int k;

	delta_release(&pd->args);
	elist_release(&pd->argv[0]);
	elist_release(&pd->argv[1]);
	free(pd->env);
	for (k = 0; k < L__MAX; k++) {
		delta_release(&pd->fd[k]);
		elist_release(&pd->files[0][k]);
		elist_release(&pd->files[1][k]);
	}
}

/* ---- output ---- */

static void status_text(char *buf, size_t len, const struct fu_cmd *c)
{
	int st = c->status;

	if (!c->ended)
		snprintf(buf, len, "running");
	else if ((st & 0x7f) == 0)
		snprintf(buf, len, "exit %d", (st >> 8) & 0xff);
	else
		snprintf(buf, len, "%s%s", signal_name(st & 0x7f) ? signal_name(st & 0x7f) : "signal",
			 st & 0x80 ? " (core)" : "");
}

static void status_json(FILE *out, const struct fu_cmd *c)
{
	int st = c->status;

	if (!c->ended)
		fputs("null", out);
	else if ((st & 0x7f) == 0)
		fprintf(out, "{\"code\":%d}", (st >> 8) & 0xff);
	else if (signal_name(st & 0x7f))
		fprintf(out, "{\"signal\":\"%s\",\"core_dumped\":%s}", signal_name(st & 0x7f),
			st & 0x80 ? "true" : "false");
	else
		fprintf(out, "{\"signal\":%d,\"core_dumped\":%s}", st & 0x7f, st & 0x80 ? "true" : "false");
}

/* Text from the recordings: escaped (util/escape.h), so that a name
 * keeps to its line. */
static void text_esc(FILE *out, const char *s)
{
	esc_puts(out, s, ESC_BARE);
}

/* "PREFIX s SUFFIX\n" */
static void text_line(FILE *out, const char *prefix, const char *s, const char *suffix)
{
	fputs(prefix, out);
	text_esc(out, s);
	fputs(suffix, out);
	fputc('\n', out);
}

static void argv_text(FILE *out, const struct dcmd *x)
{
	uint32_t i;

	for (i = 0; i < x->argc; i++) {
		if (i)
			fputc(' ', out);
		text_esc(out, x->argv[i].orig);
	}
}

static void jstr(FILE *out, const char *s)
{
	json_str(out, s, strlen(s));
}

/* The original strings of n entries, as a JSON array. */
static void ents_json(FILE *out, const struct ent *v, size_t n)
{
	size_t i;

	fputc('[', out);
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		jstr(out, v[i].orig);
	}
	fputc(']', out);
}

static void cmd_json(FILE *out, const struct dcmd *x)
{
	fprintf(out, "{\"pid\":%u,\"exe\":", x->c->pid);
	jstr(out, x->c->exe ? x->c->exe : "");
	fputs(",\"argv\":", out);
	ents_json(out, x->argv, x->argc);
	fputs(",\"cwd\":", out);
	jstr(out, x->c->cwd ? x->c->cwd : "");
	fputs(",\"status\":", out);
	status_json(out, x->c);
	fputc('}', out);
}

static void strs_json(FILE *out, const struct elist *l)
{
	ents_json(out, l->v, l->n);
}

static void delta_json(FILE *out, const struct delta *d)
{
	fputs("{\"removed\":", out);
	strs_json(out, &d->rm);
	fputs(",\"added\":", out);
	strs_json(out, &d->add);
	fputc('}', out);
}

static void env_value_json(FILE *out, const char *s, size_t name_len)
{
	jstr(out, s[name_len] == '=' ? s + name_len + 1 : "");
}

static void env_json(FILE *out, const struct pairdiff *pd)
{
	static const char *const parts[] = { "removed", "added", "changed" };
	size_t i;
	int part, n;

	fputc('{', out);
	for (part = 0; part < 3; part++) {
		fprintf(out, "%s\"%s\":{", part ? "," : "", parts[part]);
		for (i = 0, n = 0; i < pd->nenv; i++) {
			const struct envch *e = &pd->env[i];
			int kind = !e->vb ? 0 : !e->va ? 1 : 2;

			if (kind != part)
				continue;
			if (n++)
				fputc(',', out);
			json_str(out, e->name, e->name_len);
			fputc(':', out);
			if (kind == 2) {
				fputs("{\"a\":", out);
				env_value_json(out, e->va, e->name_len);
				fputs(",\"b\":", out);
				env_value_json(out, e->vb, e->name_len);
				fputc('}', out);
			} else {
				env_value_json(out, e->va ? e->va : e->vb, e->name_len);
			}
		}
		fputc('}', out);
	}
	fputc('}', out);
}

static void pair_json(FILE *out, const struct dcmd *a, const struct dcmd *b,
		      const struct pairdiff *pd)
{
	const char *what[8];
	int n = 0, k;

	fputs("{\"a\":", out);
	cmd_json(out, a);
	fputs(",\"b\":", out);
	cmd_json(out, b);
	fprintf(out, ",\"match\":\"%s\",\"differences\":[", match_names[a->how]);
	if (!delta_empty(&pd->args) || pd->reordered)
		what[n++] = "args";
	if (pd->exe)
		what[n++] = "exe";
	if (pd->cwd)
		what[n++] = "cwd";
	if (pd->status)
		what[n++] = "status";
	if (pd->nenv)
		what[n++] = "env";
	for (k = 0; k < L__MAX; k++)
		if (!delta_empty(&pd->fd[k])) {
			what[n++] = "files";
			break;
		}
	for (k = 0; k < n; k++)
		fprintf(out, "%s\"%s\"", k ? "," : "", what[k]);
	fputs("],\"args\":{\"removed\":", out);
	strs_json(out, &pd->args.rm);
	fputs(",\"added\":", out);
	strs_json(out, &pd->args.add);
	fprintf(out, ",\"reordered\":%s},\"env\":", pd->reordered ? "true" : "false");
	env_json(out, pd);
	fputs(",\"files\":{", out);
	for (k = 0; k < L__MAX; k++) {
		fprintf(out, "%s\"%s\":", k ? "," : "", list_names[k]);
		delta_json(out, &pd->fd[k]);
	}
	fputs("}}", out);
}

static void pair_text(FILE *out, const struct dcmd *a, const struct dcmd *b,
		      const struct pairdiff *pd)
{
	char sa[64], sb[64];
	size_t i;
	int k;

	fprintf(out, "~ [%u -> %u] ", a->c->pid, b->c->pid);
	argv_text(out, a);
	fputc('\n', out);
	if (pd->exe) {
		fputs("    ~ exe ", out);
		text_esc(out, a->c->exe ? a->c->exe : "?");
		text_line(out, " -> ", b->c->exe ? b->c->exe : "?", "");
	}
	if (pd->cwd) {
		fputs("    ~ cwd ", out);
		text_esc(out, a->c->cwd ? a->c->cwd : "?");
		text_line(out, " -> ", b->c->cwd ? b->c->cwd : "?", "");
	}
	for (i = 0; i < pd->args.rm.n; i++)
		text_line(out, "    - arg ", pd->args.rm.v[i].orig, "");
	for (i = 0; i < pd->args.add.n; i++)
		text_line(out, "    + arg ", pd->args.add.v[i].orig, "");
	if (pd->reordered) {
		fputs("    ~ args reordered: ", out);
		argv_text(out, b);
		fputc('\n', out);
	}
	if (pd->status) {
		status_text(sa, sizeof(sa), a->c);
		status_text(sb, sizeof(sb), b->c);
		fprintf(out, "    ~ %s -> %s\n", sa, sb);
	}
	for (i = 0; i < pd->nenv; i++) {
		const struct envch *e = &pd->env[i];

		if (e->va && e->vb) {
			fputs("    ~ env ", out);
			text_esc(out, e->va);
			text_line(out, " -> ", e->vb + e->name_len + (e->vb[e->name_len] == '='), "");
		} else {
			text_line(out, e->va ? "    - env " : "    + env ", e->va ? e->va : e->vb, "");
		}
	}
	for (k = 0; k < L__MAX; k++) {
		for (i = 0; i < pd->fd[k].rm.n; i++) {
			fprintf(out, "    - %s ", list_word[k]);
			text_line(out, "", pd->fd[k].rm.v[i].orig, "");
		}
		for (i = 0; i < pd->fd[k].add.n; i++) {
			fprintf(out, "    + %s ", list_word[k]);
			text_line(out, "", pd->fd[k].add.v[i].orig, "");
		}
	}
}

/* The commands: removed, added, changed; how many differ. */
static int compare_commands(struct dside *s, const struct diff_opts *o, FILE *out)
{
	struct pairdiff pd;
	bool json = o->json, first;
	int diffs = 0, side;
	uint32_t i;

	if (json) {
		fputs("\"commands\":{", out);
		for (side = 0; side < 2; side++) {
			fprintf(out, "%s\"%s\":[", side ? "," : "", side ? "added" : "removed");
			for (i = 0, first = true; i < s[side].n; i++) {
				if (s[side].cmds[i].match)
					continue;
				if (!first)
					fputc(',', out);
				first = false;
				cmd_json(out, &s[side].cmds[i]);
				diffs++;
			}
			fputc(']', out);
		}
		fputs(",\"changed\":[", out);
	}
	for (i = 0, first = true; i < s[0].n; i++) {
		struct dcmd *a = &s[0].cmds[i];

		if (!a->match) {
			if (!json) {
				if (!diffs++)
					fputs("commands:\n", out);
				fprintf(out, "- [%u] ", a->c->pid);
				argv_text(out, a);
				fputc('\n', out);
			}
			continue;
		}
		pair_diff(s, a, a->match, o, &pd);
		if (pd.any) {
			if (json) {
				if (!first)
					fputc(',', out);
				pair_json(out, a, a->match, &pd);
			} else {
				if (!diffs)
					fputs("commands:\n", out);
				pair_text(out, a, a->match, &pd);
			}
			first = false;
			diffs++;
		}
		pair_release(&pd);
	}
	for (i = 0; !json && i < s[1].n; i++) {
		struct dcmd *b = &s[1].cmds[i];

		if (b->match)
			continue;
		if (!diffs++)
			fputs("commands:\n", out);
		fprintf(out, "+ [%u] ", b->c->pid);
		argv_text(out, b);
		fputc('\n', out);
	}
	return diffs;
}

/* ,"key":[...]: the entries of l that are in found. */
static void found_json(FILE *out, const char *key, const struct elist *l, const struct elist *found)
{
	bool first = true;
	size_t j;

	fprintf(out, ",\"%s\":[", key);
	for (j = 0; j < l->n; j++)
		if (elist_has(found, l->v[j].key)) {
			fputs(first ? "" : ",", out);
			jstr(out, l->v[j].orig);
			first = false;
		}
	fputc(']', out);
}

/* The whole runs' files; how many lists differ. */
static int compare_files(struct dside *s, const struct diff_opts *o, FILE *out)
{
	struct elist la[L__MAX] = { 0 }, lb[L__MAX] = { 0 }, founda = { 0 }, foundb = { 0 };
	struct delta fd[L__MAX];
	int diffs = 0, k;
	size_t j;

	whole_lists(&s[0], o, la);
	whole_lists(&s[1], o, lb);
	found_list(&s[0], &founda);
	found_list(&s[1], &foundb);
	for (k = 0; k < L__MAX; k++) {
		delta_of(&la[k], &lb[k], &fd[k]);
		if (o->json) {
			fprintf(out, "%s\"%s\":{\"removed\":", k ? "," : "", list_names[k]);
			strs_json(out, &fd[k].rm);
			fputs(",\"added\":", out);
			strs_json(out, &fd[k].add);
			if (k == L_MISSING) {
				/* looked for in vain in one, found in the other */
				found_json(out, "now_found", &fd[k].rm, &foundb);
				found_json(out, "was_found", &fd[k].add, &founda);
			}
			fputc('}', out);
		} else if (!delta_empty(&fd[k])) {
			fprintf(out, "%s:\n", list_names[k]);
			for (j = 0; j < fd[k].rm.n; j++)
				text_line(out, "- ", fd[k].rm.v[j].orig,
					  k == L_MISSING && elist_has(&foundb, fd[k].rm.v[j].key) ? "  (now found)" : "");
			for (j = 0; j < fd[k].add.n; j++)
				text_line(out, "+ ", fd[k].add.v[j].orig,
					  k == L_MISSING && elist_has(&founda, fd[k].add.v[j].key) ? "  (was found)" : "");
		}
		diffs += !delta_empty(&fd[k]);
		delta_release(&fd[k]);
	}
	lists_release(la);
	lists_release(lb);
	elist_release(&founda);
	elist_release(&foundb);
	return diffs;
}

/* The whole comparison, with the output written or (out NULL) only counted. */
static int compare(struct dside *s, const struct diff_opts *o, FILE *out)
{
	int diffs = compare_commands(s, o, out);

	if (o->json)
		fputs("]},\"files\":{", out);
	diffs += compare_files(s, o, out);
	if (o->json)
		fputc('}', out);
	return diffs;
}

static void header_json(FILE *out, const struct dside *d)
{
	fputs("{\"file\":", out);
	jstr(out, d->name);
	fputs(",\"command\":", out);
	jstr(out, d->info->command ? d->info->command : "");
	fputs(",\"cwd\":", out);
	jstr(out, d->info->cwd ? d->info->cwd : "");
	fputc('}', out);
}

int diff_run(struct replay *a, const char *name_a, struct replay *b, const char *name_b,
	     const struct diff_opts *o, FILE *out, int *bad)
{
	struct dside s[2] = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *body;
	int ret, diffs;
	enum match how;

	*bad = 0;
	if ((ret = side_read(&s[0], a, name_a)) < 0)
		goto out;
	*bad = 1;
	if ((ret = side_read(&s[1], b, name_b)) < 0)
		goto out;
	side_build(&s[0]);
	side_build(&s[1]);
	for (how = M_EXACT; how < M__MAX; how++)
		match_level(s, how, o);

	/* the body first: the text header is only written when it differs */
	body = open_memstream(&text, &len);
	if (!body) {
		ret = -ENOMEM;
		goto out;
	}
	diffs = compare(s, o, body);
	fclose(body);
	if (o->json) {
		fputs("{\"a\":", out);
		header_json(out, &s[0]);
		fputs(",\"b\":", out);
		header_json(out, &s[1]);
		fprintf(out, ",\"equal\":%s,", diffs ? "false" : "true");
		fwrite(text, 1, len, out);
		fputs("}\n", out);
	} else if (diffs) {
		fputs("--- ", out);
		text_esc(out, name_a);
		text_line(out, "\t", s[0].info->command, "");
		fputs("+++ ", out);
		text_esc(out, name_b);
		text_line(out, "\t", s[1].info->command, "");
		fwrite(text, 1, len, out);
	}
	free(text);
	ret = diffs ? 1 : 0;
out:
	side_release(&s[0]);
	side_release(&s[1]);
	return ret;
}
