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

/* Programs per row of syscalls.def: an enter/exit pair, or for writes an
 * enter program alone. */
#define ENTER(name, tp, nargs, fn)						\
SEC("tracepoint/syscalls/sys_enter_" #tp)					\
int enter_##name(struct trace_event_raw_sys_enter *ctx)			\
{										\
	return fn(ctx, TRAIL_SYS_##name, nargs);				\
}
#define EXIT(name, tp, fn)							\
SEC("tracepoint/syscalls/sys_exit_" #tp)					\
int exit_##name(struct trace_event_raw_sys_exit *ctx)				\
{										\
	return fn(ctx->ret, TRAIL_SYS_##name);					\
}
#define PROGS_FILE(name, tp, n)  ENTER(name, tp, n, sys_enter) EXIT(name, tp, sys_exit_file)
#define PROGS_EXEC(name, tp, n)  ENTER(name, tp, n, sys_enter) EXIT(name, tp, sys_exit_exec)
#define PROGS_CLONE(name, tp, n) ENTER(name, tp, n, sys_enter) EXIT(name, tp, sys_exit_clone)
#define PROGS_WRITE(name, tp, n) ENTER(name, tp, n, sys_enter_write)

#define TRAIL_SYSCALL(name, tp, event, class, real, args) \
	PROGS_##class(name, tp, sizeof(args) - 1)
#include "syscalls.def"
#undef TRAIL_SYSCALL
