/* SPDX-License-Identifier: MIT */
/*
 * One BPF object's life, for either object (the recorder's trail.bpf.c,
 * trail stat's stat.bpf.c): check privileges and the kernel, open the
 * build the kernel takes (src/bpf/compat.bpf.h), configure the filter
 * (src/bpf/filter.bpf.h) and the object's own read-only data, switch off
 * the programs the kernel cannot run, load, fill the filter's maps; then
 * follow processes, attach, detach, release.
 */
#ifndef TRAIL_BPFOBJ_H
#define TRAIL_BPFOBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>
#include "trail_abi.h"

struct bpf_object_skeleton;
struct bpf_object;
struct bpf_map;
struct kfeatures;

/* What the shared loader reaches in an object's skeleton: both objects
 * name these the same (bpf/filter.bpf.h, bpf/capquiet.bpf.h, the compat
 * build's zeroed task state). */
struct skel_view {
	struct bpf_object_skeleton *skeleton;
	struct bpf_object *obj;
	__u32 *target, *self_tgid;
	bool *comm_filter, *uid_filter;
	__u32 *uid_min, *uid_max;
	__u16 *nr_op;
	struct bpf_map *traced, *target_cgroup, *comms, *stash_zero, *cap_quiet;
};

/* An object, as its skeleton opens it (record/skel.h). */
struct bpf_obj_ops {
	const char *who;        /* "trail's": whose programs the kernel refused */
	const char *needs;      /* "recording": what needs root */
	/* Opens one of the two builds into v: the skeleton, or NULL, errno
	 * set.  btf_path: libbpf's btf_custom_path for CO-RE, or NULL. */
	void *(*open)(bool compat, struct skel_view *v, const char *btf_path);
	/* The ELF bytes of one of the two builds. */
	const void *(*elf)(bool compat, size_t *sz);
};

struct bpf_obj_opts {
	enum trail_target target;   /* which tasks the kernel passes */
	int cgroup_fd;              /* TRAIL_TARGET_CGROUP: a cgroup v2 directory */
	/* Event types wanted, TE__MAX flags (model/systab.h), or NULL for all:
	 * the syscalls dispatched, the programs loaded. */
	const bool *types;
	/* Syscalls to dispatch, TRAIL_SYS_MAX flags by row, or NULL: those
	 * of the types. */
	const bool *ops;
	/* Only tasks with these names (NULL-terminated); NULL: any. */
	char *const *comms;
	/* Only tasks whose real uid is in [uid_min, uid_max], if uid_filter. */
	bool uid_filter;
	__u32 uid_min, uid_max;
	/* The object's own settings, once the filter's are made and before
	 * load (b->skel is open): 0, or -errno with a one-line reason in why. */
	int (*configure)(void *ctx, const struct kfeatures *k, char *why, size_t whylen);
	void *ctx;
};

struct bpf_obj {
	void *skel;                 /* the object's own skeleton struct */
	struct skel_view v;
	const struct kfeatures *k;  /* what the kernel offers (record/probe.h) */
	int stats_fd;               /* TRAIL_BPF_STATS: run-time stats on while open (> 0) */
};

/* Checks privileges and kernel support, then loads.  On failure returns
 * -errno with a one-line reason in why (what is missing), b released. */
int bpf_obj__load(struct bpf_obj *b, const struct bpf_obj_ops *ops, const struct bpf_obj_opts *o,
		  char *why, size_t whylen);
/* With TRAIL_BPF_STATS in the environment: one line per loaded program on
 * stderr, "trail: bpf: NAME RUNS runs NS ns TOTAL_NS ns/run" (the kernel's
 * run_cnt and run_time_ns, counted since the load: bpf_enable_stats). */
void bpf_obj__report_stats(const struct bpf_obj *b);
/* Puts a process in the traced set (TRAIL_TARGET_TREE), from where its
 * children join it at fork, or takes it out. */
int bpf_obj__follow(struct bpf_obj *b, pid_t pid);
int bpf_obj__unfollow(struct bpf_obj *b, pid_t pid);
/* Is any process left in the traced set?  (The exit program empties it;
 * processes gone whose exit it missed are taken out first.) */
bool bpf_obj__following(const struct bpf_obj *b);
/* The target's thread groups followed now (peers aside: record
 * --follow-peers), at most max of them into pids; how many in all. */
size_t bpf_obj__followed(const struct bpf_obj *b, __u32 *pids, size_t max);
int bpf_obj__attach(struct bpf_obj *b, char *why, size_t whylen);
/* Stops every program; the maps stay readable. */
void bpf_obj__detach(struct bpf_obj *b);
void bpf_obj__release(struct bpf_obj *b);

#endif
