// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "record/ksyms.h"
#include "record/probe.h"
#include "record/skel.h"
#include "record/targetmap.h"
#include "record/tracer.h"
#include "model/systab.h"
#include "util/util.h"
#include "trail.skel.h"
#include "trail.compat.skel.h"

DEFINE_SKEL_OPEN_BUILD(trail_bpf, trail_compat_bpf)

struct tracer {
	struct trail_bpf *skel;
	struct ring_buffer *rb;
	struct tracer_opts o;
	/* our own read-only view of the ring's positions, to measure it */
	const volatile __u64 *cons_pos, *prod_pos;
	size_t budget, taken;       /* tracer__consume_max */
};

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

static int ringbuf_cb(void *ctx, void *data, size_t size)
{
	struct tracer *t = ctx;
	int err = t->o.on_record(t->o.ctx, data, size);

	if (err)
		return err;
	/* libbpf stops at a negative return, this record consumed */
	if (t->budget && ++t->taken >= t->budget)
		return -EAGAIN;
	return 0;
}

/* Which syscalls the dispatch table gets: those of the event types asked
 * for, and always the ones the model cannot do without (process events,
 * the working directory and root) and that are rare anyway. */
static bool op_wanted(const struct tracer_opts *o, const struct sys_info *si)
{
	if ((!o->types && !o->ops) || si->class == TRAIL_CLASS_EXEC ||
	    si->class == TRAIL_CLASS_CLONE)
		return true;
	if (si->type == TE_CHDIR || si->type == TE_chroot)
		return true;
	if (o->ops && si->op < TRAIL_SYS_MAX)
		return o->ops[si->op];
	return si->type < TE__MAX && o->types && o->types[si->type];
}

/* After load: the maps the filter reads besides traced. */
static int set_filter_maps(struct tracer *t, char *why, size_t whylen)
{
	__u8 one = 1;
	size_t i;
	int err;

	if (t->o.target == TRAIL_TARGET_CGROUP &&
	    (err = targetmap_set_cgroup(bpf_map__fd(t->skel->maps.target_cgroup), t->o.cgroup_fd)))
		return msgf(why, whylen, err, "can't filter on the cgroup: %s", strerror(-err));
	for (i = 0; t->o.comms && t->o.comms[i]; i++) {
		char key[TRAIL_COMM_LEN] = { 0 };

		strncpy(key, t->o.comms[i], TRAIL_COMM_LEN - 1);
		if (bpf_map_update_elem(bpf_map__fd(t->skel->maps.comm_filter), key, &one, BPF_ANY))
			return msgf(why, whylen, -errno, "can't filter on comm '%s': %s",
				    t->o.comms[i], strerror(errno));
	}
	return 0;
}

/* Programs for what the kernel cannot give, or nobody asked for, are not
 * loaded; io_uring's go to the tracepoints this kernel has. */
static void choose_programs(struct trail_bpf *skel, const struct kfeatures *k,
			    const bool *types)
{
	bool cap = k->has[KF_CAP_TP] && (!types || types[TE_cap]);
	bool uring = k->has[KF_URING_SUBMIT] && (!types || types[TE_uring]);

	bpf_program__set_autoload(skel->progs.on_cap, cap);
	if (cap)	/* the overcommit check's callers (capquiet.bpf.h) */
		ksyms_overcommit((uint64_t *)skel->rodata->cfg_quiet_lo,
				 (uint64_t *)skel->rodata->cfg_quiet_hi);
	bpf_program__set_autoload(skel->progs.on_uring_submit, uring);
	if (uring)
		bpf_program__set_attach_target(skel->progs.on_uring_submit, 0, k->uring_submit_tp);
	bpf_program__set_autoload(skel->progs.on_uring_complete,
				  uring && k->uring_complete == URING_COMPLETE_CQE);
	bpf_program__set_autoload(skel->progs.on_uring_complete_res,
				  uring && k->uring_complete == URING_COMPLETE_RES);
}

int tracer__load(struct tracer **out, const struct tracer_opts *o, char *why, size_t whylen)
{
	const struct kfeatures *k;
	struct tracer *t;
	unsigned int op;
	int err, ncpu;

	if (!has_cap(CAP_SYS_ADMIN) && !(has_cap(CAP_BPF) && has_cap(CAP_PERFMON)))
		return msgf(why, whylen, -EPERM,
			       "recording needs root (or CAP_BPF and CAP_PERFMON)");
	k = kfeatures_get();
	if (kfeatures_unusable(k))
		return msgf(why, whylen, -ENOTSUP, "%s", kfeatures_unusable(k));

	libbpf_set_print(libbpf_quiet);
	t = xcalloc(1, sizeof(*t));
	t->o = *o;
	t->skel = trail_bpf__open_build(k->compat);
	if (!t->skel) {
		err = -errno;
		free(t);
		return msgf(why, whylen, err, "can't open BPF object: %s", strerror(-err));
	}
	t->skel->rodata->cfg_no_env = o->no_env;
	t->skel->rodata->cfg_wakeup_bytes = o->wakeup_bytes;
	t->skel->rodata->cfg_target = o->target;
	t->skel->rodata->cfg_self_tgid = getpid();
	t->skel->rodata->cfg_follow_peers = o->follow_peers;
	t->skel->rodata->cfg_comm_filter = o->comms && o->comms[0];
	choose_programs(t->skel, k, o->types);
	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		const struct sys_info *si = systab_get(op);
		struct trail_sys_desc d;

		systab_desc(op, &d);
		memcpy((void *)&t->skel->rodata->cfg_sys[op], &d, sizeof(d));
		if (si->nr >= 0 && si->nr < TRAIL_NR_MAX && op_wanted(o, si))
			t->skel->rodata->cfg_nr_op[si->nr] = op + 1;
	}
	/* --syscall: the slots after the table's, for numbers it leaves free */
	for (op = 0; op < o->nsyscalls && op < TRAIL_GENERIC_MAX; op++) {
		const struct tf_syscall *sc = &o->syscalls[op];
		struct trail_sys_desc d;
		int gop = systab_register(sc);

		if (gop < 0 || t->skel->rodata->cfg_nr_op[sc->nr]) {
			trail_bpf__destroy(t->skel);
			free(t);
			return msgf(why, whylen, -EINVAL, "can't trace syscall '%s' generically",
				    sc->name);
		}
		systab_desc(gop, &d);
		memcpy((void *)&t->skel->rodata->cfg_sys[TRAIL_SYS_MAX + op], &d, sizeof(d));
		t->skel->rodata->cfg_nr_op[sc->nr] = TRAIL_SYS_MAX + op + 1;
	}
	bpf_map__set_max_entries(t->skel->maps.events, o->ring_bytes);
	ncpu = libbpf_num_possible_cpus();
	if (ncpu > 0) {
		bpf_map__set_max_entries(t->skel->maps.exec_scratch, ncpu);
		bpf_map__set_max_entries(t->skel->maps.rec_bufs, ncpu);
	}
	/* the compat build's per-CPU record buffers and zeroed task state */
	bpf_map__set_autocreate(t->skel->maps.rec_bufs, k->compat);
	bpf_map__set_autocreate(t->skel->maps.stash_zero, k->compat);

	if (getenv("TRAIL_VERIFIER_STATS")) {	/* per-program verifier cost, with -v -v */
		struct bpf_program *p;

		bpf_object__for_each_program(p, t->skel->obj)
			bpf_program__set_log_level(p, 4);
	}
	err = trail_bpf__load(t->skel);
	if (err) {
		tracer__free(t);
		return msgf(why, whylen, err, "the kernel refused trail's BPF programs: %s%s",
			       strerror(-err), trail_verbose ? "" : " (run with -v for the verifier log)");
	}
	err = set_filter_maps(t, why, whylen);
	if (err) {
		tracer__free(t);
		return err;
	}
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), ringbuf_cb, t, NULL);
	if (!t->rb) {
		err = -errno;
		tracer__free(t);
		return msgf(why, whylen, err, "can't map the ring buffer: %s", strerror(-err));
	}
	{
		long page = sysconf(_SC_PAGESIZE);
		int fd = bpf_map__fd(t->skel->maps.events);
		void *c = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
		void *p = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, page);

		if (c != MAP_FAILED)
			t->cons_pos = c;
		if (p != MAP_FAILED)
			t->prod_pos = p;
	}
	*out = t;
	return 0;
}

int tracer__follow(struct tracer *t, pid_t pid)
{
	return targetmap_follow(bpf_map__fd(t->skel->maps.traced), pid);
}

int tracer__unfollow(struct tracer *t, pid_t pid)
{
	return targetmap_unfollow(bpf_map__fd(t->skel->maps.traced), pid);
}

bool tracer__following(const struct tracer *t)
{
	return targetmap_following(bpf_map__fd(t->skel->maps.traced));
}

size_t tracer__followed(const struct tracer *t, __u32 *pids, size_t max)
{
	return targetmap_list(bpf_map__fd(t->skel->maps.traced), pids, max);
}

int tracer__attach(struct tracer *t, char *why, size_t whylen)
{
	int err = trail_bpf__attach(t->skel);

	if (err)
		return msgf(why, whylen, err, "can't attach to tracepoints: %s", strerror(-err));
	return 0;
}

int tracer__fd(const struct tracer *t)
{
	return ring_buffer__epoll_fd(t->rb);
}

size_t tracer__pending(const struct tracer *t)
{
	if (!t->cons_pos || !t->prod_pos)
		return 0;
	return *t->prod_pos - *t->cons_pos;
}

int tracer__consume(struct tracer *t)
{
	return ring_buffer__consume(t->rb);
}

int tracer__consume_max(struct tracer *t, size_t max)
{
	int ret;

	t->budget = max;
	t->taken = 0;
	ret = ring_buffer__consume(t->rb);
	t->budget = 0;
	return ret == -EAGAIN ? (int)t->taken : ret;
}

/* A per-CPU counter of an array map, summed over CPUs (0 if unreadable). */
static uint64_t percpu_sum(int fd, __u32 key)
{
	int ncpu = libbpf_num_possible_cpus(), i;
	uint64_t *vals, sum = 0;

	if (ncpu <= 0)
		return 0;
	vals = xcalloc(ncpu, sizeof(*vals));
	if (!bpf_map_lookup_elem(fd, &key, vals))
		for (i = 0; i < ncpu; i++)
			sum += vals[i];
	free(vals);
	return sum;
}

int tracer__drops(struct tracer *t, uint64_t *drops)
{
	__u32 k;

	for (k = 0; k < TRAIL_DROPS_LEN; k++)
		drops[k] = percpu_sum(bpf_map__fd(t->skel->maps.drops), k);
	return 0;
}

uint64_t tracer__unmarked(struct tracer *t)
{
	return percpu_sum(bpf_map__fd(t->skel->maps.unmarked), 0);
}

void tracer__detach(struct tracer *t)
{
	trail_bpf__detach(t->skel);
}

void tracer__free(struct tracer *t)
{
	if (!t)
		return;
	ring_buffer__free(t->rb);
	if (t->cons_pos)
		munmap((void *)t->cons_pos, sysconf(_SC_PAGESIZE));
	if (t->prod_pos)
		munmap((void *)t->prod_pos, sysconf(_SC_PAGESIZE));
	trail_bpf__destroy(t->skel);
	free(t);
}
