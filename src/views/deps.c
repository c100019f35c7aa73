// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
#include "util/escape.h"
#include "util/json.h"
#include "views/deps.h"

bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return true;
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

bool deps_path_shown(const struct deps_opts *o, const char *path)
{
	char **e;

	if (o->only_under && !path_under(path, o->only_under))
		return false;
	for (e = o->exclude; e && *e; e++)
		if (**e && path_under(path, *e))
			return false;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A sorted list of path strings. */
struct plist {
	const char **v;
	size_t n, cap;
};

static void plist_add(struct plist *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

static void plist_sort(struct plist *l)
{
	size_t i, k = 0;

	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
	for (i = 0; i < l->n; i++)	/* unique */
		if (!k || strcmp(l->v[k - 1], l->v[i]))
			l->v[k++] = l->v[i];
	l->n = k;
}

enum { L_IN, L_EXEC, L_LIST, L_OUT, L_TEMP, L_MISSING, L_DELETED, L_STREAM, L__MAX };
static const char *const list_names[L__MAX] = {
	"inputs", "executables", "directories", "outputs", "temporaries", "missing", "deleted",
	"streams",
};

static void whole_run(const struct fileuse *fu, const struct deps_opts *o, struct plist *l)
{
	uint32_t i;

	for (i = 1; i < fu->npaths; i++) {
		const struct fu_path *p = &fu->paths[i];

		if (!deps_path_shown(o, p->s))
			continue;
		if (fu_is_input(p) && (p->roles & FU_READ))
			plist_add(&l[L_IN], p->s);
		if (fu_is_input(p) && (p->roles & FU_EXEC))
			plist_add(&l[L_EXEC], p->s);
		if (fu_is_input(p) && (p->roles & FU_LIST))
			plist_add(&l[L_LIST], p->s);
		if (fu_is_temporary(p))
			plist_add(&l[L_TEMP], p->s);
		else if (fu_is_output(p))
			plist_add(&l[L_OUT], p->s);
		else if (fu_is_stream(p))
			plist_add(&l[L_STREAM], p->s);
		if (fu_is_missing(p))
			plist_add(&l[L_MISSING], p->s);
		if (fu_is_deleted(p))
			plist_add(&l[L_DELETED], p->s);
	}
	for (i = 0; i < L__MAX; i++)
		plist_sort(&l[i]);
}

/* One command's own lists (its inputs include files made earlier in the run). */
static void one_cmd(const struct fileuse *fu, const struct fu_cmd *c, const struct deps_opts *o,
		    struct plist *l)
{
	uint32_t id, roles, i;
	size_t it = 0;

	while (fu_cmd_next(c, &it, &id, &roles)) {
		const char *s = fu->paths[id].s;

		if (!deps_path_shown(o, s))
			continue;
		if (roles & FU_READ && !(roles & (FU_WRITE | FU_CREATE)))
			plist_add(&l[L_IN], s);
		if (roles & FU_EXEC)
			plist_add(&l[L_EXEC], s);
		if (roles & FU_LIST)
			plist_add(&l[L_LIST], s);
		if (roles & (FU_WRITE | FU_CREATE) && !(roles & FU_DELETE))
			plist_add(&l[fu_is_stream(&fu->paths[id]) ? L_STREAM : L_OUT], s);
		if (roles & FU_MISSING)
			plist_add(&l[L_MISSING], s);
		if (roles & FU_DELETE)
			plist_add(&l[L_DELETED], s);
	}
	for (i = 0; i < L__MAX; i++)
		plist_sort(&l[i]);
}

static void lists_free(struct plist *l)
{
	int i;

	for (i = 0; i < L__MAX; i++) {
		free(l[i].v);
		l[i] = (struct plist){ 0 };
	}
}

void deps_count(const struct fileuse *fu, struct deps_counts *n)
{
	static char *dflt[] = { "/proc", "/sys", "/dev", NULL };
	const struct deps_opts o = { .exclude = dflt };
	struct plist l[L__MAX] = { 0 };

	whole_run(fu, &o, l);
	*n = (struct deps_counts){
		l[L_IN].n, l[L_EXEC].n, l[L_LIST].n, l[L_OUT].n, l[L_TEMP].n, l[L_MISSING].n,
		l[L_DELETED].n, l[L_STREAM].n,
	};
	lists_free(l);
}

/* The last image of a command's recording's first process (the command
 * itself), when it ended; else NULL. */
static const struct fu_cmd *command_end(const struct fileuse *fu)
{
	uint32_t i, pid = fu->ncmds > 1 ? fu->cmds[1]->pid : 0;

	for (i = fu->ncmds - 1; pid && i >= 1; i--)
		if (fu->cmds[i]->pid == pid)
			return fu->cmds[i]->ended ? fu->cmds[i] : NULL;
	return NULL;
}

/* A command that ended after the command itself, or never. */
static bool cmd_outlived(const struct fu_cmd *end, const struct fu_cmd *c)
{
	return end && c->pid != end->pid && !c->via_pid && (!c->ended || c->end_ns > end->end_ns);
}

void deps_argv_line(FILE *out, const struct fu_cmd *c)
{
	uint32_t i;

	if (!c->argv) {
		fputs("(no exec)", out);
		return;
	}
	for (i = 0; i < c->argv_len; i++) {
		size_t k = strnlen(c->argv + i, c->argv_len - i);

		if (i)
			fputc(' ', out);
		esc_write(out, c->argv + i, k, ESC_BARE);
		i += k;
	}
}

static void text_lists(FILE *out, struct plist *l, const char *indent, bool whole)
{
	int k;
	size_t i;

	for (k = 0; k < L__MAX; k++) {
		if (!whole && k == L_TEMP)
			continue;
		if (!l[k].n)
			continue;
		fprintf(out, "%s%s (%zu):\n", indent, list_names[k], l[k].n);
		for (i = 0; i < l[k].n; i++) {
			fprintf(out, "%s  ", indent);
			esc_puts(out, l[k].v[i], ESC_BARE);
			fputc('\n', out);
		}
	}
}

static void json_list(FILE *out, const char *key, const struct plist *l)
{
	size_t i;

	fprintf(out, "\"%s\":[", key);
	for (i = 0; i < l->n; i++) {
		if (i)
			fputc(',', out);
		json_str(out, l->v[i], strlen(l->v[i]));
	}
	fputc(']', out);
}

static void json_lists(FILE *out, struct plist *l, bool whole)
{
	int k, n = 0;

	for (k = 0; k < L__MAX; k++) {
		if (!whole && k == L_TEMP)
			continue;
		if (n++)
			fputc(',', out);
		json_list(out, list_names[k], &l[k]);
	}
}

void deps_argv_json(FILE *out, const struct fu_cmd *c, void (*str)(FILE *, const char *, size_t))
{
	uint32_t i, start = 0;
	bool first = true;

	fputs("\"argv\":[", out);
	for (i = 0; c->argv && i <= c->argv_len; i++) {
		if (i == c->argv_len || !c->argv[i]) {
			if (i == c->argv_len && i == start)
				break;
			if (!first)
				fputc(',', out);
			first = false;
			str(out, c->argv + start, i - start);
			start = i + 1;
		}
	}
	fputc(']', out);
}

/*
 * Make rules: each output depends on what its producer read; an input that
 * is itself a temporary of the run (gcc's /tmp/cc*.s) stands for what its
 * own producer read, transitively.
 */
static void prereqs(const struct fileuse *fu, const struct fu_cmd *c, const struct deps_opts *o,
		    struct plist *l, uint8_t *seen)
{
	uint32_t id, roles;
	size_t it = 0;

	if (seen[c->id])
		return;
	seen[c->id] = 1;
	while (fu_cmd_next(c, &it, &id, &roles)) {
		const struct fu_path *p = &fu->paths[id];

		if (!(roles & (FU_READ | FU_EXEC)) || p->producer == c->id)
			continue;
		if (fu_is_temporary(p) || p->renamed_away) {
			if (p->producer)
				prereqs(fu, fu->cmds[p->producer], o, l, seen);
			continue;
		}
		if (deps_path_shown(o, p->s))
			plist_add(l, p->s);
	}
}

/* A name make can hold: what text output shows as it is (backslashes
 * apart, which make_escape doubles).  A newline would end the rule, and
 * the rules are read on terminals too. */
static bool make_safe(const char *s)
{
	const char *b;

	for (; (b = strchr(s, '\\')); s = b + 1)
		if (!esc_clean(s, b - s, ESC_BARE))
			return false;
	return esc_clean(s, strlen(s), ESC_BARE);
}

static void make_escape(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '#' || *s == ':' || *s == '\\')
			fputc('\\', out);
		if (*s == '$')
			fputc('$', out);
		fputc(*s, out);
	}
}

/* What make_safe kept out of the rules, said in a comment each. */
static void make_left_out(FILE *out, struct plist *l)
{
	size_t i;

	plist_sort(l);
	for (i = 0; i < l->n; i++) {
		fputs("# trail: left out, make cannot hold this name: ", out);
		esc_quoted(out, l->v[i], strlen(l->v[i]));
		fputc('\n', out);
	}
	free(l->v);
}

static void make_rules(const struct fileuse *fu, const struct deps_opts *o, FILE *out)
{
	struct plist outs = { 0 }, bad = { 0 };
	uint8_t *seen = xcalloc(fu->ncmds, 1);
	uint32_t i;
	size_t k, j;

	for (i = 1; i < fu->npaths; i++) {
		const struct fu_path *p = &fu->paths[i];

		if (!fu_is_output(p) || fu_is_temporary(p) || !p->producer || !deps_path_shown(o, p->s))
			continue;
		plist_add(make_safe(p->s) ? &outs : &bad, p->s);
	}
	plist_sort(&outs);
	for (k = 0; k < outs.n; k++) {
		uint32_t id = strtab_intern(fu->tab, outs.v[k], strlen(outs.v[k]));
		struct plist pre = { 0 };

		memset(seen, 0, fu->ncmds);
		prereqs(fu, fu->cmds[fu->paths[id].producer], o, &pre, seen);
		plist_sort(&pre);
		make_escape(out, outs.v[k]);
		fputc(':', out);
		for (j = 0; j < pre.n; j++) {
			if (!strcmp(pre.v[j], outs.v[k]))
				continue;
			if (!make_safe(pre.v[j])) {
				plist_add(&bad, pre.v[j]);
				continue;
			}
			fputs(" \\\n  ", out);
			make_escape(out, pre.v[j]);
		}
		fputc('\n', out);
		free(pre.v);
	}
	make_left_out(out, &bad);
	free(outs.v);
	free(seen);
}

int deps_run(struct replay *r, const struct deps_opts *o, FILE *out)
{
	const struct tf_info *in = replay__info(r);
	const struct fu_cmd *cmd_end;
	struct fileuse fu;
	struct plist l[L__MAX] = { 0 };
	uint32_t i;
	int ret;

	ret = fileuse_read(&fu, r);
	if (ret < 0)
		goto out;

	if (o->format == DEPS_MAKE) {
		make_rules(&fu, o, out);
		goto out;
	}
	whole_run(&fu, o, l);
	if (o->format == DEPS_JSON) {
		fputs("{\"command\":", out);
		json_str(out, in->command, strlen(in->command));
		fputc(',', out);
		json_lists(out, l, true);
	} else {
		fputs("run: ", out);
		esc_puts(out, in->command, ESC_BARE);
		fputc('\n', out);
		text_lists(out, l, "", true);
	}
	lists_free(l);
	if (o->no_commands)
		goto end;
	if (o->format == DEPS_JSON)
		fputs(",\"commands\":[", out);
	else
		fputs("\ncommands:\n", out);
	cmd_end = in->target[0] ? NULL : command_end(&fu);
	for (i = 1; i < fu.ncmds; i++) {
		const struct fu_cmd *c = fu.cmds[i];
		bool late = cmd_outlived(cmd_end, c);

		one_cmd(&fu, c, o, l);
		if (o->format == DEPS_JSON) {
			fprintf(out, "%s{\"id\":%u,\"pid\":%u,\"parent\":%u,%s", i > 1 ? "," : "", c->id,
				c->pid, c->parent ? c->parent->id : 0, late ? "\"outlived\":true," : "");
			if (c->via_pid)
				fprintf(out, "\"via_pid\":%u,", c->via_pid);
			deps_argv_json(out, c, json_str);
			if (c->cwd) {
				fputs(",\"cwd\":", out);
				json_str(out, c->cwd, strlen(c->cwd));
			}
			fputc(',', out);
			json_lists(out, l, false);
			fputc('}', out);
		} else {
			fprintf(out, "[%u] ", c->pid);
			deps_argv_line(out, c);
			if (c->via_pid)
				fprintf(out, "  (on behalf of %u)", c->via_pid);
			fputs(late ? "  (outlived the command)\n" : "\n", out);
			text_lists(out, l, "    ", false);
		}
		lists_free(l);
	}
	if (o->format == DEPS_JSON)
		fputc(']', out);
end:
	if (o->format == DEPS_JSON)
		fputs("}\n", out);
out:
	lists_free(l);
	fileuse_release(&fu);
	return ret;
}
