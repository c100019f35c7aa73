/* SPDX-License-Identifier: MIT */
/*
 * Who is seen and which syscall an event is: the in-kernel filter of both
 * BPF objects (trail.bpf.c records, stat.bpf.c counts).  Userspace sets
 * the cfg_ constants before load and fills the maps after it, the same way
 * for either object (src/record/bpfobj.c).
 */
#ifndef TRAIL_FILTER_BPF_H
#define TRAIL_FILTER_BPF_H

#include "arch.bpf.h"

/* Which tasks pass (enum trail_target), set before load. */
const volatile __u32 cfg_target = TRAIL_TARGET_TREE;
/* The recorder's own tgid: never traced (TRAIL_TARGET_CGROUP, _ALL). */
const volatile __u32 cfg_self_tgid = 0;
/* Only tasks whose comm is in comm_filter (watch --comm). */
const volatile bool cfg_comm_filter = false;
/* Only tasks whose real uid is in [cfg_uid_min, cfg_uid_max] (a policy's
 * uid, docs/policy.md): constants, no map, so the test is two loads. */
const volatile bool cfg_uid_filter = false;
const volatile __u32 cfg_uid_min = 0;
const volatile __u32 cfg_uid_max = 0;
/* syscall number -> op + 1 (0: not traced), filled by userspace */
const volatile __u16 cfg_nr_op[TRAIL_NR_MAX] = {};

/* Thread group ids in the traced tree (TRAIL_TARGET_TREE). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 131072);	/* 1 for the other targets (userspace) */
	__type(key, __u32);
	__type(value, __u32);
} traced SEC(".maps");

/* TRAIL_TARGET_CGROUP: slot 0 holds the cgroup v2 directory. */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} target_cgroup SEC(".maps");

/* Comms to record (key: the name zero-padded to TRAIL_COMM_LEN). */
struct comm_key {
	char c[TRAIL_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, TRAIL_COMMS_MAX);
	__type(key, struct comm_key);
	__type(value, __u8);
} comm_filter SEC(".maps");

/* Is the current task in the target, whatever its comm?  The fork and
 * exit handlers follow the tree with this alone.  This runs on every
 * syscall of the machine: cfg_target is a constant to the verifier, which
 * drops the branches not taken, leaving one test. */
static __always_inline bool in_target(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (cfg_target == TRAIL_TARGET_ALL)
		return tgid != cfg_self_tgid;
	if (cfg_target == TRAIL_TARGET_CGROUP)	/* the subtree too */
		return tgid != cfg_self_tgid &&
		       bpf_current_task_under_cgroup(&target_cgroup, 0) == 1;
	return bpf_map_lookup_elem(&traced, &tgid) != NULL;
}

/* watch --comm: a hash lookup of the current name, only when asked for. */
static __always_inline bool comm_ok(void)
{
	struct comm_key k = {};

	if (!cfg_comm_filter)
		return true;
	bpf_get_current_comm(k.c, sizeof(k.c));
	return bpf_map_lookup_elem(&comm_filter, &k) != NULL;
}

/* A policy's uid range, on the real uid as auditd's uid field (a set-uid
 * binary run by a user stays that user's); when asked for only. */
static __always_inline bool uid_ok(void)
{
	__u32 uid;

	if (!cfg_uid_filter)
		return true;
	uid = (__u32)bpf_get_current_uid_gid();
	return uid - cfg_uid_min <= cfg_uid_max - cfg_uid_min;
}

/* The filters on who the task is, past the target (the uid before the
 * comm: no map lookup). */
static __always_inline bool task_ok(void)
{
	return uid_ok() && comm_ok();
}

/* The filter runs first in every program: nothing outside the target
 * costs more than this. */
static __always_inline bool traced_now(void)
{
	return in_target() && task_ok();
}

/* A new process of a followed tree joins it, before its first instruction
 * (sched_process_fork); only a tree grows: the other targets are not held
 * in a map.  0, or non-zero when the set is full. */
static __always_inline long follow_child(__u32 parent_tgid, __u32 child_tgid)
{
	__u32 *what;

	if (cfg_target != TRAIL_TARGET_TREE)
		return 0;
	/* a child is what its parent is: the job's, or a followed peer's
	 * (TRAIL_TRACED_*) */
	what = bpf_map_lookup_elem(&traced, &parent_tgid);
	return what ? bpf_map_update_elem(&traced, &child_tgid, what, BPF_ANY) : -1;
}

/* The last thread of a group leaves the tree (sched_process_exit). */
static __always_inline void unfollow_exit(__u32 tgid)
{
	if (cfg_target == TRAIL_TARGET_TREE)
		bpf_map_delete_elem(&traced, &tgid);
}

/* The syscall a raw_syscalls event is about, as an op (a trail_sys, or a
 * --syscall slot after them), or TRAIL_OP_MAX for one not traced (and for
 * 32-bit compat tasks, whose numbers differ).  Unsigned all the way, so
 * that the one bound check the caller makes is on the register it then
 * indexes with. */
static __always_inline __u32 op_of(long nr)
{
	struct task_struct *task;
	__u32 v;

	if ((unsigned long)nr >= TRAIL_NR_MAX)
		return TRAIL_OP_MAX;
	v = cfg_nr_op[nr];
	if (!v || v > TRAIL_OP_MAX)
		return TRAIL_OP_MAX;
	task = current_task();
	if (TRAIL_TASK_COMPAT(task))
		return TRAIL_OP_MAX;
	return v - 1;
}

#endif
