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
	};

	r->high = o->ring_bytes / 4;
	return tracer__load(&r->t, &to, why, whylen);
}

/* What the kernel cannot give is said, then the header is written (or
 * handed to the sink): 0, or -errno after one line (none for a sink's). */
static int begin_output(struct recording *r)
{
	const struct record_opts *o = r->o;
	bool command = o->target.kind == RECORD_COMMAND;
	const char *unavail_kind[TF_UNAVAILABLE_MAX], *unavail_why[TF_UNAVAILABLE_MAX];
	char cwd[PATH_MAX], host[256] = "";
	struct utsname un;
	int i, n, err;

	n = kfeatures_missing(kfeatures_get(), o->types, unavail_kind, unavail_why,
			      TF_UNAVAILABLE_MAX);
	for (i = 0; i < n; i++)
		trail_warn("this kernel limits %s events: %s", unavail_kind[i], unavail_why[i]);
	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "");
	uname(&un);
	gethostname(host, sizeof(host) - 1);
	struct tf_meta meta = {
		.mono_start_ns = now_ns(CLOCK_MONOTONIC), .wall_start_ns = now_ns(CLOCK_REALTIME),
		.flags = o->no_env ? TF_HF_NO_ENV : 0, .trail_version = TRAIL_VERSION,
		.kernel = un.release, .hostname = host, .cwd = cwd,
		.argv = command ? o->target.argv : NULL, .target = command ? NULL : r->s.hold.desc,
		.compress = o->compress, .syscalls = r->gen, .nsyscalls = r->ngen,
		.unavail_kind = unavail_kind, .unavail_why = unavail_why, .nunavail = n,
		.bpf_build = kfeatures_get()->compat ? "compat" : "full",
	};
	if (r->sink)
		return r->sink->begin && r->sink->begin(r->sink->ctx, &meta) ? -ECANCELED : 0;
	err = tf_writer__new(&r->w, r->fd, &meta);
	if (err)
		trail_err("can't write '%s': %s", o->output, strerror(-err));
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

/* The command in its cgroup (--lossless, --scope); or -p's processes
 * described as /proc has them, before they are followed: what ran before
 * the recording is not in it otherwise (argv, cwd, parent). */
static int joined_cb(void *ctx, pid_t pid)
{
	struct recording *r = ctx;
	static char buf[64 << 10];
	ssize_t n;

	if (r->o->target.kind == RECORD_COMMAND)
		return r->fz ? freezer__add(r->fz, pid) : 0;
	n = procfs_describe(pid, now_ns(CLOCK_MONOTONIC), buf, sizeof(buf));
	return n > 0 ? on_record(r, buf, n) : 0;
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

/* ... and now and then, the trace file's chunk out. */
static enum stop flush_output(void *ctx, enum stop stop)
{
	struct recording *r = ctx;
	int err;

	if (r->sink && r->sink->tick && !r->sink_done && r->sink->tick(r->sink->ctx))
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

/* SIGHUP: the sink's files reopened (logrotate's postrotate). */
static enum stop sink_hup(void *ctx)
{
	struct recording *r = ctx;

	return r->sink->hup(r->sink->ctx) ? STOP_ERROR : RUNNING;
}

/* Releases the command and records until a stop. */
static enum stop run(struct recording *r)
{
	struct session_loop l = {
		.duration = r->o->duration, .until_command_exits = r->o->until_command_exits,
		.linger = r->o->linger, .job_alive = r->o->scope ? scope_alive : NULL,
		.ring_fd = tracer__fd(r->t), .wait_ms = tick_ms, .wake = drain_ring,
		.tick = flush_output, .ctx = r,
		.hup = r->sink && r->sink->hup ? sink_hup : NULL,
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

/* Detached: what is in the ring now is all there will be (a command's
 * exit was committed before its parent, us, could see it).  Reads it, ends
 * the file and says what was recorded and lost. */
static int drain_and_finish(struct recording *r, enum stop stop)
{
	const struct record_opts *o = r->o;
	struct tf_stats st = { 0 };
	int ret, err;

	bpf_obj__detach(tracer__obj(r->t));
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
		err = tf_writer__finish(r->w, &st);
		if (err) {
			trail_err("can't write '%s': %s", o->output, strerror(-err));
			return 2;
		}
	}
	report(r->w ? o->output : NULL, &st, r->w ? tf_writer__bytes(r->w) : 0, r->received,
	       r->late);
	if (r->fz && trail_verbose)
		fprintf(stderr, "trail: --lossless froze the command %lu times\n",
			freezer__count(r->fz));
	return ret;
}

int record_main(const struct record_opts *o)
{
	struct recording r = { .o = o, .s = SESSION_INIT, .fd = -1, .scope_fd = -1, .sink = o->sink };
	int ret;

	ret = prepare(&r);
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
	return ret;
}
