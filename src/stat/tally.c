// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <linux/membarrier.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "record/probe.h"
#include "record/skel.h"
#include "stat/tally.h"
#include "model/systab.h"
#include "util/util.h"
#include "stat.skel.h"
#include "stat.compat.skel.h"

DEFINE_SKEL_OPS(stat_bpf, stat_compat_bpf, "trail stat's", "stat");

struct tally {
	struct bpf_obj obj;
	struct stat_bpf *skel;      /* obj's */
	int ncpu;
	bool caps_traced;
	struct stat_file_val vals[];    /* one per-CPU value, the largest */
};

/* What the exit program reads for op, from its letters in syscalls.def. */
static struct stat_op_cfg op_cfg(const struct sys_info *si)
{
	struct stat_op_cfg c = { STAT_HOW_NONE, 0 };
	const char *p;

	if (si->type == TE_open || si->type == TE_exec) {
		p = strchr(si->args, 'p');
		if (p) {
			c.how = si->type == TE_exec ? STAT_HOW_EXEC : STAT_HOW_PATH;
			c.arg = p - si->args;
		}
	} else if (si->type == TE_connect || si->type == TE_send) {
		if ((p = strchr(si->args, 'S')) && p[1]) {
			c.how = STAT_HOW_ADDR;
			c.arg = p - si->args;
		} else if ((p = strchr(si->args, 'M'))) {
			c.how = STAT_HOW_MSG;
			c.arg = p - si->args;
		}
	}
	return c;
}

/* Before load, after the filter's: what the exit program reads per op. */
static int configure(void *ctx, const struct kfeatures *k, char *why, size_t whylen)
{
	struct tally *t = ctx;
	struct stat_bpf *skel = t->obj.skel;
	unsigned int op;

	for (op = 0; op < TRAIL_SYS_MAX; op++)
		skel->rodata->cfg_op[op] = op_cfg(systab_get(op));
	t->caps_traced = k->has[KF_CAP_TP];
	return 0;
}

int tally__load(struct tally **out, const struct tally_opts *o, char *why, size_t whylen)
{
	struct bpf_obj_opts bo = { .target = o->target, .cgroup_fd = o->cgroup_fd,
				   .types = o->types, .ops = o->ops, .configure = configure };
	int ncpu = libbpf_num_possible_cpus(), err;
	struct tally *t;

	if (ncpu <= 0)
		return msgf(why, whylen, -ENOTSUP, "can't count the CPUs");
	t = xcalloc(1, sizeof(*t) + ncpu * sizeof(t->vals[0]));
	t->ncpu = ncpu;
	bo.ctx = t;
	err = bpf_obj__load(&t->obj, &stat_bpf_ops, &bo, why, whylen);
	if (err) {
		free(t);
		return err;
	}
	t->skel = t->obj.skel;
	*out = t;
	return 0;
}

struct bpf_obj *tally__obj(struct tally *t)
{
	return &t->obj;
}

/* A per-CPU array entry summed over CPUs (nwords u64 fields), then zeroed. */
static int take_percpu(struct tally *t, int fd, __u32 key, uint64_t *sum, size_t nwords)
{
	uint64_t *v = (uint64_t *)t->vals;
	size_t vsz = nwords * sizeof(uint64_t);
	int i;
	size_t w;

	if (bpf_map_lookup_elem(fd, &key, v))
		return -errno;
	for (i = 0; i < t->ncpu; i++)
		for (w = 0; w < nwords; w++)
			sum[w] += v[i * nwords + w];
	memset(v, 0, vsz * t->ncpu);
	if (bpf_map_update_elem(fd, &key, v, BPF_ANY))
		return -errno;
	return 0;
}

typedef void (*row_fn)(struct tally *t, struct stat_snap *s, const void *key, const uint64_t *sum);

/*
 * Every entry of generation gen of a hash map, its per-CPU values summed
 * (nwords u64 fields), handed to fn, then deleted.  Keys are collected
 * first: deleting while walking with get_next_key would restart the walk.
 */
static int take_hash(struct tally *t, struct bpf_map *map, __u32 gen, size_t nwords,
		     bool percpu, row_fn fn, struct stat_snap *s)
{
	int fd = bpf_map__fd(map), err = 0, i;
	size_t ksz = bpf_map__key_size(map), n = 0, cap = 0, k, w;
	char *keys = NULL, *cur = NULL, *next = xmalloc(ksz);
	uint64_t *v = (uint64_t *)t->vals, sum[3];

	while (!bpf_map_get_next_key(fd, cur, next)) {
		__u32 g;

		memcpy(&g, next, sizeof(g));	/* every key starts with its generation */
		if (g == gen) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				keys = xrealloc(keys, cap * ksz);
			}
			memcpy(keys + n * ksz, next, ksz);
			n++;
		}
		if (!cur)
			cur = xmalloc(ksz);
		memcpy(cur, next, ksz);
	}
	if (errno != ENOENT)
		err = -errno;
	for (k = 0; k < n && !err; k++) {
		const char *key = keys + k * ksz;

		if (bpf_map_lookup_elem(fd, key, v)) {
			if (errno == ENOENT)
				continue;
			err = -errno;
			break;
		}
		memset(sum, 0, sizeof(sum));
		for (i = 0; i < (percpu ? t->ncpu : 1); i++)
			for (w = 0; w < nwords; w++)
				sum[w] += v[i * nwords + w];
		fn(t, s, key, sum);
		if (bpf_map_delete_elem(fd, key) && errno != ENOENT)
			err = -errno;
	}
	free(keys);
	free(cur);
	free(next);
	return err;
}

static void comm_row(struct tally *t, struct stat_snap *s, const void *key, const uint64_t *sum)
{
	const struct stat_comm_key *k = key;
	char comm[STAT_COMM_LEN + 1] = "";

	memcpy(comm, k->comm, STAT_COMM_LEN);
	stat_snap__comm(s, comm)->calls = sum[0];
}

static void file_row(struct tally *t, struct stat_snap *s, const void *key, const uint64_t *sum)
{
	const struct stat_file_key *k = key;
	struct stat_file *f = stat_snap__file(s, k->path, strnlen(k->path, STAT_PATH_LEN));

	f->count = sum[0];
	f->failed = sum[1];
	f->truncated = sum[2] > 0;
}

static void cap_row(struct tally *t, struct stat_snap *s, const void *key, const uint64_t *sum)
{
	const struct stat_cap_key *k = key;
	struct stat_cap *c = stat_snap__cap(s, k->cap);

	if (k->denied)
		c->denied += sum[0];
	else
		c->granted += sum[0];
}

static void remote_row(struct tally *t, struct stat_snap *s, const void *key, const uint64_t *sum)
{
	const struct stat_remote_key *k = key;
	struct stat_remote *r = stat_snap__remote(s, k->addr, k->len);

	r->count = sum[0];
	r->failed = sum[1];
}

/* Stop every program from counting into the generation we are about to
 * read: MEMBARRIER_CMD_GLOBAL waits for an RCU grace period, and tracepoint
 * programs run inside RCU read-side sections, so any program that read the
 * old generation has finished when it returns. */
static void wait_for_programs(void)
{
	if (syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0))
		usleep(50 * 1000);	/* nohz_full: no such call; programs run for microseconds */
}

int tally__read(struct tally *t, struct stat_snap *s)
{
	struct stat_bpf__bss *bss = t->skel->bss;
	__u32 gen = bss->stat_gen & 1, op, c;
	int fd, err = 0;

	__atomic_store_n(&bss->stat_gen, gen ^ 1, __ATOMIC_SEQ_CST);
	wait_for_programs();
	s->caps_traced = t->caps_traced;

	fd = bpf_map__fd(t->skel->maps.ops);
	for (op = 0; op < TRAIL_SYS_MAX && !err; op++) {
		uint64_t sum[3] = { 0 };

		err = take_percpu(t, fd, gen * TRAIL_SYS_MAX + op, sum, 3);
		s->calls[op] += sum[0];
		s->failed[op] += sum[1];
		s->ns[op] += sum[2];
	}
	fd = bpf_map__fd(t->skel->maps.counters);
	for (c = 0; c < STAT_C_MAX && !err; c++)
		err = take_percpu(t, fd, gen * STAT_C_MAX + c, &s->counters[c], 1);
	if (!err)
		err = take_hash(t, t->skel->maps.comms, gen, 1, true, comm_row, s);
	if (!err)
		err = take_hash(t, t->skel->maps.files, gen, 3, true, file_row, s);
	if (!err)
		err = take_hash(t, t->skel->maps.caps, gen, 1, false, cap_row, s);
	if (!err)
		err = take_hash(t, t->skel->maps.remotes, gen, 2, false, remote_row, s);
	return err;
}

void tally__free(struct tally *t)
{
	if (!t)
		return;
	bpf_obj__release(&t->obj);
	free(t);
}
