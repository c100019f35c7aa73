// SPDX-License-Identifier: MIT
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "record/bpfobj.h"
#include "record/session.h"
#include "util/util.h"

/* epoll tags; TAG_PID carries the index of -p's process above the byte */
enum { TAG_RING, TAG_SIGNAL, TAG_CHILD, TAG_PID };

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void epoll_add(int ep, int fd, uint64_t tag)
{
	struct epoll_event ee = { .events = EPOLLIN, .data.u64 = tag };

	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ee);
}

int session__prepare(struct session *s, const struct record_target *rt, const char *user)
{
	char why[PATH_MAX + 128];
	int err;

	s->rt = rt;
	if (hold__open(&s->hold, rt, why, sizeof(why))) {
		trail_err("%s", why);
		return 2;
	}
	s->open_pids = s->hold.npids;
	if (rt->kind != RECORD_COMMAND)
		return 0;
	err = spawn_resolve(rt->argv[0], &s->file);
	if (err) {
		trail_err("%s: %s", rt->argv[0], strerror(-err));
		return err == -ENOENT ? 127 : 126;
	}
	if (run_as_pick(&s->ra, user)) {
		trail_err("unknown user '%s'", user ? user : getenv("SUDO_UID"));
		return 2;
	}
	return 0;
}

enum trail_target session__bpf_target(const struct session *s)
{
	return s->rt->kind == RECORD_CGROUP ? TRAIL_TARGET_CGROUP :
	       s->rt->kind == RECORD_ALL ? TRAIL_TARGET_ALL : TRAIL_TARGET_TREE;
}

/* Signals arrive through a signalfd; the child gets them unblocked. */
static int watch_signals(struct session *s, char *why, size_t whylen)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	s->sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	s->ep = epoll_create1(EPOLL_CLOEXEC);
	if (s->sfd < 0 || s->ep < 0)
		return msgf(why, whylen, -errno, "can't set up the event loop: %s", strerror(errno));
	epoll_add(s->ep, s->sfd, TAG_SIGNAL);
	return 0;
}

/* The command, gated until it is followed and every program attached. */
static int start_command(struct session *s, int (*spawned)(void *ctx, pid_t pid), void *ctx,
			 char *why, size_t whylen)
{
	char *const *argv = s->rt->argv;
	int err = spawn_start(&s->sp, s->file, argv, &s->ra);

	trail_phase("spawn (gated)");

	if (!err && spawned)
		err = spawned(ctx, s->sp.pid);
	if (!err)
		err = bpf_obj__follow(s->obj, s->sp.pid);
	if (err)
		return msgf(why, whylen, err, "can't start '%s': %s", argv[0], strerror(-err));
	err = bpf_obj__attach(s->obj, why, whylen);
	if (err)
		return err;
	s->child_fd = syscall(SYS_pidfd_open, s->sp.pid, 0);
	if (s->child_fd < 0)
		return msgf(why, whylen, -errno, "can't set up the event loop: %s", strerror(errno));
	epoll_add(s->ep, s->child_fd, TAG_CHILD);
	return 0;
}

/* -p: each running process, told to the caller (record describes it from
 * /proc), then followed. */
static int follow_cb(void *ctx, pid_t pid)
{
	struct session *s = ctx;

	if (s->joined)
		s->joined(s->joined_ctx, pid);
	return bpf_obj__follow(s->obj, pid);
}

static int unfollow_cb(void *ctx, pid_t pid)
{
	struct session *s = ctx;

	return bpf_obj__unfollow(s->obj, pid);
}

/* -p, --cgroup, -a: attached first, so that a process forks into the
 * traced set from the moment it is in it. */
static int start_running(struct session *s, char *why, size_t whylen)
{
	int err = bpf_obj__attach(s->obj, why, whylen);
	size_t i;

	if (err || s->rt->kind != RECORD_PIDS)
		return err;
	err = hold__follow(&s->hold, s->rt->pids, follow_cb, unfollow_cb, s);
	if (err < 0)
		return msgf(why, whylen, err, "can't follow the processes: %s", strerror(-err));
	if (err > 0 && trail_verbose)
		fprintf(stderr, "trail: following %d running descendants\n", err);
	for (i = 0; i < s->hold.npids; i++)
		epoll_add(s->ep, s->hold.pidfds[i], TAG_PID | (uint64_t)i << 8);
	return 0;
}

int session__start(struct session *s, struct bpf_obj *obj, int (*spawned)(void *ctx, pid_t pid),
		   void *ctx, char *why, size_t whylen)
{
	int err;

	s->obj = obj;
	s->joined = spawned;
	s->joined_ctx = ctx;
	err = watch_signals(s, why, whylen);
	if (err)
		return err;
	if (s->rt->kind == RECORD_COMMAND)
		return start_command(s, spawned, ctx, why, whylen);
	return start_running(s, why, whylen);
}

void session__begin(struct session *s, const char *verb)
{
	bool command = s->rt->kind == RECORD_COMMAND;
	int err;

	if (command && (err = spawn_release(&s->sp))) {
		/* a recording has the failed exec itself */
		trail_err("%s: %s", s->rt->argv[0], strerror(-err));
		s->exec_ret = err == -ENOENT ? 127 : 126;
	}
	trail_phase("released");
	/* everything attached and followed: scripts may start their work */
	if (trail_verbose)
		fprintf(stderr, "trail: %s %s\n", verb, command ? s->rt->argv[0] : s->hold.desc);
}

/* One of the target's events: the command's end, one of -p's processes',
 * a signal. */
static enum stop target_event(struct session *s, const struct session_loop *l, uint64_t tag,
			      enum stop stop)
{
	struct signalfd_siginfo si;

	if (tag == TAG_CHILD) {
		if (!s->cmd_done && waitpid(s->sp.pid, &s->status, WNOHANG) == s->sp.pid) {
			s->cmd_done = true;	/* its job may go on: session__run */
			epoll_ctl(s->ep, EPOLL_CTL_DEL, s->child_fd, NULL);
		}
	} else if ((tag & 0xff) == TAG_PID) {
		/* it exited: stop watching its fd */
		epoll_ctl(s->ep, EPOLL_CTL_DEL, s->hold.pidfds[tag >> 8], NULL);
		s->open_pids--;
	} else if (tag == TAG_SIGNAL && read(s->sfd, &si, sizeof(si)) == sizeof(si)) {
		if (l->signal && l->signal(l->ctx, si.ssi_signo))
			return stop;		/* the caller's: SIGHUP, SIGUSR1 */
		if (si.ssi_signo == SIGUSR1)
			return stop;		/* nobody asked: not a reason to stop */
		if (s->rt->kind != RECORD_COMMAND || s->cmd_done)
			return STOP_SIGNAL;	/* any of them ends an attached session */
		if (si.ssi_signo == SIGINT || si.ssi_signo == SIGQUIT) {
			/* the terminal sent it to the command too */
			if (++s->sigints >= 2)
				return STOP_ABANDON;
		} else {
			kill(s->sp.pid, si.ssi_signo);
		}
	}
	return stop;
}

static int wait_ms(const struct session *s, const struct session_loop *l, uint64_t deadline)
{
	int ms = l->wait_ms ? l->wait_ms(l->ctx) : -1;

	if (deadline) {
		uint64_t now = now_ns();
		uint64_t left = deadline > now ? (deadline - now + 999999) / 1000000 : 0;

		if (ms < 0 || left < (uint64_t)ms)
			ms = left;
	}
	/* -p: descendants may outlive the given processes; look at the
	 * traced set now and then */
	if (((s->rt->kind == RECORD_PIDS && !s->open_pids) || s->cmd_done) && (ms < 0 || ms > 100))
		ms = 100;
	return ms;
}

/* After the command has exited: is its job over (or --linger's time)? */
static enum stop job_end(struct session *s, const struct session_loop *l)
{
	if (!s->linger_end && l->linger > 0)
		s->linger_end = now_ns() + (uint64_t)(l->linger * 1e9);
	if (l->until_command_exits ||
	    !(l->job_alive ? l->job_alive(l->ctx) : bpf_obj__following(s->obj)))
		return STOP_DONE;
	return s->linger_end && now_ns() >= s->linger_end ? STOP_LINGER : RUNNING;
}

enum stop session__run(struct session *s, const struct session_loop *l)
{
	uint64_t deadline = l->duration > 0 ? now_ns() + (uint64_t)(l->duration * 1e9) : 0;
	enum stop stop = RUNNING;

	if (l->ring_fd >= 0)
		epoll_add(s->ep, l->ring_fd, TAG_RING);
	while (stop == RUNNING) {
		struct epoll_event evs[8];
		int n = epoll_wait(s->ep, evs, ARRAY_SIZE(evs), wait_ms(s, l, deadline)), i;

		if (n < 0 && errno != EINTR) {
			trail_err("can't wait: %s", strerror(errno));
			return STOP_ERROR;
		}
		if (l->wake && (stop = l->wake(l->ctx)) == STOP_ERROR)
			return stop;
		for (i = 0; i < n; i++)
			stop = target_event(s, l, evs[i].data.u64, stop);
		/* -p ends when the processes and every descendant followed are
		 * gone: the exit program empties the traced set */
		if (stop == RUNNING && s->rt->kind == RECORD_PIDS && !s->open_pids &&
		    !bpf_obj__following(s->obj))
			stop = STOP_DONE;
		if (stop == RUNNING && s->cmd_done)
			stop = job_end(s, l);
		if (stop == RUNNING && deadline && now_ns() >= deadline)
			stop = STOP_TIME;
		if (l->tick)
			stop = l->tick(l->ctx, stop);
	}
	return stop;
}

int session__exit_status(struct session *s, enum stop stop, const char *verb, double duration)
{
	bool command = s->rt->kind == RECORD_COMMAND;

	if (command && s->cmd_done)	/* its job may have been stopped after it */
		return s->exec_ret ? s->exec_ret : spawn_exit_code(s->status);
	if (stop == STOP_ABANDON) {
		trail_err("interrupted: stopped %s, '%s' left running", verb, s->rt->argv[0]);
		s->status = -1;
		return 130;
	}
	if (stop == STOP_TIME && command) {
		trail_warn("stopped %s after %g s, '%s' left running", verb, duration,
			   s->rt->argv[0]);
		s->status = -1;
	}
	return 0;
}

void session__abort(struct session *s)
{
	if (s->rt && s->rt->kind == RECORD_COMMAND)
		spawn_abort(&s->sp);
}

void session__release(struct session *s)
{
	if (s->ep >= 0)
		close(s->ep);
	if (s->sfd >= 0)
		close(s->sfd);
	if (s->child_fd >= 0)
		close(s->child_fd);
	hold__release(&s->hold);
	run_as_release(&s->ra);
	free(s->file);
}
