// SPDX-License-Identifier: MIT
/* trail stat: take hold of the target -> load -> (spawn gated, follow)
 * -> attach -> (follow -p's trees; release the command) -> wait, reading
 * the counters every interval and at the end. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "record/hold.h"
#include "record/spawn.h"
#include "stat/run.h"
#include "stat/tally.h"
#include "util/util.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads what was counted since the last report and prints it. */
static int report(struct tally *t, const struct stat_run_opts *o, unsigned int interval,
		  double seconds)
{
	struct stat_snap s = { .interval = interval, .seconds = seconds };
	struct stat_print_opts po = { .json = o->json, .top = o->top };
	int err = tally__read(t, &s);

	if (err) {
		trail_err("can't read the counters: %s", strerror(-err));
	} else {
		stat_print(stdout, &s, &po);
		if (fflush(stdout) || ferror(stdout)) {
			err = -(errno ? errno : EIO);
			trail_err("can't write the report: %s", strerror(-err));
		}
	}
	stat_snap__release(&s);
	return err;
}

static int follow_cb(void *ctx, pid_t pid)
{
	return tally__follow(ctx, pid);
}

static int unfollow_cb(void *ctx, pid_t pid)
{
	return tally__unfollow(ctx, pid);
}

/* poll() slots: the signalfd, the command's pidfd, then one per -p pid. */
enum { PF_SIGNAL, PF_CHILD, PF_PIDS };

int stat_main(const struct stat_run_opts *o)
{
	const struct record_target *rt = &o->target;
	bool command = rt->kind == RECORD_COMMAND;
	struct tally_opts to = { .cgroup_fd = -1 };
	struct spawn sp = { .pid = -1, .gate = -1, .errpipe = -1 };
	struct hold h = HOLD_INIT;
	struct pollfd *pf = NULL;
	struct tally *t = NULL;
	struct run_as ra = { 0 };
	char why[PATH_MAX + 128], *file = NULL;
	sigset_t mask;
	int err, sfd = -1, status = 0, ret = 2, exec_ret = 0, sigints = 0;
	unsigned int interval = 0;
	double start, last, next, end;
	bool done = false, interrupted = false;
	size_t i, npf, open_pids;

	if (hold__open(&h, rt, why, sizeof(why))) {
		trail_err("%s", why);
		goto out;
	}
	if (command) {
		err = spawn_resolve(rt->argv[0], &file);
		if (err) {
			trail_err("%s: %s", rt->argv[0], strerror(-err));
			ret = err == -ENOENT ? 127 : 126;
			goto out;
		}
		if (run_as_pick(&ra, o->user)) {
			trail_err("unknown user '%s'", o->user ? o->user : getenv("SUDO_UID"));
			goto out;
		}
	}
	to.target = rt->kind == RECORD_CGROUP ? TRAIL_TARGET_CGROUP :
		    rt->kind == RECORD_ALL ? TRAIL_TARGET_ALL : TRAIL_TARGET_TREE;
	to.cgroup_fd = h.cgroup_fd;
	err = tally__load(&t, &to, why, sizeof(why));
	if (err) {
		trail_err("%s", why);
		goto out;
	}

	/* Signals arrive through a signalfd; the child gets them unblocked. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (sfd < 0) {
		trail_err("can't set up the event loop: %s", strerror(errno));
		goto out;
	}
	npf = PF_PIDS + h.npids;
	pf = xcalloc(npf, sizeof(*pf));
	pf[PF_SIGNAL] = (struct pollfd){ sfd, POLLIN, 0 };
	pf[PF_CHILD] = (struct pollfd){ -1, POLLIN, 0 };	/* poll skips fd -1 */
	for (i = 0; i < h.npids; i++)
		pf[PF_PIDS + i] = (struct pollfd){ h.pidfds[i], POLLIN, 0 };
	open_pids = h.npids;

	if (command) {
		err = spawn_start(&sp, file, rt->argv, &ra);
		if (!err)
			err = tally__follow(t, sp.pid);
		if (err) {
			trail_err("can't start '%s': %s", rt->argv[0], strerror(-err));
			goto out_kill;
		}
	}
	if (tally__attach(t, why, sizeof(why))) {
		trail_err("%s", why);
		goto out_kill;
	}
	if (rt->kind == RECORD_PIDS) {
		err = hold__follow(&h, rt->pids, follow_cb, unfollow_cb, t);
		if (err < 0) {
			trail_err("can't follow the processes: %s", strerror(-err));
			goto out;
		}
		if (err > 0 && trail_verbose)
			fprintf(stderr, "trail: following %d running descendants\n", err);
	}
	if (command) {
		pf[PF_CHILD].fd = syscall(SYS_pidfd_open, sp.pid, 0);
		if (pf[PF_CHILD].fd < 0) {
			trail_err("can't set up the event loop: %s", strerror(errno));
			goto out_kill;
		}
		err = spawn_release(&sp);
		if (err) {
			trail_err("%s: %s", rt->argv[0], strerror(-err));
			exec_ret = err == -ENOENT ? 127 : 126;
		}
	}
	/* everything attached and followed: scripts may start their work */
	if (trail_verbose)
		fprintf(stderr, "trail: counting %s\n", command ? rt->argv[0] : h.desc);

	start = last = now_s();
	next = o->interval > 0 ? start + o->interval : 0;
	end = o->duration > 0 ? start + o->duration : 0;
	while (!done) {
		double now = now_s(), until = 0;
		int ms = -1, n;

		if (next && (!end || next < end))
			until = next;
		else if (end)
			until = end;
		if (until)
			ms = until > now ? (int)((until - now) * 1000) + 1 : 0;
		/* -p: descendants may outlive the given processes; look at the
		 * followed set now and then */
		if (rt->kind == RECORD_PIDS && !open_pids && (ms < 0 || ms > 100))
			ms = 100;
		n = poll(pf, npf, ms);
		if (n < 0 && errno != EINTR) {
			trail_err("can't wait: %s", strerror(errno));
			break;
		}
		if (n > 0 && (pf[PF_CHILD].revents & POLLIN) &&
		    waitpid(sp.pid, &status, WNOHANG) == sp.pid) {
			sp.pid = -1;
			done = true;
		}
		for (i = 0; n > 0 && i < h.npids; i++) {
			if (pf[PF_PIDS + i].fd >= 0 && pf[PF_PIDS + i].revents) {
				pf[PF_PIDS + i].fd = -1;	/* exited: stop polling it */
				open_pids--;
			}
		}
		if (n > 0 && (pf[PF_SIGNAL].revents & POLLIN)) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (!command) {
					done = true;	/* any of them ends the count */
				} else if (si.ssi_signo == SIGINT || si.ssi_signo == SIGQUIT) {
					/* the terminal sent it to the command too */
					if (++sigints >= 2)
						done = interrupted = true;
				} else {
					kill(sp.pid, si.ssi_signo);
				}
			}
		}
		/* -p ends when the processes and every descendant followed are
		 * gone: the exit program empties the set */
		if (rt->kind == RECORD_PIDS && !open_pids && !tally__following(t))
			done = true;
		now = now_s();
		if (end && now >= end)
			done = true;
		if (!done && next && now >= next) {
			if (report(t, o, ++interval, now - last)) {
				ret = 1;
				goto out;
			}
			last = now;
			next += o->interval;
			if (next <= now)	/* a slow terminal: skip, don't burst */
				next = now + o->interval;
		}
	}
	/* The command's last syscalls were counted before its parent (us)
	 * could see it exit. */
	tally__detach(t);
	if (report(t, o, o->interval > 0 ? interval + 1 : 0, now_s() - last)) {
		ret = 1;
		goto out;
	}
	ret = 0;
	if (interrupted) {
		trail_err("interrupted: stopped counting, '%s' left running", rt->argv[0]);
		ret = 130;
	} else if (command && sp.pid >= 0) {	/* --duration */
		trail_warn("stopped counting after %g s, '%s' left running", o->duration,
			   rt->argv[0]);
	} else if (command) {
		ret = exec_ret ? exec_ret : spawn_exit_code(status);
	}
	goto out;

out_kill:
	spawn_abort(&sp);
out:
	if (sfd >= 0)
		close(sfd);
	if (pf && pf[PF_CHILD].fd >= 0)
		close(pf[PF_CHILD].fd);
	free(pf);
	tally__free(t);
	hold__release(&h);
	run_as_release(&ra);
	free(file);
	return ret;
}
