/* SPDX-License-Identifier: MIT */
/*
 * io_uring submissions: an open, connect or read done through a ring is
 * not a syscall, so the syscall tracepoints (strace's and most tracers'
 * view) never see it.  io_uring_submit_req fires after the request was
 * prepared: an open's file name is already copied into the kernel.
 */
#ifndef TRAIL_URING_BPF_H
#define TRAIL_URING_BPF_H

#define REQ_F_FIXED_FILE_ 1ULL

/* Open files read or written through a ring already recorded, by
 * struct file address and direction: once per file, as with write. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, __u8);
} uring_seen SEC(".maps");

enum uring_kind { UK_NONE, UK_OPEN, UK_CONNECT, UK_FD };

static __always_inline enum uring_kind uring_kind(__u8 op)
{
	switch (op) {
	case IORING_OP_OPENAT:
	case IORING_OP_OPENAT2:
		return UK_OPEN;
	case IORING_OP_CONNECT:
		return UK_CONNECT;
	case IORING_OP_ACCEPT:
	case IORING_OP_READV:
	case IORING_OP_WRITEV:
	case IORING_OP_READ_FIXED:
	case IORING_OP_WRITE_FIXED:
	case IORING_OP_READ:
	case IORING_OP_WRITE:
	case IORING_OP_SEND:
	case IORING_OP_RECV:
	case IORING_OP_SENDMSG:
	case IORING_OP_RECVMSG:
		return UK_FD;
	default:
		return UK_NONE;
	}
}

static __always_inline bool uring_writes(__u8 op)
{
	return op == IORING_OP_WRITEV || op == IORING_OP_WRITE_FIXED ||
	       op == IORING_OP_WRITE || op == IORING_OP_SEND || op == IORING_OP_SENDMSG;
}

/* TP_PROTO(struct io_kiocb *req) */
SEC("tp_btf/io_uring_submit_req")
int BPF_PROG(on_uring_submit, struct io_kiocb *req)
{
	struct trail_ev_uring *ev;
	struct scratch *sc;
	struct bpf_dynptr dp;
	struct file *f = NULL;
	enum uring_kind kind;
	__u32 zero = 0, pos = 0, plen = 0, alen = 0, size;
	__u8 op;

	if (!traced_now())
		return 0;
	op = req->opcode;
	kind = uring_kind(op);
	if (kind == UK_NONE)
		return 0;
	sc = bpf_map_lookup_elem(&scratch, &zero);
	if (!sc)
		return 0;
	ev = (struct trail_ev_uring *)&sc->sys;
	__builtin_memset(ev, 0, sizeof(*ev));
	ev->opcode = op;
	ev->user_data = req->cqe.user_data;
	ev->fd = req->cqe.fd;
	ev->fixed = (req->flags & REQ_F_FIXED_FILE_) != 0;

	if (kind == UK_OPEN) {
		struct io_open *o = (struct io_open *)&req->cmd;
		const char *name = BPF_CORE_READ(o, filename, name);
		long n;

		ev->fd = BPF_CORE_READ(o, dfd);
		ev->open_flags = BPF_CORE_READ(o, how.flags);
		n = bpf_probe_read_kernel_str(sc->str[0], TRAIL_PATH_MAX + 1, name);
		plen = n > 0 ? n - 1 : 0;
	} else if (kind == UK_CONNECT) {
		struct io_connect *c = (struct io_connect *)&req->cmd;

		alen = read_user_addr(sc->str[1], (__u64)BPF_CORE_READ(c, addr),
				      BPF_CORE_READ(c, addr_len), &ev->hdr.flags);
	} else if (!ev->fixed) {
		/* the file is assigned at issue, after this tracepoint:
		 * look the descriptor up as the submitter sees it */
		__u64 key;
		__u8 one = 1;

		f = fd_file(ev->fd);
		if (!f)
			return 0;
		key = (__u64)f ^ uring_writes(op);
		if (bpf_map_lookup_elem(&uring_seen, &key))
			return 0;
		bpf_map_update_elem(&uring_seen, &key, &one, BPF_ANY);
		pos = walk_path(&f->f_path, WALK_SYS_REAL, &ev->hdr.flags) & (TRAIL_PATH_MAX - 1);
		plen = TRAIL_PATH_MAX - pos;
	}

	{
		__u16 fl = ev->hdr.flags;

		ident_check(true);
		fill_hdr(&ev->hdr, TRAIL_EV_URING);
		ev->hdr.flags = fl;
	}
	ev->path_len = plen;
	ev->addr_len = alen;
	size = sizeof(*ev) + plen + alen;
	ev->hdr.size = size;
	if (rec_begin(&dp, size, TRAIL_EV_URING))
		return 0;
	bpf_dynptr_write(&dp, 0, ev, sizeof(*ev), 0);
	if (f)
		bpf_dynptr_write(&dp, sizeof(*ev), &sc->str[2][pos & (TRAIL_PATH_MAX - 1)],
				 plen & (TRAIL_PATH_MAX - 1 | TRAIL_PATH_MAX), 0);
	else if (plen)
		bpf_dynptr_write(&dp, sizeof(*ev), sc->str[0], plen & (SLOT_SIZE - 1), 0);
	if (alen)
		bpf_dynptr_write(&dp, sizeof(*ev) + plen, sc->str[1], alen & 127, 0);
	rec_end(&dp);
	return 0;
}

#endif
