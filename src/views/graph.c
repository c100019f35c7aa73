// SPDX-License-Identifier: MIT
/*
 * Commands are boxes (fork edges solid, exec edges dashed), files ellipses:
 * read edges file -> command, write edges command -> file, lookups that
 * found nothing dashed.  To stay readable on a build of hundreds of
 * commands, files used the same way by the same commands (every system
 * header that every compilation reads) become one node.
 */
#include <stdlib.h>
#include <string.h>
#include "util/escape.h"
#include "views/graph.h"

#define LABEL_MAX 48

static const char *const system_dirs[] = {
	"/usr", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/bin", "/sbin", "/opt", "/var", "/run",
};

/* A DOT string: '"' and '\\' escaped; control bytes as spaces; what is not
 * UTF-8 text shows (invalid bytes, C1 and bidirectional controls) as
 * U+FFFD, so that Graphviz reads the graph as UTF-8 and its SVG is well
 * formed. */
static void dot_str(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k;

	fputc('"', out);
	for (i = 0; i < n && p[i]; i += k) {
		k = 1;
		if (p[i] == '"' || p[i] == '\\')
			fputc('\\', out);
		if (p[i] < 0x20 || p[i] == 0x7f)
			fputc(' ', out);
		else if (p[i] < 0x80)
			fputc(p[i], out);
		else if ((k = utf8_shown_len(p + i, n - i)))
			fwrite(p + i, 1, k, out);
		else {
			fputs("\xef\xbf\xbd", out);	/* U+FFFD */
			k = 1;
		}
	}
	fputc('"', out);
}

static void cmd_label(FILE *out, const struct fu_cmd *c)
{
	char buf[LABEL_MAX + 8];
	const char *argv0 = c->argv ? c->argv : "?", *base = strrchr(argv0, '/');
	size_t n = 0, i;

	base = base ? base + 1 : argv0;
	n = snprintf(buf, sizeof(buf), "%s ", base);
	/* the first arguments, as room allows */
	for (i = strlen(argv0) + 1; c->argv && i < c->argv_len && n < LABEL_MAX; i++)
		buf[n++] = c->argv[i] ? c->argv[i] : ' ';
	if (n >= LABEL_MAX) {
		n = LABEL_MAX;
		memcpy(buf + n - 3, "...", 3);
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	dot_str(out, buf, n);
}

static const char *system_dir(const char *p)
{
	size_t i, n;

	for (i = 0; i < sizeof(system_dirs) / sizeof(system_dirs[0]); i++) {
		n = strlen(system_dirs[i]);
		if (!strncmp(p, system_dirs[i], n) && (p[n] == '/' || !p[n]))
			return system_dirs[i];
	}
	return NULL;
}

/* A file node: one path, or a group of paths used alike. */
struct fnode {
	uint32_t first, last;    /* path ids of the first and last member */
	uint32_t count;
	char *prefix;            /* common directory of the members */
	const char *key;         /* the collapsed name, if collapsed */
	bool missing_only;
	bool temporary;
};

/* Who used a path and how, as a string: the signature that groups paths. */
struct sig {
	char *s;
	uint32_t n, cap;
};

/*
 * Every path's signature, in one pass over the commands' roles (in command
 * order, so equal use gives equal strings): the cost follows the roles
 * recorded, not paths x commands.
 */
static struct sig *signatures(const struct fileuse *fu)
{
	struct sig *sg = xcalloc(fu->npaths, sizeof(*sg));
	uint32_t i, id, roles;

	for (i = 1; i < fu->ncmds; i++) {
		size_t it = 0;

		while (fu_cmd_next(fu->cmds[i], &it, &id, &roles)) {
			struct sig *g = &sg[id];

			roles &= FU_INPUT | FU_WRITE | FU_CREATE | FU_MISSING | FU_DELETE;
			if (!roles)
				continue;
			if (g->n + 24 > g->cap)
				g->s = xrealloc(g->s, g->cap = g->cap ? g->cap * 2 : 64);
			g->n += snprintf(g->s + g->n, g->cap - g->n, "%u:%x,", i, roles);
		}
	}
	return sg;
}

/* The longest directory that holds every member (a member may be it). */
static void common_prefix(struct fnode *g, const char *p)
{
	size_t i, cut = 0;

	if (!g->prefix) {
		g->prefix = xstrdup(p);
		return;
	}
	for (i = 0; g->prefix[i] && g->prefix[i] == p[i]; i++)
		if (g->prefix[i] == '/')
			cut = i;
	if (g->prefix[i] == '\0' && (p[i] == '/' || p[i] == '\0'))
		return;		/* p is under the prefix already */
	g->prefix[cut ? cut : 1] = '\0';
}

/* The paths shown, grouped: nodes[1..n], node_of[path id] (0: not shown),
 * next[path id] the following member of its group. */
struct groups {
	struct fnode *nodes;
	uint32_t *node_of, *next, n, cap;
	struct sig *sg;
	struct strtab *sigs;
};

static void print_commands(FILE *out, const struct fileuse *fu)
{
	uint32_t i;

	for (i = 1; i < fu->ncmds; i++) {
		const struct fu_cmd *c = fu->cmds[i];

		fprintf(out, "  c%u [shape=box, label=", c->id);
		cmd_label(out, c);
		fprintf(out, ", tooltip=\"pid %u\"];\n", c->pid);
		if (c->parent)
			fprintf(out, "  c%u -> c%u [%s];\n", c->parent->id, c->id,
				c->parent->pid == c->pid ? "style=dashed, label=\"exec\"" : "weight=4");
	}
}

/* Group node gid, made for path i if it is new. */
static struct fnode *group_of(struct groups *gr, uint32_t gid, uint32_t i, const char *col)
{
	if (gid > gr->n) {
		if (gid >= gr->cap) {
			gr->cap = gr->cap ? gr->cap * 2 : 256;
			while (gr->cap <= gid)
				gr->cap *= 2;
			gr->nodes = xrealloc(gr->nodes, gr->cap * sizeof(*gr->nodes));
		}
		memset(&gr->nodes[gid], 0, sizeof(gr->nodes[gid]));
		gr->nodes[gid].first = i;
		gr->nodes[gid].key = col;
		gr->nodes[gid].missing_only = true;
		gr->n = gid;
	}
	return &gr->nodes[gid];
}

/* Group the paths: the same users in the same ways, one node. */
static void group_paths(struct groups *gr, const struct fileuse *fu, const struct graph_opts *o)
{
	uint32_t i;

	gr->node_of = xcalloc(fu->npaths, sizeof(*gr->node_of));
	gr->next = xcalloc(fu->npaths, sizeof(*gr->next));	/* members of a group, listed */
	gr->sg = signatures(fu);
	for (i = 1; i < fu->npaths; i++) {
		const struct fu_path *p = &fu->paths[i];
		const char *col = o->collapse_system ? system_dir(p->s) : NULL;
		const struct sig *sg = &gr->sg[i];
		char colkey[16];
		struct fnode *g;
		uint32_t gid;

		if (!deps_path_shown(&o->paths, p->s) || !(p->roles & (FU_INPUT | FU_WRITE | FU_CREATE | FU_MISSING)))
			continue;
		if (col)	/* one node per system directory */
			gid = strtab_intern(gr->sigs, colkey, snprintf(colkey, sizeof(colkey), "C%s", col));
		else
			gid = strtab_intern(gr->sigs, sg->s ? sg->s : "", sg->n);
		g = group_of(gr, gid, i, col);
		if (g->count++)
			gr->next[g->last] = i;
		g->last = i;
		common_prefix(g, p->s);
		if (p->roles & (FU_INPUT | FU_WRITE | FU_CREATE))
			g->missing_only = false;
		if (fu_is_temporary(p))
			g->temporary = true;
		gr->node_of[i] = gid;
	}
}

static void print_file_nodes(FILE *out, const struct fileuse *fu, const struct groups *gr)
{
	uint32_t i;

	for (i = 1; i <= gr->n; i++) {
		const struct fnode *g = &gr->nodes[i];
		char label[4200];
		char tip[2048];
		size_t tn = 0;
		uint32_t m, k;

		if (g->key)
			snprintf(label, sizeof(label), "%s/... (%u files)", g->key, g->count);
		else if (g->count == 1)
			snprintf(label, sizeof(label), "%s", fu->paths[g->first].s);
		else if (strlen(g->prefix) > 1)
			snprintf(label, sizeof(label), "%u files in %s", g->count, g->prefix);
		else
			snprintf(label, sizeof(label), "%s (+%u more)", fu->paths[g->first].s, g->count - 1);
		/* the members, for a tooltip in SVG */
		for (m = g->first, k = 0; m && k < 24 && tn < sizeof(tip) - 200; m = gr->next[m], k++)
			tn += snprintf(tip + tn, sizeof(tip) - tn, "%s%s", k ? ", " : "", fu->paths[m].s);
		if (k < g->count)
			tn += snprintf(tip + tn, sizeof(tip) - tn, ", ...");
		fprintf(out, "  f%u [shape=ellipse, label=", i);
		dot_str(out, label, strlen(label));
		fputs(", tooltip=", out);
		dot_str(out, tip, tn);
		fprintf(out, "%s];\n", g->missing_only ? ", style=dashed, color=gray50, fontcolor=gray40"
			     : g->temporary ? ", style=dotted" : "");
	}
}

/* The edges, once per command and node. */
static void print_edges(FILE *out, const struct fileuse *fu, const uint32_t *node_of)
{
	uint32_t i;

	for (i = 1; i < fu->ncmds; i++) {
		const struct fu_cmd *c = fu->cmds[i];
		struct u32map done = { 0 };
		uint32_t id, roles;
		size_t it = 0;

		while (fu_cmd_next(c, &it, &id, &roles)) {
			uint32_t g = node_of[id], seen;

			if (!g)
				continue;
			seen = (uint32_t)(uintptr_t)u32map_get(&done, g);
			if ((roles & FU_INPUT) && !(seen & 1))
				fprintf(out, "  f%u -> c%u;\n", g, c->id);
			if ((roles & (FU_WRITE | FU_CREATE)) && !(seen & 2))
				fprintf(out, "  c%u -> f%u [color=firebrick];\n", c->id, g);
			if ((roles & FU_MISSING) && !(roles & (FU_INPUT | FU_WRITE | FU_CREATE)) && !(seen & 4))
				fprintf(out, "  c%u -> f%u [style=dashed, color=gray50, arrowhead=odot];\n",
					c->id, g);
			u32map_put(&done, g, (void *)(uintptr_t)(seen | (roles & FU_INPUT ? 1 : 0) |
								  (roles & (FU_WRITE | FU_CREATE) ? 2 : 0) |
								  (roles & FU_MISSING ? 4 : 0) | 8));
		}
		u32map_release(&done);
	}
}

static void groups_release(struct groups *gr, uint32_t npaths)
{
	uint32_t i;

	for (i = 1; i <= gr->n; i++)
		free(gr->nodes[i].prefix);
	free(gr->nodes);
	free(gr->node_of);
	free(gr->next);
	for (i = 0; gr->sg && i < npaths; i++)
		free(gr->sg[i].s);
	free(gr->sg);
	strtab_free(gr->sigs);
}

int graph_run(struct replay *r, const struct graph_opts *o, FILE *out)
{
	struct fileuse fu;
	struct groups gr = { .sigs = strtab_new() };
	int ret;

	ret = fileuse_read(&fu, r);
	if (ret < 0)
		goto out;

	fputs("digraph trail {\n"
	      "  rankdir=LR;\n"
	      "  node [fontname=\"Helvetica\", fontsize=10];\n"
	      "  edge [arrowsize=0.6];\n", out);
	print_commands(out, &fu);
	if (!o->no_files) {
		group_paths(&gr, &fu, o);
		print_file_nodes(out, &fu, &gr);
		print_edges(out, &fu, gr.node_of);
	}
	fputs("}\n", out);
out:
	groups_release(&gr, fu.npaths);
	fileuse_release(&fu);
	return ret;
}
