// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * trail's kernel side: one object, one skeleton.  Units by concern:
 *   maps.bpf.h     maps and read-only configuration
 *   task.bpf.h     the in-kernel filter and the record header
 *   emit.bpf.h     ring buffer output, loss counting and markers
 *   path.bpf.h     the kernel's path of a file or directory
 *   file.bpf.h     generic syscall enter/exit (syscalls.def)
 *   process.bpf.h  fork, exec, exit
 * Only tracepoints: syscalls:sys_{enter,exit}_* and sched:* (tp_btf).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "trail_abi.h"

#include "maps.bpf.h"
#include "task.bpf.h"
#include "emit.bpf.h"
#include "path.bpf.h"
#include "file.bpf.h"
#include "process.bpf.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* One enter/exit program pair per row of syscalls.def. */
#define exit_FILE(ret, op)  sys_exit_file(ret, op)
#define exit_EXEC(ret, op)  sys_exit_exec(ret, op)
#define exit_CLONE(ret, op) sys_exit_clone(ret, op)

#define TRAIL_SYSCALL(name, event, class, real, args)				\
SEC("tracepoint/syscalls/sys_enter_" #name)					\
int enter_##name(struct trace_event_raw_sys_enter *ctx)			\
{										\
	return sys_enter(ctx, TRAIL_SYS_##name, sizeof(args) - 1);				\
}										\
SEC("tracepoint/syscalls/sys_exit_" #name)					\
int exit_##name(struct trace_event_raw_sys_exit *ctx)				\
{										\
	return exit_##class(ctx->ret, TRAIL_SYS_##name);			\
}
#include "syscalls.def"
#undef TRAIL_SYSCALL
