/* SPDX-License-Identifier: MIT */
/*
 * io_uring submissions: an open, connect or read done through a ring is
 * not a syscall, so the syscall tracepoints (strace's and most tracers'
 * view) never see it.  io_uring_submit_req fires after the request was
 * prepared: an open's file name is already copied into the kernel.  An
 * open or connect waits in uring_pending for io_uring_complete, so that
 * its record has its result (the kernel frees the name after the open).
 */
#ifndef TRAIL_URING_BPF_H
#define TRAIL_URING_BPF_H

#include "uring_ops.h"

#define REQ_F_FIXED_FILE_ 1ULL

/* the numbers userspace reads are the kernel's */
#define URING_OP_SAME_(name) \
	_Static_assert(TRAIL_IORING_OP_##name == IORING_OP_##name, "IORING_OP_" #name)
URING_OP_SAME_(READV);
URING_OP_SAME_(WRITEV);
URING_OP_SAME_(READ_FIXED);
URING_OP_SAME_(WRITE_FIXED);
URING_OP_SAME_(SENDMSG);
URING_OP_SAME_(RECVMSG);
URING_OP_SAME_(ACCEPT);
URING_OP_SAME_(CONNECT);
URING_OP_SAME_(OPENAT);
URING_OP_SAME_(READ);
URING_OP_SAME_(WRITE);
URING_OP_SAME_(SEND);
URING_OP_SAME_(RECV);
URING_OP_SAME_(OPENAT2);

/* Open files read or written through a ring already recorded, by
 * struct file address (or ring and registered index) and direction: once
 * per file, as with write. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u8);
} uring_seen SEC(".maps");

/* A request waiting for its result: the record as it will be sent. */
struct uring_pend {
	struct trail_ev_uring ev;
	char str[TRAIL_PATH_MAX + 1];   /* an open's name, or a connect's address */
};

/* By request address.  A plain hash: when it is full, a request is sent at
 * once without its result rather than losing an older one. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 512);
	__type(key, __u64);
	__type(value, struct uring_pend);
} uring_pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct uring_pend);
} uring_build SEC(".maps");

enum uring_kind { UK_NONE, UK_OPEN, UK_CONNECT, UK_FD };

static __always_inline enum uring_kind uring_kind(__u8 op)
{
	switch (op) {
	case TRAIL_IORING_OP_OPENAT:
	case TRAIL_IORING_OP_OPENAT2:
		return UK_OPEN;
	case TRAIL_IORING_OP_CONNECT:
		return UK_CONNECT;
	case TRAIL_IORING_OP_ACCEPT:
	case TRAIL_IORING_OP_READV:
	case TRAIL_IORING_OP_WRITEV:
	case TRAIL_IORING_OP_READ_FIXED:
	case TRAIL_IORING_OP_WRITE_FIXED:
	case TRAIL_IORING_OP_READ:
	case TRAIL_IORING_OP_WRITE:
	case TRAIL_IORING_OP_SEND:
	case TRAIL_IORING_OP_RECV:
	case TRAIL_IORING_OP_SENDMSG:
	case TRAIL_IORING_OP_RECVMSG:
		return UK_FD;
	default:
		return UK_NONE;
	}
}

static __always_inline bool uring_writes(__u8 op)
{
	return TRAIL_URING_WRITES(op);
}

static __always_inline void uring_send(struct trail_ev_uring *ev, const char *str, __u32 len)
{
	struct rec_out dp;

	if (rec_begin(&dp, ev->hdr.size, TRAIL_EV_URING))
		return;
	rec_write(&dp, 0, ev, sizeof(*ev));
	if (len > TRAIL_PATH_MAX)
		len = TRAIL_PATH_MAX;
	barrier_var(len);
	if (len)
		rec_write(&dp, sizeof(*ev), (void *)str, len);
	rec_end(&dp);
}

/* The fields every request has. */
static __always_inline void uring_init(struct trail_ev_uring *ev, struct io_kiocb *req, __u8 op)
{
	__builtin_memset(ev, 0, sizeof(*ev));
	ev->opcode = op;
	ev->user_data = req->cqe.user_data;
	ev->fd = req->cqe.fd;
	ev->fixed = (req->flags & REQ_F_FIXED_FILE_) != 0;
}

/* The header, keeping the flags that reading the strings set. */
static __always_inline void uring_hdr(struct trail_ev_uring *ev, __u16 more)
{
	__u16 fl = ev->hdr.flags | more;

	ident_check(true);
	fill_hdr(&ev->hdr, TRAIL_EV_URING);
	ev->hdr.flags = fl;
}

/* TP_PROTO(struct io_kiocb *req); io_uring_submit_sqe(struct io_kiocb *req,
 * bool force_nonblock) before 6.4, which userspace attaches it to there. */
SEC("tp_btf/io_uring_submit_req")
int BPF_PROG(on_uring_submit, struct io_kiocb *req)
{
	struct trail_ev_uring *ev;
	struct uring_pend *pb;
	struct scratch *sc;
	struct rec_out dp;
	struct file *f = NULL;
	enum uring_kind kind;
	__u32 zero = 0, pos = 0, plen = 0;
	__u64 key;
	__u8 op, one = 1;

	if (!traced_now())
		return 0;
	op = req->opcode;
	kind = uring_kind(op);
	if (kind == UK_NONE)
		return 0;
	if (kind == UK_OPEN || kind == UK_CONNECT) {
		pb = bpf_map_lookup_elem(&uring_build, &zero);
		if (!pb)
			return 0;
		ev = &pb->ev;
		uring_init(ev, req, op);
		if (kind == UK_OPEN) {
			struct io_open *o = (struct io_open *)&req->cmd;
			long n;

			ev->fd = BPF_CORE_READ(o, dfd);
			ev->fixed = BPF_CORE_READ(o, file_slot) != 0;
			ev->open_flags = BPF_CORE_READ(o, how.flags);
			n = bpf_probe_read_kernel_str(pb->str, TRAIL_PATH_MAX + 1,
						      BPF_CORE_READ(o, filename, name));
			ev->path_len = n > 0 ? n - 1 : 0;
		} else {
			struct io_connect *c = (struct io_connect *)&req->cmd;

			ev->addr_len = read_user_addr(pb->str, (__u64)BPF_CORE_READ(c, addr),
						      BPF_CORE_READ(c, addr_len), &ev->hdr.flags);
		}
		uring_hdr(ev, 0);
		ev->hdr.size = sizeof(*ev) + ev->path_len + ev->addr_len;
		key = (__u64)req;
		if (!bpf_map_update_elem(&uring_pending, &key, pb, BPF_ANY))
			return 0;
		/* too many in flight: now, without the result */
		ev->hdr.flags |= TRAIL_F_NO_RET;
		uring_send(ev, pb->str, ev->path_len + ev->addr_len);
		return 0;
	}

	/* a read, write, accept...: at submission, once per file and direction */
	sc = bpf_map_lookup_elem(&scratch, &zero);
	if (!sc)
		return 0;
	ev = (struct trail_ev_uring *)&sc->sys;
	uring_init(ev, req, op);
	if (ev->fixed) {
		/* a registered file, not known until issue: once per ring,
		 * index and direction (bits no kernel address has) */
		key = (__u64)BPF_CORE_READ(req, ctx);	/* a number, not a pointer */
		key ^= (((__u64)(__u32)ev->fd + 1) << 32) ^ uring_writes(op);
	} else {
		/* the file is assigned at issue, after this tracepoint:
		 * look the descriptor up as the submitter sees it */
		f = fd_file(ev->fd);
		if (!f)
			return 0;
		key = (__u64)f ^ uring_writes(op);
	}
	if (bpf_map_lookup_elem(&uring_seen, &key))
		return 0;
	bpf_map_update_elem(&uring_seen, &key, &one, BPF_ANY);
	if (f) {
		pos = walk_path((__u64)&f->f_path, WALK_SYS_REAL, &ev->hdr.flags) & (TRAIL_PATH_MAX - 1);
		plen = TRAIL_PATH_MAX - pos;
	}
	uring_hdr(ev, TRAIL_F_NO_RET);
	ev->path_len = plen;
	ev->hdr.size = sizeof(*ev) + plen;
	if (rec_begin(&dp, ev->hdr.size, TRAIL_EV_URING))
		return 0;
	rec_write(&dp, 0, ev, sizeof(*ev));
	if (f)
		rec_write(&dp, sizeof(*ev), &sc->str[2][pos & (TRAIL_PATH_MAX - 1)],
				 plen & (TRAIL_PATH_MAX - 1 | TRAIL_PATH_MAX));
	rec_end(&dp);
	return 0;
}

/* The result of a request waiting in uring_pending.  It may complete in
 * another task (an io-wq worker): the record keeps the submitter's. */
static __always_inline void uring_done(void *req, __s32 res)
{
	__u64 key = (__u64)req;
	struct uring_pend *p = bpf_map_lookup_elem(&uring_pending, &key);

	if (!p)
		return;
	p->ev.res = res;
	p->ev.hdr.ts = bpf_ktime_get_ns();
	uring_send(&p->ev, p->str, p->ev.path_len + p->ev.addr_len);
	bpf_map_delete_elem(&uring_pending, &key);
}

/* 6.3+: TP_PROTO(struct io_ring_ctx *ctx, void *req, struct io_uring_cqe *cqe) */
SEC("tp_btf/io_uring_complete")
int BPF_PROG(on_uring_complete, struct io_ring_ctx *ring, void *req, struct io_uring_cqe *cqe)
{
	uring_done(req, cqe->res);
	return 0;
}

/* 5.19-6.2: TP_PROTO(void *ctx, void *req, u64 user_data, int res,
 * unsigned cflags, u64 extra1, u64 extra2); userspace loads the one whose
 * prototype the running kernel has (record/probe.c). */
SEC("tp_btf/io_uring_complete")
int BPF_PROG(on_uring_complete_res, void *ring, void *req, __u64 user_data, int res)
{
	uring_done(req, res);
	return 0;
}

#endif
