/* SPDX-License-Identifier: MIT */
/* Capability checks, from the capability:cap_capable tracepoint. */
#ifndef TRAIL_CAP_BPF_H
#define TRAIL_CAP_BPF_H

struct cap_key {
	__u32 tgid;
	__s32 cap;
	__s32 ret;
	__u32 ns;
};

/* Checks already recorded: a process that checks CAP_SYS_ADMIN in a loop
 * makes one record per capability, result and namespace, not one each. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct cap_key);
	__type(value, __u8);
} caps_seen SEC(".maps");

/*
 * The kernel's overcommit heuristic asks capable(CAP_SYS_ADMIN) without
 * auditing it (CAP_OPT_NOAUDIT) at every exec and many mmaps: that is no
 * request for privilege, and would show every unprivileged process denied
 * CAP_SYS_ADMIN.  Its callers' text ranges, from /proc/kallsyms (0:
 * unknown, nothing left out).
 */
#define CAP_QUIET_FNS 2
#define CAP_QUIET_FRAMES 6
#define CAP_SYS_ADMIN_ 21
const volatile __u64 cfg_quiet_lo[CAP_QUIET_FNS], cfg_quiet_hi[CAP_QUIET_FNS];

static __always_inline bool cap_quiet(void *ctx)
{
	__u64 ips[CAP_QUIET_FRAMES];
	long n;
	int i, j;

	if (!cfg_quiet_lo[0] && !cfg_quiet_lo[1])
		return false;
	n = bpf_get_stack(ctx, ips, sizeof(ips), 0);
	for (i = 0; i < CAP_QUIET_FRAMES; i++) {
		if ((long)(i * sizeof(__u64)) >= n)
			break;
		for (j = 0; j < CAP_QUIET_FNS; j++)
			if (ips[i] >= cfg_quiet_lo[j] && ips[i] < cfg_quiet_hi[j])
				return true;
	}
	return false;
}

/* TP_PROTO(const struct cred *cred, struct user_namespace *target_ns,
 * const struct user_namespace *capable_ns, int cap, int ret) */
SEC("tp_btf/cap_capable")
int BPF_PROG(on_cap, const struct cred *cred, struct user_namespace *target_ns,
	     const struct user_namespace *capable_ns, int cap, int ret)
{
	struct cap_key key = {};
	struct trail_ev_cap ev = {};
	__u8 one = 1;

	if (!traced_now())
		return 0;
	if (cap == CAP_SYS_ADMIN_ && cap_quiet(ctx))
		return 0;
	key.tgid = bpf_get_current_pid_tgid() >> 32;
	key.cap = cap;
	key.ret = ret;
	key.ns = BPF_CORE_READ(target_ns, ns.inum);
	if (bpf_map_lookup_elem(&caps_seen, &key))
		return 0;
	bpf_map_update_elem(&caps_seen, &key, &one, BPF_ANY);
	ident_check(true);
	fill_hdr(&ev.hdr, TRAIL_EV_CAP);
	ev.hdr.size = sizeof(ev);
	ev.cap = cap;
	ev.ret = ret;
	ev.target_ns = key.ns;
	emit_fixed(&ev, sizeof(ev), TRAIL_EV_CAP);
	return 0;
}

#endif
