// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "util/escape.h"
#include "util/util.h"
#include "views/flags.h"
#include "views/tree.h"

#define ARGV_KEEP 4096	/* bytes of joined argv kept per process without -v */

/* comm: the parent's, or for a process seen first doing something else,
 * its event's */
static struct pnode *node_new(struct ptree *t, uint32_t pid, struct pnode *parent, uint64_t time,
			      const char *comm)
{
	struct pnode *n = xcalloc(1, sizeof(*n));

	n->pid = pid;
	n->start = time;
	n->parent = parent;
	n->all = t->all;
	t->all = n;
	t->n++;
	if (parent) {
		LIST_APPEND(parent->first, parent->last, n);
		if (parent->argv) {
			n->argv = xmalloc(parent->argv_len + 1);
			memcpy(n->argv, parent->argv, parent->argv_len + 1);
		}
		n->argv_len = parent->argv_len;
		n->argv_full = parent->argv_full;
	} else {
		LIST_APPEND(t->roots_first, t->roots_last, n);
	}
	memcpy(n->comm, comm, sizeof(n->comm));
	u32map_put(&t->live, pid, n);
	return n;
}

static struct pnode *node_of(struct ptree *t, const struct trail_event *ev)
{
	struct pnode *n = u32map_get(&t->live, ev->hdr->pid);

	if (!n)
		n = node_new(t, ev->hdr->pid, NULL, ev->time_ns, ev->comm);
	if (!n->via)
		n->via = ev->via_pid;
	return n;
}

/* The argv of an exec, or of a process described at attach. */
static void node_argv(struct ptree *t, struct pnode *n, const struct trail_event *ev)
{
	uint32_t keep = t->argv_keep && ev->argv.len > t->argv_keep ? t->argv_keep : ev->argv.len;

	free(n->argv);
	n->argv = xmalloc(keep + 1);
	memcpy(n->argv, ev->argv.p, keep);
	n->argv[keep] = '\0';
	n->argv_len = keep;
	n->argv_full = ev->argv.len;
	n->has_exec = true;
	memcpy(n->comm, ev->comm, sizeof(n->comm));
}

void ptree_init(struct ptree *t, uint32_t argv_keep)
{
	memset(t, 0, sizeof(*t));
	t->argv_keep = argv_keep;
}

void ptree_add(struct ptree *t, const struct trail_event *ev)
{
	struct pnode *n;

	t->last_ns = ev->time_ns;
	switch (ev->type) {
	case TE_fork:
		if (!ev->fork->child_tid || ev->fork->child_pid == ev->hdr->pid)
			return;		/* failed, or a thread */
		n = node_of(t, ev);
		node_new(t, ev->fork->child_pid, n, ev->time_ns, n->comm);
		return;
	case TE_attach:	/* its parent, if described before it; its argv */
		n = u32map_get(&t->live, ev->hdr->pid);
		if (!n)
			n = node_new(t, ev->hdr->pid, u32map_get(&t->live, ev->proc->ppid),
				     ev->time_ns, ev->comm);
		n->attached = true;
		node_argv(t, n, ev);
		return;
	case TE_exec:
		if (ev->ret < 0)
			return;
		node_argv(t, node_of(t, ev), ev);
		return;
	case TE_exit:
		if (!(ev->hdr->flags & TRAIL_F_GROUP_DEAD))
			return;
		n = node_of(t, ev);
		n->ended = true;
		n->end = ev->time_ns;
		n->status = ev->exit->status;
		u32map_del(&t->live, ev->hdr->pid);
		return;
	default:
		node_of(t, ev);
		return;
	}
}

void ptree_finish(struct ptree *t, bool command)
{
	struct pnode *root = t->roots_first, *n;

	if (!command || !root || !root->ended)
		return;
	/* the command's subtree, walked without recursion */
	for (n = root->first; n && n != root;) {
		n->outlived = !n->ended || n->end > root->end;
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		if (n != root)
			n = n->next;
	}
}

void ptree_release(struct ptree *t)
{
	struct pnode *n, *next;

	for (n = t->all; n; n = next) {
		next = n->all;
		free(n->argv);
		free(n);
	}
	u32map_release(&t->live);
	memset(t, 0, sizeof(*t));
}

/* argv as one line: the NUL separators become spaces, the rest escaped
 * (util/escape.h) so that an argument keeps to its process's line. */
static char *join_argv(const struct pnode *n, size_t *len)
{
	char *out = NULL;
	uint32_t i, end = n->argv_len;
	FILE *f;

	if (end && n->argv[end - 1] == '\0')
		end--;
	f = open_memstream(&out, len);
	if (!f)
		return NULL;
	for (i = 0; i < end; i++) {
		size_t k = strnlen(n->argv + i, end - i);

		if (i)
			putc(' ', f);
		esc_write(f, n->argv + i, k, ESC_BARE);
		i += k;
	}
	fclose(f);
	return out;
}

/* The longest start of escaped text s within max bytes that cuts no
 * escape and no UTF-8 character in two. */
static size_t cut_at(const char *s, size_t len, size_t max)
{
	size_t i = 0, step;

	while (i < len) {
		unsigned char c = s[i];

		if (c == '\\')
			step = s[i + 1] == 'x' ? 4 : 2;
		else if (c >= 0xf0)
			step = 4;
		else if (c >= 0xe0)
			step = 3;
		else if (c >= 0xc0)
			step = 2;
		else
			step = 1;
		if (i + step > max)
			break;
		i += step;
	}
	return i;
}

static void print_node(const struct pnode *n, int depth, const struct tree_opts *o, uint64_t now,
		       FILE *out)
{
	char status[64], line[256], via[48] = "";
	size_t len = 0;
	char *argv = n->argv_len ? join_argv(n, &len) : NULL;
	int head, room;
	FILE *f;


	if (!argv || !len) {	/* no exec: the name it was forked as */
		free(argv);
		argv = NULL;
		if ((f = open_memstream(&argv, &len))) {
			esc_write(f, n->comm, strnlen(n->comm, sizeof(n->comm)), ESC_BARE);
			fclose(f);
		}
	}
	if (!n->ended)
		snprintf(status, sizeof(status), "running");
	else if ((n->status & 0x7f) == 0)
		snprintf(status, sizeof(status), "exit %d", (n->status >> 8) & 0xff);
	else
		snprintf(status, sizeof(status), "%s%s",
			 signal_name(n->status & 0x7f) ? signal_name(n->status & 0x7f) : "signal",
			 n->status & 0x80 ? " (core)" : "");
	head = fprintf(out, "%*s%u %s", depth * 2, "", n->pid, n->has_exec ? "" : "(fork) ");
	if (n->via)
		snprintf(via, sizeof(via), ", on behalf of %u", n->via);
	else if (n->attached)
		snprintf(via, sizeof(via), ", running at attach");
	snprintf(line, sizeof(line), "  [%s, %.3fs%s%s]", status,
		 ((n->ended ? n->end : now) - n->start) / 1e9,
		 n->outlived ? ", outlived the command" : "", via);
	room = o->width > 0 && !o->verbose ? o->width - head - (int)strlen(line) : -1;
	if (argv && room >= 0 && len > (size_t)room) {
		if (room > 3)
			fprintf(out, "%.*s...", (int)cut_at(argv, len, room - 3), argv);
	} else if (argv) {
		fwrite(argv, 1, len, out);
	}
	free(argv);
	fputs(line, out);
	fputc('\n', out);
	for (n = n->first; n; n = n->next)
		print_node(n, depth + 1, o, now, out);
}

int tree_run(struct replay *r, const struct tree_opts *o, FILE *out)
{
	struct trail_event ev;
	struct ptree t;
	struct pnode *n;
	int ret;

	ptree_init(&t, o->verbose ? 0 : ARGV_KEEP);
	while ((ret = replay__next(r, &ev)) > 0)
		ptree_add(&t, &ev);
	ptree_finish(&t, !replay__info(r)->target[0]);
	if (ret == 0)
		for (n = t.roots_first; n; n = n->next)
			print_node(n, 0, o, t.last_ns, out);
	ptree_release(&t);
	return ret;
}
