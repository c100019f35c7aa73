// SPDX-License-Identifier: MIT
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/model.h"
#include "views/builddecl.h"

#define BD_VALUE_MAX 65536     /* a ninja variable's value, expanded */

void build_decl_init(struct build_decl *d)
{
	memset(d, 0, sizeof(*d));
	d->tab = strtab_new();
}

void build_decl_release(struct build_decl *d)
{
	size_t it = 0;
	uint32_t k;
	void *v;
	uint32_t i;

	while (u32map_next(&d->nodes, &it, &k, &v)) {
		free(((struct bd_node *)v)->pre);
		free(v);
	}
	u32map_release(&d->nodes);
	for (i = 0; i < d->nvars; i++) {
		free(d->var_name[i]);
		free(d->var_val[i]);
	}
	free(d->var_name);
	free(d->var_val);
	if (d->tab)
		strtab_free(d->tab);
	memset(d, 0, sizeof(*d));
}

static int bad(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* The id of base/name folded, or 0 when it does not fit a path. */
static uint32_t path_id(struct build_decl *d, const char *base, const char *s, size_t len)
{
	char out[PATH_MAX];

	if (!len || !path_fold(s[0] == '/' ? NULL : base, s, len, out, sizeof(out)))
		return 0;
	return strtab_intern(d->tab, out, strlen(out));
}

static struct bd_node *node_by_id(struct build_decl *d, uint32_t id)
{
	struct bd_node *n = u32map_get(&d->nodes, id);

	if (!n) {
		n = xcalloc(1, sizeof(*n));
		u32map_put(&d->nodes, id, n);
	}
	return n;
}

static void add_pre(struct bd_node *n, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < n->npre && i < 8; i++)	/* cheap de-duplication of repeats */
		if (n->pre[n->npre - 1 - i] == id)
			return;
	if (n->npre == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 8;
		n->pre = xrealloc(n->pre, n->cap * sizeof(*n->pre));
	}
	n->pre[n->npre++] = id;
}

static void mark_target(struct build_decl *d, struct bd_node *n)
{
	if (!n->target)
		d->ntargets++;
	n->target = true;
}

struct bd_node *build_decl_node(struct build_decl *d, const char *path)
{
	return u32map_get(&d->nodes, strtab_intern(d->tab, path, strlen(path)));
}

void build_decl_closure(struct build_decl *d, const char *target, struct u32map *out)
{
	uint32_t *stack = NULL, n = 0, cap = 0, i;

	memset(out, 0, sizeof(*out));
	stack = xrealloc(stack, (cap = 64) * sizeof(*stack));
	stack[n++] = strtab_intern(d->tab, target, strlen(target));
	while (n) {
		struct bd_node *nd = u32map_get(&d->nodes, stack[--n]);

		for (i = 0; nd && i < nd->npre; i++) {
			if (u32map_get(out, nd->pre[i]))
				continue;
			u32map_put(out, nd->pre[i], (void *)1);
			if (n == cap)
				stack = xrealloc(stack, (cap *= 2) * sizeof(*stack));
			stack[n++] = nd->pre[i];
		}
	}
	free(stack);
}

bool build_decl_in(struct build_decl *d, const struct u32map *closure, const char *path)
{
	return u32map_get(closure, strtab_intern(d->tab, path, strlen(path))) != NULL;
}

/* ---- make -pn ---- */

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && !memcmp(s, prefix, k);
}

/* The next word of s[*i..n), spaces as make prints them ("\ " kept as a
 * space); its length, 0 at the end, or -1 when longer than out. */
static int make_word(const char *s, size_t n, size_t *i, char *out, size_t outlen)
{
	size_t k = 0;

	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	while (*i < n && s[*i] != ' ' && s[*i] != '\t') {
		if (s[*i] == '\\' && *i + 1 < n && s[*i + 1] == ' ')
			(*i)++;
		if (k + 1 >= outlen)
			return -1;
		out[k++] = s[(*i)++];
	}
	out[k] = '\0';
	return (int)k;
}

/* "target: VAR = value" (a target-specific variable, not a rule). */
static bool make_target_var(const char *s, size_t n)
{
	size_t i = 0, w;

	for (;;) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		w = i;
		while (i < n && !strchr(" \t=:+?!", s[i]))
			i++;
		if (i - w == 8 && (!memcmp(s + w, "override", 8)))
			continue;
		if ((i - w == 6 && !memcmp(s + w, "export", 6)) ||
		    (i - w == 7 && !memcmp(s + w, "private", 7)))
			continue;
		break;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && (s[i] == '=' || starts(s + i, n - i, ":=") || starts(s + i, n - i, "::=") ||
			 starts(s + i, n - i, "+=") || starts(s + i, n - i, "?=") ||
			 starts(s + i, n - i, "!="));
}

static int make_rule(struct build_decl *d, const char *s, size_t n, const char *base,
		     bool not_target, char *err, size_t errlen)
{
	char w[PATH_MAX];
	uint32_t tg[64], nt = 0, i;
	size_t colon, j = 0;
	int k;

	for (colon = 0; colon < n && s[colon] != ':'; colon++)
		if (s[colon] == '\\')
			colon++;
	if (colon >= n)
		return 0;	/* not a rule: nothing to learn */
	if (make_target_var(s + colon + 1, n - colon - 1))
		return 0;
	while ((k = make_word(s, colon, &j, w, sizeof(w))) > 0) {
		if (strchr(w, '%'))
			return 0;	/* a pattern rule */
		if (!strcmp(w, "&"))
			continue;	/* grouped targets "a b &:" */
		if (nt == 64)
			return bad(err, errlen, "a rule with more than 64 targets");
		if (!(tg[nt] = path_id(d, base, w, (size_t)k)))
			return bad(err, errlen, "target '%.64s...' too long", w);
		nt++;
	}
	if (k < 0)
		return bad(err, errlen, "a target longer than %d bytes", PATH_MAX);
	for (i = 0; i < nt; i++)
		if (!not_target)
			mark_target(d, node_by_id(d, tg[i]));
	j = colon + 1;
	if (j < n && (s[j] == ':'))
		j++;	/* double-colon rule */
	while ((k = make_word(s, n, &j, w, sizeof(w))) > 0) {
		uint32_t id;

		if (!strcmp(w, "|"))
			break;	/* order-only prerequisites: they do not trigger a rebuild */
		if (!(id = path_id(d, base, w, (size_t)k)))
			return bad(err, errlen, "prerequisite '%.64s...' too long", w);
		for (i = 0; i < nt; i++)
			add_pre(node_by_id(d, tg[i]), id);
	}
	if (k < 0)
		return bad(err, errlen, "a prerequisite longer than %d bytes", PATH_MAX);
	return 0;
}

/* .PHONY's prerequisites are not files the build makes. */
static void make_phony(struct build_decl *d, const char *base)
{
	uint32_t id = path_id(d, base, ".PHONY", 6), i;
	struct bd_node *ph = id ? u32map_get(&d->nodes, id) : NULL;

	for (i = 0; ph && i < ph->npre; i++) {
		struct bd_node *n = u32map_get(&d->nodes, ph->pre[i]);

		if (n && n->target) {
			n->target = false;
			d->ntargets--;
		}
	}
	if (ph && ph->target) {
		ph->target = false;
		d->ntargets--;
	}
}

int build_decl_make(struct build_decl *d, const char *text, size_t len, const char *cwd,
		    char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	char base[PATH_MAX];
	bool in_files = false, seen = false, not_target = false;
	unsigned long line = 0;
	int ret;

	snprintf(base, sizeof(base), "%s", cwd ? cwd : "/");
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		line++;
		if (memchr(p, '\0', n))
			return bad(err, errlen, "line %lu holds a NUL byte: not make's database", line);
		if (starts(p, n, "# Files")) {
			in_files = seen = true;
		} else if (starts(p, n, "# files hash-table stats")) {
			in_files = false;
		} else if (!in_files) {
			if (starts(p, n, "CURDIR := /") && n - 10 < sizeof(base)) {
				memcpy(base, p + 10, n - 10);
				base[n - 10] = '\0';
			}
		} else if (starts(p, n, "# Not a target:")) {
			not_target = true;
		} else if (n && p[0] != '#' && p[0] != '\t' && p[0] != ' ') {
			ret = make_rule(d, p, n, base, not_target, err, errlen);
			if (ret < 0) {
				size_t k = strlen(err);

				snprintf(err + k, errlen - k, " (line %lu)", line);
				return ret;
			}
			not_target = false;
		}
		p += n + 1;
	}
	if (!seen)
		return bad(err, errlen, "no '# Files' section: not the output of make -pn");
	make_phony(d, base);
	return 0;
}

/* ---- ninja ---- */

struct nj {
	struct build_decl *d;
	const char *dir;
	bd_load_fn load;
	void *ctx;
	char *err;
	size_t errlen;
	const char *file;      /* for error lines */
	unsigned long line;
};

static const char *nj_var(const struct build_decl *d, const char *name, size_t len)
{
	uint32_t i;

	for (i = d->nvars; i-- > 0;)
		if (strlen(d->var_name[i]) == len && !memcmp(d->var_name[i], name, len))
			return d->var_val[i];
	return "";	/* ninja's value for an unknown variable */
}

static int nj_err(struct nj *n, const char *what)
{
	return bad(n->err, n->errlen, "%s:%lu: %s", n->file, n->line, what);
}

static bool nj_varch(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/*
 * One $-escape at s (s[0] == '$'), appended to out at *k: "$$", "$ ",
 * "$:", "${name}", "$name".  Returns the bytes read, or -1.
 */
static int nj_escape(struct nj *n, const char *s, const char *end, char *out, size_t *k,
		     size_t outlen)
{
	const char *name, *v;
	size_t len, used;

	if (s + 1 >= end)
		return -1;
	if (s[1] == '$' || s[1] == ' ' || s[1] == ':') {
		if (*k + 1 >= outlen)
			return -1;
		out[(*k)++] = s[1];
		return 2;
	}
	if (s[1] == '{') {
		name = s + 2;
		for (len = 0; name + len < end && name[len] != '}'; len++)
			if (!nj_varch(name[len]) && name[len] != '.')
				return -1;
		if (name + len >= end)
			return -1;
		used = len + 3;
	} else {
		name = s + 1;
		for (len = 0; name + len < end && nj_varch(name[len]); len++)
			;
		if (!len)
			return -1;
		used = len + 1;
	}
	v = nj_var(n->d, name, len);
	if (*k + strlen(v) >= outlen)
		return -1;
	memcpy(out + *k, v, strlen(v));
	*k += strlen(v);
	return (int)used;
}

/* Text at *pp up to a byte of stop (or end), escapes expanded, into out. */
static int nj_expand(struct nj *n, const char **pp, const char *end, const char *stop, char *out,
		     size_t outlen)
{
	const char *s = *pp;
	size_t k = 0;
	int used;

	while (s < end && !(*stop && strchr(stop, *s))) {
		if (*s != '$') {
			if (k + 1 >= outlen)
				return nj_err(n, "value or path too long");
			out[k++] = *s++;
			continue;
		}
		used = nj_escape(n, s, end, out, &k, outlen);
		if (used < 0)
			return nj_err(n, "bad $-escape or value too long");
		s += used;
	}
	out[k] = '\0';
	*pp = s;
	return 0;
}

/* A value (the rest of a line) with its escapes expanded into out. */
static int nj_eval(struct nj *n, const char *s, const char *end, char *out, size_t outlen)
{
	return nj_expand(n, &s, end, "", out, outlen);
}

enum { NJ_WORD, NJ_COLON, NJ_PIPE, NJ_PIPE2, NJ_PIPEAT, NJ_END };

/* The next token of a build line: a path (expanded into out) or a separator. */
static int nj_token(struct nj *n, const char **pp, const char *end, char *out, size_t outlen)
{
	const char *s = *pp;
	int used;

	while (s < end && *s == ' ')
		s++;
	if (s >= end) {
		*pp = s;
		return NJ_END;
	}
	if (*s == ':' || *s == '|') {
		int t = *s == ':' ? NJ_COLON : NJ_PIPE;

		s++;
		if (t == NJ_PIPE && s < end && *s == '|')
			t = NJ_PIPE2, s++;
		else if (t == NJ_PIPE && s < end && *s == '@')
			t = NJ_PIPEAT, s++;
		*pp = s;
		return t;
	}
	*pp = s;
	if ((used = nj_expand(n, pp, end, " :|", out, outlen)) < 0)
		return used;
	return NJ_WORD;
}

struct idlist {
	uint32_t *v;
	uint32_t n, cap;
};

static void idlist_add(struct idlist *l, uint32_t id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = id;
}

/* Where each token of "build outs | imp: rule ins | imp || order |@ valid"
 * goes, section by section. */
enum { S_OUT, S_IMPOUT, S_RULE, S_IN, S_IMP, S_ORDER, S_VALID };

static int nj_next_section(struct nj *n, int sec, int tok)
{
	if (tok == NJ_COLON && (sec == S_OUT || sec == S_IMPOUT))
		return S_RULE;
	if (tok == NJ_PIPE && sec == S_OUT)
		return S_IMPOUT;
	if (tok == NJ_PIPE && sec == S_IN)
		return S_IMP;
	if (tok == NJ_PIPE2 && (sec == S_IN || sec == S_IMP))
		return S_ORDER;
	if (tok == NJ_PIPEAT && sec >= S_IN)
		return S_VALID;
	return nj_err(n, "misplaced ':' or '|' in a build line");
}

static int nj_build(struct nj *n, const char *s, const char *end)
{
	struct idlist outs = { 0 }, ins = { 0 };
	char w[PATH_MAX];
	bool phony = false;
	int sec = S_OUT, tok, ret = 0;
	uint32_t i, j, id;

	while ((tok = nj_token(n, &s, end, w, sizeof(w))) != NJ_END) {
		if (tok < 0) {
			ret = tok;
			goto out;
		}
		if (tok != NJ_WORD) {
			if ((sec = nj_next_section(n, sec, tok)) < 0) {
				ret = sec;
				goto out;
			}
			continue;
		}
		if (sec == S_RULE) {
			phony = !strcmp(w, "phony");
			sec = S_IN;
			continue;
		}
		if (sec == S_ORDER || sec == S_VALID)
			continue;
		if (!(id = path_id(n->d, n->dir, w, strlen(w)))) {
			ret = nj_err(n, "path too long");
			goto out;
		}
		idlist_add(sec <= S_IMPOUT ? &outs : &ins, id);
	}
	if (sec < S_IN || !outs.n) {
		ret = nj_err(n, "a build line needs outputs, ':' and a rule");
		goto out;
	}
	for (i = 0; i < outs.n; i++) {
		struct bd_node *nd = node_by_id(n->d, outs.v[i]);

		if (!phony)
			mark_target(n->d, nd);
		for (j = 0; j < ins.n; j++)
			add_pre(nd, ins.v[j]);
	}
out:
	free(outs.v);
	free(ins.v);
	return ret;
}

static int nj_set_var(struct nj *n, const char *s, const char *eq, const char *end)
{
	struct build_decl *d = n->d;
	const char *ne = eq, *v = eq + 1;
	char *val;
	uint32_t i;
	int ret;

	while (ne > s && ne[-1] == ' ')
		ne--;
	while (v < end && *v == ' ')
		v++;
	for (i = 0; s + i < ne; i++)
		if (!nj_varch(s[i]) && s[i] != '.')
			return nj_err(n, "not a ninja statement");
	if (ne == s)
		return nj_err(n, "a variable without a name");
	val = xmalloc(BD_VALUE_MAX);
	ret = nj_eval(n, v, end, val, BD_VALUE_MAX);
	if (ret < 0) {
		free(val);
		return ret;
	}
	val = xrealloc(val, strlen(val) + 1);
	for (i = 0; i < d->nvars; i++)
		if (strlen(d->var_name[i]) == (size_t)(ne - s) && !memcmp(d->var_name[i], s, ne - s)) {
			free(d->var_val[i]);
			d->var_val[i] = val;
			return 0;
		}
	if (d->nvars == BD_MAX_VARS) {
		free(val);
		return nj_err(n, "more than 4096 variables");
	}
	d->var_name = xrealloc(d->var_name, (d->nvars + 1) * sizeof(*d->var_name));
	d->var_val = xrealloc(d->var_val, (d->nvars + 1) * sizeof(*d->var_val));
	d->var_name[d->nvars] = xstrndup(s, ne - s);
	d->var_val[d->nvars++] = val;
	return 0;
}

static int nj_file(struct nj *n, const char *rel, int depth);

static int nj_statement(struct nj *n, const char *s, const char *end, int depth)
{
	const char *eq;

	if (s >= end || *s == ' ' || *s == '#')
		return 0;	/* blank, a binding of a rule, build or pool, a comment */
	if (starts(s, end - s, "build "))
		return nj_build(n, s + 6, end);
	if (starts(s, end - s, "include ") || starts(s, end - s, "subninja ")) {
		char path[PATH_MAX];
		const char *f = s + (s[0] == 'i' ? 8 : 9);
		int ret;

		while (f < end && *f == ' ')
			f++;
		if ((ret = nj_eval(n, f, end, path, sizeof(path))) < 0)
			return ret;
		return nj_file(n, path, depth + 1);
	}
	if (starts(s, end - s, "rule ") || starts(s, end - s, "pool ") ||
	    starts(s, end - s, "default "))
		return 0;
	eq = memchr(s, '=', end - s);
	if (!eq)
		return nj_err(n, "not a ninja statement");
	return nj_set_var(n, s, eq, end);
}

/* The logical line at *pp ("$\n" continues it) into a fresh buffer. */
static char *nj_line(const char **pp, const char *end, size_t *len, unsigned long *lines)
{
	const char *s = *pp;
	char *out = xmalloc(end - s + 1);
	size_t k = 0;

	while (s < end && *s != '\n') {
		if (*s == '$' && s + 1 < end && s[1] == '\n') {
			s += 2;
			(*lines)++;
			while (s < end && *s == ' ')
				s++;
			continue;
		}
		if (*s == '$' && s + 1 < end && s[1] == '\r' && s + 2 < end && s[2] == '\n') {
			s += 3;
			(*lines)++;
			while (s < end && *s == ' ')
				s++;
			continue;
		}
		if (*s == '$' && s + 1 < end)
			out[k++] = *s++;
		out[k++] = *s++;
	}
	if (k && out[k - 1] == '\r')
		k--;
	*pp = s < end ? s + 1 : s;
	*len = k;
	return out;
}

static int nj_file(struct nj *n, const char *rel, int depth)
{
	const char *saved = n->file, *p, *end;
	unsigned long saved_line = n->line;
	char *text = NULL, *name;
	size_t len;
	int ret;

	if (depth > BD_MAX_DEPTH)
		return nj_err(n, "includes nested more than 16 deep");
	if (++n->d->files > BD_MAX_FILES)
		return nj_err(n, "more than 256 ninja files");
	ret = n->load(n->ctx, rel, &text, &len);
	if (ret < 0)
		return bad(n->err, n->errlen, "can't read '%s': %s", rel, strerror(-ret));
	name = xstrdup(rel);
	n->file = name;
	n->line = 0;
	for (p = text, end = text + len; p < end && ret >= 0;) {
		size_t ll;
		char *l;

		n->line++;
		l = nj_line(&p, end, &ll, &n->line);
		if (memchr(l, '\0', ll))
			ret = nj_err(n, "a NUL byte: not a ninja file");
		else
			ret = nj_statement(n, l, l + ll, depth);
		free(l);
	}
	free(text);
	free(name);
	n->file = saved;
	n->line = saved_line;
	return ret;
}

int build_decl_ninja(struct build_decl *d, const char *dir, bd_load_fn load, void *ctx,
		     char *err, size_t errlen)
{
	struct nj n = { d, dir, load, ctx, err, errlen, "build.ninja", 0 };

	return nj_file(&n, "build.ninja", 0);
}

int build_decl_ninja_deps(struct build_decl *d, const char *text, size_t len, const char *dir,
			  char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	struct bd_node *cur = NULL;
	unsigned long line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *mark;
		uint32_t id;

		line++;
		if (memchr(p, '\0', n))
			return bad(err, errlen, "ninja -t deps, line %lu: a NUL byte", line);
		if (!n) {
			cur = NULL;
		} else if (p[0] != ' ') {
			mark = memmem(p, n, ": #deps ", 8);
			if (!mark || !(id = path_id(d, dir, p, mark - p)))
				return bad(err, errlen, "ninja -t deps, line %lu: not 'target: #deps N'",
					   line);
			cur = node_by_id(d, id);
		} else {
			size_t k = 0;

			while (k < n && p[k] == ' ')
				k++;
			if (!cur || k == n || !(id = path_id(d, dir, p + k, n - k)))
				return bad(err, errlen, "ninja -t deps, line %lu: a dependency outside a target",
					   line);
			add_pre(cur, id);
		}
		p += n + 1;
	}
	return 0;
}
