// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
#include "export/ptable.h"

void ptable_init(struct ptable *t)
{
	memset(t, 0, sizeof(*t));
	t->n = 1;
}

/* comm: the parent's, or for a process seen first doing something else,
 * its event's */
static struct xproc *proc_new(struct ptable *t, uint32_t pid, struct xproc *parent, uint64_t ts,
			      const char *comm)
{
	struct xproc *p = xcalloc(1, sizeof(*p));

	if (t->n == t->cap || !t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->all = xrealloc(t->all, t->cap * sizeof(*t->all));
		t->all[0] = NULL;
	}
	p->id = t->n;
	t->all[t->n++] = p;
	p->pid = pid;
	p->parent = parent;
	p->start_ns = ts;
	if (parent)
		LIST_APPEND(parent->first, parent->last, p);
	memcpy(p->comm, comm, sizeof(p->comm));
	u32map_put(&t->live, pid, p);
	return p;
}

static struct xproc *proc_of(struct ptable *t, const struct trail_event *ev)
{
	struct xproc *p = u32map_get(&t->live, ev->hdr->pid);

	return p ? p : proc_new(t, ev->hdr->pid, NULL, ev->time_ns, ev->comm);
}

static void on_exec(struct xproc *p, const struct trail_event *ev)
{
	struct xexec *x = xcalloc(1, sizeof(*x));

	x->time_ns = ev->time_ns;
	if (ev->abs[0])
		x->exe = xstrdup(ev->abs[0]);
	else if (ev->real.len)
		x->exe = xstrndup(ev->real.p, ev->real.len);
	x->argv = xmalloc(ev->argv.len + 1);
	memcpy(x->argv, ev->argv.p, ev->argv.len);
	x->argv[ev->argv.len] = '\0';
	x->argv_len = ev->argv.len;
	if (ev->cwd.len)
		x->cwd = xstrndup(ev->cwd.p, ev->cwd.len);
	if (p->last_exec)
		p->last_exec->next = x;
	else
		p->execs = x;
	p->last_exec = x;
	p->nexec++;
	memcpy(p->comm, ev->comm, sizeof(p->comm));
}

struct xproc *ptable_add(struct ptable *t, const struct trail_event *ev)
{
	struct xproc *p = proc_of(t, ev);
	struct xthread *th;

	t->last_ns = ev->time_ns;
	switch (ev->type) {
	case TE_fork:
		if (!ev->fork->child_tid)
			break;		/* failed */
		if (ev->fork->child_pid != ev->hdr->pid) {
			/* a pid seen again after its exit is a new process */
			proc_new(t, ev->fork->child_pid, p, ev->time_ns, p->comm);
			break;
		}
		th = xcalloc(1, sizeof(*th));
		th->tid = ev->fork->child_tid;
		th->start_ns = ev->time_ns;
		memcpy(th->comm, ev->comm, sizeof(th->comm));
		if (p->last_thread)
			p->last_thread->next = th;
		else
			p->threads = th;
		p->last_thread = th;
		u32map_put(&t->tids, th->tid, th);
		break;
	case TE_exec:
		if (ev->ret >= 0)
			on_exec(p, ev);
		break;
	case TE_exit:
		if (!(ev->hdr->flags & TRAIL_F_GROUP_DEAD)) {
			th = u32map_del(&t->tids, ev->hdr->tid);
			if (th) {
				th->ended = true;
				th->end_ns = ev->time_ns;
			}
			break;
		}
		p->ended = true;
		p->end_ns = ev->time_ns;
		p->status = ev->exit->status;
		u32map_del(&t->live, ev->hdr->pid);
		/* its threads end with it */
		for (th = p->threads; th; th = th->next) {
			if (!th->ended) {
				th->ended = true;
				th->end_ns = ev->time_ns;
				u32map_del(&t->tids, th->tid);
			}
		}
		break;
	default:
		break;
	}
	return p;
}

void ptable_release(struct ptable *t)
{
	uint32_t i;

	for (i = 1; i < t->n; i++) {
		struct xproc *p = t->all[i];
		struct xexec *x, *xn;
		struct xthread *th, *tn;

		for (x = p->execs; x; x = xn) {
			xn = x->next;
			free(x->exe);
			free(x->argv);
			free(x->cwd);
			free(x);
		}
		for (th = p->threads; th; th = tn) {
			tn = th->next;
			free(th);
		}
		free(p);
	}
	free(t->all);
	u32map_release(&t->live);
	u32map_release(&t->tids);
	memset(t, 0, sizeof(*t));
}
