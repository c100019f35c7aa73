// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "util/util.h"
#include "views/flags.h"
#include "views/tree.h"

#define ARGV_KEEP 4096	/* bytes of joined argv kept per process without -v */

struct pnode {
	uint32_t pid;
	struct pnode *parent, *first, *last, *next;	/* children in start order */
	struct pnode *all;				/* allocation list */
	uint64_t start, end;
	bool ended, has_exec;
	int status;
	char *argv;
	char comm[TRAIL_COMM_LEN + 1];
};

struct forest {
	struct u32map live;	/* pid -> newest node with that pid */
	struct pnode *all, *roots_first, *roots_last;
	bool verbose;
};

static struct pnode *node_new(struct forest *fo, uint32_t pid, struct pnode *parent, uint64_t t)
{
	struct pnode *n = xcalloc(1, sizeof(*n));

	n->pid = pid;
	n->start = t;
	n->parent = parent;
	n->all = fo->all;
	fo->all = n;
	if (parent) {
		if (parent->last)
			parent->last->next = n;
		else
			parent->first = n;
		parent->last = n;
		if (parent->argv)
			n->argv = xstrdup(parent->argv);
		memcpy(n->comm, parent->comm, sizeof(n->comm));
	} else {
		if (fo->roots_last)
			fo->roots_last->next = n;
		else
			fo->roots_first = n;
		fo->roots_last = n;
	}
	u32map_put(&fo->live, pid, n);
	return n;
}

static struct pnode *node_of(struct forest *fo, const struct trail_event *ev)
{
	struct pnode *n = u32map_get(&fo->live, ev->hdr->pid);

	if (!n) {
		n = node_new(fo, ev->hdr->pid, NULL, ev->time_ns);
		memcpy(n->comm, ev->comm, sizeof(n->comm));
	}
	return n;
}

/* argv as one line: the NUL separators become spaces. */
static char *join_argv(const struct tstr *blob, bool verbose)
{
	size_t max = verbose || blob->len < ARGV_KEEP ? blob->len : ARGV_KEEP;
	char *out = xmalloc(max + 1);
	size_t i;

	for (i = 0; i < max; i++)
		out[i] = blob->p[i] ? blob->p[i] : ' ';
	if (i && blob->p[i - 1] == '\0')
		i--;
	out[i] = '\0';
	return out;
}

static void take(struct forest *fo, const struct trail_event *ev)
{
	struct pnode *n;

	switch (ev->type) {
	case TE_FORK:
		if (!ev->fork->child_tid || ev->fork->child_pid == ev->hdr->pid)
			return;		/* failed, or a thread */
		node_new(fo, ev->fork->child_pid, node_of(fo, ev), ev->time_ns);
		return;
	case TE_EXEC:
		if (ev->ret < 0)
			return;
		n = node_of(fo, ev);
		free(n->argv);
		n->argv = join_argv(&ev->argv, fo->verbose);
		n->has_exec = true;
		memcpy(n->comm, ev->comm, sizeof(n->comm));
		return;
	case TE_EXIT:
		if (!(ev->hdr->flags & TRAIL_F_GROUP_DEAD))
			return;
		n = node_of(fo, ev);
		n->ended = true;
		n->end = ev->time_ns;
		n->status = ev->exit->status;
		u32map_del(&fo->live, ev->hdr->pid);
		return;
	default:
		node_of(fo, ev);
		return;
	}
}

static void print_node(const struct forest *fo, const struct pnode *n, int depth,
		       const struct tree_opts *o, uint64_t now, FILE *out)
{
	char status[64], line[256];
	const char *argv = n->argv && n->argv[0] ? n->argv : n->comm;
	int head, room;

	if (!n->ended)
		snprintf(status, sizeof(status), "running");
	else if ((n->status & 0x7f) == 0)
		snprintf(status, sizeof(status), "exit %d", (n->status >> 8) & 0xff);
	else
		snprintf(status, sizeof(status), "%s%s",
			 signal_name(n->status & 0x7f) ? signal_name(n->status & 0x7f) : "signal",
			 n->status & 0x80 ? " (core)" : "");
	head = fprintf(out, "%*s%u %s", depth * 2, "", n->pid, n->has_exec ? "" : "(fork) ");
	snprintf(line, sizeof(line), "  [%s, %.3fs]", status,
		 ((n->ended ? n->end : now) - n->start) / 1e9);
	room = o->width > 0 && !o->verbose ? o->width - head - (int)strlen(line) : -1;
	if (room >= 0 && (int)strlen(argv) > room) {
		if (room > 3)
			fprintf(out, "%.*s...", room - 3, argv);
	} else {
		fputs(argv, out);
	}
	fputs(line, out);
	fputc('\n', out);
	for (n = n->first; n; n = n->next)
		print_node(fo, n, depth + 1, o, now, out);
}

int tree_run(struct replay *r, const struct tree_opts *o, FILE *out)
{
	struct forest fo = { .verbose = o->verbose };
	struct trail_event ev;
	struct pnode *n, *next;
	uint64_t now = 0;
	int ret;

	while ((ret = replay__next(r, &ev)) > 0) {
		take(&fo, &ev);
		now = ev.time_ns;
	}
	if (ret == 0)
		for (n = fo.roots_first; n; n = n->next)
			print_node(&fo, n, 0, o, now, out);
	for (n = fo.all; n; n = next) {
		next = n->all;
		free(n->argv);
		free(n);
	}
	u32map_release(&fo.live);
	return ret;
}
