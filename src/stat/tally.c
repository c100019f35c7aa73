// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <linux/membarrier.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include "record/ksyms.h"
#include "record/probe.h"
#include "record/skel.h"
#include "record/targetmap.h"
#include "stat/tally.h"
#include "model/systab.h"
#include "util/util.h"
#include "stat.skel.h"
#include "stat.compat.skel.h"

DEFINE_SKEL_OPEN_BUILD(stat_bpf, stat_compat_bpf)

struct tally {
	struct stat_bpf *skel;
	int ncpu;
	bool caps_traced;
	void *vals;             /* one per-CPU value, the largest */
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

int tally__load(struct tally **out, const struct tally_opts *o, char *why, size_t whylen)
{
	const struct kfeatures *k;
	struct tally *t;
	unsigned int op;
	int err;

	if (!has_cap(CAP_SYS_ADMIN) && !(has_cap(CAP_BPF) && has_cap(CAP_PERFMON)))
		return msgf(why, whylen, -EPERM, "stat needs root (or CAP_BPF and CAP_PERFMON)");
	k = kfeatures_get();
	if (kfeatures_unusable(k))
		return msgf(why, whylen, -ENOTSUP, "%s", kfeatures_unusable(k));

	libbpf_set_print(libbpf_quiet);
	t = xcalloc(1, sizeof(*t));
	t->ncpu = libbpf_num_possible_cpus();
	if (t->ncpu <= 0) {
		free(t);
		return msgf(why, whylen, -ENOTSUP, "can't count the CPUs");
	}
	t->vals = xcalloc(t->ncpu, sizeof(struct stat_file_val));
	t->skel = stat_bpf__open_build(k->compat);
	if (!t->skel) {
		err = -errno;
		tally__free(t);
		return msgf(why, whylen, err, "can't open BPF object: %s", strerror(-err));
	}
	t->skel->rodata->cfg_target = o->target;
	t->skel->rodata->cfg_self_tgid = getpid();
	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		const struct sys_info *si = systab_get(op);

		t->skel->rodata->cfg_op[op] = op_cfg(si);
		if (si->nr >= 0 && si->nr < TRAIL_NR_MAX)
			t->skel->rodata->cfg_nr_op[si->nr] = op + 1;
	}
	if (o->target != TRAIL_TARGET_TREE)	/* unused: no tree to follow */
		bpf_map__set_max_entries(t->skel->maps.traced, 1);
	bpf_map__set_autocreate(t->skel->maps.stash_zero, k->compat);
	t->caps_traced = k->has[KF_CAP_TP];
	if (!t->caps_traced) {
		bpf_program__set_autoload(t->skel->progs.stat_cap, false);
	} else {
		/* the overcommit check asks for nothing (capquiet.bpf.h) */
		ksyms_overcommit((uint64_t *)t->skel->rodata->cfg_quiet_lo,
				 (uint64_t *)t->skel->rodata->cfg_quiet_hi);
	}
	err = stat_bpf__load(t->skel);
	if (err) {
		tally__free(t);
		return msgf(why, whylen, err, "the kernel refused trail stat's BPF programs: %s%s",
			    strerror(-err), trail_verbose ? "" : " (run with -v for the verifier log)");
	}
	if (o->target == TRAIL_TARGET_CGROUP &&
	    (err = targetmap_set_cgroup(bpf_map__fd(t->skel->maps.target_cgroup), o->cgroup_fd))) {
		tally__free(t);
		return msgf(why, whylen, err, "can't filter on the cgroup: %s", strerror(-err));
	}
	*out = t;
	return 0;
}

int tally__follow(struct tally *t, pid_t pid)
{
	return targetmap_follow(bpf_map__fd(t->skel->maps.traced), pid);
}

int tally__unfollow(struct tally *t, pid_t pid)
{
	return targetmap_unfollow(bpf_map__fd(t->skel->maps.traced), pid);
}

bool tally__following(const struct tally *t)
{
	return targetmap_following(bpf_map__fd(t->skel->maps.traced));
}

int tally__attach(struct tally *t, char *why, size_t whylen)
{
	int err = stat_bpf__attach(t->skel);

	if (err)
		return msgf(why, whylen, err, "can't attach to tracepoints: %s", strerror(-err));
	return 0;
}

void tally__detach(struct tally *t)
{
	stat_bpf__detach(t->skel);
}

/* A per-CPU array entry summed over CPUs (nwords u64 fields), then zeroed. */
static int take_percpu(struct tally *t, int fd, __u32 key, uint64_t *sum, size_t nwords)
{
	uint64_t *v = t->vals;
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
	uint64_t *v = t->vals, sum[3];

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
		uint64_t sum[2] = { 0 };

		err = take_percpu(t, fd, gen * TRAIL_SYS_MAX + op, sum, 2);
		s->calls[op] += sum[0];
		s->failed[op] += sum[1];
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
	stat_bpf__destroy(t->skel);
	free(t->vals);
	free(t);
}
