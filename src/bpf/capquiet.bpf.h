/* SPDX-License-Identifier: MIT */
/* Capability checks that ask for nothing, for the recorder and trail stat. */
#ifndef TRAIL_CAPQUIET_BPF_H
#define TRAIL_CAPQUIET_BPF_H

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
const volatile __u64 cfg_quiet_lo[CAP_QUIET_FNS], cfg_quiet_hi[CAP_QUIET_FNS];  /* ksyms_overcommit() */

static __always_inline bool cap_quiet(void *ctx, int cap)
{
	__u64 ips[CAP_QUIET_FRAMES];
	long n;
	int i, j;

	if (cap != CAP_SYS_ADMIN_ || (!cfg_quiet_lo[0] && !cfg_quiet_lo[1]))
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

#endif
