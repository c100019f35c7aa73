// SPDX-License-Identifier: MIT
/*
 * trail record / watch: prepare the target -> load -> start the target
 * (spawn gated, follow, attach, release; or attach, then follow running
 * processes) -> hand the ring buffer's records to the trace file or a sink
 * until the target ends, time is up or a signal says stop.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "model/loss.h"
#include "record/freeze.h"
#include "record/generic.h"
#include "record/hold.h"
#include "record/record.h"
#include "record/probe.h"
#include "record/spawn.h"
#include "record/tracer.h"
#include "util/util.h"

#define FLUSH_NS 1000000000ull
/* Records handed on per drain before the loop looks at its signals and
 * timers again: a busy machine may fill the ring as fast as we empty it. */
#define BATCH 65536

/* epoll tags */
enum { TAG_RING, TAG_SIGNAL, TAG_CHILD, TAG_PID };

struct session {
	const struct record_opts *o;
	struct tf_writer *w;
	const struct record_sink *sink;
	int write_err;
	bool sink_done;
	uint64_t received;
	uint64_t late;             /* identities sent again (TRAIL_F_LATE) */
	/* --lossless */
	struct tracer *t;
	struct freezer *fz;
	size_t high;
};

/* What record_main prepares for its target before loading anything. */
struct target {
	struct hold hold;          /* -p, --cgroup; the header's description */
	size_t open_pids;          /* -p's processes not yet seen to exit */
	/* RECORD_COMMAND */
	char *file;
	struct run_as ra;
	struct spawn sp;
	int child_fd;              /* pidfd of the command */
};

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int on_record(void *ctx, const void *rec, size_t size)
{
	struct session *s = ctx;
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
static void mark_tail_loss(struct session *s, uint64_t n)
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

/* Checks the target and takes hold of it (a pidfd for each process, the
 * cgroup's directory) before anything is loaded: 0, or the exit status
 * after one error line. */
static int target_prepare(const struct record_opts *o, struct target *tg)
{
	const struct record_target *rt = &o->target;
	char why[PATH_MAX + 128];
	int err;

	if (hold__open(&tg->hold, rt, why, sizeof(why))) {
		trail_err("%s", why);
		return 2;
	}
	tg->open_pids = tg->hold.npids;
	if (rt->kind != RECORD_COMMAND)
		return 0;
	err = spawn_resolve(rt->argv[0], &tg->file);
	if (err) {
		trail_err("%s: %s", rt->argv[0], strerror(-err));
		return err == -ENOENT ? 127 : 126;
	}
	if (run_as_pick(&tg->ra, o->user)) {
		trail_err("unknown user '%s'", o->user ? o->user : getenv("SUDO_UID"));
		return 2;
	}
	return 0;
}

static void target_release(struct target *tg)
{
	hold__release(&tg->hold);
	if (tg->child_fd >= 0)
		close(tg->child_fd);
	run_as_release(&tg->ra);
	free(tg->file);
}

static int follow_cb(void *ctx, pid_t pid)
{
	return tracer__follow(ctx, pid);
}

static int unfollow_cb(void *ctx, pid_t pid)
{
	return tracer__unfollow(ctx, pid);
}

/* The command, gated until it is followed and every program attached. */
static int start_command(const struct record_opts *o, struct target *tg, struct tracer *t,
			 struct freezer *fz, char *why, size_t whylen)
{
	int err = spawn_start(&tg->sp, tg->file, o->target.argv, &tg->ra);

	if (!err && fz)
		err = freezer__add(fz, tg->sp.pid);
	if (!err)
		err = tracer__follow(t, tg->sp.pid);
	if (err)
		return msgf(why, whylen, err, "can't start '%s': %s", o->target.argv[0],
			    strerror(-err));
	err = tracer__attach(t, why, whylen);
	if (err)
		return err;
	tg->child_fd = syscall(SYS_pidfd_open, tg->sp.pid, 0);
	if (tg->child_fd < 0)
		return msgf(why, whylen, -errno, "can't set up the event loop: %s", strerror(errno));
	return 0;
}

static void epoll_add(int ep, int fd, uint64_t tag)
{
	struct epoll_event ee = { .events = EPOLLIN, .data.u64 = tag };

	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ee);
}

enum stop {
	RUNNING,
	STOP_DONE,          /* the target ended */
	STOP_SIGNAL,        /* SIGINT/SIGTERM to an attached recording */
	STOP_TIME,          /* --duration */
	STOP_SINK,          /* the sink wants no more */
	STOP_WRITE,         /* the trace file could not be written */
	STOP_ABANDON,       /* a second SIGINT while a command runs */
	STOP_LINGER,        /* --linger passed after the command exited */
};

/* Whether the command's job goes on: a process of its tree is still
 * followed, or (--scope) its cgroup is not empty. */
static bool job_alive(const struct record_opts *o, struct tracer *t, struct freezer *fz)
{
	return o->scope ? freezer__populated(fz) : tracer__following(t);
}

/* The job's processes still running when the recording stopped: said in
 * one line, and kept in the trailer. */
static void job_left_running(const struct record_opts *o, struct tracer *t,
			     struct freezer *fz, struct tf_stats *st)
{
	size_t n = o->scope ? freezer__pids(fz, st->running, TF_RUNNING_MAX) :
			      tracer__followed(t, st->running, TF_RUNNING_MAX);
	char line[512] = "";
	size_t i, len = 0;

	st->nrunning = n;
	for (i = 0; i < n && i < TF_RUNNING_MAX && len < 300; i++) {
		char path[64], comm[32] = "?";
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%u/comm", st->running[i]);
		if ((f = fopen(path, "re"))) {
			if (fgets(comm, sizeof(comm), f))
				comm[strcspn(comm, "\n")] = '\0';
			fclose(f);
		}
		len += snprintf(line + len, sizeof(line) - len, "%s%u (%s)", i ? ", " : "",
				st->running[i], comm);
	}
	if (n)
		trail_warn("stopped recording with %zu process%s of the job still running: %s%s",
			   n, n == 1 ? "" : "es", line, i < n ? ", ..." : "");
}

int record_main(const struct record_opts *o)
{
	const struct record_target *rt = &o->target;
	bool command = rt->kind == RECORD_COMMAND;
	struct session s = { .o = o, .sink = o->sink };
	struct target tg = { .hold = HOLD_INIT, .sp = { .pid = -1, .gate = -1, .errpipe = -1 },
			     .child_fd = -1 };
	struct tracer *t = NULL;
	struct freezer *fz = NULL;
	struct tf_stats st = { 0 };
	struct utsname un;
	char why[512], cwd[PATH_MAX], host[256] = "";
	sigset_t mask;
	int err, fd = -1, ep = -1, sfd = -1, status = -1, ret = 2, sigints = 0;
	int exec_ret = 0, tick_ms, scope_fd = -1;
	bool cmd_done = false;
	enum stop stop = RUNNING;
	uint64_t last_flush, deadline = 0, linger_end = 0;
	struct tf_syscall *gen = NULL;
	unsigned int ngen = 0;
	const char *unavail_kind[TF_UNAVAILABLE_MAX], *unavail_why[TF_UNAVAILABLE_MAX];
	int nunavail;
	size_t i;

	if (o->syscalls) {
		char note[256];

		err = generic_resolve(o->syscalls, &gen, &ngen, note, sizeof(note), why, sizeof(why));
		if (err) {
			trail_err("%s", why);
			return 2;
		}
		if (note[0])
			trail_warn("--syscall: traced by trail already, recorded as usual: %s", note);
	}
	ret = target_prepare(o, &tg);
	if (ret)
		goto out;
	ret = 2;
	if (!s.sink) {
		fd = output_open(o->output, o->force, NULL);
		if (fd < 0) {
			if (fd == -EEXIST)
				trail_err("'%s' exists: use --force to overwrite it", o->output);
			else
				trail_err("can't create '%s': %s", o->output, strerror(-fd));
			goto out;
		}
	}
	/* --lossless and --scope: the command's own cgroup, made before the
	 * programs load (--scope's filter is that cgroup) */
	if (command && (o->lossless || o->scope) &&
	    ((err = freezer__new(&fz, o->scope ? "--scope" : "--lossless", why, sizeof(why))) ||
	     (o->scope && (scope_fd = err = freezer__dir_fd(fz)) < 0))) {
		trail_err("%s", err ? why : "--scope: can't open the command's cgroup");
		goto out_unlink;
	}
	/* lossless: wake earlier, freeze at a quarter full, before a burst
	 * can fill the rest while the freeze takes effect */
	struct tracer_opts to = {
		.no_env = o->no_env, .follow_peers = o->follow_peers, .ring_bytes = o->ring_bytes,
		.wakeup_bytes = o->ring_bytes / (o->lossless ? 16 : 8),
		.on_record = on_record, .ctx = &s,
		.target = rt->kind == RECORD_CGROUP || o->scope ? TRAIL_TARGET_CGROUP :
			  rt->kind == RECORD_ALL ? TRAIL_TARGET_ALL : TRAIL_TARGET_TREE,
		.cgroup_fd = o->scope ? scope_fd : tg.hold.cgroup_fd, .types = o->types, .ops = o->ops, .comms = o->comms,
		.syscalls = gen, .nsyscalls = ngen,
	};
	s.high = o->ring_bytes / 4;
	err = tracer__load(&t, &to, why, sizeof(why));
	if (err) {
		trail_err("%s", why);
		goto out_unlink;
	}
	nunavail = kfeatures_missing(kfeatures_get(), o->types, unavail_kind, unavail_why,
				     TF_UNAVAILABLE_MAX);
	for (i = 0; i < (size_t)nunavail; i++)
		trail_warn("this kernel limits %s events: %s", unavail_kind[i], unavail_why[i]);

	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "");
	uname(&un);
	gethostname(host, sizeof(host) - 1);
	struct tf_meta meta = {
		.mono_start_ns = now_ns(CLOCK_MONOTONIC), .wall_start_ns = now_ns(CLOCK_REALTIME),
		.flags = o->no_env ? TF_HF_NO_ENV : 0, .trail_version = TRAIL_VERSION,
		.kernel = un.release, .hostname = host, .cwd = cwd,
		.argv = command ? rt->argv : NULL, .target = command ? NULL : tg.hold.desc,
		.compress = o->compress, .syscalls = gen, .nsyscalls = ngen,
		.unavail_kind = unavail_kind, .unavail_why = unavail_why, .nunavail = nunavail,
		.bpf_build = kfeatures_get()->compat ? "compat" : "full",
	};
	if (s.sink) {
		if (s.sink->begin && s.sink->begin(s.sink->ctx, &meta))
			goto out;
	} else {
		err = tf_writer__new(&s.w, fd, &meta);
		if (err) {
			trail_err("can't write '%s': %s", o->output, strerror(-err));
			goto out_unlink;
		}
	}

	/* Signals arrive through a signalfd; the child gets them unblocked. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (fz && o->lossless) {
		/* The consumer must run the moment the ring fills, even when
		 * the command keeps every CPU busy: real-time priority (reset
		 * to normal in the child at fork). */
		struct sched_param sp1 = { .sched_priority = 1 };

		if (sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &sp1))
			trail_warn("--lossless: can't raise the recorder's priority: %s",
				   strerror(errno));
	}
	s.t = t;
	s.fz = fz;
	if (command) {
		if (start_command(o, &tg, t, fz, why, sizeof(why))) {
			trail_err("%s", why);
			goto out_kill;
		}
	} else {
		if (tracer__attach(t, why, sizeof(why))) {
			trail_err("%s", why);
			goto out_unlink;
		}
		if (rt->kind == RECORD_PIDS) {
			err = hold__follow(&tg.hold, rt->pids, follow_cb, unfollow_cb, t);
			if (err < 0) {
				trail_err("can't follow the processes: %s", strerror(-err));
				goto out_unlink;
			}
			if (err > 0 && trail_verbose)
				fprintf(stderr, "trail: following %d running descendants\n", err);
		}
	}
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (sfd < 0 || ep < 0) {
		trail_err("can't set up the event loop: %s", strerror(errno));
		goto out_kill;
	}
	epoll_add(ep, tracer__fd(t), TAG_RING);
	epoll_add(ep, sfd, TAG_SIGNAL);
	if (command)
		epoll_add(ep, tg.child_fd, TAG_CHILD);
	for (i = 0; i < tg.hold.npids; i++)
		epoll_add(ep, tg.hold.pidfds[i], TAG_PID | (uint64_t)i << 8);

	if (command) {
		err = spawn_release(&tg.sp);
		if (err) {
			/* The failed exec itself is in the recording. */
			trail_err("%s: %s", rt->argv[0], strerror(-err));
			exec_ret = err == -ENOENT ? 127 : 126;
		}
	}

	/* everything attached and followed: scripts may start their work */
	if (trail_verbose)
		fprintf(stderr, "trail: recording %s\n", command ? rt->argv[0] : tg.hold.desc);
	last_flush = now_ns(CLOCK_MONOTONIC);
	if (o->duration > 0)
		deadline = last_flush + (uint64_t)(o->duration * 1e9);
	/* a live view shows what happened within a tenth of a second */
	tick_ms = fz && o->lossless ? 20 : s.sink ? 100 : 200;
	while (stop == RUNNING) {
		struct epoll_event evs[8];
		int timeout = tick_ms, n;

		if (deadline) {
			uint64_t now = now_ns(CLOCK_MONOTONIC);
			uint64_t left = deadline > now ? (deadline - now + 999999) / 1000000 : 0;

			if (left < (uint64_t)timeout)
				timeout = left;
		}
		n = epoll_wait(ep, evs, ARRAY_SIZE(evs), timeout);
		/* lossless: hold the command while we drain */
		if (fz && o->lossless && tracer__pending(t) >= s.high)
			freezer__set(fz, true);
		if (tracer__consume_max(t, BATCH) < 0) {
			if (s.write_err) {
				stop = STOP_WRITE;
				break;
			}
			if (s.sink_done)
				stop = STOP_SINK;
		}
		if (fz && freezer__frozen(fz))
			freezer__set(fz, false);
		for (i = 0; (int)i < n; i++) {
			uint64_t tag = evs[i].data.u64;

			if (tag == TAG_CHILD) {
				if (!cmd_done && waitpid(tg.sp.pid, &status, WNOHANG) == tg.sp.pid) {
					cmd_done = true;
					epoll_ctl(ep, EPOLL_CTL_DEL, tg.child_fd, NULL);
					if (o->linger > 0)
						linger_end = now_ns(CLOCK_MONOTONIC) +
							     (uint64_t)(o->linger * 1e9);
				}
			} else if ((tag & 0xff) == TAG_PID) {
				/* one of -p's processes ended: stop watching its fd */
				epoll_ctl(ep, EPOLL_CTL_DEL, tg.hold.pidfds[tag >> 8], NULL);
				tg.open_pids--;
			} else if (tag == TAG_SIGNAL) {
				struct signalfd_siginfo si;

				if (read(sfd, &si, sizeof(si)) != sizeof(si))
					continue;
				if (!command || cmd_done) {
					stop = STOP_SIGNAL;
				} else if (si.ssi_signo == SIGINT || si.ssi_signo == SIGQUIT) {
					/* the terminal sent it to the command too */
					if (++sigints >= 2)
						stop = STOP_ABANDON;
				} else {
					kill(tg.sp.pid, si.ssi_signo);
				}
			}
		}
		/* -p ends when the processes and every descendant trail knows
		 * of are gone: the exit handler empties the traced set */
		if (stop == RUNNING && rt->kind == RECORD_PIDS && !tg.open_pids &&
		    !tracer__following(t))
			stop = STOP_DONE;
		/* a command's recording ends with its job (--until-command-exits:
		 * with the command) */
		if (stop == RUNNING && cmd_done &&
		    (o->until_command_exits || !job_alive(o, t, fz)))
			stop = STOP_DONE;
		if (stop == RUNNING && linger_end && now_ns(CLOCK_MONOTONIC) >= linger_end)
			stop = STOP_LINGER;
		if (stop == RUNNING && deadline && now_ns(CLOCK_MONOTONIC) >= deadline)
			stop = STOP_TIME;
		if (s.w && now_ns(CLOCK_MONOTONIC) - last_flush > FLUSH_NS) {
			if ((err = tf_writer__flush(s.w))) {
				s.write_err = err;
				stop = STOP_WRITE;
				break;
			}
			last_flush = now_ns(CLOCK_MONOTONIC);
		}
	}
	tracer__detach(t);
	if (stop == STOP_WRITE) {
		trail_err("can't write '%s': %s; stopped recording", o->output,
			  strerror(-s.write_err));
		if (fz)		/* never wait for a command left frozen */
			freezer__set(fz, false);
		if (command)
			waitpid(tg.sp.pid, &status, 0);
		ret = 2;
		goto out;
	}
	/* Detached: what is in the ring now is all there will be (a command's
	 * exit was committed before its parent, us, could see it). */
	tracer__consume(t);
	ret = 0;
	if (command && (stop != STOP_DONE || o->until_command_exits))
		job_left_running(o, t, fz, &st);
	if (cmd_done) {
		ret = exec_ret ? exec_ret : spawn_exit_code(status);
	} else if (stop == STOP_ABANDON) {
		trail_err("interrupted: stopped recording, '%s' left running", rt->argv[0]);
		status = -1;
		ret = 130;
	} else if (stop == STOP_TIME && command) {
		trail_warn("stopped recording after %g s, '%s' left running", o->duration,
			   rt->argv[0]);
		status = -1;
	}

	tracer__drops(t, st.drops);
	mark_tail_loss(&s, tracer__unmarked(t));
	st.end_mono_ns = now_ns(CLOCK_MONOTONIC);
	st.exit_status = command ? status : -1;
	if (s.w) {
		err = tf_writer__finish(s.w, &st);
		if (err) {
			trail_err("can't write '%s': %s", o->output, strerror(-err));
			ret = 2;
			goto out;
		}
	}
	report(s.w ? o->output : NULL, &st, s.w ? tf_writer__bytes(s.w) : 0, s.received, s.late);
	if (fz && trail_verbose)
		fprintf(stderr, "trail: --lossless froze the command %lu times\n", freezer__count(fz));
	goto out;

out_kill:
	if (command)
		spawn_abort(&tg.sp);
out_unlink:
	if (!s.sink) {
		struct stat sb;

		if (!lstat(o->output, &sb) && S_ISREG(sb.st_mode))
			unlink(o->output);
	}
	ret = 2;
out:
	if (ep >= 0) close(ep);
	if (sfd >= 0) close(sfd);
	if (fd >= 0) close(fd);
	if (scope_fd >= 0) close(scope_fd);
	tf_writer__free(s.w);
	freezer__free(fz);
	tracer__free(t);
	target_release(&tg);
	free(gen);
	return ret;
}
