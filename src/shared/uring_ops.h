/* SPDX-License-Identifier: MIT */
/*
 * The io_uring opcodes trail records (struct trail_ev_uring's opcode), by
 * their numbers in the kernel's uapi enum io_uring_op, which never change:
 * the BPF side checks them against vmlinux.h's enum (uring.bpf.h), and the
 * replay reads the same names.  TRAIL_ prefixed so as not to collide with
 * that enum or with <linux/io_uring.h>.
 */
#ifndef TRAIL_URING_OPS_H
#define TRAIL_URING_OPS_H

#define TRAIL_IORING_OP_READV        1
#define TRAIL_IORING_OP_WRITEV       2
#define TRAIL_IORING_OP_READ_FIXED   4
#define TRAIL_IORING_OP_WRITE_FIXED  5
#define TRAIL_IORING_OP_SENDMSG      9
#define TRAIL_IORING_OP_RECVMSG      10
#define TRAIL_IORING_OP_ACCEPT       13
#define TRAIL_IORING_OP_CONNECT      16
#define TRAIL_IORING_OP_OPENAT       18
#define TRAIL_IORING_OP_READ         22
#define TRAIL_IORING_OP_WRITE        23
#define TRAIL_IORING_OP_SEND         26
#define TRAIL_IORING_OP_RECV         27
#define TRAIL_IORING_OP_OPENAT2      28

/* An open: its record has the name opened and the open's flags. */
#define TRAIL_URING_OPENS(op) \
	((op) == TRAIL_IORING_OP_OPENAT || (op) == TRAIL_IORING_OP_OPENAT2)

/* A request that writes to its fd's file (or socket): the file is an
 * output, not an input. */
#define TRAIL_URING_WRITES(op) \
	((op) == TRAIL_IORING_OP_WRITEV || (op) == TRAIL_IORING_OP_WRITE_FIXED || \
	 (op) == TRAIL_IORING_OP_WRITE || (op) == TRAIL_IORING_OP_SEND ||         \
	 (op) == TRAIL_IORING_OP_SENDMSG)

#endif
