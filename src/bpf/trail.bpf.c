// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * trail's kernel side: one object, one skeleton.  Units by concern:
 *   arch.bpf.h     a syscall's registers, per architecture
 *   filter.bpf.h   the in-kernel filter and syscall dispatch (with stat.bpf.c)
 *   maps.bpf.h     maps and read-only configuration
 *   task.bpf.h     the record header
 *   emit.bpf.h     ring buffer output, loss counting and markers
 *   path.bpf.h     the kernel's path of a file or directory
 *   ident.bpf.h    who a task is: namespaces, cgroup, credentials
 *   net.bpf.h      socket addresses, setns's descriptor, sends seen
 *   file.bpf.h     generic syscall enter/exit (syscalls.def)
 *   process.bpf.h  fork, exec, exit
 *   cap.bpf.h      capability checks (capability:cap_capable)
 *   uring.bpf.h    io_uring submissions (io_uring:io_uring_submit_req)
 * Only tracepoints: raw_syscalls:sys_{enter,exit}, sched:*, capability:
 * cap_capable and io_uring:io_uring_submit_req (tp_btf).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "trail_abi.h"
#include "compat.bpf.h"
#include "arch.bpf.h"

#include "filter.bpf.h"
#include "maps.bpf.h"
#include "task.bpf.h"
#include "emit.bpf.h"
#include "path.bpf.h"
#include "ident.bpf.h"
#include "net.bpf.h"
#include "file.bpf.h"
#include "process.bpf.h"
#include "cap.bpf.h"
#include "uring.bpf.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/*
 * All syscalls come through the two raw_syscalls tracepoints, dispatched by
 * number through cfg_nr_op: per-syscall trace events would need one perf
 * event each, and releasing each waits for an RCU grace period under a
 * global mutex (150 of them took 10 s to detach on this kernel).  A syscall
 * trail does not trace costs one array load.  TP_PROTO(struct pt_regs
 * *regs, long id).
 */
SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id)
{
	__u32 op = op_of(id);
	struct stash *s;

	if (op >= TRAIL_OP_MAX || !traced_now())
		return 0;
	/* a write may be recorded here; an exec may change who the task is
	 * (set-uid), so who it was comes first */
	if (cfg_sys[op].class == TRAIL_CLASS_WRITE || cfg_sys[op].class == TRAIL_CLASS_EXEC)
		ident_check(true);
	/* the arguments go straight into the task's stash: for sys_exit, or
	 * (a write) for the record made now */
	s = stash_of(current_task(), true);
	if (!s) {
		count_drop(TRAIL_DROP_STASH, TRAIL_EV_SYS);
		return 0;
	}
	regs_args(s, regs);
	if (cfg_sys[op].class == TRAIL_CLASS_WRITE)
		return sys_enter_write(s, op);
	return sys_enter(s, op);
}

/* TP_PROTO(struct pt_regs *regs, long ret) */
SEC("tp_btf/sys_exit")
int BPF_PROG(on_sys_exit, struct pt_regs *regs, long ret)
{
	__u32 op = op_of(TRAIL_SYSCALL_NR(regs));

	if (op >= TRAIL_OP_MAX)
		return 0;
	ident_check(false);
	switch (cfg_sys[op].class) {
	case TRAIL_CLASS_SYS:
		return sys_exit_file(ret, op);
	case TRAIL_CLASS_EXEC:
		return sys_exit_exec(ret, op);
	case TRAIL_CLASS_CLONE:
		return sys_exit_clone(ret, op);
	default:
		return 0;
	}
}
