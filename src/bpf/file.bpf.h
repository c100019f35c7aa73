/* SPDX-License-Identifier: MIT */
/*
 * Generic syscall recording, driven by syscalls.def: sys_enter stashes the
 * raw arguments, sys_exit reads the strings they point to (user memory may
 * not be paged in at entry, and tracepoint programs cannot fault it in; at
 * exit the kernel has just read it) and emits one record with the result.
 * Writes are the exception: recorded at sys_enter, once per open file.
 */
#ifndef TRAIL_FILE_BPF_H
#define TRAIL_FILE_BPF_H

#define F_DUPFD_ 0
#define F_SETFD_ 2
#define F_DUPFD_CLOEXEC_ 1030
#ifndef S_IFMT_
#define S_IFMT_ 0170000
#endif
#define S_IFREG_ 0100000
#define PROT_WRITE_ 0x2
#define MAP_SHARED_ 0x1
#define EINPROGRESS_ 115

/* Open files already written, by struct file address: the first write is
 * one event, later ones cost a lookup.  LRU: an evicted entry only means a
 * second "first write" event, never a lost one. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u8);
} written SEC(".maps");

/* The syscall's arguments, from its registers (arch.bpf.h). */
static __always_inline void regs_args(struct stash *s, struct pt_regs *regs)
{
	s->args[0] = TRAIL_SYSCALL_ARG(regs, 0);
	s->args[1] = TRAIL_SYSCALL_ARG(regs, 1);
	s->args[2] = TRAIL_SYSCALL_ARG(regs, 2);
	s->args[3] = TRAIL_SYSCALL_ARG(regs, 3);
	s->args[4] = TRAIL_SYSCALL_ARG(regs, 4);
	s->args[5] = TRAIL_SYSCALL_ARG(regs, 5);
}

/* s->args[i] for an i known only at run time: the verifier does not allow
 * variable-offset reads of the stack. */
static __always_inline __u64 arg_at(const struct stash *s, __u32 i)
{
	switch (i) {
	case 0: return s->args[0];
	case 1: return s->args[1];
	case 2: return s->args[2];
	case 3: return s->args[3];
	case 4: return s->args[4];
	case 5: return s->args[5];
	default: return 0;
	}
}

/* s: this task's stash, its arguments just filled in */
static __always_inline int sys_enter(struct stash *s, __u16 op)
{
	/* fcntl is mostly F_GETFL and friends: keep only what changes the
	 * descriptor table. */
	if (op == TRAIL_SYS_fcntl && s->args[1] != F_DUPFD_ &&
	    s->args[1] != F_DUPFD_CLOEXEC_ && s->args[1] != F_SETFD_) {
		s->valid = 0;
		return 0;
	}
	s->op = op;
	s->valid = 1;
	s->enter_ns = bpf_ktime_get_ns();
	return 0;
}

/* Take the stashed arguments of this task's syscall, if it is op: the
 * entry itself, valid for the rest of this program (no copy: the stack is
 * dear), and no longer offered to another exit. */
static __always_inline struct stash *stash_take(__u16 op)
{
	struct stash *st = stash_of(current_task(), false);

	if (!st || !st->valid)
		return NULL;
	st->valid = 0;		/* taken, or a syscall whose exit we never saw */
	if (st->op != op)
		return NULL;
	return st;
}

/* Read a user string into a slot; returns its length without the NUL. */
static __always_inline __u32 read_user_path(char *slot, __u64 uptr, __u16 *flags)
{
	long n;

	if (!uptr)		/* utimensat(fd, NULL, ...): legitimately none */
		return 0;
	/* an empty string reads as 0 on older kernels (6.1: the NUL not counted), 1
	 * on newer ones: only a negative result is a fault */
	n = bpf_probe_read_user_str(slot, TRAIL_PATH_MAX + 1, (void *)uptr);
	if (n == 0)
		return 0;
	if (n < 0) {
		*flags |= TRAIL_F_FAULT;
		count_drop(TRAIL_DROP_STRING, TRAIL_EV_SYS);
		return 0;
	}
	if (n == TRAIL_PATH_MAX + 1)
		*flags |= TRAIL_F_TRUNC;
	return n - 1;
}

/* One string slot: its length. */
static __noinline __u32 read_slot(char *slot, __u8 kind, struct stash *s, __u8 arg, __u16 *flags)
{
	__u64 v;

	if (!slot || !kind || arg >= TRAIL_SYS_ARGS - 0)
		return 0;
	v = arg_at(s, arg);
	switch (kind) {
	case TRAIL_SLOT_STR:
		return read_user_path(slot, v, flags);
	case TRAIL_SLOT_ADDR:
		return read_user_addr(slot, v, arg_at(s, arg + 1), flags);
	case TRAIL_SLOT_MSG:
		return read_msg_addr(slot, v, flags);
	default:
		return 0;
	}
}

/*
 * Build and emit one syscall record: header, result, the recorded
 * arguments, up to two user strings (three when there is no real), read
 * now, and the kernel path of real if given, or addr_len bytes of an
 * address already in slot 2.
 */
CHECKED_ONCE int emit_sys(__u64 op, struct stash *s, long ret, __u64 real, __u32 flags_alen)
{
	/* five arguments at most for a BPF function: flags in the low half,
	 * the length of an address already in slot 2 in the high half */
	__u16 flags = flags_alen;
	__u32 addr_len = flags_alen >> 16;
	struct trail_sys_desc d;
	struct scratch *sc;
	struct rec_out dp;
	__u32 zero = 0, off, size, nargs, i, k, real_pos = 0;
	__u64 dur;

	if (op >= TRAIL_OP_MAX || !s)
		return 0;
	sc = bpf_map_lookup_elem(&scratch, &zero);
	if (!sc)
		return 0;
	d = cfg_sys[op];
	nargs = d.nargs;
	if (nargs > TRAIL_SYS_ARGS)
		nargs = TRAIL_SYS_ARGS;

	sc->sys.hdr.flags = flags;
	/* The string slots as userspace planned them: straight-line reads,
	 * no walk over the letters (which multiplies verifier states).
	 * First, so that a send already recorded stops here. */
	sc->sys.slen[0] = read_slot(sc->str[0], d.slot_kind[0], s, d.slot_arg[0], &sc->sys.hdr.flags);
	sc->sys.slen[1] = read_slot(sc->str[1], d.slot_kind[1], s, d.slot_arg[1], &sc->sys.hdr.flags);
	sc->sys.slen[2] = 0;
	if (!real && !addr_len)
		sc->sys.slen[2] = read_slot(sc->str[2], d.slot_kind[2], s, d.slot_arg[2],
					    &sc->sys.hdr.flags);
	if (d.once && !send_first(sc))
		return 0;
	flags = sc->sys.hdr.flags;	/* the caller's and the strings' */
	fill_hdr(&sc->sys.hdr, TRAIL_EV_SYS);
	sc->sys.hdr.flags = flags;
	sc->sys.ret = ret;
	sc->sys.op = d.rec_op;
	sc->sys.nargs = nargs;
	sc->sys._pad = 0;
	/* a first write is recorded as it starts: no duration */
	dur = d.class != TRAIL_CLASS_WRITE && s->enter_ns && sc->sys.hdr.ts > s->enter_ns ?
	      sc->sys.hdr.ts - s->enter_ns : 0;
	sc->sys.dur_hi = dur >> 32 > 0xffff ? 0xffff : dur >> 32;
	sc->sys.dur_lo = dur >> 32 > 0xffff ? 0xffffffff : (__u32)dur;
	for (i = 0; i < TRAIL_SYS_ARGS; i++)
		sc->args[i] = s->args[i];
	if (d.how_arg < TRAIL_SYS_ARGS - 2) {
		/* struct open_how: flags, mode, resolve; copied in by the
		 * kernel already, so readable now. */
		__u64 how[3] = {};

		bpf_probe_read_user(how, sizeof(how), (void *)arg_at(s, d.how_arg));
		sc->args[(d.how_arg & 3) + 0] = how[0];
		sc->args[(d.how_arg & 3) + 1] = how[1];
		sc->args[(d.how_arg & 3) + 2] = how[2];
	}
	if (d.pair_arg < TRAIL_SYS_ARGS && ret >= 0) {
		/* pipe/socketpair: the two fds the kernel stored */
		__u64 pair = 0;

		bpf_probe_read_user(&pair, sizeof(pair), (void *)arg_at(s, d.pair_arg));
		sc->args[d.pair_arg & 7] = pair;
	}
	if (d.extra == TRAIL_EXTRA_NSFD)	/* setns: "fcTI" */
		ns_of_fd((int)s->args[0], &sc->args[2], &sc->args[3]);

	if (real) {
		real_pos = walk_path(real, WALK_SYS_REAL, &sc->sys.hdr.flags) & (TRAIL_PATH_MAX - 1);
		sc->sys.slen[2] = TRAIL_PATH_MAX - real_pos;
	} else if (addr_len) {
		sc->sys.slen[2] = addr_len > TRAIL_ADDR_MAX ? TRAIL_ADDR_MAX : addr_len;
	}

	off = sizeof(sc->sys) + nargs * 8;
	size = off + sc->sys.slen[0] + sc->sys.slen[1] + sc->sys.slen[2];
	sc->sys.hdr.size = size;
	if (rec_begin(&dp, size, TRAIL_EV_SYS)) {
		lost_sys(op);
		return 0;
	}
	rec_write(&dp, 0, &sc->sys, off & 0xff);
	for (k = 0; k < 2; k++) {
		__u32 n = sc->sys.slen[k];

		if (n > TRAIL_PATH_MAX)
			n = TRAIL_PATH_MAX;
		rec_write(&dp, off, sc->str[k], n);
		off += n;
	}
	if (real) {
		rec_write(&dp, off, &sc->str[2][real_pos],
				 TRAIL_PATH_MAX - real_pos);
	} else {
		__u32 n = sc->sys.slen[2];

		if (n > TRAIL_PATH_MAX)
			n = TRAIL_PATH_MAX;
		rec_write(&dp, off, sc->str[2], n);
	}
	if (rec_end(&dp))
		lost_sys(op);
	return 0;
}

static __noinline int sys_exit_file(long ret, __u32 op)
{
	struct trail_sys_desc d;
	const struct path *real = NULL;
	struct file *f = NULL;
	__u32 addr_len = 0;
	struct stash *s;

	if (op >= TRAIL_OP_MAX || !(s = stash_take(op)))
		return 0;
	d = cfg_sys[op];
	if (ret >= 0 && cfg_failed_op[op] && d.real != TRAIL_REAL_CWD && d.real != TRAIL_REAL_ROOT)
		return 0;
	/* the local end of a connect: bound by then, even one in progress */
	if (ret >= 0 || (d.real == TRAIL_REAL_SOCK && ret == -EINPROGRESS_)) {
		switch (d.real) {
		case TRAIL_REAL_SOCK: {
			struct sock *sk = sock_of(fd_file((int)arg_at(s, d.fd_arg)));

			addr_len = sock_addr(sk, false, addr_slot());
			if (cfg_follow_peers && op == TRAIL_SYS_connect && ret == 0)
				follow_peer(sk);
			break;
		}
		case TRAIL_REAL_RETFD:
			f = fd_file(ret);
			break;
		case TRAIL_REAL_FDARG:
			if (d.fd_arg < TRAIL_SYS_ARGS)
				f = fd_file((int)arg_at(s, d.fd_arg));
			break;
		case TRAIL_REAL_CWD:
			real = cwd_path();
			break;
		case TRAIL_REAL_PEER:
			addr_len = sock_addr(sock_of(fd_file(ret)), true, addr_slot());
			break;
		case TRAIL_REAL_ROOT:
			real = root_path();
			break;
		case TRAIL_REAL_ATFD: {
			/* fstatat(fd, "", AT_EMPTY_PATH) and friends act on fd
			 * itself (glibc's fstat is one): its path, then */
			char c = 0;

			__u64 path = arg_at(s, d.fd_arg + 1);

			if (d.fd_arg < TRAIL_SYS_ARGS && d.str_mask &&
			    (!path || (!bpf_probe_read_user(&c, 1, (void *)path) && !c)))
				f = fd_file((int)arg_at(s, d.fd_arg));
			break;
		}
		}
		if (f) {
			real = &f->f_path;
			if (d.new_file) {
				/* a new open file: its first write is to come,
				 * even if an old one had this address */
				__u64 key = (__u64)f;

				bpf_map_delete_elem(&written, &key);
			}
		}
	}
	return emit_sys(op, s, ret, (__u64)real, addr_len << 16);
}

/*
 * The first write to an open regular file: so that a file opened O_RDWR
 * but only read is an input, not an output.  At sys_enter, with no stash
 * and no exit program: after the first time, a write costs the filter, a
 * few loads and one map lookup.
 */
static __noinline int sys_write(struct stash *s, __u32 op)
{
	struct trail_sys_desc d;
	struct file *f;
	__u64 key;
	__u8 one = 1;
	umode_t mode;

	if (op >= TRAIL_OP_MAX)
		return 0;
	d = cfg_sys[op];
	if (d.fd_arg >= TRAIL_SYS_ARGS)
		return 0;
	f = fd_file((int)arg_at(s, d.fd_arg));
	if (!f)
		return 0;
	mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & S_IFMT_) != S_IFREG_)
		return 0;
	key = (__u64)f;
	if (bpf_map_lookup_elem(&written, &key))
		return 0;
	bpf_map_update_elem(&written, &key, &one, BPF_ANY);
	return emit_sys(op, s, 0, (__u64)&f->f_path, TRAIL_F_NO_RET);
}

static __always_inline int sys_enter_write(struct stash *s, __u16 op)
{
	if (cfg_failed_op[op])	/* a first write has no result: not a failure */
		return 0;
	/* mmap writes a file only when shared and writable */
	if (op == TRAIL_SYS_mmap && (!(s->args[2] & PROT_WRITE_) ||
				     !(s->args[3] & MAP_SHARED_) || (long)s->args[4] < 0))
		return 0;
	return sys_write(s, op);
}

#endif
