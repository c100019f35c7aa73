// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * `trail stat`: counts in the kernel, nothing per event to userspace.
 * Per syscall (calls, failures), per comm, per file (the path argument of
 * the open and exec families), per capability check, per remote address
 * (connect, sendto, sendmsg), aggregated in bounded maps that userspace
 * reads at the end or every interval (see stat_abi.h for the generations).
 *
 * A separate object from trail.bpf.c: it shares the ABI headers (the
 * syscall table and its numbering) and the filter (filter.bpf.h), none of
 * the recorder's programs.
 * Only tracepoints: raw_syscalls:sys_{enter,exit}, sched:sched_process_
 * {fork,exec,exit} and capability:cap_capable (tp_btf).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "trail_abi.h"
#include "stat_abi.h"
#include "compat.bpf.h"
#include "filter.bpf.h"
#include "capquiet.bpf.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

#define AF_UNIX_   1
#define AF_INET_   2
#define AF_INET6_  10
#define EEXIST_    17

/* Set by userspace before load (and the filter's, filter.bpf.h). */
const volatile struct stat_op_cfg cfg_op[TRAIL_SYS_MAX];

/* The generation counted into; userspace flips it (mmap'd .bss). */
volatile __u32 stat_gen = 0;

/* The counts of both generations (stat_abi.h).  Per CPU where a busy
 * system's syscalls all land, from every CPU. */
MAP_DEF(ops, BPF_MAP_TYPE_PERCPU_ARRAY, STAT_GENS * TRAIL_SYS_MAX, __u32, struct stat_op_val);
MAP_DEF(counters, BPF_MAP_TYPE_PERCPU_ARRAY, STAT_GENS * STAT_C_MAX, __u32, __u64);
MAP_DEF(comms, BPF_MAP_TYPE_PERCPU_HASH, 4096, struct stat_comm_key, __u64);
MAP_DEF(files, BPF_MAP_TYPE_PERCPU_HASH, 16384, struct stat_file_key, struct stat_file_val);
MAP_DEF(caps, BPF_MAP_TYPE_HASH, 1024, struct stat_cap_key, __u64);
MAP_DEF(remotes, BPF_MAP_TYPE_HASH, 4096, struct stat_remote_key, struct stat_remote_val);

/* A syscall's argument of interest from sys_enter to sys_exit, where the
 * user memory it points to has been paged in.  Task-local storage: no
 * hashing on the hot path, and freed with the task. */
struct stash {
	__u64 ptr;
	__u64 len;
	__u16 op1;      /* op + 1 of the syscall entered; 0: none pending */
	__u16 _pad[3];
	__u64 enter_ns; /* when it entered: its time, at exit */
};

TASK_STATE_MAP(stash, struct stash);
TASK_STATE_ZERO(stash_zero, struct stash);

/* Keys too big for the 512-byte stack. */
struct scratch {
	struct stat_file_key file;
	struct stat_remote_key remote;
};

PERCPU_SLOT(scratch, struct scratch);

/* This CPU's key of that field of struct scratch, zeroed, of generation
 * gen; NULL if there is none. */
#define SCRATCH_KEY(field, gen)                                                \
	({                                                                     \
		__u32 _z = 0;                                                  \
		struct scratch *_sc = bpf_map_lookup_elem(&scratch, &_z);      \
		typeof(&_sc->field) _k = NULL;                                 \
                                                                               \
		if (_sc) {                                                     \
			_k = &_sc->field;                                      \
			__builtin_memset(_k, 0, sizeof(*_k));                  \
			_k->gen = (gen);                                       \
		}                                                              \
		_k;                                                            \
	})

static __always_inline __u32 gen_now(void)
{
	return stat_gen & 1;
}

static __always_inline void count(__u32 gen, __u32 c)
{
	__u32 k = gen * STAT_C_MAX + c;
	__u64 *v = bpf_map_lookup_elem(&counters, &k);

	if (v)
		(*v)++;
}

static __always_inline __u64 reg_arg(struct pt_regs *regs, __u32 i)
{
	switch (i) {
	case 0: return TRAIL_SYSCALL_ARG(regs, 0);
	case 1: return TRAIL_SYSCALL_ARG(regs, 1);
	case 2: return TRAIL_SYSCALL_ARG(regs, 2);
	case 3: return TRAIL_SYSCALL_ARG(regs, 3);
	case 4: return TRAIL_SYSCALL_ARG(regs, 4);
	case 5: return TRAIL_SYSCALL_ARG(regs, 5);
	default: return 0;
	}
}

/* key's value in a hash map, made from zero when new; NULL when the map is
 * full (counted as counter full). */
static __always_inline void *value_of(void *map, const void *key, const void *zero, __u32 gen,
				      __u32 full)
{
	void *v = bpf_map_lookup_elem(map, key);
	long err;

	if (v)
		return v;
	err = bpf_map_update_elem(map, key, zero, BPF_NOEXIST);
	if (err && err != -EEXIST_) {
		count(gen, full);
		return NULL;
	}
	return bpf_map_lookup_elem(map, key);
}

/* Files are keyed by the path as passed.  user: a user pointer (sys_exit),
 * else kernel memory (bprm->filename). */
static __always_inline void count_file(__u32 gen, const void *ptr, bool user, bool failed)
{
	struct stat_file_val zero = {}, *v;
	struct stat_file_key *k;
	long n, err;
	char c = 0;
	bool trunc = false;

	k = SCRATCH_KEY(file, gen);
	if (!k)
		return;
	n = user ? bpf_probe_read_user_str(k->path, sizeof(k->path), ptr)
		 : bpf_probe_read_kernel_str(k->path, sizeof(k->path), ptr);
	if (n < 0) {
		count(gen, STAT_C_UNREADABLE);
		return;
	}
	/* a full key: longer than the key only if the next byte is not NUL */
	if (n == STAT_PATH_LEN) {
		err = user ? bpf_probe_read_user(&c, 1, ptr + STAT_PATH_LEN - 1)
			   : bpf_probe_read_kernel(&c, 1, ptr + STAT_PATH_LEN - 1);
		trunc = !err && c;
	}
	v = value_of(&files, k, &zero, gen, STAT_C_FULL_FILES);
	if (!v)
		return;
	v->count++;
	if (failed)
		v->failed++;
	if (trunc)
		v->truncated++;
}

/* A destination address, normalized so that the same peer is one key
 * whatever padding the caller left in its sockaddr. */
static __always_inline void count_remote(__u32 gen, __u64 uaddr, __u64 len, bool failed)
{
	struct stat_remote_val zero = {}, *v;
	struct stat_remote_key *k;
	__u16 family = 0;
	__u64 n;
	long err;

	if (!uaddr || len < 2 || len > 4096)
		return;
	k = SCRATCH_KEY(remote, gen);
	if (!k)
		return;
	if (bpf_probe_read_user(&family, sizeof(family), (void *)uaddr)) {
		count(gen, STAT_C_UNREADABLE);
		return;
	}
	err = 0;
	switch (family) {
	case AF_INET_:
		if (len < 8)
			return;
		err = bpf_probe_read_user(k->addr, 8, (void *)uaddr);
		k->len = 8;
		break;
	case AF_INET6_:
		if (len < 24)
			return;
		/* family and port, then the address; flowinfo left 0 */
		err = bpf_probe_read_user(k->addr, 4, (void *)uaddr);
		if (!err)
			err = bpf_probe_read_user(k->addr + 8, 16, (void *)uaddr + 8);
		k->len = 24;
		break;
	case AF_UNIX_:
		n = len - 2;
		if (n > STAT_ADDR_LEN - 2)
			n = STAT_ADDR_LEN - 2;
		k->addr[0] = AF_UNIX_;
		k->len = 2;
		if (!n)
			break;
		err = bpf_probe_read_user(&k->addr[2], 1, (void *)uaddr + 2);
		if (err)
			break;
		if (k->addr[2]) {
			/* a path: up to its NUL, whatever follows in the buffer */
			__u64 size = n + 1;
			long m;

			/* bounded in the register the call is made with */
			barrier_var(size);
			if (size > STAT_ADDR_LEN - 2)
				size = STAT_ADDR_LEN - 2;
			barrier_var(size);
			m = bpf_probe_read_user_str(&k->addr[2], size, (void *)uaddr + 2);

			if (m < 0)
				err = m;
			else
				k->len = 2 + (m > 0 ? m - 1 : 0);
		} else {
			/* abstract: every byte of the given length counts */
			barrier_var(n);
			if (n > STAT_ADDR_LEN - 2)
				n = STAT_ADDR_LEN - 2;
			barrier_var(n);
			err = bpf_probe_read_user(&k->addr[2], n, (void *)uaddr + 2);
			k->len = 2 + n;
		}
		break;
	default:
		__builtin_memcpy(k->addr, &family, sizeof(family));
		k->len = 2;
		break;
	}
	if (err) {
		count(gen, STAT_C_UNREADABLE);
		return;
	}
	v = value_of(&remotes, k, &zero, gen, STAT_C_FULL_REMOTES);
	if (!v)
		return;
	__sync_fetch_and_add(&v->count, 1);
	if (failed)
		__sync_fetch_and_add(&v->failed, 1);
}

static __always_inline void count_comm(__u32 gen)
{
	struct stat_comm_key k = {};
	__u64 zero = 0, *v;

	k.gen = gen;
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	v = value_of(&comms, &k, &zero, gen, STAT_C_FULL_COMMS);
	if (v)
		(*v)++;
}

/*
 * Both raw_syscalls tracepoints, one program each, dispatched by number
 * through cfg_nr_op: per-syscall trace events would need one perf event
 * each, slow to release.  Calls are counted at entry (a clone returns
 * twice, in the parent and in the child), failures at exit.
 * TP_PROTO(struct pt_regs *regs, long id).
 */
SEC("tp_btf/sys_enter")
int BPF_PROG(stat_sys_enter, struct pt_regs *regs, long id)
{
	struct stat_op_val *v;
	struct stash *s;
	__u32 op = op_of(id), gen, k;

	if (op >= TRAIL_SYS_MAX || !traced_now())
		return 0;
	gen = gen_now();
	k = gen * TRAIL_SYS_MAX + op;
	v = bpf_map_lookup_elem(&ops, &k);
	if (v)
		v->calls++;
	count_comm(gen);
	s = task_state(stash, current_task(), true);
	if (!s) {
		count(gen, STAT_C_FULL_STASH);
		return 0;
	}
	s->op1 = op + 1;
	s->ptr = 0;
	s->len = 0;
	s->enter_ns = bpf_ktime_get_ns();
	switch (cfg_op[op].how) {
	case STAT_HOW_PATH:
	case STAT_HOW_EXEC:
	case STAT_HOW_MSG:
		s->ptr = reg_arg(regs, cfg_op[op].arg);
		break;
	case STAT_HOW_ADDR:
		s->ptr = reg_arg(regs, cfg_op[op].arg);
		s->len = reg_arg(regs, cfg_op[op].arg + 1);
		break;
	}
	return 0;
}

/* TP_PROTO(struct pt_regs *regs, long ret) */
SEC("tp_btf/sys_exit")
int BPF_PROG(stat_sys_exit, struct pt_regs *regs, long ret)
{
	struct stat_op_val *v;
	struct stash *s;
	__u32 op = op_of(TRAIL_SYSCALL_NR(regs)), gen, k;
	bool failed = ret < 0;
	__u64 ptr, len;
	__u8 how;

	if (op >= TRAIL_SYS_MAX)
		return 0;
	/* Only an exit whose entry was counted (so of a followed task, no
	 * second filter): not a new child's first return from clone, not a
	 * syscall that began before we attached. */
	s = task_state(stash, current_task(), false);
	if (!s || s->op1 != op + 1)
		return 0;
	s->op1 = 0;
	ptr = s->ptr;
	len = s->len;
	gen = gen_now();
	k = gen * TRAIL_SYS_MAX + op;
	v = bpf_map_lookup_elem(&ops, &k);
	if (v) {
		v->failed += failed;
		v->ns += bpf_ktime_get_ns() - s->enter_ns;
	}
	how = cfg_op[op].how;
	if (how == STAT_HOW_PATH || (how == STAT_HOW_EXEC && failed)) {
		count_file(gen, (const void *)ptr, true, failed);
	} else if (how == STAT_HOW_ADDR) {
		count_remote(gen, ptr, len, failed);
	} else if (how == STAT_HOW_MSG && ptr) {
		struct user_msghdr m = {};

		if (bpf_probe_read_user(&m, sizeof(m), (void *)ptr))
			count(gen, STAT_C_UNREADABLE);
		else if (m.msg_name)
			count_remote(gen, (__u64)m.msg_name, (__u32)m.msg_namelen, failed);
	}
	return 0;
}

/* sched_process_fork fires in the parent before the child first runs:
 * the child is followed from its first instruction.  TP_PROTO(struct
 * task_struct *parent, struct task_struct *child). */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(stat_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 tgid = child->tgid, gen;

	if (!in_target())
		return 0;
	gen = gen_now();
	count(gen, STAT_C_TASK_NEW);
	if (tgid == parent->tgid)
		return 0;
	count(gen, STAT_C_PROC_NEW);
	if (follow_child(parent->tgid, tgid))
		count(gen, STAT_C_FULL_TRACED);
	return 0;
}

/* A successful exec, in the new image: the caller's pointers are gone,
 * bprm->filename is the name as given, in kernel memory.  TP_PROTO(struct
 * task_struct *p, pid_t old_pid, struct linux_binprm *bprm). */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(stat_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	__u32 gen;

	if (!traced_now())
		return 0;
	gen = gen_now();
	count(gen, STAT_C_EXEC_OK);
	count_file(gen, BPF_CORE_READ(bprm, filename), false, false);
	return 0;
}

/* Every task's end; the last of a thread group (signal->live is 0 by
 * then) leaves the followed set.  It fires in the exiting task, so the
 * filter's test of the current task is about p.  TP_PROTO(struct task_struct *p,
 * ...). */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(stat_exit, struct task_struct *p)
{
	__u32 tgid = p->tgid, gen;

	task_state_free(stash, p);	/* every task's, counted or not */
	if (!in_target())
		return 0;
	gen = gen_now();
	count(gen, STAT_C_TASK_EXIT);
	if (BPF_CORE_READ(p, signal, live.counter) == 0) {
		count(gen, STAT_C_PROC_EXIT);
		unfollow_exit(tgid);
	}
	return 0;
}

/* TP_PROTO(const struct cred *cred, struct user_namespace *target_ns,
 * const struct user_namespace *capable_ns, int cap, int ret); switched
 * off by userspace on kernels without this tracepoint (before 6.14). */
SEC("tp_btf/cap_capable")
int BPF_PROG(stat_cap, const struct cred *cred, struct user_namespace *target_ns,
	     const struct user_namespace *capable_ns, int cap, int ret)
{
	struct stat_cap_key k = {};
	__u64 zero = 0, *v;

	if (!traced_now() || cap_quiet(ctx, cap))
		return 0;
	k.gen = gen_now();
	k.cap = cap;
	k.denied = ret != 0;
	v = value_of(&caps, &k, &zero, k.gen, STAT_C_FULL_CAPS);
	if (v)
		__sync_fetch_and_add(v, 1);
	return 0;
}
