// SPDX-License-Identifier: MIT
/* trail stat: load -> spawn gated -> follow -> attach -> release -> wait,
 * reading the counters every interval and at the end. */
#include <errno.h>
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

/* Under sudo, the command runs as the invoking user by default (as with
 * record). */
static int pick_user(const char *user, struct run_as *r)
{
	const char *sudo_uid = getenv("SUDO_UID");

	memset(r, 0, sizeof(*r));
	if (user)
		return run_as_lookup(r, user);
	if (sudo_uid && geteuid() == 0 && strcmp(sudo_uid, "0"))
		return run_as_lookup(r, getenv("SUDO_USER") ? getenv("SUDO_USER") : sudo_uid);
	return 0;
}

static int wait_status_to_exit(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
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

int stat_main(const struct stat_run_opts *o)
{
	struct tally_opts to = { .all = o->all };
	struct spawn sp = { .pid = -1, .gate = -1, .errpipe = -1 };
	struct tally *t = NULL;
	struct run_as ra = { 0 };
	char why[512], *file = NULL;
	sigset_t mask;
	int err, sfd = -1, pidfd = -1, status = 0, ret = 2, exec_ret = 0, sigints = 0;
	unsigned int interval = 0;
	double start, last, next, end;
	bool done = false, interrupted = false;

	if (o->argv) {
		err = spawn_resolve(o->argv[0], &file);
		if (err) {
			trail_err("%s: %s", o->argv[0], strerror(-err));
			return err == -ENOENT ? 127 : 126;
		}
		if (pick_user(o->user, &ra)) {
			trail_err("unknown user '%s'", o->user ? o->user : getenv("SUDO_UID"));
			free(file);
			return 2;
		}
	}
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

	if (o->argv) {
		err = spawn_start(&sp, file, o->argv, &ra);
		if (!err)
			err = tally__follow(t, sp.pid);
		if (err) {
			trail_err("can't start '%s': %s", o->argv[0], strerror(-err));
			goto out_kill;
		}
	}
	if (tally__attach(t, why, sizeof(why))) {
		trail_err("%s", why);
		goto out_kill;
	}
	if (o->argv) {
		pidfd = syscall(SYS_pidfd_open, sp.pid, 0);
		if (pidfd < 0) {
			trail_err("can't set up the event loop: %s", strerror(errno));
			goto out_kill;
		}
		err = spawn_release(&sp);
		if (err) {
			trail_err("%s: %s", o->argv[0], strerror(-err));
			exec_ret = err == -ENOENT ? 127 : 126;
		}
	}

	start = last = now_s();
	next = o->interval > 0 ? start + o->interval : 0;
	end = o->duration > 0 ? start + o->duration : 0;
	while (!done) {
		struct pollfd pf[2] = { { sfd, POLLIN, 0 }, { pidfd, POLLIN, 0 } };
		double now = now_s(), until = 0;
		int ms = -1, n;

		if (next && (!end || next < end))
			until = next;
		else if (end)
			until = end;
		if (until)
			ms = until > now ? (int)((until - now) * 1000) + 1 : 0;
		n = poll(pf, pidfd >= 0 ? 2 : 1, ms);
		if (n < 0 && errno != EINTR) {
			trail_err("can't wait: %s", strerror(errno));
			break;
		}
		if (n > 0 && (pf[1].revents & POLLIN) &&
		    waitpid(sp.pid, &status, WNOHANG) == sp.pid) {
			sp.pid = -1;
			done = true;
		}
		if (n > 0 && (pf[0].revents & POLLIN)) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (!o->argv) {
					done = true;	/* -a: any of them ends the watch */
				} else if (si.ssi_signo == SIGINT || si.ssi_signo == SIGQUIT) {
					/* the terminal sent it to the command too */
					if (++sigints >= 2)
						done = interrupted = true;
				} else {
					kill(sp.pid, si.ssi_signo);
				}
			}
		}
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
	if (interrupted) {
		trail_err("interrupted: stopped counting, '%s' left running", o->argv[0]);
		ret = 130;
	} else if (o->argv) {
		ret = exec_ret ? exec_ret : wait_status_to_exit(status);
	} else {
		ret = 0;
	}
	goto out;

out_kill:
	spawn_abort(&sp);
out:
	if (sfd >= 0)
		close(sfd);
	if (pidfd >= 0)
		close(pidfd);
	tally__free(t);
	run_as_release(&ra);
	free(file);
	return ret;
}
