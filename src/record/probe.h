/* SPDX-License-Identifier: MIT */
/*
 * What the running kernel offers trail, probed, never read off its version
 * string: map types and helpers by loading tiny programs (libbpf's
 * probes), tracepoints and their prototypes from the kernel's BTF.  From
 * that: which BPF object to load (src/bpf/compat.bpf.h), which programs to
 * switch off, and for what is missing, one line saying what and why.
 */
#ifndef TRAIL_PROBE_H
#define TRAIL_PROBE_H

#include <stdbool.h>

enum kfeat {
	KF_BTF,            /* /sys/kernel/btf/vmlinux */
	KF_RINGBUF,        /* BPF_MAP_TYPE_RINGBUF (5.8) */
	KF_TASK_STORAGE,   /* BPF_MAP_TYPE_TASK_STORAGE (5.11) */
	KF_TASK_BTF,       /* bpf_get_current_task_btf (5.11) */
	KF_LOOP,           /* bpf_loop (5.17) */
	KF_DYNPTR,         /* bpf_ringbuf_reserve_dynptr (6.0) */
	KF_CAP_TP,         /* capability:cap_capable (6.14) */
	KF_URING_SUBMIT,   /* an io_uring submission tracepoint given the request */
	KF_URING_RESULT,   /* io_uring_complete given the request */
	KF__MAX
};

/* io_uring_complete's two prototypes, one program each. */
enum uring_complete { URING_COMPLETE_NONE, URING_COMPLETE_CQE, URING_COMPLETE_RES };

struct kfeatures {
	bool has[KF__MAX];
	bool compat;                    /* load the TRAIL_COMPAT objects */
	bool forced;                    /* ... because TRAIL_BPF=compat said so */
	const char *uring_submit_tp;    /* the submission tracepoint, or NULL */
	enum uring_complete uring_complete;
	long job_result;                /* what kfeatures_set_job's job returned */
};

struct btf;
/* Work for the probe's child, which has the kernel's BTF parsed anyway:
 * run there (or here, if there is no child) after the probe, before
 * kfeatures_start's answer is complete; compat as the probe decided.  Set
 * before kfeatures_start; its result lands in job_result. */
typedef long probe_job_fn(const struct btf *vmlinux, bool compat, void *arg);
void kfeatures_set_job(probe_job_fn *fn, void *arg);

/* Probes on the first call; later calls return the same answer.
 * TRAIL_BPF=compat in the environment loads the compat objects even where
 * the others would load (to test them on a new kernel). */
const struct kfeatures *kfeatures_get(void);
/* The same, probing only what the event types wanted need (TE__MAX flags,
 * NULL: all): without capability and io_uring events, the kernel's BTF is
 * not parsed and the tracepoints they need count as absent (some 40 ms).
 * kfeatures_get() then returns that answer. */
const struct kfeatures *kfeatures_get_for(const bool *types);
/* kfeatures_get_for() in two steps: the answer without the BTF's part at
 * once (the object to open: compat is known), the BTF's part probed
 * meanwhile; kfeatures_get_for() or kfeatures_get() then wait for it. */
const struct kfeatures *kfeatures_start(const bool *types);

/* Why recording cannot work at all on this kernel (no BTF, no ring
 * buffer), or NULL. */
const char *kfeatures_unusable(const struct kfeatures *k);

/*
 * What this kernel cannot give, as (event kind, reason) pairs: "cap", "no
 * capability:cap_capable tracepoint (Linux 6.14+)".  Only kinds wanted
 * (enum trail_event_type flags, NULL: all).  Returns how many, at most max.
 */
int kfeatures_missing(const struct kfeatures *k, const bool *wanted, const char **kind,
		      const char **why, int max);

/* `trail version --features`: every feature, whether the kernel has it,
 * and which way trail goes, as a table on stdout. */
void kfeatures_print(const struct kfeatures *k);

#endif
