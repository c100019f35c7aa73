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

int graph_run(struct replay *r, const struct graph_opts *o, FILE *out)
{
	struct fileuse fu;
	struct strtab *sigs = strtab_new();
	struct fnode *nodes = NULL;
	uint32_t *node_of = NULL, *next = NULL, nnodes = 0, cap = 0, i;
	struct sig *sg = NULL;
	int ret;

	ret = fileuse_read(&fu, r);
	if (ret < 0)
		goto out;

	fputs("digraph trail {\n"
	      "  rankdir=LR;\n"
	      "  node [fontname=\"Helvetica\", fontsize=10];\n"
	      "  edge [arrowsize=0.6];\n", out);
	for (i = 1; i < fu.ncmds; i++) {
		const struct fu_cmd *c = fu.cmds[i];

		fprintf(out, "  c%u [shape=box, label=", c->id);
		cmd_label(out, c);
		fprintf(out, ", tooltip=\"pid %u\"];\n", c->pid);
		if (c->parent)
			fprintf(out, "  c%u -> c%u [%s];\n", c->parent->id, c->id,
				c->parent->pid == c->pid ? "style=dashed, label=\"exec\"" : "weight=4");
	}
	if (o->no_files)
		goto end;

	/* group the paths: the same users in the same ways, one node */
	node_of = xcalloc(fu.npaths, sizeof(*node_of));
	next = xcalloc(fu.npaths, sizeof(*next));	/* members of a group, listed */
	sg = signatures(&fu);
	for (i = 1; i < fu.npaths; i++) {
		const struct fu_path *p = &fu.paths[i];
		const char *col = o->collapse_system ? system_dir(p->s) : NULL;
		char colkey[16];
		uint32_t gid;

		if (!deps_path_shown(&o->paths, p->s) || !(p->roles & (FU_INPUT | FU_WRITE | FU_CREATE | FU_MISSING)))
			continue;
		if (col)	/* one node per system directory */
			gid = strtab_intern(sigs, colkey, snprintf(colkey, sizeof(colkey), "C%s", col));
		else
			gid = strtab_intern(sigs, sg[i].s ? sg[i].s : "", sg[i].n);
		if (gid > nnodes) {
			if (gid >= cap) {
				cap = cap ? cap * 2 : 256;
				while (cap <= gid)
					cap *= 2;
				nodes = xrealloc(nodes, cap * sizeof(*nodes));
			}
			memset(&nodes[gid], 0, sizeof(nodes[gid]));
			nodes[gid].first = i;
			nodes[gid].key = col;
			nodes[gid].missing_only = true;
			nnodes = gid;
		}
		if (nodes[gid].count++)
			next[nodes[gid].last] = i;
		nodes[gid].last = i;
		common_prefix(&nodes[gid], p->s);
		if (p->roles & (FU_INPUT | FU_WRITE | FU_CREATE))
			nodes[gid].missing_only = false;
		if (fu_is_temporary(p))
			nodes[gid].temporary = true;
		node_of[i] = gid;
	}
	for (i = 1; i <= nnodes; i++) {
		struct fnode *g = &nodes[i];
		char label[4200];

		char tip[2048];
		size_t tn = 0;
		uint32_t m, k;

		if (g->key)
			snprintf(label, sizeof(label), "%s/... (%u files)", g->key, g->count);
		else if (g->count == 1)
			snprintf(label, sizeof(label), "%s", fu.paths[g->first].s);
		else if (strlen(g->prefix) > 1)
			snprintf(label, sizeof(label), "%u files in %s", g->count, g->prefix);
		else
			snprintf(label, sizeof(label), "%s (+%u more)", fu.paths[g->first].s, g->count - 1);
		/* the members, for a tooltip in SVG */
		for (m = g->first, k = 0; m && k < 24 && tn < sizeof(tip) - 200; m = next[m], k++)
			tn += snprintf(tip + tn, sizeof(tip) - tn, "%s%s", k ? ", " : "", fu.paths[m].s);
		if (k < g->count)
			tn += snprintf(tip + tn, sizeof(tip) - tn, ", ...");
		fprintf(out, "  f%u [shape=ellipse, label=", i);
		dot_str(out, label, strlen(label));
		fputs(", tooltip=", out);
		dot_str(out, tip, tn);
		fprintf(out, "%s];\n", g->missing_only ? ", style=dashed, color=gray50, fontcolor=gray40"
			     : g->temporary ? ", style=dotted" : "");
	}
	/* edges, once per command and node */
	for (i = 1; i < fu.ncmds; i++) {
		const struct fu_cmd *c = fu.cmds[i];
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
end:
	fputs("}\n", out);
out:
	for (i = 1; i <= nnodes; i++)
		free(nodes[i].prefix);
	free(nodes);
	free(node_of);
	free(next);
	for (i = 0; sg && i < fu.npaths; i++)
		free(sg[i].s);
	free(sg);
	strtab_free(sigs);
	fileuse_release(&fu);
	return ret;
}
