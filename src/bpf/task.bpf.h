/* SPDX-License-Identifier: MIT */
/* Who is running: the common record header (the filter: filter.bpf.h). */
#ifndef TRAIL_TASK_BPF_H
#define TRAIL_TASK_BPF_H

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
