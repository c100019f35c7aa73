// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
#include "model/fileuse.h"
#include "model/replay.h"
#include "uring_ops.h"

#define ENOENT_ 2
#define ENOTDIR_ 20
#define O_ACCMODE_ 3
#define O_RDONLY_ 0
#define O_CREAT_ 0100
#define O_EXCL_ 0200
#define O_TRUNC_ 01000
#define O_DIRECTORY_ 0200000
#define RENAME_EXCHANGE_ 2
#define FU_PRESENT 0x80000000u	/* keeps a map value non-NULL */

void fileuse_init(struct fileuse *fu)
{
	memset(fu, 0, sizeof(*fu));
	fu->tab = strtab_new();
	fu->ncmds = 1;
	fu->npaths = 1;
}

static uint32_t path_id(struct fileuse *fu, const char *s, size_t len)
{
	uint32_t id = strtab_intern(fu->tab, s, len);

	fu->paths = xgrow_zeroed(fu->paths, &fu->cap_paths, id, sizeof(*fu->paths), 1024);
	if (id >= fu->npaths) {
		fu->paths[id].s = strtab_str(fu->tab, id);
		fu->npaths = id + 1;
	}
	return id;
}

static struct fu_cmd *cmd_new(struct fileuse *fu, uint32_t pid, struct fu_cmd *parent, uint64_t t)
{
	struct fu_cmd *c = xcalloc(1, sizeof(*c));

	c->id = fu->ncmds++;
	c->pid = pid;
	c->parent = parent;
	c->start_ns = t;
	fu->cmds = xrealloc(fu->cmds, fu->ncmds * sizeof(*fu->cmds));
	fu->cmds[0] = NULL;
	fu->cmds[c->id] = c;
	u32map_put(&fu->by_pid, pid, c);
	return c;
}

/* The command a process works for; one is made for a process first seen
 * without its fork (the recorded command itself, before its exec). */
static struct fu_cmd *cmd_of(struct fileuse *fu, const struct trail_event *ev)
{
	struct fu_cmd *c = u32map_get(&fu->by_pid, ev->hdr->pid);

	if (!c)
		c = cmd_new(fu, ev->hdr->pid, NULL, ev->time_ns);
	if (!c->via_pid)
		c->via_pid = ev->via_pid;
	return c;
}

static void role(struct fileuse *fu, struct fu_cmd *c, uint32_t id, uint32_t bits)
{
	struct fu_path *p = &fu->paths[id];
	uint32_t old = (uint32_t)(uintptr_t)u32map_get(&c->roles, id);

	if (!(bits & FU_VIA_FD))
		p->named = true;
	bits &= ~FU_VIA_FD;
	u32map_put(&c->roles, id, (void *)(uintptr_t)(old | bits | FU_PRESENT));
	p->roles |= bits;
	if (bits & (FU_READ | FU_EXEC | FU_LIST)) {
		if (!p->created && !p->preexisting)
			p->preexisting = true;
		p->exists = true;
	}
	if (bits & (FU_WRITE | FU_CREATE)) {
		if (!p->preexisting && !p->created && (bits & FU_CREATE || !(p->roles & FU_INPUT)))
			p->created = true;
		p->exists = true;
		p->renamed_away = false;
		p->producer = c->id;
	}
	if (bits & FU_DELETE) {
		if (!p->created)	/* removed, never made by the run: it was there */
			p->preexisting = true;
		p->exists = false;
	}
	if (fu->on_role)
		fu->on_role(fu->on_role_ctx, c, id, bits, fu->cur);
}

static void role_str(struct fileuse *fu, struct fu_cmd *c, const char *s, size_t len, uint32_t bits)
{
	/* not files: pipes, sockets, memfds, anonymous inodes */
	if (!s || !len || s[0] != '/' || (len > 7 && !memcmp(s, "/memfd:", 7)))
		return;
	role(fu, c, path_id(fu, s, len), bits);
}

/* The best name of path string k of an event: abs, else as given when
 * absolute. */
static void role_arg(struct fileuse *fu, struct fu_cmd *c, const struct trail_event *ev, int k,
		     uint32_t bits)
{
	if (ev->abs[k])
		role_str(fu, c, ev->abs[k], strlen(ev->abs[k]), bits);
	else if (ev->path[k].len && ev->path[k].p[0] == '/')
		role_str(fu, c, ev->path[k].p, ev->path[k].len, bits);
	else if (k == 0 && ev->real.len)
		role_str(fu, c, ev->real.p, ev->real.len, bits);
}

static void role_real(struct fileuse *fu, struct fu_cmd *c, const struct trail_event *ev,
		      uint32_t bits)
{
	if (ev->real.len)
		role_str(fu, c, ev->real.p, ev->real.len, bits);
	else
		role_arg(fu, c, ev, 0, bits);
}

static int64_t arg(const struct trail_event *ev, char letter)
{
	int i = event_arg_index(ev, letter);

	return i >= 0 ? (int64_t)ev->args[i] : 0;
}

static void on_open(struct fileuse *fu, struct fu_cmd *c, const struct trail_event *ev)
{
	int64_t fl = event_arg_index(ev, 'o') >= 0 ? arg(ev, 'o') : O_CREAT_ | O_TRUNC_ | 1;
	uint32_t bits = 0;

	if (event_arg_index(ev, 'p') < 0)	/* open_by_handle_at: the fd's file */
		return role_str(fu, c, ev->real.p, ev->real.len, FU_READ);
	if (fl & O_DIRECTORY_)	/* listing it (getdents) is what counts */
		return;
	if ((fl & O_ACCMODE_) == O_RDONLY_ || (fl & O_ACCMODE_) == 2)
		bits |= FU_READ;	/* O_RDWR: an input until written */
	if (fl & (O_CREAT_ | O_TRUNC_)) {
		bits = FU_WRITE;
		if (fl & O_CREAT_)
			bits |= FU_CREATE;
	}
	role_arg(fu, c, ev, 0, bits);
}

static uint32_t uring_open_bits(uint64_t fl)
{
	if (fl & (O_CREAT_ | O_TRUNC_))
		return FU_WRITE | (fl & O_CREAT_ ? FU_CREATE : 0);
	return FU_READ;
}

/* A new process runs its parent's command; a process that ends ends its
 * own image's command. */
static void on_fork(struct fileuse *fu, const struct trail_event *ev)
{
	if (ev->fork->child_tid && ev->fork->child_pid != ev->hdr->pid)
		u32map_put(&fu->by_pid, ev->fork->child_pid, cmd_of(fu, ev));
}

static void on_group_exit(struct fileuse *fu, const struct trail_event *ev)
{
	struct fu_cmd *c;

	if (!(ev->hdr->flags & TRAIL_F_GROUP_DEAD))
		return;
	c = u32map_del(&fu->by_pid, ev->hdr->pid);
	/* only the command that is this process's own image ends */
	if (c && c->pid == ev->hdr->pid && !c->ended) {
		c->ended = true;
		c->end_ns = ev->time_ns;
		c->status = ev->exit->status;
	}
}

/* An exec starts a command; c is the one of the process's image before. */
static void on_exec(struct fileuse *fu, struct fu_cmd *c, const struct trail_event *ev)
{
	struct fu_cmd *n = cmd_new(fu, ev->hdr->pid, c, ev->time_ns);
	const char *exe = ev->abs[0];

	if (c && c->pid == ev->hdr->pid && !c->ended) {
		/* the previous image of this process ends here */
		c->ended = true;
		c->end_ns = ev->time_ns;
	}
	n->argv = xmalloc(ev->argv.len + 1);
	memcpy(n->argv, ev->argv.p, ev->argv.len);
	n->argv[ev->argv.len] = '\0';
	n->argv_len = ev->argv.len;
	n->cwd = ev->cwd.len ? xstrndup(ev->cwd.p, ev->cwd.len) : NULL;
	if (exe)
		n->exe = xstrdup(exe);
	else if (ev->real.len)
		n->exe = xstrndup(ev->real.p, ev->real.len);
	if (n->exe)
		role_str(fu, n, n->exe, strlen(n->exe), FU_EXEC);
	if (ev->interp.len && ev->interp.p[0] == '/')
		role_str(fu, n, ev->interp.p, ev->interp.len, FU_EXEC);
}

static void on_rename(struct fileuse *fu, struct fu_cmd *c, const struct trail_event *ev)
{
	struct fu_path *pf;
	uint32_t from, to, producer;
	bool made;

	if (!ev->abs[0] || !ev->abs[1])
		return;
	from = path_id(fu, ev->abs[0], strlen(ev->abs[0]));
	to = path_id(fu, ev->abs[1], strlen(ev->abs[1]));
	if (arg(ev, 'N') & RENAME_EXCHANGE_) {
		role(fu, c, from, FU_WRITE);
		role(fu, c, to, FU_WRITE);
		return;
	}
	/* x.tmp renamed to x: x is the output, made by x.tmp's producer */
	pf = &fu->paths[from];
	producer = pf->producer;
	made = pf->created;
	role(fu, c, from, FU_DELETE);
	role(fu, c, to, FU_WRITE | FU_CREATE);
	pf = &fu->paths[from];
	pf->renamed_away = made;
	if (producer)
		fu->paths[to].producer = producer;
}

void fileuse_add(struct fileuse *fu, const struct trail_event *ev)
{
	struct fu_cmd *c;

	fu->cur = ev;
	switch (ev->type) {
	case TE_fork:
		on_fork(fu, ev);
		return;
	case TE_exit:
		on_group_exit(fu, ev);
		return;
	case TE_lost:
		return;
	default:
		break;
	}
	/* an exec starts a command: do not make one for the image it replaces */
	c = ev->type == TE_exec && ev->ret >= 0 ? u32map_get(&fu->by_pid, ev->hdr->pid)
						: cmd_of(fu, ev);
	if (ev->has_ret && ev->ret < 0) {
		if ((ev->ret == -ENOENT_ || ev->ret == -ENOTDIR_) &&
		    (ev->type == TE_open || ev->type == TE_exec || ev->type == TE_stat ||
		     ev->type == TE_access || ev->type == TE_readlink || event_uring_open(ev)))
			role_arg(fu, c, ev, 0, FU_MISSING);
		return;
	}
	switch (ev->type) {
	case TE_exec:
		on_exec(fu, c, ev);
		return;
	case TE_attach:	/* running before: its command as /proc says */
		if (!c->argv) {
			c->argv = xstrndup(ev->argv.p, ev->argv.len);
			c->argv_len = ev->argv.len;
			c->cwd = ev->cwd.len ? xstrndup(ev->cwd.p, ev->cwd.len) : NULL;
			c->exe = ev->filename.len ? xstrndup(ev->filename.p, ev->filename.len) : NULL;
		}
		return;
	case TE_open:
		on_open(fu, c, ev);
		return;
	case TE_write:
		role_real(fu, c, ev, FU_WRITE | FU_VIA_FD);
		return;
	case TE_readdir:
		role_real(fu, c, ev, FU_LIST);
		return;
	case TE_uring:
		/* an open submitted through a ring: as an open (a failed one
		 * returned above); a read or write: the fd's file */
		if (event_uring_open(ev))
			role_arg(fu, c, ev, 0, uring_open_bits(ev->uring->open_flags));
		else if (ev->path[0].len && ev->path[0].p[0] == '/')
			role_str(fu, c, ev->path[0].p, ev->path[0].len,
				 TRAIL_URING_WRITES(ev->uring->opcode) ? FU_WRITE | FU_VIA_FD : FU_READ);
		return;
	case TE_unlink:
		role_arg(fu, c, ev, 0, FU_DELETE);
		return;
	case TE_rename:
		on_rename(fu, c, ev);
		return;
	case TE_mkdir:
	case TE_mknod:
	case TE_symlink:
		role_arg(fu, c, ev, 0, FU_WRITE | FU_CREATE);
		return;
	case TE_link:
		role_arg(fu, c, ev, 1, FU_WRITE | FU_CREATE);
		return;
	case TE_truncate:
	case TE_chmod:
	case TE_chown:
	case TE_utime:
	case TE_xattr:
		role_real(fu, c, ev, FU_WRITE);
		return;
	default:
		return;
	}
}

int fileuse_read(struct fileuse *fu, struct replay *r)
{
	struct trail_event ev;
	int ret;

	fileuse_init(fu);
	while ((ret = replay__next(r, &ev)) > 0)
		fileuse_add(fu, &ev);
	return ret;
}

bool fu_cmd_next(const struct fu_cmd *c, size_t *it, uint32_t *path_id, uint32_t *roles)
{
	void *v;

	if (!u32map_next(&c->roles, it, path_id, &v))
		return false;
	*roles = (uint32_t)(uintptr_t)v & ~FU_PRESENT;
	return true;
}

void fileuse_release(struct fileuse *fu)
{
	uint32_t i;

	for (i = 1; i < fu->ncmds; i++) {
		struct fu_cmd *c = fu->cmds[i];

		u32map_release(&c->roles);
		free(c->argv);
		free(c->cwd);
		free(c->exe);
		free(c);
	}
	free(fu->cmds);
	free(fu->paths);
	strtab_free(fu->tab);
	u32map_release(&fu->by_pid);
	memset(fu, 0, sizeof(*fu));
}
