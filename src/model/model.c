// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
#include "model/model.h"
#include "util/util.h"

#define AT_FDCWD_ (-100)
#define O_CLOEXEC_ 02000000
#define CLONE_FS_ 0x200
#define CLONE_FILES_ 0x400
#define MFD_CLOEXEC_ 1
#define FD_CLOEXEC_ 1
#define F_DUPFD_ 0
#define F_SETFD_ 2
#define F_DUPFD_CLOEXEC_ 1030
#define CLOSE_RANGE_UNSHARE_ 2
#define CLOSE_RANGE_CLOEXEC_ 4
#define AT_EMPTY_PATH_ 0x1000
#define ABS_MAX (3 * TRAIL_PATH_MAX + 3)

struct fsinfo {
	unsigned int refs;
	char *cwd;		/* NULL when unknown */
	char *root;		/* NULL: "/" (no chroot) */
};

struct fdent {
	char *path;		/* absolute; NULL when unknown */
	bool cloexec;
};

struct files {
	unsigned int refs;
	struct u32map fds;	/* fd -> struct fdent */
};

struct task {
	uint32_t tid, pid;
	struct fsinfo *fs;
	struct files *files;
	bool has_id, has_before;
	struct trail_ev_ident id;       /* from the last identity record */
	struct trail_ev_ident before;   /* the one before that */
};

struct model {
	struct u32map tasks;	/* tid -> struct task */
	char *start_cwd;
	bool seen_any;
	char abs[2][ABS_MAX];
	char fd_path[ABS_MAX];	/* the file a close closed (trail_event.fd_path) */
	struct trail_ev_ident gone_id;	/* an exited task's, for its exit event */
	struct u32map via;	/* a followed peer's tgid -> the job's pid it acts for */
};

char *path_fold(const char *base, const char *path, size_t pathlen, char *out, size_t outlen)
{
	size_t len = 0, i = 0;
	int pass;

	if (outlen < 2)
		return NULL;
	/* two passes: the base (if path is relative), then the path */
	for (pass = 0; pass < 2; pass++) {
		const char *s = pass ? path : base;
		size_t n = pass ? pathlen : (base ? strlen(base) : 0);

		if (pass == 0 && !base)
			continue;
		for (i = 0; i < n;) {
			size_t j = i;

			while (j < n && s[j] != '/')
				j++;
			if (j - i == 0 || (j - i == 1 && s[i] == '.')) {
				/* empty or "." component */
			} else if (j - i == 2 && s[i] == '.' && s[i + 1] == '.') {
				/* back to the previous '/'; ".." of the root is the root */
				while (len > 0 && out[--len] != '/')
					;
			} else {
				if (len + 1 + (j - i) + 1 > outlen)
					return NULL;
				out[len] = '/';
				memcpy(out + len + 1, s + i, j - i);
				len += 1 + (j - i);
			}
			i = j + 1;
		}
	}
	if (len == 0) {
		out[0] = '/';
		len = 1;
	}
	out[len] = '\0';
	return out;
}

struct model *model__new(const struct tf_info *info)
{
	struct model *m = xcalloc(1, sizeof(*m));

	/* A recorded command starts in the recorder's cwd; processes trail
	 * attached to have their own, unknown until they chdir or exec. */
	if (info && info->cwd && info->cwd[0] == '/' && !(info->target && info->target[0]))
		m->start_cwd = xstrdup(info->cwd);
	return m;
}

static struct fsinfo *fs_new(const char *cwd, const char *root)
{
	struct fsinfo *fs = xcalloc(1, sizeof(*fs));

	fs->refs = 1;
	fs->cwd = cwd ? xstrdup(cwd) : NULL;
	fs->root = root ? xstrdup(root) : NULL;
	return fs;
}

static void fs_put(struct fsinfo *fs)
{
	if (fs && --fs->refs == 0) {
		free(fs->cwd);
		free(fs->root);
		free(fs);
	}
}

static void set_str(char **dst, const char *s, size_t len)
{
	free(*dst);
	*dst = s ? xstrndup(s, len) : NULL;
}

static void fs_set_cwd(struct fsinfo *fs, const char *cwd, size_t len)
{
	set_str(&fs->cwd, cwd, len);
}

static struct files *files_new(void)
{
	struct files *f = xcalloc(1, sizeof(*f));

	f->refs = 1;
	return f;
}

static void fd_free(struct fdent *e)
{
	if (e) {
		free(e->path);
		free(e);
	}
}

static void files_put(struct files *f)
{
	uint32_t fd;
	void *v;
	size_t it = 0;

	if (!f || --f->refs)
		return;
	while (u32map_next(&f->fds, &it, &fd, &v))
		fd_free(v);
	u32map_release(&f->fds);
	free(f);
}

static struct files *files_copy(const struct files *src)
{
	struct files *f = files_new();
	uint32_t fd;
	void *v;
	size_t it = 0;

	while (u32map_next(&src->fds, &it, &fd, &v)) {
		const struct fdent *e = v;
		struct fdent *n = xcalloc(1, sizeof(*n));

		n->path = e->path ? xstrdup(e->path) : NULL;
		n->cloexec = e->cloexec;
		u32map_put(&f->fds, fd, n);
	}
	return f;
}

static void fd_install(struct files *f, int fd, const char *path, bool cloexec)
{
	struct fdent *e = xcalloc(1, sizeof(*e));

	if (fd < 0)
		return free(e);
	e->path = path ? xstrdup(path) : NULL;
	e->cloexec = cloexec;
	fd_free(u32map_del(&f->fds, fd));
	u32map_put(&f->fds, fd, e);
}

static void task_free(struct task *t)
{
	fs_put(t->fs);
	files_put(t->files);
	free(t);
}

/* A task first seen in the middle (its fork was lost, or it is the
 * recorded command itself, which inherits the recorder's cwd). */
static struct task *task_get(struct model *m, uint32_t tid, uint32_t pid)
{
	struct task *t = u32map_get(&m->tasks, tid);

	if (t)
		return t;
	t = xcalloc(1, sizeof(*t));
	t->tid = tid;
	t->pid = pid;
	t->fs = fs_new(m->seen_any ? NULL : m->start_cwd, NULL);
	t->files = files_new();
	m->seen_any = true;
	u32map_put(&m->tasks, tid, t);
	return t;
}

static void task_drop(struct model *m, uint32_t tid)
{
	struct task *t = u32map_del(&m->tasks, tid);

	if (t)
		task_free(t);
}

/*
 * base + path folded, as the kernel resolves it inside a chroot: ".." never
 * climbs above the root.  The root's prefix comes off the base, the rest is
 * folded as an absolute path of the chroot, and the prefix goes back on.
 */
static const char *fold_in_root(const char *root, const char *base, const char *path,
				size_t len, char *out)
{
	char inner[ABS_MAX];
	size_t rl = root ? strlen(root) : 0;

	if (!rl)
		return path_fold(base, path, len, out, ABS_MAX);
	if (base && !strncmp(base, root, rl) && (base[rl] == '/' || !base[rl]))
		base += rl;	/* now inside the root ("" or "/sub") */
	else if (base)
		return path_fold(base, path, len, out, ABS_MAX);	/* cwd outside the root */
	if (!path_fold(base && *base ? base : "/", path, len, inner, sizeof(inner)))
		return NULL;
	if (rl + strlen(inner) + 1 > ABS_MAX)
		return NULL;
	memcpy(out, root, rl);
	strcpy(out + rl, strcmp(inner, "/") ? inner : "");
	return out;
}

/* The absolute form of a path argument, from dirfd or the cwd. */
static const char *resolve(struct model *m, struct task *t, int64_t dirfd,
			   const struct tstr *path, int slot)
{
	const char *base = NULL;
	char buf[TRAIL_PATH_MAX + 2];
	size_t len = path->len;

	if (path->len > TRAIL_PATH_MAX)
		return NULL;
	memcpy(buf, path->p, len);
	buf[len] = '\0';
	if (len && buf[0] == '/') {
		base = NULL;
	} else {
		if ((int32_t)dirfd == AT_FDCWD_) {
			base = t->fs->cwd;
		} else {
			struct fdent *e = u32map_get(&t->files->fds, (uint32_t)dirfd);

			base = e ? e->path : NULL;
		}
		if (!base)
			return NULL;
		if (!len) {	/* AT_EMPTY_PATH: the directory itself */
			buf[0] = '.';
			buf[1] = '\0';
			len = 1;
		}
	}
	return fold_in_root(t->fs->root, base, buf, len, m->abs[slot]);
}

static int64_t arg_or(const struct trail_event *ev, char letter, int64_t dflt)
{
	int i = event_arg_index(ev, letter);

	return i >= 0 ? (int64_t)ev->args[i] : dflt;
}

static void apply_fork(struct model *m, struct trail_event *ev)
{
	const struct trail_ev_fork *f = ev->fork;
	struct task *parent, *child;
	uint64_t flags = f->clone_flags;
	bool thread = f->child_pid == ev->hdr->pid;

	if (f->child_tid == 0)		/* a failed clone */
		return;
	if (!ev->sys)			/* made by the kernel: threads share */
		flags = thread ? CLONE_FS_ | CLONE_FILES_ : 0;
	parent = task_get(m, ev->hdr->tid, ev->hdr->pid);
	task_drop(m, f->child_tid);	/* a reused tid whose exit was lost */
	child = xcalloc(1, sizeof(*child));
	child->tid = f->child_tid;
	child->pid = f->child_pid;
	if (flags & CLONE_FS_) {
		child->fs = parent->fs;
		child->fs->refs++;
	} else {
		child->fs = fs_new(parent->fs->cwd, parent->fs->root);
	}
	if (flags & CLONE_FILES_) {
		child->files = parent->files;
		child->files->refs++;
	} else {
		child->files = files_copy(parent->files);
	}
	/* who the child is until its own identity record says otherwise */
	child->has_id = parent->has_id;
	child->id = parent->id;
	u32map_put(&m->tasks, child->tid, child);
}

static void apply_exec(struct model *m, struct trail_event *ev, struct task *t)
{
	const struct trail_ev_exec *x = ev->exec;
	uint32_t fd;
	void *v;
	size_t it = 0;

	ev->abs[0] = resolve(m, t, x->dirfd, &ev->filename, 0);
	if (ev->ret < 0)
		return;
	if (ev->cwd.len)
		fs_set_cwd(t->fs, ev->cwd.p, ev->cwd.len);
	/* exec unshares the descriptor table, then closes O_CLOEXEC ones */
	if (t->files->refs > 1) {
		struct files *own = files_copy(t->files);

		files_put(t->files);
		t->files = own;
	}
	while (u32map_next(&t->files->fds, &it, &fd, &v)) {
		if (((struct fdent *)v)->cloexec)
			fd_free(u32map_del(&t->files->fds, fd));
	}
}

static void fd_copy(struct files *f, int from, int to, bool cloexec)
{
	struct fdent *e = u32map_get(&f->fds, (uint32_t)from);

	if (from == to || to < 0)
		return;
	fd_install(f, to, e ? e->path : NULL, cloexec);
}

static void close_range(struct task *t, uint32_t first, uint32_t last, uint64_t flags)
{
	uint32_t fd;
	void *v;
	size_t it = 0;

	if (flags & CLOSE_RANGE_UNSHARE_ && t->files->refs > 1) {
		struct files *own = files_copy(t->files);

		files_put(t->files);
		t->files = own;
	}
	while (u32map_next(&t->files->fds, &it, &fd, &v)) {
		if (fd < first || fd > last)
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC_)
			((struct fdent *)v)->cloexec = true;
		else
			fd_free(u32map_del(&t->files->fds, fd));
	}
}

/* The descriptor table after a successful call. */
static void apply_fds(struct task *t, const struct trail_event *ev)
{
	struct files *f = t->files;
	int fd = (int)arg_or(ev, 'f', -1);

	switch (ev->type) {
	case TE_open:
	case TE_memfd: {
		const char *p = ev->abs[0];
		char real[TRAIL_PATH_MAX + 1];
		bool cloexec = ev->type == TE_memfd ? arg_or(ev, 'Z', 0) & MFD_CLOEXEC_
						    : arg_or(ev, 'o', 0) & O_CLOEXEC_;

		if (ev->real.len) {	/* what the kernel opened is the better name */
			memcpy(real, ev->real.p, ev->real.len);
			real[ev->real.len] = '\0';
			p = real;
		}
		fd_install(f, (int)ev->ret, p, cloexec);
		break;
	}
	case TE_close:
		if (ev->sys->args[0] == 'f' && ev->sys->args[1] == 'e')	/* close_range */
			close_range(t, (uint32_t)fd, (uint32_t)arg_or(ev, 'e', 0), arg_or(ev, 'K', 0));
		else
			fd_free(u32map_del(&f->fds, (uint32_t)fd));
		break;
	case TE_dup:
		if (event_arg_index(ev, 'n') >= 0)	/* dup2, dup3 */
			fd_copy(f, fd, (int)arg_or(ev, 'n', -1), arg_or(ev, 'O', 0) & O_CLOEXEC_);
		else
			fd_copy(f, fd, (int)ev->ret, false);
		break;
	case TE_fcntl: {
		int64_t cmd = arg_or(ev, 'C', -1);

		if (cmd == F_DUPFD_ || cmd == F_DUPFD_CLOEXEC_) {
			fd_copy(f, fd, (int)ev->ret, cmd == F_DUPFD_CLOEXEC_);
		} else if (cmd == F_SETFD_) {
			struct fdent *e = u32map_get(&f->fds, (uint32_t)fd);

			if (e)
				e->cloexec = arg_or(ev, 'x', 0) & FD_CLOEXEC_;
			else
				fd_install(f, fd, NULL, arg_or(ev, 'x', 0) & FD_CLOEXEC_);
		}
		break;
	}
	case TE_pipe: {
		uint64_t pair = arg_or(ev, 'P', 0);
		/* pipe2's flags, or socketpair's type (SOCK_CLOEXEC == O_CLOEXEC) */
		bool cloexec = (arg_or(ev, 'O', 0) | (event_arg_index(ev, 'i') >= 0 ? ev->args[1] : 0))
			       & O_CLOEXEC_;

		fd_install(f, (int)(uint32_t)pair, NULL, cloexec);
		fd_install(f, (int)(uint32_t)(pair >> 32), NULL, cloexec);
		break;
	}
	default:
		break;
	}
}

/* What differs between two identities, as IDC_* bits (vpid and vtid are
 * a new task's, not a change). */
static uint32_t ident_diff(const struct trail_ev_ident *a, const struct trail_ev_ident *b)
{
	uint32_t c = 0;

	if (a->uid != b->uid || a->euid != b->euid || a->suid != b->suid || a->fsuid != b->fsuid)
		c |= IDC_UID;
	if (a->gid != b->gid || a->egid != b->egid || a->sgid != b->sgid || a->fsgid != b->fsgid)
		c |= IDC_GID;
	if (a->cap_inh != b->cap_inh || a->cap_prm != b->cap_prm || a->cap_eff != b->cap_eff ||
	    a->cap_bnd != b->cap_bnd || a->cap_amb != b->cap_amb)
		c |= IDC_CAPS;
	if (a->securebits != b->securebits || a->no_new_privs != b->no_new_privs ||
	    a->seccomp != b->seccomp)
		c |= IDC_SECURE;
	if (a->cgroup_id != b->cgroup_id)
		c |= IDC_CGROUP;
	if (memcmp(a->ns, b->ns, sizeof(a->ns)))
		c |= IDC_NS;
	if (a->userns_owner != b->userns_owner || a->userns_group != b->userns_group ||
	    a->userns_level != b->userns_level)
		c |= IDC_USERNS_OWNER;
	return c;
}

static void apply_ident(struct trail_event *ev, struct task *t)
{
	ev->id_changed = 0;
	ev->id_before = NULL;
	if (t->has_id) {
		ev->id_changed = ident_diff(&t->id, ev->ident);
		t->before = t->id;
		t->has_before = true;
		ev->id_before = &t->before;
	}
	/* the record's size may be larger (a newer recorder): the known part */
	memcpy(&t->id, ev->ident, sizeof(t->id));
	t->has_id = true;
}

/* --follow-peers: a peer's events, and its children's, are on behalf of
 * the job's process that connected to it. */
static void apply_via(struct model *m, struct trail_event *ev)
{
	const struct trail_ev_hdr *h = ev->hdr;
	uintptr_t via = (uintptr_t)u32map_get(&m->via, h->pid);

	ev->via_pid = via;
	if (ev->type == TE_peer && ev->peer->peer_pid != h->pid)
		u32map_put(&m->via, ev->peer->peer_pid, (void *)(uintptr_t)h->pid);
	else if (via && ev->type == TE_fork && ev->fork->child_tid && ev->fork->child_pid != h->pid)
		u32map_put(&m->via, ev->fork->child_pid, (void *)via);
	else if (via && ev->type == TE_exit && (h->flags & TRAIL_F_GROUP_DEAD))
		u32map_del(&m->via, h->pid);
}

void model__apply(struct model *m, struct trail_event *ev)
{
	const struct trail_ev_hdr *h = ev->hdr;
	struct task *t;

	ev->abs[0] = ev->abs[1] = NULL;
	ev->fd_path = NULL;
	ev->id = ev->id_before = NULL;
	apply_via(m, ev);
	switch (ev->type) {
	case TE_fork:
		apply_fork(m, ev);
		t = u32map_get(&m->tasks, h->tid);
		ev->id = t && t->has_id ? &t->id : NULL;
		return;
	case TE_exit:
		t = u32map_get(&m->tasks, h->tid);
		if (t && t->has_id) {
			m->gone_id = t->id;
			ev->id = &m->gone_id;
		}
		task_drop(m, h->tid);
		return;
	case TE_ident:
		t = task_get(m, h->tid, h->pid);
		apply_ident(ev, t);
		ev->id = &t->id;
		return;
	case TE_lost:
		return;
	case TE_attach:	/* running before: /proc's working directory */
		t = task_get(m, h->tid, h->pid);
		if (ev->cwd.len)
			fs_set_cwd(t->fs, ev->cwd.p, ev->cwd.len);
		return;
	case TE_exec:
		/* A thread's exec takes over the leader's tid. */
		if (ev->ret >= 0 && ev->exec->old_tid != h->tid) {
			struct task *old = u32map_del(&m->tasks, ev->exec->old_tid);

			if (old) {
				task_drop(m, h->tid);
				old->tid = h->tid;
				u32map_put(&m->tasks, h->tid, old);
			}
		}
		t = task_get(m, h->tid, h->pid);
		apply_exec(m, ev, t);
		ev->id = t->has_id ? &t->id : NULL;
		if ((h->flags & TRAIL_F_SECURE) && t->has_before)
			ev->id_before = &t->before;
		return;
	default:
		break;
	}

	t = task_get(m, h->tid, h->pid);
	ev->id = t->has_id ? &t->id : NULL;
	if (ev->type == TE_uring) {
		int32_t fd = ev->uring->fd;

		if (ev->path[0].len && event_uring_open(ev)) {
			ev->abs[0] = resolve(m, t, fd, &ev->path[0], 0);	/* an open's name */
			/* its result is a descriptor, unless it went to the
			 * ring's registered files */
			if (ev->has_ret && ev->ret >= 0 && !ev->uring->fixed)
				fd_install(t->files, (int)ev->ret, ev->abs[0],
					   ev->uring->open_flags & O_CLOEXEC_);
		}
		return;
	}
	for (int k = 0; k < 2; k++) {
		int64_t dirfd;

		if (event_str_info(ev, k, &dirfd) == 'p')
			ev->abs[k] = resolve(m, t, dirfd, &ev->path[k], k);
	}
	if (ev->type == TE_close && ev->sys->op == TRAIL_SYS_close) {
		struct fdent *e = u32map_get(&t->files->fds, (uint32_t)arg_or(ev, 'f', -1));

		if (e && e->path && strlen(e->path) < sizeof(m->fd_path))
			ev->fd_path = strcpy(m->fd_path, e->path);	/* it is freed next */
	}
	if (!ev->has_ret || ev->ret < 0)
		return;
	apply_fds(t, ev);
	switch (ev->type) {
	case TE_chdir:
		if (ev->real.len) {
			fs_set_cwd(t->fs, ev->real.p, ev->real.len);
		} else if (ev->abs[0]) {
			fs_set_cwd(t->fs, ev->abs[0], strlen(ev->abs[0]));
		} else {
			struct fdent *e = u32map_get(&t->files->fds, (uint32_t)arg_or(ev, 'f', -1));

			fs_set_cwd(t->fs, e ? e->path : NULL, e && e->path ? strlen(e->path) : 0);
		}
		break;
	case TE_chroot:
		if (ev->real.len)
			set_str(&t->fs->root, ev->real.p, ev->real.len);
		else if (ev->abs[0])
			set_str(&t->fs->root, ev->abs[0], strlen(ev->abs[0]));
		if (t->fs->root && !strcmp(t->fs->root, "/"))
			set_str(&t->fs->root, NULL, 0);
		break;
	default:
		break;
	}
}

size_t model__tasks(const struct model *m)
{
	return m->tasks.len;
}

void model__free(struct model *m)
{
	uint32_t tid;
	void *v;
	size_t it = 0;

	if (!m)
		return;
	while (u32map_next(&m->tasks, &it, &tid, &v))
		task_free(v);
	u32map_release(&m->tasks);
	u32map_release(&m->via);
	free(m->start_cwd);
	free(m);
}
