/* SPDX-License-Identifier: MIT */
/* Capability checks, from the capability:cap_capable tracepoint. */
#ifndef TRAIL_CAP_BPF_H
#define TRAIL_CAP_BPF_H

#include "capquiet.bpf.h"

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

/* TP_PROTO(const struct cred *cred, struct user_namespace *target_ns,
 * const struct user_namespace *capable_ns, int cap, int ret) */
SEC("tp_btf/cap_capable")
int BPF_PROG(on_cap, const struct cred *cred, struct user_namespace *target_ns,
	     const struct user_namespace *capable_ns, int cap, int ret)
{
	struct cap_key key = {};
	struct trail_ev_cap ev = {};
	__u8 one = 1;

	if (!traced_now() || (cfg_failed_cap && ret == 0))
		return 0;
	key.tgid = bpf_get_current_pid_tgid() >> 32;
	key.cap = cap;
	key.ret = ret;
	key.ns = BPF_CORE_READ(target_ns, ns.inum);
	/* seen first: a check already recorded is not recorded again, quiet
	 * or not, and the quiet test (a stack walk, ~3 us) is the dear one.
	 * A quiet check is not marked seen: a real one may follow. */
	if (bpf_map_lookup_elem(&caps_seen, &key) || cap_quiet(ctx, cap))
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
