/* SPDX-License-Identifier: MIT */
/*
 * The kernel <-> user ABI: every record the BPF programs put in the ring
 * buffer, byte for byte as it is then stored in the trace file.
 *
 * Rules: fixed-size integer types only, fields aligned by hand, no packed
 * structs, sizes pinned with _Static_assert.  Kinds and syscall numbers are
 * never reused.  Every record starts with struct trail_ev_hdr whose size
 * field covers the whole record (strings included, padding excluded).
 */
#ifndef TRAIL_ABI_H
#define TRAIL_ABI_H

#ifdef __bpf__
/* vmlinux.h provides __u8 ... __u64 */
#else
#include <linux/types.h>
#endif

#define TRAIL_COMM_LEN    16
#define TRAIL_PATH_MAX    4096      /* longest path kept whole, NUL excluded */
#define TRAIL_ARGS_MAX    (256 * 1024) /* argv bytes kept whole per exec */
#define TRAIL_ENV_MAX     (256 * 1024) /* environment bytes kept whole */
#define TRAIL_SYS_ARGS    6
/* Largest record the kernel can produce: exec with all strings full. */
#define TRAIL_REC_MAX     (1024 + 4 * TRAIL_PATH_MAX + TRAIL_ARGS_MAX + TRAIL_ENV_MAX)

enum trail_ev_kind {
	TRAIL_EV_FORK = 1,   /* struct trail_ev_fork */
	TRAIL_EV_EXEC = 2,   /* struct trail_ev_exec */
	TRAIL_EV_EXIT = 3,   /* struct trail_ev_exit */
	TRAIL_EV_SYS  = 4,   /* struct trail_ev_sys: generic file syscall */
	TRAIL_EV_LOST = 5,   /* struct trail_ev_lost: events went missing here */
	TRAIL_EV_KIND_MAX
};

/* hdr.flags */
#define TRAIL_F_TRUNC       0x0001 /* a string was cut at its limit */
#define TRAIL_F_FAULT       0x0002 /* a string could not be read (not paged in) */
#define TRAIL_F_ARGV_TRUNC  0x0004 /* exec: argv cut at TRAIL_ARGS_MAX */
#define TRAIL_F_ENV_TRUNC   0x0008 /* exec: environment cut at TRAIL_ENV_MAX */
#define TRAIL_F_NO_ENV      0x0010 /* exec: environment not recorded (--no-env) */
#define TRAIL_F_GROUP_DEAD  0x0020 /* exit: last thread, the process ended */
#define TRAIL_F_REAL_TRUNC  0x0040 /* kernel path walk hit its depth limit */
#define TRAIL_F_NO_RET      0x0080 /* recorded at sys_enter: no result (first write) */

/* Syscall numbers in the trace file: the row order of syscalls.def. */
enum trail_sys {
#define TRAIL_SYSCALL(name, tp, event, class, real, args) TRAIL_SYS_##name,
#include "syscalls.def"
#undef TRAIL_SYSCALL
	TRAIL_SYS_MAX
};
/* op of a record not made by a syscall (a task the kernel forked). */
#define TRAIL_SYS_NONE 0xffff

enum trail_sys_class { TRAIL_CLASS_FILE, TRAIL_CLASS_EXEC, TRAIL_CLASS_CLONE, TRAIL_CLASS_WRITE };
enum trail_real {
	TRAIL_REAL_NONE, TRAIL_REAL_RETFD, TRAIL_REAL_CWD, TRAIL_REAL_ROOT, TRAIL_REAL_FDARG,
	TRAIL_REAL_ATFD,	/* the dirfd, when the path after it is empty or NULL */
};

/*
 * What the kernel side needs to know of each syscall; filled by userspace
 * from syscalls.def into read-only data before the programs are loaded.
 */
#define TRAIL_NO_ARG 0xff
struct trail_sys_desc {
	__u8 nargs;      /* arguments recorded (after open_how expansion) */
	__u8 str_mask;   /* bit i: argument i is a user string to read */
	__u8 real;       /* enum trail_real */
	__u8 how_arg;    /* index of a struct open_how *, or TRAIL_NO_ARG */
	__u8 fd_arg;     /* the descriptor of TRAIL_REAL_FDARG (f or w) or ATFD (d) */
	__u8 pair_arg;   /* index of an int[2] the kernel fills, or TRAIL_NO_ARG */
	__u8 new_file;   /* success makes a new open file (first-write state resets) */
	__u8 class;      /* enum trail_sys_class */
};

/* Syscall numbers the kernel side maps to trail_sys (x86_64 has ~470). */
#define TRAIL_NR_MAX 512

/* cfg_target: which tasks the in-kernel filter lets through. */
enum trail_target {
	TRAIL_TARGET_TREE = 0,   /* the tgids in the traced map, and their children */
	TRAIL_TARGET_CGROUP = 1, /* tasks in a cgroup v2 or below it */
	TRAIL_TARGET_ALL = 2,    /* every task but the recorder */
};
/* Names in the in-kernel comm filter (watch --comm). */
#define TRAIL_COMMS_MAX 16

struct trail_ev_hdr {
	__u16 kind;      /* enum trail_ev_kind */
	__u16 flags;     /* TRAIL_F_* */
	__u32 size;      /* whole record, header and strings, in bytes */
	__u64 ts;        /* CLOCK_MONOTONIC ns */
	__u32 pid;       /* thread group id, host pid namespace */
	__u32 tid;
	__u32 uid;
	__u32 gid;
	char comm[TRAIL_COMM_LEN];
};
_Static_assert(sizeof(struct trail_ev_hdr) == 48, "trail_ev_hdr ABI");

/*
 * A file syscall at its exit, with its arguments and result.  Followed by
 * nargs __u64 arguments, then the strings (no NUL): slen[0] bytes of the
 * first path argument, slen[1] of the second, slen[2] of the path the kernel
 * resolved (see enum trail_real).
 */
struct trail_ev_sys {
	struct trail_ev_hdr hdr;
	__s64 ret;
	__u16 op;        /* enum trail_sys */
	__u8 nargs;
	__u8 _pad;
	__u16 slen[3];
	__u16 _pad2;
	__u32 _pad3;
	/* __u64 args[nargs]; char strings[]; */
};
_Static_assert(sizeof(struct trail_ev_sys) == 72, "trail_ev_sys ABI");

/*
 * A successful exec, from sched_process_exec in the new image, or a failed
 * one from sys_exit_execve{,at}.  Followed by filename_len bytes of the
 * name as given, real_len of the kernel's path of the binary, cwd_len of
 * the working directory, interp_len of the interpreter (#! scripts), then
 * argv_len bytes of argc NUL-terminated strings and env_len of envc.
 */
struct trail_ev_exec {
	struct trail_ev_hdr hdr;
	__s64 ret;
	__u32 old_tid;   /* the tid that called exec (a thread's exec takes the leader's) */
	__u16 op;        /* TRAIL_SYS_execve or TRAIL_SYS_execveat */
	__u16 _pad;
	__s32 dirfd;     /* execveat */
	__u32 at_flags;  /* execveat */
	__u32 argc;
	__u32 envc;
	__u32 argv_len;
	__u32 env_len;
	__u16 filename_len;
	__u16 real_len;
	__u16 cwd_len;
	__u16 interp_len;
};
_Static_assert(sizeof(struct trail_ev_exec) == 96, "trail_ev_exec ABI");

/*
 * A new task, from sched_process_fork in the parent (hdr is the parent),
 * or a clone that failed, from sys_exit (child_pid = 0, ret < 0).
 */
struct trail_ev_fork {
	struct trail_ev_hdr hdr;
	__s64 ret;
	__u64 clone_flags;  /* as passed; fork/vfork get their implied flags */
	__u32 child_pid;
	__u32 child_tid;
	__u16 op;           /* TRAIL_SYS_clone, clone3, fork or vfork */
	__u16 _pad[3];
};
_Static_assert(sizeof(struct trail_ev_fork) == 80, "trail_ev_fork ABI");

/* A task ended (sched_process_exit); TRAIL_F_GROUP_DEAD when the process did. */
struct trail_ev_exit {
	struct trail_ev_hdr hdr;
	__u32 status;       /* wait(2) status: exit code << 8, or the signal (| 0x80 core) */
	__u32 _pad;
};
_Static_assert(sizeof(struct trail_ev_exit) == 56, "trail_ev_exit ABI");

/*
 * Placed in the stream by the kernel side after records could not be put in
 * the ring buffer: count of records lost on this CPU since the previous
 * marker.  From here on a reader's model may be wrong.
 */
struct trail_ev_lost {
	struct trail_ev_hdr hdr;
	__u64 count;
};
_Static_assert(sizeof(struct trail_ev_lost) == 56, "trail_ev_lost ABI");

/* Why something was dropped in the kernel; index of the drops map is
 * reason * TRAIL_EV_KIND_MAX + kind. */
enum trail_drop {
	TRAIL_DROP_RINGBUF = 0,  /* ring buffer full: the record is lost */
	TRAIL_DROP_STASH   = 1,  /* enter/exit stash map full: the syscall is lost */
	TRAIL_DROP_STRING  = 2,  /* a string could not be read (record kept, flagged) */
	TRAIL_DROP_MAX
};
#define TRAIL_DROPS_LEN (TRAIL_DROP_MAX * TRAIL_EV_KIND_MAX)

#endif /* TRAIL_ABI_H */
