/* SPDX-License-Identifier: MIT */
/*
 * What the BPF side knows about the CPU, in one place: where a syscall's
 * arguments and number are in the struct pt_regs that raw_syscalls:
 * sys_enter and sys_exit pass (the user registers at the syscall), and how
 * a 32-bit compat task is told (its syscall numbers are another table's).
 * Chosen by -D__TARGET_ARCH_$(ARCH), as libbpf's bpf_tracing.h chooses its
 * PT_REGS_PARMn_SYSCALL (which in libbpf 1.1 stop at the fifth argument
 * and have no syscall number).  Another architecture is its vmlinux.h
 * (src/bpf/vmlinux/<arch>/) and a block here.
 */
#ifndef TRAIL_ARCH_BPF_H
#define TRAIL_ARCH_BPF_H

/* TRAIL_SYSCALL_ARG(regs, n): argument n (a literal, 0 to 5) */
#define TRAIL_SYSCALL_ARG(regs, n) TRAIL_SYSCALL_ARG##n##_(regs)

#if defined(__TARGET_ARCH_x86)
/* x86_64: rdi rsi rdx r10 r8 r9; the number in orig_ax (ax is the result) */
#define TRAIL_SYSCALL_ARG0_(r) ((r)->di)
#define TRAIL_SYSCALL_ARG1_(r) ((r)->si)
#define TRAIL_SYSCALL_ARG2_(r) ((r)->dx)
#define TRAIL_SYSCALL_ARG3_(r) ((r)->r10)
#define TRAIL_SYSCALL_ARG4_(r) ((r)->r8)
#define TRAIL_SYSCALL_ARG5_(r) ((r)->r9)
#define TRAIL_SYSCALL_NR(r)    ((r)->orig_ax)
/* an ia32 syscall (int 0x80, or a 32-bit process): TS_COMPAT */
#define TS_COMPAT_ 0x0002
#define TRAIL_TASK_COMPAT(t)   (TASK_READ(t, thread_info.status) & TS_COMPAT_)
#elif defined(__TARGET_ARCH_arm64)
/* arm64: x0-x5, x0 kept in orig_x0 (x0 becomes the result, as libbpf's
 * PT_REGS_PARM1_SYSCALL reads it); the number in syscallno */
#define TRAIL_SYSCALL_ARG0_(r) ((r)->orig_x0)
#define TRAIL_SYSCALL_ARG1_(r) ((r)->regs[1])
#define TRAIL_SYSCALL_ARG2_(r) ((r)->regs[2])
#define TRAIL_SYSCALL_ARG3_(r) ((r)->regs[3])
#define TRAIL_SYSCALL_ARG4_(r) ((r)->regs[4])
#define TRAIL_SYSCALL_ARG5_(r) ((r)->regs[5])
#define TRAIL_SYSCALL_NR(r)    ((r)->syscallno)
/* an AArch32 task: TIF_32BIT (arch/arm64/include/asm/thread_info.h) */
#define TIF_32BIT_ 22
#define TRAIL_TASK_COMPAT(t)   (TASK_READ(t, thread_info.flags) & (1UL << TIF_32BIT_))
#else
#error "src/bpf/arch.bpf.h: no syscall registers for this __TARGET_ARCH (make ARCH=x86 or arm64)"
#endif

#endif
