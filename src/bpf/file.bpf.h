/* SPDX-License-Identifier: MIT */
/*
 * Generic syscall recording, driven by syscalls.def: sys_enter stashes the
 * raw arguments, sys_exit reads the strings they point to (user memory may
 * not be paged in at entry, and tracepoint programs cannot fault it in; at
 * exit the kernel has just read it) and emits one record with the result.
 */
#ifndef TRAIL_FILE_BPF_H
#define TRAIL_FILE_BPF_H

/*
 * nargs is a constant per program (the row's letters): the kernel refuses
 * to attach a program that reads ctx past the tracepoint's own arguments
 * (sys_enter_open has three; reading args[5] there is -EACCES).
 */
static __always_inline int sys_enter(struct trace_event_raw_sys_enter *ctx, __u16 op,
				     const int nargs)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct stash s;

	if (!traced_now())
		return 0;
	/* Spelled out: ctx may only be read at constant offsets. */
	s.args[0] = nargs > 0 ? ctx->args[0] : 0;
	s.args[1] = nargs > 1 ? ctx->args[1] : 0;
	s.args[2] = nargs > 2 ? ctx->args[2] : 0;
	s.args[3] = nargs > 3 ? ctx->args[3] : 0;
	s.args[4] = nargs > 4 ? ctx->args[4] : 0;
	s.args[5] = nargs > 5 ? ctx->args[5] : 0;
	s.op = op;
	s._pad[0] = s._pad[1] = s._pad[2] = 0;
	if (bpf_map_update_elem(&stash, &tid, &s, BPF_ANY))
		count_drop(TRAIL_DROP_STASH, TRAIL_EV_SYS);
	return 0;
}

/* Take the stashed arguments of this tid's syscall, if it is op. */
static __always_inline bool stash_take(__u16 op, struct stash *out)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct stash *s = bpf_map_lookup_elem(&stash, &tid);

	if (!s)
		return false;
	if (s->op != op) {	/* a syscall whose exit we never saw */
		bpf_map_delete_elem(&stash, &tid);
		return false;
	}
	__builtin_memcpy(out, s, sizeof(*out));
	bpf_map_delete_elem(&stash, &tid);
	return true;
}

/* Read a user string into a slot; returns its length without the NUL. */
static __always_inline __u32 read_user_path(char *slot, __u64 uptr, __u16 *flags)
{
	long n = bpf_probe_read_user_str(slot, TRAIL_PATH_MAX + 1, (void *)uptr);

	if (n <= 0) {
		*flags |= TRAIL_F_FAULT;
		count_drop(TRAIL_DROP_STRING, TRAIL_EV_SYS);
		return 0;
	}
	if (n == TRAIL_PATH_MAX + 1)
		*flags |= TRAIL_F_TRUNC;
	return n - 1;
}

static __noinline int sys_exit_file(long ret, __u32 op)
{
	struct trail_sys_desc d;
	struct scratch *sc;
	struct stash s;
	struct bpf_dynptr dp;
	__u32 zero = 0, off, size, nargs, i, k, real_pos = 0;
	const struct path *real = NULL;

	if (op >= TRAIL_SYS_MAX || !stash_take(op, &s))
		return 0;
	sc = bpf_map_lookup_elem(&scratch, &zero);
	if (!sc)
		return 0;
	d = cfg_sys[op];
	nargs = d.nargs;
	if (nargs > TRAIL_SYS_ARGS)
		nargs = TRAIL_SYS_ARGS;

	fill_hdr(&sc->sys.hdr, TRAIL_EV_SYS);
	sc->sys.ret = ret;
	sc->sys.op = op;
	sc->sys.nargs = nargs;
	sc->sys._pad = 0;
	sc->sys._pad2 = 0;
	sc->sys._pad3 = 0;
	for (i = 0; i < TRAIL_SYS_ARGS; i++)
		sc->args[i] = s.args[i];
	if (d.how_arg < TRAIL_SYS_ARGS - 2) {
		/* struct open_how: flags, mode, resolve; copied in by the
		 * kernel already, so readable now. */
		__u64 how[3] = {};

		bpf_probe_read_user(how, sizeof(how), (void *)s.args[d.how_arg & 3]);
		sc->args[(d.how_arg & 3) + 0] = how[0];
		sc->args[(d.how_arg & 3) + 1] = how[1];
		sc->args[(d.how_arg & 3) + 2] = how[2];
	}

	/* Up to two path arguments, in argument order, into slots 0 and 1. */
	sc->sys.slen[0] = sc->sys.slen[1] = sc->sys.slen[2] = 0;
	k = 0;
	for (i = 0; i < TRAIL_SYS_ARGS; i++) {
		if (!(d.str_mask & (1u << i)) || k > 1)
			continue;
		sc->sys.slen[k] = read_user_path(sc->str[k], s.args[i], &sc->sys.hdr.flags);
		k++;
	}

	if (ret >= 0) {
		if (d.real == TRAIL_REAL_RETFD) {
			struct file *f = fd_file(ret);

			if (f)
				real = &f->f_path;
		} else if (d.real == TRAIL_REAL_CWD) {
			real = cwd_path();
		}
	}
	if (real) {
		real_pos = walk_path(real, WALK_SYS_REAL, &sc->sys.hdr.flags) & (TRAIL_PATH_MAX - 1);
		sc->sys.slen[2] = TRAIL_PATH_MAX - real_pos;
	}

	off = sizeof(sc->sys) + nargs * 8;
	size = off + sc->sys.slen[0] + sc->sys.slen[1] + sc->sys.slen[2];
	sc->sys.hdr.size = size;
	if (rec_begin(&dp, size, TRAIL_EV_SYS))
		return 0;
	bpf_dynptr_write(&dp, 0, &sc->sys, off & 0xff, 0);
	for (k = 0; k < 2; k++) {
		__u32 n = sc->sys.slen[k];

		if (n > TRAIL_PATH_MAX)
			n = TRAIL_PATH_MAX;
		bpf_dynptr_write(&dp, off, sc->str[k], n, 0);
		off += n;
	}
	if (real)
		bpf_dynptr_write(&dp, off, &sc->str[2][real_pos],
				 TRAIL_PATH_MAX - real_pos, 0);
	rec_end(&dp);
	return 0;
}

#endif
