// SPDX-License-Identifier: MIT
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "record/bpfobj.h"
#include "record/corebtf.h"
#include "record/ksyms.h"
#include "record/probe.h"
#include "record/targetmap.h"
#include "model/systab.h"
#include "util/util.h"

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (!trail_verbose || (level == LIBBPF_DEBUG && trail_verbose < 2))
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static bool has_cap(int cap)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d))
		return false;
	return d[cap / 32].effective & (1u << (cap % 32));
}

static bool wanted(const bool *types, int type)
{
	return !types || types[type];
}

/* Which syscalls the dispatch table gets: those of the event types asked
 * for, and always the ones the model cannot do without (process events,
 * the working directory and root) and that are rare anyway. */
static bool op_wanted(const struct bpf_obj_opts *o, const struct sys_info *si)
{
	if ((!o->types && !o->ops) || si->class == TRAIL_CLASS_EXEC ||
	    si->class == TRAIL_CLASS_CLONE)
		return true;
	if (si->type == TE_chdir || si->type == TE_chroot)
		return true;
	if (o->ops && si->op < TRAIL_SYS_MAX)
		return o->ops[si->op];
	return si->type < TE__MAX && o->types && o->types[si->type];
}

/*
 * Programs for what the kernel cannot give, or nobody asked for, are not
 * loaded; io_uring's go to the tracepoints this kernel has.  Told apart
 * by the tracepoint they attach to, in either object (the io_uring
 * completion's two prototypes by name: _res is the older).
 */
static void choose_programs(struct bpf_obj *b, const bool *types)
{
	const struct kfeatures *k = b->k;
	bool cap = k->has[KF_CAP_TP] && wanted(types, TE_cap);
	bool uring = k->has[KF_URING_SUBMIT] && wanted(types, TE_uring);
	struct bpf_program *p;

	bpf_object__for_each_program(p, b->v.obj) {
		const char *sec = bpf_program__section_name(p), *name = bpf_program__name(p);
		size_t n = strlen(name);

		if (!strcmp(sec, "tp_btf/cap_capable")) {
			bpf_program__set_autoload(p, cap);
		} else if (!strcmp(sec, "tp_btf/io_uring_submit_req")) {
			bpf_program__set_autoload(p, uring);
			if (uring)
				bpf_program__set_attach_target(p, 0, k->uring_submit_tp);
		} else if (!strcmp(sec, "tp_btf/io_uring_complete")) {
			bool res = n > 4 && !strcmp(name + n - 4, "_res");

			bpf_program__set_autoload(p, uring && k->uring_complete ==
						  (res ? URING_COMPLETE_RES : URING_COMPLETE_CQE));
		}
	}
}

/*
 * The overcommit check's callers (capquiet.bpf.h), from /proc/kallsyms:
 * some 50 ms of the kernel formatting symbols, read in a thread while the
 * verifier works, and joined after the load, before anything is attached.
 */
struct ksyms_job {
	pthread_t thread;
	bool started;
	uint64_t lo[KSYMS_OVERCOMMIT], hi[KSYMS_OVERCOMMIT];
};

_Static_assert(KSYMS_OVERCOMMIT == TRAIL_CAP_QUIET_FNS, "one range per caller");

static void *ksyms_run(void *arg)
{
	struct ksyms_job *j = arg;

	ksyms_overcommit(j->lo, j->hi);
	return NULL;
}

static void ksyms_start(struct ksyms_job *j, const struct kfeatures *k, const bool *types)
{
	sigset_t all, old;

	memset(j, 0, sizeof(*j));
	if (!k->has[KF_CAP_TP] || !wanted(types, TE_cap))
		return;
	sigfillset(&all);	/* signals are the main thread's (its signalfd) */
	pthread_sigmask(SIG_SETMASK, &all, &old);
	j->started = !pthread_create(&j->thread, NULL, ksyms_run, j);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!j->started)	/* no thread: read it here */
		ksyms_overcommit(j->lo, j->hi);
}

/* Waits for the ranges (0, 0: unknown, nothing left out), and puts them
 * in v's map when given one (a loaded object's). */
static int ksyms_finish(struct ksyms_job *j, struct skel_view *v)
{
	struct trail_cap_quiet r;
	__u32 zero = 0;

	if (j->started)
		pthread_join(j->thread, NULL);
	j->started = false;
	if (!v || !v->cap_quiet)
		return 0;
	memcpy(r.lo, j->lo, sizeof(r.lo));
	memcpy(r.hi, j->hi, sizeof(r.hi));
	return bpf_map_update_elem(bpf_map__fd(v->cap_quiet), &zero, &r, BPF_ANY) ? -errno : 0;
}

/*
 * libbpf parses the kernel's BTF (some 45 ms) when a program's attach
 * target is first looked up, at the load unless asked before: asked now,
 * for the first tracing program, so that it runs while the probe's child
 * parses it too.  Where this fails the load looks again, and says why.
 */
static void parse_btf_now(struct bpf_object *obj)
{
	struct bpf_program *p;

	bpf_object__for_each_program(p, obj) {
		const char *sec = bpf_program__section_name(p);

		if (!strncmp(sec, "tp_btf/", 7)) {
			bpf_program__set_attach_target(p, 0, sec + 7);
			return;
		}
	}
}

/* Before load: the filter's read-only data (bpf/filter.bpf.h). */
static void configure_filter(struct bpf_obj *b, const struct bpf_obj_opts *o)
{
	unsigned int op;

	*b->v.target = o->target;
	*b->v.self_tgid = getpid();
	*b->v.comm_filter = o->comms && o->comms[0];
	*b->v.uid_filter = o->uid_filter;
	*b->v.uid_min = o->uid_min;
	*b->v.uid_max = o->uid_max;
	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		const struct sys_info *si = systab_get(op);

		if (si->nr >= 0 && si->nr < TRAIL_NR_MAX && op_wanted(o, si))
			b->v.nr_op[si->nr] = op + 1;
	}
	if (o->target != TRAIL_TARGET_TREE)	/* unused: no tree to follow */
		bpf_map__set_max_entries(b->v.traced, 1);
	/* Allocated as processes join, not all 131072 entries at creation
	 * (some 10 ms at every start).  Tracing programs (tp_btf) may use
	 * such a map on every kernel we load on; a fork pays one allocation. */
	bpf_map__set_map_flags(b->v.traced, bpf_map__map_flags(b->v.traced) | BPF_F_NO_PREALLOC);
	/* the compat build's zeroed task state */
	bpf_map__set_autocreate(b->v.stash_zero, b->k->compat);
	choose_programs(b, o->types);
}

/* After load: the maps the filter reads besides traced. */
static int fill_filter_maps(struct bpf_obj *b, const struct bpf_obj_opts *o, char *why,
			    size_t whylen)
{
	__u8 one = 1;
	size_t i;
	int err;

	if (o->target == TRAIL_TARGET_CGROUP &&
	    (err = targetmap_set_cgroup(bpf_map__fd(b->v.target_cgroup), o->cgroup_fd)))
		return msgf(why, whylen, err, "can't filter on the cgroup: %s", strerror(-err));
	for (i = 0; o->comms && o->comms[i]; i++) {
		char key[TRAIL_COMM_LEN] = { 0 };

		strncpy(key, o->comms[i], TRAIL_COMM_LEN - 1);
		if (bpf_map_update_elem(bpf_map__fd(b->v.comms), key, &one, BPF_ANY))
			return msgf(why, whylen, -errno, "can't filter on comm '%s': %s",
				    o->comms[i], strerror(errno));
	}
	return 0;
}

struct core_job {
	const struct bpf_obj_ops *ops;
	int fd;
};

/* In the probe's child, which has the kernel's BTF: the cut for CO-RE
 * (record/corebtf.h) of the build the probe chose. */
static long core_job_run(const struct btf *vmlinux, bool compat, void *arg)
{
	const struct core_job *j = arg;
	const void *elf;
	size_t sz;

	elf = j->ops->elf(compat, &sz);
	return core_btf_build(vmlinux, elf, sz, j->fd);
}

static int load_with(struct bpf_obj *b, const struct bpf_obj_ops *ops,
		     const struct bpf_obj_opts *o, struct core_btf *cb, char *why, size_t whylen)
{
	struct core_job cj = { ops, cb->fd };
	struct ksyms_job ks;
	int err;

	kfeatures_set_job(cb->fd >= 0 ? core_job_run : NULL, &cj);
	b->k = kfeatures_start(o->types);
	trail_phase("probe features");
	if (kfeatures_unusable(b->k)) {
		kfeatures_get_for(o->types);	/* no child left behind */
		return msgf(why, whylen, -ENOTSUP, "%s", kfeatures_unusable(b->k));
	}
	libbpf_set_print(libbpf_quiet);
	/* libbpf reads the cut at load, after the child has written it */
	b->skel = ops->open(b->k->compat, &b->v, cb->fd >= 0 ? cb->path : NULL);
	if (!b->skel) {
		err = -errno;
		kfeatures_get_for(o->types);
		return msgf(why, whylen, err, "can't open BPF object: %s", strerror(-err));
	}
	trail_phase("open object");
	parse_btf_now(b->v.obj);
	trail_phase("kernel BTF");
	b->k = kfeatures_get_for(o->types);
	trail_phase("probe's BTF part");
	if ((err = core_btf_finish(cb, b->k->job_result))) {
		bpf_obj__release(b);
		return msgf(why, whylen, err, "can't give libbpf the kernel's BTF: %s",
			    strerror(-err));
	}
	ksyms_start(&ks, b->k, o->types);
	configure_filter(b, o);
	err = o->configure ? o->configure(o->ctx, b->k, why, whylen) : 0;
	if (err) {
		ksyms_finish(&ks, NULL);
		goto cleanup;
	}
	trail_phase("configure");
	if (getenv("TRAIL_VERIFIER_STATS")) {	/* per-program verifier cost, with -v -v */
		struct bpf_program *p;

		bpf_object__for_each_program(p, b->v.obj)
			bpf_program__set_log_level(p, 4);
	}
	/* the kernel counts each program's runs and time while this fd is
	 * open (5.8+; the same as sysctl kernel.bpf_stats_enabled=1) */
	if (getenv("TRAIL_BPF_STATS") && (b->stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME)) <= 0)
		b->stats_fd = 0;
	err = bpf_object__load_skeleton(b->v.skeleton);
	if (err) {
		ksyms_finish(&ks, NULL);
		msgf(why, whylen, err, "the kernel refused %s BPF programs: %s%s", ops->who,
		     strerror(-err), trail_verbose ? "" : " (run with -v for the verifier log)");
		goto cleanup;
	}
	trail_phase("load (verify)");
	if ((err = ksyms_finish(&ks, &b->v))) {
		msgf(why, whylen, err, "can't fill the capability checks' map: %s", strerror(-err));
		goto cleanup;
	}
	trail_phase("kallsyms");
	err = fill_filter_maps(b, o, why, whylen);
cleanup:
	if (err)
		bpf_obj__release(b);
	return err;
}

int bpf_obj__load(struct bpf_obj *b, const struct bpf_obj_ops *ops, const struct bpf_obj_opts *o,
		  char *why, size_t whylen)
{
	struct core_btf cb;
	int err;

	if (!has_cap(CAP_SYS_ADMIN) && !(has_cap(CAP_BPF) && has_cap(CAP_PERFMON)))
		return msgf(why, whylen, -EPERM, "%s needs root (or CAP_BPF and CAP_PERFMON)",
			    ops->needs);
	heap_hugepages(32 << 20);	/* before the probe's fork: both parse BTF */
	core_btf_begin(&cb);
	err = load_with(b, ops, o, &cb, why, whylen);
	kfeatures_set_job(NULL, NULL);
	core_btf_end(&cb);
	heap_release();
	return err;
}

void bpf_obj__report_stats(const struct bpf_obj *b)
{
	struct bpf_program *p;

	if (!getenv("TRAIL_BPF_STATS") || !b->skel)
		return;
	if (b->stats_fd <= 0)
		fprintf(stderr, "trail: bpf: no run-time stats: bpf_enable_stats failed\n");
	bpf_object__for_each_program(p, b->v.obj) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(p);

		if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
			continue;
		fprintf(stderr, "trail: bpf: %s %llu runs %llu ns %.0f ns/run\n", bpf_program__name(p),
			(unsigned long long)info.run_cnt, (unsigned long long)info.run_time_ns,
			info.run_cnt ? (double)info.run_time_ns / info.run_cnt : 0.0);
	}
}

int bpf_obj__follow(struct bpf_obj *b, pid_t pid)
{
	return targetmap_follow(bpf_map__fd(b->v.traced), pid);
}

int bpf_obj__unfollow(struct bpf_obj *b, pid_t pid)
{
	return targetmap_unfollow(bpf_map__fd(b->v.traced), pid);
}

bool bpf_obj__following(const struct bpf_obj *b)
{
	int fd = bpf_map__fd(b->v.traced);

	if (!targetmap_following(fd))
		return false;
	targetmap_prune(fd);
	return targetmap_following(fd);
}

size_t bpf_obj__followed(const struct bpf_obj *b, __u32 *pids, size_t max)
{
	return targetmap_list(bpf_map__fd(b->v.traced), pids, max);
}

int bpf_obj__attach(struct bpf_obj *b, char *why, size_t whylen)
{
	int err = bpf_object__attach_skeleton(b->v.skeleton);

	trail_phase("attach");
	if (err)
		return msgf(why, whylen, err, "can't attach to tracepoints: %s", strerror(-err));
	return 0;
}

void bpf_obj__detach(struct bpf_obj *b)
{
	bpf_object__detach_skeleton(b->v.skeleton);
	trail_phase("detach");
}

void bpf_obj__release(struct bpf_obj *b)
{
	if (b->skel) {
		bpf_object__destroy_skeleton(b->v.skeleton);
		free(b->skel);
	}
	if (b->stats_fd > 0)
		close(b->stats_fd);
	b->stats_fd = 0;
	b->skel = NULL;
	memset(&b->v, 0, sizeof(b->v));
}
