/* SPDX-License-Identifier: MIT */
/* Putting records in the ring buffer, and counting what could not be. */
#ifndef TRAIL_EMIT_BPF_H
#define TRAIL_EMIT_BPF_H

static __always_inline void count_drop(__u32 reason, __u32 kind)
{
	__u32 key = reason * TRAIL_EV_KIND_MAX + kind;
	__u64 *n = bpf_map_lookup_elem(&drops, &key);

	if (n)
		*n += 1;
}

static __always_inline __u64 wake_flags(void)
{
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= cfg_wakeup_bytes
		? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

/* A record was lost: count it by kind, and remember to mark the stream. */
static __always_inline void lost_record(__u32 kind)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&unmarked, &zero);

	count_drop(TRAIL_DROP_RINGBUF, kind);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* A syscall record was lost (and counted by lost_record): by op too. */
static __always_inline void lost_sys(__u32 op)
{
	__u32 key = TRAIL_DROPS_OP0 + (op < TRAIL_SYS_MAX ? op : TRAIL_SYS_MAX);
	__u64 *n = bpf_map_lookup_elem(&drops, &key);

	if (n)
		*n += 1;
}

/* Before the next record from this CPU, say how many went missing, so that
 * a reader knows where its model may have gone wrong. */
static __always_inline void mark_lost(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&unmarked, &zero);
	struct trail_ev_lost ev;

	if (!n || !*n)
		return;
	fill_hdr(&ev.hdr, TRAIL_EV_LOST);
	ev.hdr.size = sizeof(ev);
	ev.count = *n;
	/* less what it counted, not zero: a loss counted meanwhile (by a
	 * program that preempted this one) still needs its marker */
	if (bpf_ringbuf_output(&events, &ev, sizeof(ev), wake_flags()) == 0)
		__sync_fetch_and_sub(n, ev.count);
}

/*
 * A variable-sized record: rec_begin(size), rec_write() its pieces at
 * their offsets, rec_end().  With ring buffer dynptrs (6.0) the pieces go
 * straight into the reserved space; before, they are assembled in a
 * per-CPU buffer and copied by bpf_ringbuf_output.  Either way a record
 * that does not fit is counted lost, once, by rec_begin or (compat)
 * rec_end, whichever says so.
 */
#ifdef TRAIL_COMPAT
/* offsets below REC_OFF_MAX and pieces of at most REC_PIECE_MAX bytes
 * stay inside, which the verifier can see from the masks alone */
#define REC_OFF_MAX   (1024 * 1024)
#define REC_PIECE_MAX (TRAIL_ARGS_MAX + TRAIL_PATH_MAX + 1)
#define REC_BUF_SIZE  (REC_OFF_MAX + REC_PIECE_MAX)
_Static_assert(TRAIL_REC_MAX <= REC_OFF_MAX, "records fit the compat buffer");
_Static_assert(REC_OFF_MAX + REC_PIECE_MAX <= REC_BUF_SIZE, "pieces fit the compat buffer");
#else
#define REC_BUF_SIZE  8		/* not used, see rec_buf */
#endif

/* One per CPU (an array indexed by CPU id: too big for a per-CPU value).
 * Present in both objects so that they have the same maps; userspace does
 * not create it for the dynptr one. */
struct rec_buf {
	char b[REC_BUF_SIZE];
};

ARRAY_OF_ONE(BPF_MAP_TYPE_ARRAY, rec_bufs, struct rec_buf);	/* set to the number of CPUs */

#ifdef TRAIL_COMPAT
struct rec_out {
	struct rec_buf *buf;
	__u32 size;
	__u32 kind;
};

static __always_inline int rec_begin(struct rec_out *r, __u32 size, __u32 kind)
{
	__u32 cpu = bpf_get_smp_processor_id();

	r->buf = bpf_map_lookup_elem(&rec_bufs, &cpu);
	r->size = size;
	r->kind = kind;
	if (!r->buf || size > REC_OFF_MAX) {
		lost_record(kind);
		return -1;
	}
	return 0;
}

static __always_inline void rec_write(struct rec_out *r, __u32 off, const void *src, __u32 n)
{
	if (n > REC_PIECE_MAX)
		n = REC_PIECE_MAX;
	bpf_probe_read_kernel(&r->buf->b[off & (REC_OFF_MAX - 1)], n, src);
}

/* 0, or -1 when the record did not fit (and was counted lost) */
static __always_inline int rec_end(struct rec_out *r)
{
	mark_lost();
	if (bpf_ringbuf_output(&events, r->buf, r->size & (REC_OFF_MAX - 1), wake_flags())) {
		lost_record(r->kind);
		return -1;
	}
	return 0;
}
#else
struct rec_out {
	struct bpf_dynptr dp;
};

/* on failure the dynptr must still be released (verifier rule) */
static __always_inline int rec_begin(struct rec_out *r, __u32 size, __u32 kind)
{
	mark_lost();
	if (bpf_ringbuf_reserve_dynptr(&events, size, 0, &r->dp)) {
		bpf_ringbuf_discard_dynptr(&r->dp, 0);
		lost_record(kind);
		return -1;
	}
	return 0;
}

static __always_inline void rec_write(struct rec_out *r, __u32 off, const void *src, __u32 n)
{
	bpf_dynptr_write(&r->dp, off, (void *)src, n, 0);
}

static __always_inline int rec_end(struct rec_out *r)
{
	bpf_ringbuf_submit_dynptr(&r->dp, wake_flags());
	return 0;
}
#endif

/* A fixed-size record in one call. */
static __always_inline void emit_fixed(void *rec, __u32 size, __u32 kind)
{
	mark_lost();
	if (bpf_ringbuf_output(&events, rec, size, wake_flags()))
		lost_record(kind);
}

#endif
