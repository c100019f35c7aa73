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
	TRAIL_EV_IDENT = 6,  /* struct trail_ev_ident: who a task is, when that changed */
	TRAIL_EV_CAP  = 7,   /* struct trail_ev_cap: a capability check (first of its kind) */
	TRAIL_EV_URING = 8,  /* struct trail_ev_uring: an io_uring submission */
	TRAIL_EV_PEER = 9,   /* struct trail_ev_peer: a server joins on the job's behalf */
	TRAIL_EV_PROC = 10,  /* struct trail_ev_proc: a process running at attach, from /proc */
	TRAIL_EV_STATS = 11, /* struct trail_ev_stats: the recorder's health (user space) */
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
#define TRAIL_F_NO_RET      0x0080 /* no result: a write recorded at sys_enter (first
				      write), an io_uring read/write/accept submission */
#define TRAIL_F_FILELESS    0x0100 /* exec: the binary has no name in any directory
				      (a memfd, or a file deleted before) */
#define TRAIL_F_SECURE      0x0200 /* exec: set-uid, set-gid or file capabilities
				      changed the credentials (AT_SECURE) */
#define TRAIL_F_LATE        0x0400 /* ident: sent again; its first attempt found the
				      ring buffer full and was counted lost */

/* Syscall numbers in the trace file: the row order of syscalls.def. */
enum trail_sys {
#define TRAIL_SYSCALL(name, event, class, real, args) TRAIL_SYS_##name,
#include "syscalls.def"
#undef TRAIL_SYSCALL
	TRAIL_SYS_MAX
};
/* op of a record not made by a syscall (a task the kernel forked). */
#define TRAIL_SYS_NONE 0xffff
/*
 * --syscall: syscalls not in the table, recorded by number with the
 * argument list of the kernel's tracepoint format.  The kernel side gives
 * them the ops after the table's (TRAIL_SYS_MAX ... TRAIL_OP_MAX - 1); the
 * record's op is TRAIL_SYS_GENERIC_BIT | the syscall number, stable in files.
 */
#define TRAIL_GENERIC_MAX 16
#define TRAIL_OP_MAX (TRAIL_SYS_MAX + TRAIL_GENERIC_MAX)
#define TRAIL_SYS_GENERIC_BIT 0x8000

enum trail_sys_class { TRAIL_CLASS_SYS, TRAIL_CLASS_EXEC, TRAIL_CLASS_CLONE, TRAIL_CLASS_WRITE };
enum trail_real {
	TRAIL_REAL_NONE, TRAIL_REAL_RETFD, TRAIL_REAL_CWD, TRAIL_REAL_ROOT, TRAIL_REAL_FDARG,
	TRAIL_REAL_ATFD,	/* the dirfd, when the path after it is empty or NULL */
	TRAIL_REAL_SOCK,	/* not a path: the local address of the fd argument's socket */
	TRAIL_REAL_PEER,	/* not a path: the peer address of the returned socket */
};

enum trail_slot {
	TRAIL_SLOT_NONE,
	TRAIL_SLOT_STR,		/* a NUL-terminated user string */
	TRAIL_SLOT_ADDR,	/* a struct sockaddr *, its length the next argument */
	TRAIL_SLOT_MSG,		/* a struct msghdr *: its msg_name */
};

/* Values the kernel side computes and stores after a syscall's arguments
 * (letters T and I in syscalls.def). */
enum trail_extra {
	TRAIL_EXTRA_NONE,
	TRAIL_EXTRA_NSFD,	/* setns: the fd's namespace type (CLONE_NEW*) and inode;
				   for a pidfd type 0 and the pid */
};

/*
 * Addresses are stored as the kernel's struct sockaddr_in, sockaddr_in6 or
 * sockaddr_un bytes (at most TRAIL_ADDR_MAX), in the string slots.
 */
#define TRAIL_ADDR_MAX 112

/* Namespaces in struct trail_ev_ident, in this order. */
enum trail_ns {
	TRAIL_NS_MNT, TRAIL_NS_PID, TRAIL_NS_NET, TRAIL_NS_USER,
	TRAIL_NS_UTS, TRAIL_NS_IPC, TRAIL_NS_CGROUP, TRAIL_NS_TIME,
	TRAIL_NS_MAX
};

/*
 * What the kernel side needs to know of each syscall; filled by userspace
 * from syscalls.def into read-only data before the programs are loaded.
 */
#define TRAIL_NO_ARG 0xff
struct trail_sys_desc {	/* 22 bytes */
	__u8 nargs;      /* arguments recorded (after open_how expansion) */
	__u8 str_mask;   /* bit i: argument i is a user string to read */
	__u8 real;       /* enum trail_real */
	__u8 how_arg;    /* index of a struct open_how *, or TRAIL_NO_ARG */
	__u8 fd_arg;     /* the descriptor of TRAIL_REAL_FDARG (f or w) or ATFD (d) */
	__u8 pair_arg;   /* index of an int[2] the kernel fills, or TRAIL_NO_ARG */
	__u8 new_file;   /* success makes a new open file (first-write state resets) */
	__u8 class;      /* enum trail_sys_class */
	__u8 extra;      /* enum trail_extra */
	__u8 once;       /* record once per process and address (sendto/sendmsg),
			    and only with an address */
	/* What goes in each string slot, planned by userspace so that the
	 * kernel side reads three slots straight, without walking the
	 * letters: the argument and how to read it (enum trail_slot). */
	__u8 slot_arg[3];
	__u8 slot_kind[3];
	__u16 rec_op;    /* the op written in the record: the row, or
			    TRAIL_SYS_GENERIC_BIT | nr for --syscall */
	__u8 _pad[4];
};
_Static_assert(sizeof(struct trail_sys_desc) == 22, "trail_sys_desc ABI");

/* Syscall numbers the kernel side maps to trail_sys (x86_64 has ~470). */
#define TRAIL_NR_MAX 512

/* cfg_target: which tasks the in-kernel filter lets through. */
enum trail_target {
	TRAIL_TARGET_TREE = 0,   /* the tgids in the traced map, and their children */
	TRAIL_TARGET_CGROUP = 1, /* tasks in a cgroup v2 or below it */
	TRAIL_TARGET_ALL = 2,    /* every task but the recorder */
};
/* Values in the traced map (TRAIL_TARGET_TREE): what a thread group is to
 * the recording.  A child takes its parent's. */
#define TRAIL_TRACED_JOB  1   /* the target: the command's tree, or -p's */
#define TRAIL_TRACED_PEER 2   /* a server the job talked to (--follow-peers) */

/* Names in the in-kernel comm filter (watch --comm). */
#define TRAIL_COMMS_MAX 16

/* The one entry of cap_quiet_map (bpf/capquiet.bpf.h): the text ranges
 * [lo, hi) of the overcommit check's callers, 0 when unknown. */
#define TRAIL_CAP_QUIET_FNS 2
struct trail_cap_quiet {
	__u64 lo[TRAIL_CAP_QUIET_FNS], hi[TRAIL_CAP_QUIET_FNS];
};

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
	__u16 op;        /* enum trail_sys, or TRAIL_SYS_GENERIC_BIT | nr */
	__u8 nargs;
	__u8 _pad;
	__u16 slen[3];
	/* how long the call took, sys_enter to sys_exit, in ns: dur_hi << 32 |
	 * dur_lo (48 bits); 0: not known (a first write, recorded at entry) */
	__u16 dur_hi;
	__u32 dur_lo;
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

/*
 * Who a task is: its ids in its own namespaces, its cgroup, its namespaces
 * and credentials.  Emitted before a task's first event and again before
 * the first event after any of them changed (exec, setuid, setns, unshare,
 * capset, a move to another cgroup...): events carry none of this, the
 * reader keeps it per task.
 */
struct trail_ev_ident {
	struct trail_ev_hdr hdr;
	__u64 cgroup_id;            /* cgroup v2 id (the inode of its directory) */
	__u32 ns[TRAIL_NS_MAX];     /* namespace inodes, as /proc/PID/ns/ shows them */
	__u32 vpid, vtid;           /* pid and tid in the task's own pid namespace */
	__u32 pidns_level;          /* 0: the initial pid namespace */
	__u32 userns_level;         /* 0: the initial user namespace */
	__u32 userns_owner;         /* uid and gid that created the user namespace */
	__u32 userns_group;
	__u32 uid, euid, suid, fsuid;
	__u32 gid, egid, sgid, fsgid;
	__u64 cap_inh, cap_prm, cap_eff, cap_bnd, cap_amb;
	__u32 securebits;
	__u8 no_new_privs;
	__u8 seccomp;               /* 0 off, 1 strict, 2 filter */
	__u16 _pad;
};
_Static_assert(sizeof(struct trail_ev_ident) == 192, "trail_ev_ident ABI");

/*
 * A capability check (capability:cap_capable), once per process,
 * capability, result and target user namespace: a hot loop of checks is
 * one record.
 */
struct trail_ev_cap {
	struct trail_ev_hdr hdr;
	__s32 cap;                  /* CAP_* number */
	__s32 ret;                  /* 0 granted, or -EPERM */
	__u32 target_ns;            /* user namespace inode the check is against */
	__u32 _pad;
};
_Static_assert(sizeof(struct trail_ev_cap) == 64, "trail_ev_cap ABI");

/*
 * record --follow-peers: the task of hdr connected to a unix socket whose
 * listener, a process outside the job, has joined the traced set from now
 * on (its children with it): what it does is done on hdr.pid's behalf.
 */
struct trail_ev_peer {
	struct trail_ev_hdr hdr;
	__u32 peer_pid;             /* the listener's thread group */
	__u32 _pad;
};
_Static_assert(sizeof(struct trail_ev_peer) == 56, "trail_ev_peer ABI");

/*
 * record -p: a process that was running when the recording attached, as
 * /proc described it then (written by the recorder, not the kernel; hdr's
 * pid, comm, uid and gid are the process's).  Followed by exe_len bytes of
 * its binary's path, cwd_len of its working directory, argv_len of argc
 * NUL-terminated strings (TRAIL_F_ARGV_TRUNC: cut).
 */
struct trail_ev_proc {
	struct trail_ev_hdr hdr;
	__u32 ppid;
	__u32 argc;
	__u16 exe_len;
	__u16 cwd_len;
	__u32 argv_len;
};
_Static_assert(sizeof(struct trail_ev_proc) == 64, "trail_ev_proc ABI");

/*
 * The recorder's own health, written by trail (not by the kernel) every
 * --stats-every seconds and on SIGUSR1.  Counts are since the recording
 * started, over all its files (--rotate); pid and tid are trail's.
 */
struct trail_ev_stats {
	struct trail_ev_hdr hdr;
	__u64 received;             /* records the kernel handed over */
	__u64 lost;                 /* events lost (a full ring buffer or map) */
	__u64 filtered;             /* records a user-space filter left out */
	__u64 ring_used;            /* bytes waiting in the ring buffer */
	__u64 ring_size;
	__u64 up_ns;                /* since the recording started */
	__u32 files;                /* files written, the current one included */
	__u32 deleted;              /* of them, deleted beyond --rotate's KEEP */
	__u32 rss_kib;              /* the recorder's resident memory */
	__u32 _pad;
};
_Static_assert(sizeof(struct trail_ev_stats) == 112, "trail_ev_stats ABI");

/*
 * An io_uring request that opens, connects, accepts, reads or writes:
 * these bypass the syscall tracepoints.  An open or a connect is recorded
 * at its completion, with its result (res; the name is copied at
 * submission, before the kernel frees it); the others at submission,
 * with TRAIL_F_NO_RET, reads and writes once per open file.  An open or
 * connect also gets TRAIL_F_NO_RET when too many were in flight to wait for
 * their results.  Followed by path_len bytes (the open's file name, or the
 * kernel's path of the fd's file) and addr_len bytes of a connect's address.
 */
struct trail_ev_uring {
	struct trail_ev_hdr hdr;
	__u64 user_data;
	__s32 fd;                   /* sqe fd (dirfd of an open), -1 for none */
	__u32 open_flags;           /* openat/openat2 */
	__u8 opcode;                /* IORING_OP_* */
	__u8 fixed;                 /* fd is an index into the registered files;
				       an open: its result goes there (not an fd) */
	__u16 path_len;
	__u16 addr_len;
	__u16 _pad;
	__s32 res;                  /* cqe.res: an fd, 0, or -errno (not with NO_RET) */
	__u32 _pad2;
};
_Static_assert(sizeof(struct trail_ev_uring) == 80, "trail_ev_uring ABI");

/* Why something was dropped in the kernel; index of the drops map is
 * reason * TRAIL_EV_KIND_MAX + kind. */
enum trail_drop {
	TRAIL_DROP_RINGBUF = 0,  /* ring buffer full: the record is lost */
	TRAIL_DROP_STASH   = 1,  /* enter/exit stash map full: the syscall is lost */
	TRAIL_DROP_STRING  = 2,  /* a string could not be read (record kept, flagged) */
	TRAIL_DROP_MAX
};
/* After the reason x kind counters: syscall records lost to a full ring
 * buffer, by op (the row of syscalls.def), the last one for every
 * --syscall op; each is also counted in reason RINGBUF, kind SYS. */
#define TRAIL_DROPS_OP0 (TRAIL_DROP_MAX * TRAIL_EV_KIND_MAX)
#define TRAIL_DROPS_NOPS (TRAIL_SYS_MAX + 1)
#define TRAIL_DROPS_LEN (TRAIL_DROPS_OP0 + TRAIL_DROPS_NOPS)

#endif /* TRAIL_ABI_H */
