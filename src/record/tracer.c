// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "record/probe.h"
#include "record/skel.h"
#include "record/tracer.h"
#include "model/systab.h"
#include "util/util.h"
#include "trail.skel.h"
#include "trail.compat.skel.h"

DEFINE_SKEL_OPS(trail_bpf, trail_compat_bpf, "trail's", "recording");

struct tracer {
	struct bpf_obj obj;
	struct trail_bpf *skel;     /* obj's */
	struct ring_buffer *rb;
	struct tracer_opts o;
	/* our own read-only view of the ring's positions, to measure it */
	const volatile __u64 *cons_pos, *prod_pos;
	size_t budget, taken;       /* tracer__consume_max */
};

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

/* Before load, after the filter's: the recorder's own read-only data
 * and map sizes. */
static int configure(void *ctx, const struct kfeatures *k, char *why, size_t whylen)
{
	struct tracer *t = ctx;
	struct trail_bpf *skel = t->obj.skel;
	unsigned int op;
	int ncpu;

	skel->rodata->cfg_no_env = t->o.no_env;
	skel->rodata->cfg_follow_peers = t->o.follow_peers;
	skel->rodata->cfg_failed_cap = t->o.failed_only || t->o.failed_cap;
	for (op = 0; op < TRAIL_OP_MAX; op++)	/* --syscall's slots too, for all */
		skel->rodata->cfg_failed_op[op] = t->o.failed_only ||
			(t->o.failed_ops && op < TRAIL_SYS_MAX && t->o.failed_ops[op]);
	skel->rodata->cfg_wakeup_bytes = t->o.wakeup_bytes;
	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		struct trail_sys_desc d;

		systab_desc(op, &d);
		memcpy((void *)&skel->rodata->cfg_sys[op], &d, sizeof(d));
	}
	/* --syscall: the slots after the table's, for numbers it leaves free */
	for (op = 0; op < t->o.nsyscalls && op < TRAIL_GENERIC_MAX; op++) {
		const struct tf_syscall *sc = &t->o.syscalls[op];
		struct trail_sys_desc d;
		int gop = systab_register(sc);

		if (gop < 0 || skel->rodata->cfg_nr_op[sc->nr])
			return msgf(why, whylen, -EINVAL, "can't trace syscall '%s' generically",
				    sc->name);
		systab_desc(gop, &d);
		memcpy((void *)&skel->rodata->cfg_sys[TRAIL_SYS_MAX + op], &d, sizeof(d));
		skel->rodata->cfg_nr_op[sc->nr] = TRAIL_SYS_MAX + op + 1;
	}
	bpf_map__set_max_entries(skel->maps.events, t->o.ring_bytes);
	/* 2 MiB allocated at creation for the rare io_uring open: allocated
	 * per request instead (bpfobj.c says why that is fine for traced) */
	bpf_map__set_map_flags(skel->maps.uring_pending,
			       bpf_map__map_flags(skel->maps.uring_pending) | BPF_F_NO_PREALLOC);
	ncpu = libbpf_num_possible_cpus();
	if (ncpu > 0) {
		bpf_map__set_max_entries(skel->maps.exec_scratch, ncpu);
		bpf_map__set_max_entries(skel->maps.rec_bufs, ncpu);
	}
	/* the compat build's per-CPU record buffers */
	bpf_map__set_autocreate(skel->maps.rec_bufs, k->compat);
	return 0;
}

/* Our own read-only view of the ring's positions, to measure it. */
static void map_positions(struct tracer *t)
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

int tracer__load(struct tracer **out, const struct tracer_opts *o, char *why, size_t whylen)
{
	struct bpf_obj_opts bo = {
		.target = o->target, .cgroup_fd = o->cgroup_fd, .types = o->types, .ops = o->ops,
		.comms = o->comms, .uid_filter = o->uid_filter, .uid_min = o->uid_min,
		.uid_max = o->uid_max, .configure = configure,
	};
	struct tracer *t = xcalloc(1, sizeof(*t));
	int err;

	t->o = *o;
	bo.ctx = t;
	err = bpf_obj__load(&t->obj, &trail_bpf_ops, &bo, why, whylen);
	if (err)
		goto cleanup;
	t->skel = t->obj.skel;
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), ringbuf_cb, t, NULL);
	if (!t->rb) {
		err = msgf(why, whylen, -errno, "can't map the ring buffer: %s", strerror(errno));
		goto cleanup;
	}
	map_positions(t);
	trail_phase("ring buffer mmap");
	*out = t;
	return 0;
cleanup:
	tracer__free(t);
	return err;
}

struct bpf_obj *tracer__obj(struct tracer *t)
{
	return &t->obj;
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

void tracer__free(struct tracer *t)
{
	if (!t)
		return;
	ring_buffer__free(t->rb);
	if (t->cons_pos)
		munmap((void *)t->cons_pos, sysconf(_SC_PAGESIZE));
	if (t->prod_pos)
		munmap((void *)t->prod_pos, sysconf(_SC_PAGESIZE));
	bpf_obj__release(&t->obj);
	free(t);
}
