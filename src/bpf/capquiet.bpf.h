/* SPDX-License-Identifier: MIT */
/* Capability checks that ask for nothing, for the recorder and trail stat. */
#ifndef TRAIL_CAPQUIET_BPF_H
#define TRAIL_CAPQUIET_BPF_H

/*
 * The kernel's overcommit heuristic asks capable(CAP_SYS_ADMIN) without
 * auditing it (CAP_OPT_NOAUDIT) at every exec and many mmaps: that is no
 * request for privilege, and would show every unprivileged process denied
 * CAP_SYS_ADMIN.  Its callers' text ranges, from /proc/kallsyms (0:
 * unknown, nothing left out).  A map, not read-only data: the recorder
 * reads kallsyms (some 50 ms) while the verifier works, and fills the map
 * after the load, before anything is attached.
 */
#define CAP_QUIET_FRAMES 6
#define CAP_SYS_ADMIN_ 21

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct trail_cap_quiet);
} cap_quiet_map SEC(".maps");

static __always_inline bool cap_quiet(void *ctx, int cap)
{
	struct trail_cap_quiet *r;
	__u64 ips[CAP_QUIET_FRAMES];
	__u32 zero = 0;
	long n;
	int i, j;

	if (cap != CAP_SYS_ADMIN_)
		return false;
	r = bpf_map_lookup_elem(&cap_quiet_map, &zero);
	if (!r || (!r->lo[0] && !r->lo[1]))
		return false;
	n = bpf_get_stack(ctx, ips, sizeof(ips), 0);
	for (i = 0; i < CAP_QUIET_FRAMES; i++) {
		if ((long)(i * sizeof(__u64)) >= n)
			break;
		for (j = 0; j < TRAIL_CAP_QUIET_FNS; j++)
			if (ips[i] >= r->lo[j] && ips[i] < r->hi[j])
				return true;
	}
	return false;
}

#endif
