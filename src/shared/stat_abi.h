/* SPDX-License-Identifier: MIT */
/*
 * The kernel <-> user ABI of `trail stat` (src/bpf/stat.bpf.c): the keys
 * and values of its summary maps.  Nothing here goes to a file; the two
 * sides are always built together.
 *
 * Every key starts with a generation (0 or 1): the programs count into the
 * generation userspace set last, so that with -i userspace can flip it,
 * wait until no program still runs with the old one, then read and clear
 * the old generation while counting goes on in the new one: nothing is
 * counted twice or lost between intervals.
 */
#ifndef TRAIL_STAT_ABI_H
#define TRAIL_STAT_ABI_H

#ifndef __bpf__
#include <linux/types.h>
#endif

#define STAT_GENS       2
#define STAT_PATH_LEN   256     /* file key: path bytes, NUL-padded */
#define STAT_ADDR_LEN   112     /* remote key: sockaddr bytes (sockaddr_un fits) */
#define STAT_COMM_LEN   16

/* What the exit program reads for a syscall (per op, in rodata). */
enum stat_how {
	STAT_HOW_NONE,
	STAT_HOW_PATH,          /* a path argument: the file table */
	STAT_HOW_EXEC,          /* a path, but success is counted at sched_process_exec */
	STAT_HOW_ADDR,          /* a struct sockaddr * and its length after it */
	STAT_HOW_MSG,           /* a struct msghdr *: its msg_name */
};

struct stat_op_cfg {
	__u8 how;               /* enum stat_how */
	__u8 arg;               /* argument index of the path, address or msghdr */
};

/* Counters of a generation: index gen * STAT_C_MAX + counter. */
enum stat_counter {
	STAT_C_TASK_NEW,        /* sched_process_fork: threads and processes */
	STAT_C_PROC_NEW,        /* ... of which new processes */
	STAT_C_TASK_EXIT,       /* sched_process_exit: every task */
	STAT_C_PROC_EXIT,       /* ... the last of its thread group */
	STAT_C_EXEC_OK,         /* sched_process_exec */
	STAT_C_UNREADABLE,      /* a path or address that could not be read */
	/* updates that failed because a map was full: not counted */
	STAT_C_FULL_TRACED,     /* a new process could not be followed */
	STAT_C_FULL_COMMS,
	STAT_C_FULL_FILES,
	STAT_C_FULL_CAPS,
	STAT_C_FULL_REMOTES,
	STAT_C_FULL_STASH,      /* no task storage: the syscall's exit not counted */
	STAT_C_MAX
};

/* Per syscall (index gen * TRAIL_SYS_MAX + op; per CPU). */
struct stat_op_val {
	__u64 calls;            /* at sys_enter */
	__u64 failed;           /* at sys_exit, ret < 0 */
	__u64 ns;               /* time from sys_enter to sys_exit, summed */
};

struct stat_comm_key {
	__u32 gen;
	char comm[STAT_COMM_LEN];
};

struct stat_file_key {
	__u32 gen;
	char path[STAT_PATH_LEN];       /* as passed; zero-padded */
};

/* Per CPU. */
struct stat_file_val {
	__u64 count;
	__u64 failed;
	__u64 truncated;        /* times the path was longer than the key */
};

struct stat_cap_key {
	__u32 gen;
	__s32 cap;
	__u32 denied;           /* 0 granted, 1 denied */
};

struct stat_remote_key {
	__u32 gen;
	__u16 len;              /* bytes of addr used */
	__u16 _pad;
	/* normalized sockaddr: AF_INET family+port+addr (8 bytes), AF_INET6
	 * family+port+0+addr (24), AF_UNIX the path up to its NUL, or the
	 * abstract name's bytes; other families: the family only */
	__u8 addr[STAT_ADDR_LEN];
};

struct stat_remote_val {
	__u64 count;
	__u64 failed;
};

#endif
