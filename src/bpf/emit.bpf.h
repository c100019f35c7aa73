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

/* Reserve a variable-sized record; on failure the dynptr must still be
 * released (verifier rule), and the loss is counted. */
static __always_inline int rec_begin(struct bpf_dynptr *dp, __u32 size, __u32 kind)
{
	mark_lost();
	if (bpf_ringbuf_reserve_dynptr(&events, size, 0, dp)) {
		bpf_ringbuf_discard_dynptr(dp, 0);
		lost_record(kind);
		return -1;
	}
	return 0;
}

static __always_inline void rec_end(struct bpf_dynptr *dp)
{
	bpf_ringbuf_submit_dynptr(dp, wake_flags());
}

/* A fixed-size record in one call. */
static __always_inline void emit_fixed(void *rec, __u32 size, __u32 kind)
{
	mark_lost();
	if (bpf_ringbuf_output(&events, rec, size, wake_flags()))
		lost_record(kind);
}

#endif
