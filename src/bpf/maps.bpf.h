/* SPDX-License-Identifier: MIT */
/* Maps and read-only configuration shared by every BPF unit of trail
 * (the filter's are in filter.bpf.h). */
#ifndef TRAIL_MAPS_BPF_H
#define TRAIL_MAPS_BPF_H

/* Set by userspace before load (open -> configure rodata -> load). */
const volatile bool cfg_no_env = false;
/* Wake the consumer only once this much is waiting: batching wake-ups
 * is most of the cost of a ring buffer consumer under load. */
const volatile __u64 cfg_wakeup_bytes = 256 * 1024;
/* the table's rows, then the --syscall ones.  Arrays with initializers:
 * without, clang places them in .rodata in the order of first use, which
 * differs between the two builds, and both must share one layout. */
const volatile struct trail_sys_desc cfg_sys[TRAIL_OP_MAX] = {};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024 * 1024); /* resized by userspace */
} events SEC(".maps");

/* Syscall arguments from sys_enter, until sys_exit reads the user memory
 * they point to (it is paged in by then).  Per-task state (compat.bpf.h):
 * task-local storage where the kernel has it, no hashing on the hot path. */
struct stash {
	__u64 args[TRAIL_SYS_ARGS];
	__u16 op;
	__u16 valid;
	__u16 _pad[2];
	/* what the last identity record of this task was made from: a new
	 * nsproxy, cred or css_set means a new one is due */
	__u64 id_nsproxy;
	__u64 id_cred;
	__u64 id_cgroups;
	__u64 enter_ns;	/* when the stashed syscall entered: its duration */
};

TASK_STATE_MAP(stash, struct stash);
TASK_STATE_ZERO(stash_zero, struct stash);

static __always_inline struct stash *stash_of(struct task_struct *task, bool create)
{
	return task_state(stash, task, create);
}

/* Per-CPU work area where a record is assembled before one copy into the
 * ring.  String slots are twice PATH_MAX so that a masked offset plus a
 * bounded length is provably inside (the path walk writes right to left). */
#define SLOT_SIZE (2 * TRAIL_PATH_MAX)
struct send_key {
	__u32 tgid;
	__u32 len;
	char addr[TRAIL_ADDR_MAX];
};

struct scratch {
	struct trail_ev_sys sys;
	__u64 args[TRAIL_SYS_ARGS];
	char str[3][SLOT_SIZE];
	struct trail_ev_ident ident;
	struct send_key send;
};

PERCPU_SLOT(scratch, struct scratch);

/* exec needs more room than a per-CPU value may have (32 KiB): one entry
 * per CPU, indexed by CPU id (tracepoint programs do not migrate). */
struct exec_scratch {
	struct trail_ev_exec ev;
	char str[4][SLOT_SIZE];        /* filename, real, cwd, interp */
	char argv[TRAIL_ARGS_MAX + TRAIL_PATH_MAX + 1];
	char env[TRAIL_ENV_MAX];
};

ARRAY_OF_ONE(BPF_MAP_TYPE_ARRAY, exec_scratch, struct exec_scratch);	/* set to the number of CPUs */

/* Drop counters: index reason * TRAIL_EV_KIND_MAX + kind. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TRAIL_DROPS_LEN);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

/* Records lost on this CPU and not yet marked in the stream. */
PERCPU_SLOT(unmarked, __u64);

/* record --follow-peers: a server the job connects to joins the tree */
const volatile bool cfg_follow_peers = false;

/* watch -Z, a policy's failed-only [LIST]: by op, the syscalls whose
 * successful calls are dropped before they take ring space (the working
 * directory and root stay: the replay makes paths absolute with them);
 * and whether granted capability checks are. */
const volatile __u8 cfg_failed_op[TRAIL_OP_MAX] = {};
const volatile bool cfg_failed_cap = false;

#endif
