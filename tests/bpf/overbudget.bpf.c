// SPDX-License-Identifier: GPL-2.0 OR MIT
/* A program whose call chain needs 3 x 192 = 576 bytes of stack: what
 * scripts/bpf-stack-check.py must refuse, naming the chain (t_kernels.sh). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

static __noinline int leaf(int x)
{
	volatile char buf[180];

	buf[x & 127] = x;
	return buf[(x + 1) & 127];
}

static __noinline int middle(int x)
{
	volatile char buf[180];

	buf[x & 127] = leaf(x);
	return buf[(x + 3) & 127];
}

SEC("raw_tp/sys_enter")
int over(void *ctx)
{
	volatile char buf[180];
	int x = bpf_get_prandom_u32();

	buf[x & 127] = middle(x);
	return buf[(x + 5) & 127];
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
