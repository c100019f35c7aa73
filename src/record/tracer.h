/* SPDX-License-Identifier: MIT */
/* The recorder's BPF object (src/bpf/trail.bpf.c) as userspace sees it:
 * its life is bpf_obj's (record/bpfobj.h), here its ring buffer and drop
 * counters. */
#ifndef TRAIL_TRACER_H
#define TRAIL_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "trail_abi.h"
#include "tracefile/tracefile.h"

struct tracer;
struct bpf_obj;

struct tracer_opts {
	bool no_env;
	bool follow_peers;         /* servers the tree connects to join it */
	size_t ring_bytes;          /* power of two, >= page size */
	size_t wakeup_bytes;        /* wake the consumer when this much waits */
	/* --syscall: at most TRAIL_GENERIC_MAX syscalls not in the table */
	const struct tf_syscall *syscalls;
	unsigned int nsyscalls;
	/* called for every record, in ring order; non-zero stops consuming */
	int (*on_record)(void *ctx, const void *rec, size_t size);
	void *ctx;
	enum trail_target target;   /* which tasks the kernel passes */
	int cgroup_fd;              /* TRAIL_TARGET_CGROUP: a cgroup v2 directory */
	/* Event types to trace, TE__MAX flags indexed by enum trail_event_type
	 * (model/systab.h), or NULL for all.  Process events and chdir/chroot
	 * are traced whatever it says: the model needs them. */
	const bool *types;
	/* Syscalls to trace, TRAIL_SYS_MAX flags by row (NULL: those of the
	 * types): -e openat asks for one syscall of the open type. */
	const bool *ops;
	/* Only tasks with these names (at most TRAIL_COMMS_MAX, each compared
	 * on its first 15 bytes as the kernel keeps them); NULL: any. */
	char *const *comms;
	/* Only tasks whose real uid is in [uid_min, uid_max], if uid_filter. */
	bool uid_filter;
	uint32_t uid_min, uid_max;
	/* Only syscalls that failed and capability checks denied (and what
	 * the model needs: processes, the working directory and root): all
	 * of them, or those of failed_ops (TRAIL_SYS_MAX flags by row, NULL:
	 * none) and capability checks if failed_cap. */
	bool failed_only;
	const bool *failed_ops;
	bool failed_cap;
};

/* Checks privileges and kernel support, then loads.  On failure returns
 * -errno with a one-line reason in why (what is missing). */
int tracer__load(struct tracer **out, const struct tracer_opts *o, char *why, size_t whylen);
/* The object: to follow processes, attach and detach (bpf_obj__*). */
struct bpf_obj *tracer__obj(struct tracer *t);
/* The fd to wait on for records (epoll). */
int tracer__fd(const struct tracer *t);
/* Bytes waiting in the ring buffer. */
size_t tracer__pending(const struct tracer *t);
/* Hands every available record to on_record; returns how many or -errno. */
int tracer__consume(struct tracer *t);
/* The same, but stops after max records, so that a loop under a flood
 * still gets to its signals and timers. */
int tracer__consume_max(struct tracer *t, size_t max);
/* Kernel drop counters summed over CPUs, TRAIL_DROPS_LEN entries. */
int tracer__drops(struct tracer *t, uint64_t *drops);
/* Records lost that no marker in the stream counts yet (the losses after
 * a CPU's last record). */
uint64_t tracer__unmarked(struct tracer *t);
void tracer__free(struct tracer *t);

#endif
