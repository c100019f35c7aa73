/* SPDX-License-Identifier: MIT */
/* Process lifecycle: fork/clone, exec, exit; and following the tree. */
#ifndef TRAIL_PROCESS_BPF_H
#define TRAIL_PROCESS_BPF_H

#define CLONE_VM_     0x00000100
#define CLONE_VFORK_  0x00004000
#define SIGCHLD_      17
/* argv pointers walked for a failed exec */
#define MAX_FAILED_ARGV 4096

/* clone3's flags with its exit signal in the low 7 bits (clone3 flags
 * start at 0x80, CLONE_NEWTIME; signals end at 64), the same shape as
 * clone's.  The kernel copied struct clone_args in already: readable. */
static __always_inline __u64 clone3_flags(__u64 uargs)
{
	struct clone_args a = {};

	bpf_probe_read_user(&a, sizeof(a.flags) * 5, (void *)uargs);
	return a.flags | (a.exit_signal & 0x7f);
}

/*
 * sched_process_fork fires in the parent, after the child exists and
 * before it first runs: the child joins the traced set here, so not even
 * its first instruction escapes.  TP_PROTO(struct task_struct *parent,
 * struct task_struct *child).
 */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child)
{
	struct trail_ev_fork ev = {};
	__u32 child_tgid = child->tgid;
	struct stash *s;

	if (!in_target())
		return 0;
	if (child_tgid != parent->tgid && follow_child(parent->tgid, child_tgid))
		count_drop(TRAIL_DROP_STASH, TRAIL_EV_FORK);
	if (!task_ok())
		return 0;

	ident_check(true);
	fill_hdr(&ev.hdr, TRAIL_EV_FORK);
	ev.hdr.size = sizeof(ev);
	ev.child_pid = child_tgid;
	ev.child_tid = child->pid;
	ev.ret = child->pid;
	ev.op = TRAIL_SYS_NONE;		/* not from a syscall (kernel thread) */
	s = stash_of(parent, false);
	if (s && s->valid) {
		ev.op = s->op;
		if (s->op == TRAIL_SYS_clone) {
			ev.clone_flags = s->args[0];
		} else if (s->op == TRAIL_SYS_clone3) {
			ev.clone_flags = clone3_flags(s->args[0]);
		} else if (s->op == TRAIL_SYS_vfork) {
			ev.clone_flags = CLONE_VFORK_ | CLONE_VM_ | SIGCHLD_;
		} else if (s->op == TRAIL_SYS_fork) {
			ev.clone_flags = SIGCHLD_;
		} else {
			ev.op = TRAIL_SYS_NONE;
		}
	}
	emit_fixed(&ev, sizeof(ev), TRAIL_EV_FORK);
	return 0;
}

/* A clone that failed never reaches sched_process_fork. */
static __noinline int sys_exit_clone(long ret, __u16 op)
{
	struct trail_ev_fork ev = {};
	struct stash *s = stash_take(op);

	if (!s || ret >= 0)
		return 0;
	fill_hdr(&ev.hdr, TRAIL_EV_FORK);
	ev.hdr.size = sizeof(ev);
	ev.ret = ret;
	ev.op = op;
	if (op == TRAIL_SYS_clone)
		ev.clone_flags = s->args[0];
	else if (op == TRAIL_SYS_clone3)
		ev.clone_flags = clone3_flags(s->args[0]);
	emit_fixed(&ev, sizeof(ev), TRAIL_EV_FORK);
	return 0;
}

/* Copy the filled string slots and blobs of an exec record into the ring. */
static __always_inline void exec_submit(struct exec_scratch *x, __u32 rpos, __u32 cpos)
{
	struct rec_out dp;
	__u32 off = sizeof(x->ev), n;
	__u32 size;

	size = off + x->ev.filename_len + x->ev.real_len + x->ev.cwd_len +
	       x->ev.interp_len + x->ev.argv_len + x->ev.env_len;
	x->ev.hdr.size = size;
	if (rec_begin(&dp, size, TRAIL_EV_EXEC))
		return;
	rec_write(&dp, 0, &x->ev, sizeof(x->ev));
	n = x->ev.filename_len & (SLOT_SIZE - 1);
	rec_write(&dp, off, x->str[0], n);
	off += n;
	n = x->ev.real_len;
	if (n > TRAIL_PATH_MAX) n = TRAIL_PATH_MAX;
	rec_write(&dp, off, &x->str[1][rpos & (TRAIL_PATH_MAX - 1)], n);
	off += n;
	n = x->ev.cwd_len;
	if (n > TRAIL_PATH_MAX) n = TRAIL_PATH_MAX;
	rec_write(&dp, off, &x->str[2][cpos & (TRAIL_PATH_MAX - 1)], n);
	off += n;
	n = x->ev.interp_len & (SLOT_SIZE - 1);
	rec_write(&dp, off, x->str[3], n);
	off += n;
	n = x->ev.argv_len;
	if (n > sizeof(x->argv)) n = sizeof(x->argv);
	rec_write(&dp, off, x->argv, n);
	off += n;
	n = x->ev.env_len;
	if (n > TRAIL_ENV_MAX) n = TRAIL_ENV_MAX;
	rec_write(&dp, off, x->env, n);
	rec_end(&dp);
}

static __always_inline __u32 walk_cwd(struct exec_scratch *x)
{
	__u32 pos = walk_path((__u64)cwd_path(), WALK_EXEC_CWD, &x->ev.hdr.flags) & (TRAIL_PATH_MAX - 1);

	x->ev.cwd_len = TRAIL_PATH_MAX - pos;
	return pos;
}

/* Copy [start, end) of the new image's memory: argv or envp as the
 * kernel just laid them out (NUL-separated, and resident). */
static __always_inline __u32 read_block(char *dst, __u32 max, __u64 start, __u64 end,
					__u16 *flags, __u16 trunc_flag)
{
	__u64 len = end > start ? end - start : 0;

	if (len > max) {
		len = max;
		*flags |= trunc_flag;
	}
	if (len && bpf_probe_read_user(dst, len, (void *)start)) {
		*flags |= TRAIL_F_FAULT;
		count_drop(TRAIL_DROP_STRING, TRAIL_EV_EXEC);
		return 0;
	}
	return len;
}

/*
 * sched_process_exec fires in the new image after a successful exec, with
 * argv and the environment already on its stack: read them from there
 * rather than through the caller's pointers (which are gone, and may not
 * have been paged in at sys_enter).  TP_PROTO(struct task_struct *p,
 * pid_t old_pid, struct linux_binprm *bprm).
 */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct exec_scratch *x;
	struct stash *s;
	struct mm_struct *mm;
	__u32 old = old_pid, rpos, cpos;
	const char *interp;
	const char *filename;
	struct file *file;

	if (!traced_now())
		return 0;
	x = exec_area();
	if (!x)
		return 0;
	ident_check(true);		/* the new credentials, before the exec */
	fill_hdr(&x->ev.hdr, TRAIL_EV_EXEC);
	x->ev.ret = 0;
	x->ev.old_tid = old;
	x->ev.op = TRAIL_SYS_execve;
	x->ev.dirfd = -100;
	x->ev.at_flags = 0;
	/* the task that called exec is the one running now, whatever its
	 * pid has become */
	s = stash_of(p, false);
	if (s && s->valid) {
		if (s->op == TRAIL_SYS_execveat) {
			x->ev.op = TRAIL_SYS_execveat;
			x->ev.dirfd = (int)s->args[0];
			x->ev.at_flags = s->args[4];
		}
		s->valid = 0;	/* success: its sys_exit has nothing to add */
	}

	filename = BPF_CORE_READ(bprm, filename);
	interp = BPF_CORE_READ(bprm, interp);
	long n = bpf_probe_read_kernel_str(x->str[0], TRAIL_PATH_MAX + 1, filename);
	x->ev.filename_len = n > 0 ? n - 1 : 0;
	x->ev.interp_len = 0;
	if (interp != filename) {
		n = bpf_probe_read_kernel_str(x->str[3], TRAIL_PATH_MAX + 1, interp);
		x->ev.interp_len = n > 0 ? n - 1 : 0;
	}

	file = BPF_CORE_READ(bprm, file);
	/* no name in any directory: a memfd, or a file deleted before */
	if (BPF_CORE_READ(file, f_inode, __i_nlink) == 0)
		x->ev.hdr.flags |= TRAIL_F_FILELESS;
	if (BPF_CORE_READ_BITFIELD_PROBED(bprm, secureexec))
		x->ev.hdr.flags |= TRAIL_F_SECURE;
	rpos = walk_path((__u64)&file->f_path, WALK_EXEC_REAL, &x->ev.hdr.flags) & (TRAIL_PATH_MAX - 1);
	x->ev.real_len = TRAIL_PATH_MAX - rpos;
	cpos = walk_cwd(x);

	mm = BPF_CORE_READ(p, mm);
	x->ev.argc = BPF_CORE_READ(bprm, argc);
	x->ev.envc = BPF_CORE_READ(bprm, envc);
	x->ev.argv_len = read_block(x->argv, TRAIL_ARGS_MAX, BPF_CORE_READ(mm, arg_start),
				    BPF_CORE_READ(mm, arg_end), &x->ev.hdr.flags,
				    TRAIL_F_ARGV_TRUNC);
	x->ev.env_len = 0;
	if (cfg_no_env)
		x->ev.hdr.flags |= TRAIL_F_NO_ENV;
	else
		x->ev.env_len = read_block(x->env, TRAIL_ENV_MAX, BPF_CORE_READ(mm, env_start),
					   BPF_CORE_READ(mm, env_end), &x->ev.hdr.flags,
					   TRAIL_F_ENV_TRUNC);
	exec_submit(x, rpos, cpos);
	return 0;
}

/* A failed exec: the old image is still there, read argv through its
 * pointers (the kernel has just copied them, so they are resident). */
struct argv_ctx {
	__u64 argv;
	__u32 off;
	__u32 count;
	__u16 flags;
};

static long argv_one(__u64 i, struct argv_ctx *c)
{
	struct exec_scratch *x = exec_area();
	__u64 ptr = 0;
	long n;

	if (!x || bpf_probe_read_user(&ptr, sizeof(ptr), (void *)(c->argv + i * 8)) || !ptr)
		return 1;
	if (c->off >= TRAIL_ARGS_MAX) {
		c->flags |= TRAIL_F_ARGV_TRUNC;
		return 1;
	}
	n = bpf_probe_read_user_str(&x->argv[c->off & (TRAIL_ARGS_MAX - 1)],
				    TRAIL_PATH_MAX, (void *)ptr);
	if (n < 0) {
		c->flags |= TRAIL_F_FAULT;
		return 1;
	}
	if (n == 0)		/* "": 0 on older kernels, its NUL not counted */
		n = 1;
	if (c->off + n > TRAIL_ARGS_MAX) {
		c->flags |= TRAIL_F_ARGV_TRUNC;
		return 1;
	}
	c->off += n;
	c->count++;
	return 0;
}

LOOP_STEP(argv_one, struct argv_ctx);

static __noinline int sys_exit_exec(long ret, __u16 op)
{
	struct exec_scratch *x;
	struct argv_ctx c = {};
	struct stash *s = stash_take(op);
	__u32 cpos;
	int fn = op == TRAIL_SYS_execveat ? 1 : 0;

	/* Success was recorded at sched_process_exec. */
	if (!s || ret >= 0)
		return 0;
	x = exec_area();
	if (!x)
		return 0;
	fill_hdr(&x->ev.hdr, TRAIL_EV_EXEC);
	x->ev.ret = ret;
	x->ev.old_tid = x->ev.hdr.tid;
	x->ev.op = op;
	x->ev.dirfd = fn ? (int)s->args[0] : -100;
	x->ev.at_flags = fn ? s->args[4] : 0;
	x->ev.filename_len = read_user_path(x->str[0], s->args[fn & 1], &x->ev.hdr.flags);
	x->ev.real_len = 0;
	x->ev.interp_len = 0;
	cpos = walk_cwd(x);

	c.argv = s->args[(fn & 1) + 1];
	trail_loop(MAX_FAILED_ARGV, argv_one, &c);
	if (c.count == MAX_FAILED_ARGV)
		c.flags |= TRAIL_F_ARGV_TRUNC;
	x->ev.hdr.flags |= c.flags | TRAIL_F_NO_ENV;
	x->ev.argc = c.count;
	x->ev.argv_len = c.off;
	x->ev.envc = 0;
	x->ev.env_len = 0;
	exec_submit(x, 0, cpos);
	return 0;
}

/*
 * sched_process_exit fires for every task, in the task itself (its cgroup
 * still set).  The last one out of a thread group (signal->live already
 * dropped to 0) reports the process's end and takes it out of the traced
 * set, even when --comm hides the event.  TP_PROTO(struct task_struct *p, ...).
 */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *p)
{
	struct trail_ev_exit ev = {};
	__u32 tgid = p->tgid;

	task_state_free(stash, p);	/* every task's, traced or not */
	if (!in_target())
		return 0;
	fill_hdr(&ev.hdr, TRAIL_EV_EXIT);
	ev.hdr.size = sizeof(ev);
	ev.status = p->exit_code;
	if (BPF_CORE_READ(p, signal, live.counter) == 0) {
		ev.hdr.flags |= TRAIL_F_GROUP_DEAD;
		unfollow_exit(tgid);
	}
	if (!task_ok())
		return 0;
	emit_fixed(&ev, sizeof(ev), TRAIL_EV_EXIT);
	return 0;
}

#endif
