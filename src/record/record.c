// SPDX-License-Identifier: MIT
/*
 * trail record / watch: prepare the target and the output -> load and
 * attach (record/session.c starts the target: spawn gated, follow, attach;
 * or attach, then follow running processes) -> run: release the command,
 * hand the ring buffer's records to the trace file or a sink until the
 * target ends, time is up or a signal says stop -> drain and finish.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "model/loss.h"
#include "record/bpfobj.h"
#include "record/freeze.h"
#include "record/generic.h"
#include "record/procfs.h"
#include "record/record.h"
#include "record/probe.h"
#include "record/session.h"
#include "record/tracer.h"
#include "util/util.h"

#define FLUSH_NS 1000000000ull
/* Records handed on per drain before the loop looks at its signals and
 * timers again: a busy machine may fill the ring as fast as we empty it. */
#define BATCH 65536
/* The traced set listed for a rotated file's process table, at most */
#define FOLLOWED_MAX 65536

struct recording {
	const struct record_opts *o;
	struct session s;          /* the target, its start and the wait */
	struct tracer *t;
	struct tf_syscall *gen;    /* --syscall */
	unsigned int ngen;
	int fd;                    /* the trace file */
	struct tf_writer *w;
	const struct record_sink *sink;
	int write_err;
	bool sink_done;
	uint64_t received;
	uint64_t late;             /* identities sent again (TRAIL_F_LATE) */
	uint64_t last_flush;
	/* --lossless and --scope: the command's own cgroup */
	struct freezer *fz;
	int scope_fd;              /* --scope: its directory, the kernel's filter */
	size_t high;
	/* every file's header: said once, written in each */
	char cwd[PATH_MAX], host[256], boot[TF_BOOT_ID_LEN + 1];
	struct utsname un;
	const char *unavail_kind[TF_UNAVAILABLE_MAX], *unavail_why[TF_UNAVAILABLE_MAX];
	int nunavail;
	/* --rotate, SIGHUP: the file being written, and those before it */
	uint64_t started_ns, opened_ns, last_ts, last_stats;
	uint64_t drops_base[TRAIL_DROPS_LEN];   /* the kernel's drop counts at its start */
	uint64_t done_records, done_bytes;      /* in the files finished */
	unsigned int files, deleted;
	bool hup, health;          /* SIGHUP, SIGUSR1 seen, for the next tick */
	bool sink_failed;          /* its SIGHUP failed: stop at the next tick */
};

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int on_record(void *ctx, const void *rec, size_t size)
{
	struct recording *s = ctx;
	int err;

	s->received++;
	if (size >= sizeof(struct trail_ev_hdr)) {
		const struct trail_ev_hdr *h = rec;

		s->last_ts = h->ts;

		if (h->kind == TRAIL_EV_IDENT && (h->flags & TRAIL_F_LATE))
			s->late++;
	}
	if (s->sink) {
		if (s->sink_done)
			return -ECANCELED;
		if (s->sink->record(s->sink->ctx, rec, size)) {
			s->sink_done = true;
			return -ECANCELED;
		}
		return 0;
	}
	/* lossless: while draining, hold the command as soon as the ring
	 * fills faster than we empty it (checked every few records; the
	 * freeze takes effect at the tasks' next return to user space) */
	if (s->fz) {
		size_t pending = tracer__pending(s->t);

		/* a chunk write blocks us for a while: hold the command
		 * across it unless the ring is nearly empty */
		if (pending >= s->high ||
		    (tf_writer__would_flush(s->w, size) && pending >= s->high / 4))
			freezer__set(s->fz, true);
	}
	err = tf_writer__add(s->w, rec, size);

	if (err == -EINVAL)		/* a record the kernel side got wrong: skip */
		return 0;
	if (err)
		s->write_err = err;
	return err;
}

/* Losses after a CPU's last record have no marker yet: one at the end, so
 * that the markers in the stream always add up to the reported count. */
static void mark_tail_loss(struct recording *s, uint64_t n)
{
	struct trail_ev_lost ev = { 0 };

	if (!n)
		return;
	ev.hdr.kind = TRAIL_EV_LOST;
	ev.hdr.size = sizeof(ev);
	ev.hdr.ts = now_ns(CLOCK_MONOTONIC);
	memcpy(ev.hdr.comm, "trail", 6);
	ev.count = n;
	if (s->sink) {
		if (!s->sink_done)
			s->sink->record(s->sink->ctx, &ev, sizeof(ev));
	} else {
		tf_writer__add(s->w, &ev, sizeof(ev));
	}
}

/* The end-of-recording lines: where the events went, and what was lost.
 * Recorded are the events in the file: not its loss markers, nor an
 * identity sent again after it was counted lost; so recorded + lost is
 * what the run made. */
static void report(const char *path, const struct tf_stats *st, uint64_t bytes,
		   uint64_t received, uint64_t late)
{
	uint64_t faults = 0, stash = 0;
	char detail[256];
	struct loss l;
	unsigned int k;

	loss_from_stats(&l, st);
	loss_detail(&l, detail, sizeof(detail));
	for (k = 0; k < TRAIL_EV_KIND_MAX; k++) {
		stash += st->drops[TRAIL_DROP_STASH * TRAIL_EV_KIND_MAX + k];
		faults += st->drops[TRAIL_DROP_STRING * TRAIL_EV_KIND_MAX + k];
	}
	if (path)
		fprintf(stderr, "trail: %llu records (events and identities) in '%s' (%.1f KiB)\n",
			(unsigned long long)(st->records - st->count[TRAIL_EV_LOST] - late),
			path, bytes / 1024.0);
	else		/* what passed the in-kernel filters */
		fprintf(stderr, "trail: %llu events received\n", (unsigned long long)received);
	fprintf(stderr, "trail: %llu events lost%s\n", (unsigned long long)l.total, detail);
	if (late)
		fprintf(stderr, "trail: %llu identities sent again after their loss\n",
			(unsigned long long)late);
	if (stash)
		fprintf(stderr, "trail: %llu syscalls not recorded: the in-kernel state map was full\n",
			(unsigned long long)stash);
	if (faults)
		fprintf(stderr, "trail: %llu strings could not be read (marked truncated)\n",
			(unsigned long long)faults);
}

/* Before anything is loaded: --syscall's formats, the target, the output
 * file.  0, or trail's exit status after one error line. */
static int prepare(struct recording *r)
{
	const struct record_opts *o = r->o;
	char why[512], note[256];
	struct stat sb;
	int ret;

	if (o->syscalls) {
		if (generic_resolve(o->syscalls, &r->gen, &r->ngen, note, sizeof(note), why,
				    sizeof(why))) {
			trail_err("%s", why);
			return 2;
		}
		if (note[0])
			trail_warn("--syscall: traced by trail already, recorded as usual: %s", note);
	}
	ret = session__prepare(&r->s, &o->target, o->user);
	if (ret || r->sink)
		return ret;
	r->fd = output_open(o->output, o->force, NULL);
	if (r->fd < 0) {
		if (r->fd == -EEXIST)
			trail_err("'%s' exists: use --force to overwrite it", o->output);
		else
			trail_err("can't create '%s': %s", o->output, strerror(-r->fd));
		return 2;
	}
	if (rotate_on(&o->rotate) && (fstat(r->fd, &sb) || !S_ISREG(sb.st_mode))) {
		trail_err("--rotate: '%s' is not a regular file", o->output);
		return 2;
	}
	return 0;
}

static int load_tracer(struct recording *r, char *why, size_t whylen)
{
	const struct record_opts *o = r->o;
	/* lossless: wake earlier, freeze at a quarter full, before a burst
	 * can fill the rest while the freeze takes effect */
	struct tracer_opts to = {
		.no_env = o->no_env, .follow_peers = o->follow_peers, .ring_bytes = o->ring_bytes,
		.wakeup_bytes = o->ring_bytes / (o->lossless ? 16 : 8),
		.on_record = on_record, .ctx = r,
		.target = o->scope ? TRAIL_TARGET_CGROUP : session__bpf_target(&r->s),
		.cgroup_fd = o->scope ? r->scope_fd : r->s.hold.cgroup_fd, .types = o->types,
		.ops = o->ops, .comms = o->comms, .syscalls = r->gen, .nsyscalls = r->ngen,
		.uid_filter = o->uid_filter, .uid_min = o->uid_min, .uid_max = o->uid_max,
		.failed_only = o->failed_only, .failed_ops = o->failed_ops,
		.failed_cap = o->failed_cap,
	};

	r->high = o->ring_bytes / 4;
	return tracer__load(&r->t, &to, why, whylen);
}

/* The header of a file begun at mono (CLOCK_MONOTONIC ns). */
static void file_meta(const struct recording *r, struct tf_meta *meta, uint64_t mono)
{
	const struct record_opts *o = r->o;
	bool command = o->target.kind == RECORD_COMMAND;
	uint64_t now = now_ns(CLOCK_MONOTONIC);

	*meta = (struct tf_meta){
		.mono_start_ns = mono, .wall_start_ns = now_ns(CLOCK_REALTIME) - (now - mono),
		.flags = o->no_env ? TF_HF_NO_ENV : 0, .trail_version = TRAIL_VERSION,
		.kernel = r->un.release, .hostname = r->host, .cwd = r->cwd,
		.argv = command ? o->target.argv : NULL, .target = command ? NULL : r->s.hold.desc,
		.codec = o->codec, .syscalls = r->gen, .nsyscalls = r->ngen,
		.unavail_kind = r->unavail_kind, .unavail_why = r->unavail_why,
		.nunavail = r->nunavail, .bpf_build = kfeatures_get()->compat ? "compat" : "full",
		.boot_id = r->boot[0] ? r->boot : NULL,
	};
}

/* What the kernel cannot give is said, then the header is written (or
 * handed to the sink): 0, or -errno after one line (none for a sink's). */
static int begin_output(struct recording *r)
{
	const struct record_opts *o = r->o;
	struct tf_meta meta;
	int i, err;

	r->nunavail = kfeatures_missing(kfeatures_get(), o->types, r->unavail_kind,
					r->unavail_why, TF_UNAVAILABLE_MAX);
	for (i = 0; i < r->nunavail; i++)
		trail_warn("this kernel limits %s events: %s", r->unavail_kind[i],
			   r->unavail_why[i]);
	if (!getcwd(r->cwd, sizeof(r->cwd)))
		strcpy(r->cwd, "");
	uname(&r->un);
	gethostname(r->host, sizeof(r->host) - 1);
	if (procfs_boot_id(r->boot, sizeof(r->boot)))
		r->boot[0] = '\0';
	r->started_ns = r->opened_ns = r->last_stats = now_ns(CLOCK_MONOTONIC);
	r->files = 1;
	file_meta(r, &meta, r->started_ns);
	if (r->sink)
		return r->sink->begin && r->sink->begin(r->sink->ctx, &meta) ? -ECANCELED : 0;
	err = tf_writer__new(&r->w, r->fd, &meta);
	if (err)
		trail_err("can't write '%s': %s", o->output, strerror(-err));
	trail_phase("header");
	return err;
}

/* --lossless and --scope: the command's own cgroup, made before the
 * programs load (--scope's filter is that cgroup). */
static int make_cgroup(struct recording *r)
{
	const struct record_opts *o = r->o;
	char why[512];

	if (o->target.kind != RECORD_COMMAND || !(o->lossless || o->scope))
		return 0;
	if (freezer__new(&r->fz, o->scope ? "--scope" : "--lossless", why, sizeof(why))) {
		trail_err("%s", why);
		return -1;
	}
	if (o->scope && (r->scope_fd = freezer__dir_fd(r->fz)) < 0) {
		trail_err("--scope: can't open the command's cgroup: %s", strerror(-r->scope_fd));
		return -1;
	}
	return 0;
}

/* --lossless: the consumer's priority. */
static void start_lossless(struct recording *r)
{
	/* The consumer must run the moment the ring fills, even when the
	 * command keeps every CPU busy: real-time priority (reset to normal
	 * in the child at fork). */
	struct sched_param sp1 = { .sched_priority = 1 };

	if (sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &sp1))
		trail_warn("--lossless: can't raise the recorder's priority: %s", strerror(errno));
}

/* A running process as /proc has it (argv, cwd, parent, identity): -p's
 * as they are followed, and each file's process table, so that a file
 * reads alone. */
static int describe_cb(void *ctx, pid_t pid)
{
	struct recording *r = ctx;
	static char buf[64 << 10];
	ssize_t n = procfs_describe(pid, now_ns(CLOCK_MONOTONIC), buf, sizeof(buf));

	return n > 0 ? on_record(r, buf, n) : 0;
}

/* The command in its cgroup (--lossless, --scope); or -p's processes
 * described as /proc has them, before they are followed: what ran before
 * the recording is not in it otherwise (argv, cwd, parent). */
static int joined_cb(void *ctx, pid_t pid)
{
	struct recording *r = ctx;

	if (r->o->target.kind == RECORD_COMMAND)
		return r->fz ? freezer__add(r->fz, pid) : 0;
	return describe_cb(r, pid);
}

static int describe_running(struct recording *r)
{
	const struct record_opts *o = r->o;
	struct u32map want = { 0 };
	__u32 *pids;
	size_t n, i;
	int err;

	if (o->target.kind == RECORD_ALL)
		return procfs_each_running(NULL, describe_cb, r);
	if (o->scope || o->target.kind == RECORD_CGROUP) {
		err = procfs_cgroup_pids(o->scope ? r->scope_fd : r->s.hold.cgroup_fd, &want);
	} else {		/* the traced set: -p's processes, the command's job */
		pids = xcalloc(FOLLOWED_MAX, sizeof(*pids));
		n = bpf_obj__followed(tracer__obj(r->t), pids, FOLLOWED_MAX);
		for (i = 0; i < n && i < FOLLOWED_MAX; i++)
			u32map_put(&want, pids[i], (void *)1);
		free(pids);
		err = 0;
	}
	if (!err)
		err = procfs_each_running(&want, describe_cb, r);
	u32map_release(&want);
	return err;
}

/* A recording that never started leaves no file behind. */
static void discard_output(struct recording *r)
{
	struct stat sb;

	if (!r->sink && !lstat(r->o->output, &sb) && S_ISREG(sb.st_mode))
		unlink(r->o->output);
}

/* Loads the programs, writes the header, starts the target with every
 * program attached: 0, or 2 after one error line. */
static int load_and_attach(struct recording *r)
{
	const struct record_opts *o = r->o;
	char why[512];
	int err;

	err = make_cgroup(r);
	if (err)
		goto cleanup;
	err = load_tracer(r, why, sizeof(why));
	if (err) {
		trail_err("%s", why);
		goto cleanup;
	}
	err = begin_output(r);
	if (err)
		goto cleanup;
	if (o->target.kind == RECORD_COMMAND && o->lossless)
		start_lossless(r);
	err = session__start(&r->s, tracer__obj(r->t), joined_cb, r, why, sizeof(why));
	if (err) {
		trail_err("%s", why);
		session__abort(&r->s);
	} else if (r->w && (o->target.kind == RECORD_ALL || o->target.kind == RECORD_CGROUP)) {
		describe_running(r);	/* what ran before (-p's: joined_cb) */
	}
cleanup:
	if (err)
		discard_output(r);
	return err ? 2 : 0;
}

/* The wait's work at every wake-up: hand the ring's records on. */
static enum stop drain_ring(void *ctx)
{
	struct recording *r = ctx;
	enum stop stop = RUNNING;

	/* lossless: hold the command while we drain */
	if (r->fz && r->o->lossless && tracer__pending(r->t) >= r->high)
		freezer__set(r->fz, true);
	if (tracer__consume_max(r->t, BATCH) < 0) {
		if (r->write_err)
			return STOP_ERROR;
		if (r->sink_done)
			stop = STOP_SINK;
	}
	if (r->fz && freezer__frozen(r->fz))
		freezer__set(r->fz, false);
	return stop;
}

/* Finishes the file being written: its trailer counts what was lost
 * while it was the current one. */
static int finish_file(struct recording *r)
{
	struct tf_stats st = { 0 };
	uint64_t now[TRAIL_DROPS_LEN];
	int k, err;

	tracer__drops(r->t, now);
	for (k = 0; k < TRAIL_DROPS_LEN; k++) {
		st.drops[k] = now[k] - r->drops_base[k];
		r->drops_base[k] = now[k];
	}
	st.end_mono_ns = now_ns(CLOCK_MONOTONIC);
	st.exit_status = -1;
	err = tf_writer__finish(r->w, &st);
	r->done_records += st.records - st.count[TRAIL_EV_LOST];
	r->done_bytes += tf_writer__bytes(r->w);
	tf_writer__free(r->w);
	r->w = NULL;
	close(r->fd);
	r->fd = -1;
	return err;
}

/* PATH is free for the next file: the one there shifted to PATH.1 (if
 * logrotate moved ours, an empty file its "create" left goes instead). */
static int free_path(struct recording *r, const struct stat *cur)
{
	const char *path = r->o->output;
	struct stat at;
	int n;

	if (lstat(path, &at))
		return errno == ENOENT ? 0 : -errno;
	if ((at.st_dev != cur->st_dev || at.st_ino != cur->st_ino) && S_ISREG(at.st_mode) &&
	    !at.st_size)
		return unlink(path) ? -errno : 0;
	/* SIGHUP without --rotate: the default KEEP */
	n = rotate_shift(path, r->o->rotate.keep ? r->o->rotate.keep : ROTATE_KEEP_DEFAULT);
	if (n > 0)
		r->deleted += n;
	return n < 0 ? n : 0;
}

/* --rotate, --rotate-every, SIGHUP: the file ends (trailer), the others
 * move one step older, and a new one begins with the running processes. */
static int roll_over(struct recording *r)
{
	uint64_t now = now_ns(CLOCK_MONOTONIC);
	struct tf_meta meta;
	struct stat cur;
	int err;

	if (fstat(r->fd, &cur))
		return -errno;
	err = finish_file(r);
	if (!err)
		err = free_path(r, &cur);
	if (!err && (r->fd = output_open(r->o->output, false, NULL)) < 0)
		err = r->fd;
	if (err)
		return err;
	/* times relative to the last record's: a record of before the
	 * rotation may still be in the ring */
	file_meta(r, &meta, r->last_ts && r->last_ts < now ? r->last_ts : now);
	err = tf_writer__new(&r->w, r->fd, &meta);
	if (!err)
		err = describe_running(r);
	r->opened_ns = now;
	r->files++;
	if (trail_verbose)
		fprintf(stderr, "trail: rotated '%s' (file %u, %u deleted)\n", r->o->output,
			r->files, r->deleted);
	return err;
}

static unsigned int rss_kib(void)
{
	unsigned long pages = 0, rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%lu %lu", &pages, &rss) != 2)
			rss = 0;
		fclose(f);
	}
	return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The recorder's health: a stats record in the output (--stats-every),
 * and with line (SIGUSR1), one line on stderr. */
static void health(struct recording *r, bool line)
{
	struct trail_ev_stats x = { .hdr = { .kind = TRAIL_EV_STATS, .size = sizeof(x) } };
	struct tf_stats st = { 0 };
	struct loss l;

	tracer__drops(r->t, st.drops);
	loss_from_stats(&l, &st);
	x.hdr.ts = now_ns(CLOCK_MONOTONIC);
	x.hdr.pid = x.hdr.tid = getpid();
	memcpy(x.hdr.comm, "trail", 6);
	x.received = r->received;
	x.lost = l.total;
	x.filtered = r->sink && r->sink->filtered ? *r->sink->filtered : 0;
	x.ring_used = tracer__pending(r->t);
	x.ring_size = r->o->ring_bytes;
	x.up_ns = x.hdr.ts - r->started_ns;
	x.files = r->files;
	x.deleted = r->deleted;
	x.rss_kib = rss_kib();
	if (line)
		fprintf(stderr, "trail: health: up %.0f s, %llu records received, %llu lost, "
			"%llu filtered, ring %llu/%llu KiB, file %u (%u deleted), rss %u KiB\n",
			x.up_ns / 1e9, (unsigned long long)x.received, (unsigned long long)x.lost,
			(unsigned long long)x.filtered, (unsigned long long)x.ring_used >> 10,
			(unsigned long long)x.ring_size >> 10, x.files, x.deleted, x.rss_kib);
	if (r->sink)
		r->sink_done = r->sink_done || r->sink->record(r->sink->ctx, &x, sizeof(x));
	else
		tf_writer__add(r->w, &x, sizeof(x));
	r->last_stats = x.hdr.ts;
}

/* SIGHUP and SIGUSR1, taken by the loop (session.h). */
static bool on_signal(void *ctx, int signo)
{
	struct recording *r = ctx;

	if (signo == SIGUSR1)
		return r->health = true;
	if (signo != SIGHUP)
		return false;
	if (r->sink) {		/* watch --output: its own files */
		if (!r->sink->hup)
			return false;
		if (r->sink->hup(r->sink->ctx))
			r->sink_failed = true;	/* the sink said why */
		return true;
	}
	/* a command without --rotate gets its SIGHUP, as before */
	if (r->o->target.kind == RECORD_COMMAND && !rotate_on(&r->o->rotate))
		return false;
	return r->hup = true;
}

/* After the drain: health, and a file rolled over when it is time. */
static int housekeep(struct recording *r)
{
	uint64_t now = now_ns(CLOCK_MONOTONIC), size = 0;
	struct stat sb;
	bool due;

	if (r->health || (r->o->stats_every > 0 &&
			  now - r->last_stats >= (uint64_t)(r->o->stats_every * 1e9)))
		health(r, r->health);
	r->health = false;
	if (!r->w)
		return 0;
	/* the size on disk: chunks are compressed after they are buffered */
	if (r->o->rotate.max_bytes && !fstat(r->fd, &sb))
		size = sb.st_size;
	due = r->hup || rotate_due(&r->o->rotate, size, r->opened_ns, now);
	r->hup = false;
	return due ? roll_over(r) : 0;
}

/* ... and now and then, the trace file's chunk out. */
static enum stop flush_output(void *ctx, enum stop stop)
{
	struct recording *r = ctx;
	int err;

	if (stop == RUNNING && (err = housekeep(r))) {
		r->write_err = err;
		return STOP_ERROR;
	}
	if (r->sink && !r->sink_done &&
	    (r->sink_failed || (r->sink->tick && r->sink->tick(r->sink->ctx))))
		return STOP_ERROR;
	if (!r->w || now_ns(CLOCK_MONOTONIC) - r->last_flush <= FLUSH_NS)
		return stop;
	err = tf_writer__flush(r->w);
	if (err) {
		r->write_err = err;
		return STOP_ERROR;
	}
	r->last_flush = now_ns(CLOCK_MONOTONIC);
	return stop;
}

static int tick_ms(void *ctx)
{
	struct recording *r = ctx;

	/* a live view shows what happened within a tenth of a second */
	return r->fz && r->o->lossless ? 20 : r->sink ? 100 : 200;
}

/* --scope: the job goes on while its cgroup is not empty. */
static bool scope_alive(void *ctx)
{
	struct recording *r = ctx;

	return freezer__populated(r->fz);
}

/* Releases the command and records until a stop. */
static enum stop run(struct recording *r)
{
	struct session_loop l = {
		.duration = r->o->duration, .until_command_exits = r->o->until_command_exits,
		.linger = r->o->linger, .job_alive = r->o->scope ? scope_alive : NULL,
		.ring_fd = tracer__fd(r->t), .wait_ms = tick_ms, .wake = drain_ring,
		.tick = flush_output, .signal = on_signal, .ctx = r,
	};

	session__begin(&r->s, "recording");
	r->last_flush = now_ns(CLOCK_MONOTONIC);
	return session__run(&r->s, &l);
}

/* The trace file could not be written: what is in it stays. */
static int stop_writing(struct recording *r)
{
	if (r->write_err)
		trail_err("can't write '%s': %s; stopped recording", r->o->output,
			  strerror(-r->write_err));
	if (r->fz)		/* never wait for a command left frozen */
		freezer__set(r->fz, false);
	if (r->o->target.kind == RECORD_COMMAND)
		waitpid(r->s.sp.pid, &r->s.status, 0);
	return 2;
}

/* The job's processes still running when the recording stopped: said in
 * one line, and kept in the trailer. */
static void job_left_running(struct recording *r, struct tf_stats *st)
{
	size_t n = r->o->scope ? freezer__pids(r->fz, st->running, TF_RUNNING_MAX) :
				 bpf_obj__followed(tracer__obj(r->t), st->running, TF_RUNNING_MAX);
	char line[512] = "";
	size_t i, len = 0;

	st->nrunning = n;
	for (i = 0; i < n && i < TF_RUNNING_MAX && len < 300; i++) {
		char comm[TRAIL_COMM_LEN + 1];

		if (procfs_comm(st->running[i], comm, sizeof(comm)))
			strcpy(comm, "?");
		len += snprintf(line + len, sizeof(line) - len, "%s%u (%s)", i ? ", " : "",
				st->running[i], comm);
	}
	if (n)
		trail_warn("stopped recording with %zu process%s of the job still running: %s%s",
			   n, n == 1 ? "" : "es", line, i < n ? ", ..." : "");
}

/* The last file's trailer (its own losses), and st made the whole
 * recording's: every file's records, the kernel's drops since the start. */
static int finish_last(struct recording *r, struct tf_stats *st)
{
	struct tf_stats *last = xmalloc(sizeof(*last));
	int k, err;

	*last = *st;
	for (k = 0; k < TRAIL_DROPS_LEN; k++)
		last->drops[k] -= r->drops_base[k];
	err = tf_writer__finish(r->w, last);
	st->records = last->records + r->done_records;
	memcpy(st->count, last->count, sizeof(st->count));
	r->done_bytes += tf_writer__bytes(r->w);
	free(last);
	return err;
}

/* Detached: what is in the ring now is all there will be (a command's
 * exit was committed before its parent, us, could see it).  Reads it, ends
 * the file and says what was recorded and lost. */
static int drain_and_finish(struct recording *r, enum stop stop)
{
	const struct record_opts *o = r->o;
	struct tf_stats st = { 0 };
	int ret, err;

	trail_phase("command done");
	bpf_obj__detach(tracer__obj(r->t));
	bpf_obj__report_stats(tracer__obj(r->t));
	if (stop == STOP_ERROR)
		return stop_writing(r);
	tracer__consume(r->t);
	if (o->target.kind == RECORD_COMMAND && (stop != STOP_DONE || o->until_command_exits))
		job_left_running(r, &st);
	ret = session__exit_status(&r->s, stop, "recording", o->duration);
	tracer__drops(r->t, st.drops);
	mark_tail_loss(r, tracer__unmarked(r->t));
	st.end_mono_ns = now_ns(CLOCK_MONOTONIC);
	st.exit_status = o->target.kind == RECORD_COMMAND ? r->s.status : -1;
	if (r->w) {
		err = finish_last(r, &st);
		if (err) {
			trail_err("can't write '%s': %s", o->output, strerror(-err));
			return 2;
		}
	}
	trail_phase("finish file");
	report(r->sink ? NULL : o->output, &st, r->done_bytes, r->received, r->late);
	if (r->files > 1)
		fprintf(stderr, "trail: %u files written, %u deleted beyond --rotate's KEEP\n",
			r->files, r->deleted);
	if (r->fz && trail_verbose)
		fprintf(stderr, "trail: --lossless froze the command %lu times\n",
			freezer__count(r->fz));
	return ret;
}

int record_main(const struct record_opts *o)
{
	struct recording r = { .o = o, .s = SESSION_INIT, .fd = -1, .scope_fd = -1, .sink = o->sink };
	int ret;

	trail_phase("main");
	ret = prepare(&r);
	trail_phase("prepare");
	if (!ret)
		ret = load_and_attach(&r);
	if (!ret)
		ret = drain_and_finish(&r, run(&r));
	if (r.fd >= 0)
		close(r.fd);
	if (r.scope_fd >= 0)
		close(r.scope_fd);
	tf_writer__free(r.w);
	freezer__free(r.fz);
	tracer__free(r.t);
	session__release(&r.s);
	free(r.gen);
	trail_phase("free");
	return ret;
}
