/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own path of an object: walk dentry -> d_parent up to the
 * mount root, then cross to the parent mount at its mountpoint, until the
 * root of the mount namespace.  This is d_path() done in BPF (bpf_d_path
 * is only allowed in fentry/LSM programs, which these kernels refuse), so
 * symlinks, bind mounts and ".." are already resolved by the kernel.
 */
#ifndef TRAIL_PATH_BPF_H
#define TRAIL_PATH_BPF_H

#define PATH_DEPTH 128     /* components; deeper paths are flagged truncated */
#define NAME_MAX_ 255

/* Where a walk writes: a string slot of one of the scratch areas. */
enum walk_slot { WALK_SYS_REAL, WALK_EXEC_REAL, WALK_EXEC_CWD };

struct walk_ctx {
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	struct dentry *mnt_root;	/* vfsmnt's, read once per mount */
	__u32 pos;
	__u16 flags;
	__u16 slot;
};

static __always_inline struct exec_scratch *exec_area(void)
{
	__u32 cpu = bpf_get_smp_processor_id();

	return bpf_map_lookup_elem(&exec_scratch, &cpu);
}

/* The null checks come before any address arithmetic, kept there by
 * barrier_var: clang 14 otherwise computes the slot's address first and
 * selects NULL after, which verifiers before 6.13 refuse ("pointer
 * arithmetic on map_value_or_null prohibited"). */
static __always_inline char *walk_dest(__u16 which)
{
	__u32 zero = 0;

	if (which == WALK_SYS_REAL) {
		struct scratch *sc = bpf_map_lookup_elem(&scratch, &zero);

		if (!sc)
			return NULL;
		barrier_var(sc);
		return sc->str[2];
	} else {
		struct exec_scratch *x = exec_area();

		if (!x)
			return NULL;
		barrier_var(x);
		return which == WALK_EXEC_REAL ? x->str[1] : x->str[2];
	}
}

/* One component per call (trail_loop: bpf_loop where the kernel has it,
 * a bounded loop before). */
static long walk_step(__u64 i, struct walk_ctx *c)
{
	/* Locals, not c->x inside BPF_CORE_READ: CO-RE would try to
	 * relocate our own struct against the kernel's BTF. */
	struct dentry *dentry = c->dentry;
	struct mount *mnt = c->mnt;
	struct dentry *mnt_root = c->mnt_root;
	struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
	bool last = false;
	char *slot;

	if (dentry == mnt_root) {
		struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

		if (up == mnt)		/* the root of the mount namespace */
			return 1;
		c->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		c->mnt = up;
		c->vfsmnt = &up->mnt;
		c->mnt_root = BPF_CORE_READ(up, mnt.mnt_root);
		return 0;
	}
	/* A root that is no mount's: a memfd, a file of a pseudo file
	 * system.  Its own name, then stop, as d_path does ("/memfd:x"). */
	if (dentry == parent)
		last = true;

	struct qstr name = BPF_CORE_READ(dentry, d_name);
	__u32 len = name.len, pos = c->pos;

	if (len > NAME_MAX_)
		len = NAME_MAX_;
	if (len + 1 > pos || !(slot = walk_dest(c->slot))) {
		c->flags |= TRAIL_F_REAL_TRUNC;
		return 1;
	}
	pos -= len + 1;
	bpf_probe_read_kernel(&slot[(pos + 1) & (TRAIL_PATH_MAX - 1)], len, name.name);
	slot[pos & (TRAIL_PATH_MAX - 1)] = '/';
	c->pos = pos;
	c->dentry = parent;
	if (last)
		return 1;
	if (i == PATH_DEPTH - 1)
		c->flags |= TRAIL_F_REAL_TRUNC;
	return 0;
}

LOOP_STEP(walk_step, struct walk_ctx);

/*
 * Writes the path right to left so that it ends at slot[TRAIL_PATH_MAX].
 * Returns the start offset, < TRAIL_PATH_MAX; the length is
 * TRAIL_PATH_MAX - start.  Sets TRAIL_F_REAL_TRUNC in *flags when cut.
 * path is a struct path * read with CO-RE (a global function's scalar).
 * Checked once: its loop's callback is checked again until its states
 * converge, some 2,000 instructions per call site.
 */
CHECKED_ONCE __u32 walk_path(__u64 path_addr, __u16 which, __u16 *flags)
{
	const struct path *path = (const struct path *)path_addr;
	struct walk_ctx c = {
		.dentry = BPF_CORE_READ(path, dentry),
		.vfsmnt = BPF_CORE_READ(path, mnt),
		.pos = TRAIL_PATH_MAX,
		.slot = which,
	};
	char *slot;

	struct vfsmount *vm = c.vfsmnt;	/* a local: see walk_step */

	c.mnt = container_of(vm, struct mount, mnt);
	c.mnt_root = BPF_CORE_READ(vm, mnt_root);
	if (c.dentry && c.vfsmnt)
		trail_loop(PATH_DEPTH, walk_step, &c);
	if (flags)
		*flags |= c.flags;
	if (c.pos >= TRAIL_PATH_MAX) {
		slot = walk_dest(which);
		if (slot)
			slot[TRAIL_PATH_MAX - 1] = '/';
		return TRAIL_PATH_MAX - 1;
	}
	return c.pos;
}

/* The file behind descriptor fd of the current task, or NULL. */
static __always_inline struct file *fd_file(int fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;

	if (fd < 0 || (unsigned int)fd >= max)
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline const struct path *cwd_path(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return &BPF_CORE_READ(task, fs)->pwd;
}

static __always_inline const struct path *root_path(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	return &BPF_CORE_READ(task, fs)->root;
}

#endif
