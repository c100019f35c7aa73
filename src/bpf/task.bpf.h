/* SPDX-License-Identifier: MIT */
/* Who is running: the in-kernel filter and the common record header. */
#ifndef TRAIL_TASK_BPF_H
#define TRAIL_TASK_BPF_H

/* Is the current task in the target, whatever its comm?  The fork and
 * exit handlers follow the tree with this alone. */
static __always_inline bool in_target(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (cfg_target == TRAIL_TARGET_ALL)
		return tgid != cfg_self_tgid;
	if (cfg_target == TRAIL_TARGET_CGROUP)
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

/* The filter runs first in every program: nothing outside the target
 * costs more than this. */
static __always_inline bool traced_now(void)
{
	return in_target() && comm_ok();
}

static __always_inline void fill_hdr(struct trail_ev_hdr *h, __u16 kind)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u64 ug = bpf_get_current_uid_gid();

	h->kind = kind;
	h->flags = 0;
	h->ts = bpf_ktime_get_ns();
	h->pid = id >> 32;
	h->tid = (__u32)id;
	h->uid = (__u32)ug;
	h->gid = ug >> 32;
	bpf_get_current_comm(h->comm, sizeof(h->comm));
}

#endif
