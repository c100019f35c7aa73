// SPDX-License-Identifier: MIT
/* trail record: spawn gated -> load -> follow -> attach -> release ->
 * drain the ring buffer into the trace file until the command ends. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "record/freeze.h"
#include "record/generic.h"
#include "record/record.h"
#include "record/spawn.h"
#include "record/tracer.h"
#include "tracefile/tracefile.h"
#include "util/util.h"

#define FLUSH_NS 1000000000ull

struct session {
	struct tf_writer *w;
	int write_err;
	/* --lossless */
	struct tracer *t;
	struct freezer *fz;
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
	struct session *s = ctx;
	int err;

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
	tf_writer__add(s->w, &ev, sizeof(ev));
}

/*
 * Create the output exclusively, never through a planted symlink; --force
 * replaces only a regular file or a symlink (never unlinks a device).  A
 * device or FIFO (/dev/stdout, a pipe) is written as it is.
 */
static int open_output(const char *path, bool force)
{
	struct stat sb;
	int fd;

	if (!lstat(path, &sb) && (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode))) {
		fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	if (force && !lstat(path, &sb) && (S_ISREG(sb.st_mode) || S_ISLNK(sb.st_mode)) &&
	    unlink(path))
		return -errno;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	return fd < 0 ? -errno : fd;
}

/* Under sudo, the command runs as the invoking user by default. */
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

static const char *kind_name(unsigned int k)
{
	static const char *const n[TRAIL_EV_KIND_MAX] = {
		[TRAIL_EV_FORK] = "fork", [TRAIL_EV_EXEC] = "exec", [TRAIL_EV_EXIT] = "exit",
		[TRAIL_EV_SYS] = "file", [TRAIL_EV_LOST] = "lost",
	};

	return k < TRAIL_EV_KIND_MAX && n[k] ? n[k] : "?";
}

static void report(const char *path, const struct tf_stats *st, uint64_t bytes)
{
	uint64_t lost = 0, faults = 0, stash = 0;
	char detail[256] = "";
	size_t len = 0;
	unsigned int k;

	for (k = 0; k < TRAIL_EV_KIND_MAX; k++) {
		uint64_t n = st->drops[TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX + k];

		lost += n;
		stash += st->drops[TRAIL_DROP_STASH * TRAIL_EV_KIND_MAX + k];
		faults += st->drops[TRAIL_DROP_STRING * TRAIL_EV_KIND_MAX + k];
		if (n && len < sizeof(detail) - 40)
			len += snprintf(detail + len, sizeof(detail) - len, "%s%s: %llu",
					len ? ", " : " (", kind_name(k), (unsigned long long)n);
	}
	if (len)
		snprintf(detail + len, sizeof(detail) - len, ")");
	fprintf(stderr, "trail: %llu events recorded in '%s' (%.1f KiB)\n",
		(unsigned long long)st->records, path, bytes / 1024.0);
	fprintf(stderr, "trail: %llu events lost%s\n", (unsigned long long)lost, detail);
	if (stash)
		fprintf(stderr, "trail: %llu syscalls not recorded: the in-kernel state map was full\n",
			(unsigned long long)stash);
	if (faults)
		fprintf(stderr, "trail: %llu strings could not be read (marked truncated)\n",
			(unsigned long long)faults);
}

static int wait_status_to_exit(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

int record_main(const struct record_opts *o)
{
	struct session s = { 0 };
	struct tracer *t = NULL;
	struct freezer *fz = NULL;
	struct spawn sp = { .pid = -1, .gate = -1, .errpipe = -1 };
	struct run_as ra;
	struct tf_stats st = { 0 };
	struct utsname un;
	char why[512], cwd[PATH_MAX], host[256] = "";
	char *file = NULL;
	sigset_t mask;
	int err, fd = -1, ep = -1, sfd = -1, pidfd = -1, status = 0, ret = 2, sigints = 0;
	int exec_ret = 0;
	bool exited = false;
	uint64_t last_flush;
	struct tf_syscall *gen = NULL;
	unsigned int ngen = 0;

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
	err = spawn_resolve(o->argv[0], &file);
	if (err) {
		trail_err("%s: %s", o->argv[0], strerror(-err));
		free(gen);
		return err == -ENOENT ? 127 : 126;
	}
	err = pick_user(o->user, &ra);
	if (err) {
		trail_err("unknown user '%s'", o->user ? o->user : getenv("SUDO_UID"));
		free(file);
		free(gen);
		return 2;
	}
	fd = open_output(o->output, o->force);
	if (fd < 0) {
		if (fd == -EEXIST)
			trail_err("'%s' exists: use --force to overwrite it", o->output);
		else
			trail_err("can't create '%s': %s", o->output, strerror(-fd));
		goto out;
	}
	/* lossless: wake earlier, freeze at a quarter full, before a burst
	 * can fill the rest while the freeze takes effect */
	struct tracer_opts to = {
		.no_env = o->no_env, .ring_bytes = o->ring_bytes,
		.wakeup_bytes = o->ring_bytes / (o->lossless ? 16 : 8),
		.on_record = on_record, .ctx = &s,
		.syscalls = gen, .nsyscalls = ngen,
	};
	s.high = o->ring_bytes / 4;
	err = tracer__load(&t, &to, why, sizeof(why));
	if (err) {
		trail_err("%s", why);
		goto out_unlink;
	}

	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "");
	uname(&un);
	gethostname(host, sizeof(host) - 1);
	struct tf_meta meta = {
		.mono_start_ns = now_ns(CLOCK_MONOTONIC), .wall_start_ns = now_ns(CLOCK_REALTIME),
		.flags = o->no_env ? TF_HF_NO_ENV : 0, .trail_version = TRAIL_VERSION,
		.kernel = un.release, .hostname = host, .cwd = cwd, .argv = o->argv,
		.compress = o->compress, .syscalls = gen, .nsyscalls = ngen,
	};
	err = tf_writer__new(&s.w, fd, &meta);
	if (err) {
		trail_err("can't write '%s': %s", o->output, strerror(-err));
		goto out_unlink;
	}
	if (getenv("SUDO_UID") && geteuid() == 0 &&
	    fchown(fd, atoi(getenv("SUDO_UID")), getenv("SUDO_GID") ? atoi(getenv("SUDO_GID")) : -1))
		trail_warn("can't give '%s' to the sudo user: %s", o->output, strerror(errno));

	/* Signals arrive through a signalfd; the child gets them unblocked. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGQUIT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (o->lossless && (err = freezer__new(&fz, why, sizeof(why)))) {
		trail_err("%s", why);
		goto out_unlink;
	}
	if (fz) {
		/* The consumer must run the moment the ring fills, even when
		 * the command keeps every CPU busy: real-time priority (reset
		 * to normal in the child at fork). */
		struct sched_param sp1 = { .sched_priority = 1 };

		if (sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &sp1))
			trail_warn("--lossless: can't raise the recorder's priority: %s",
				   strerror(errno));
	}
	err = spawn_start(&sp, file, o->argv, &ra);
	if (!err && fz)
		err = freezer__add(fz, sp.pid);
	s.t = t;
	s.fz = fz;
	if (!err)
		err = tracer__follow(t, sp.pid);
	if (err) {
		trail_err("can't start '%s': %s", o->argv[0], strerror(-err));
		goto out_kill;
	}
	if (tracer__attach(t, why, sizeof(why))) {
		trail_err("%s", why);
		goto out_kill;
	}
	pidfd = syscall(SYS_pidfd_open, sp.pid, 0);
	sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (pidfd < 0 || sfd < 0 || ep < 0) {
		trail_err("can't set up the event loop: %s", strerror(errno));
		goto out_kill;
	}
	struct epoll_event ee = { .events = EPOLLIN };
	ee.data.fd = tracer__fd(t);
	epoll_ctl(ep, EPOLL_CTL_ADD, ee.data.fd, &ee);
	ee.data.fd = pidfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, pidfd, &ee);
	ee.data.fd = sfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ee);

	err = spawn_release(&sp);
	if (err) {
		/* The failed exec itself is in the recording. */
		trail_err("%s: %s", o->argv[0], strerror(-err));
		exec_ret = err == -ENOENT ? 127 : 126;
	}

	last_flush = now_ns(CLOCK_MONOTONIC);
	while (!exited) {
		struct epoll_event evs[4];
		int i, n = epoll_wait(ep, evs, 4, fz ? 20 : 200);

		/* lossless: hold the command while we drain */
		if (fz && tracer__pending(t) >= s.high)
			freezer__set(fz, true);
		if (tracer__consume(t) < 0 && s.write_err)
			break;
		if (fz && freezer__frozen(fz))
			freezer__set(fz, false);
		for (i = 0; i < n; i++) {
			if (evs[i].data.fd == pidfd) {
				if (waitpid(sp.pid, &status, WNOHANG) == sp.pid)
					exited = true;
			} else if (evs[i].data.fd == sfd) {
				struct signalfd_siginfo si;

				if (read(sfd, &si, sizeof(si)) != sizeof(si))
					continue;
				if (si.ssi_signo == SIGINT || si.ssi_signo == SIGQUIT) {
					/* the terminal sent it to the command too */
					if (++sigints >= 2)
						goto stop_now;
				} else {
					kill(sp.pid, si.ssi_signo);
				}
			}
		}
		if (now_ns(CLOCK_MONOTONIC) - last_flush > FLUSH_NS) {
			if ((err = tf_writer__flush(s.w))) {
				s.write_err = err;
				break;
			}
			last_flush = now_ns(CLOCK_MONOTONIC);
		}
	}
	if (s.write_err) {
		trail_err("can't write '%s': %s; stopped recording", o->output,
			  strerror(-s.write_err));
		tracer__detach(t);
		if (fz)		/* never wait for a command left frozen */
			freezer__set(fz, false);
		waitpid(sp.pid, &status, 0);
		ret = 2;
		goto out;
	}
	/* Everything the command did is in the ring by now: its exit was
	 * committed before its parent (us) could see it. */
	tracer__consume(t);
	ret = exec_ret ? exec_ret : wait_status_to_exit(status);
	goto finish;

stop_now:
	trail_err("interrupted: stopped recording, '%s' left running", o->argv[0]);
	tracer__detach(t);
	tracer__consume(t);
	status = -1;
	ret = 130;
finish:
	tracer__drops(t, st.drops);
	mark_tail_loss(&s, tracer__unmarked(t));
	st.end_mono_ns = now_ns(CLOCK_MONOTONIC);
	st.exit_status = status;
	err = tf_writer__finish(s.w, &st);
	if (err) {
		trail_err("can't write '%s': %s", o->output, strerror(-err));
		ret = 2;
		goto out;
	}
	report(o->output, &st, tf_writer__bytes(s.w));
	if (fz && trail_verbose)
		fprintf(stderr, "trail: --lossless froze the command %lu times\n", freezer__count(fz));
	goto out;

out_kill:
	spawn_abort(&sp);
out_unlink:
	{
		struct stat sb;

		if (!lstat(o->output, &sb) && S_ISREG(sb.st_mode))
			unlink(o->output);
	}
out:
	if (ep >= 0) close(ep);
	if (sfd >= 0) close(sfd);
	if (pidfd >= 0) close(pidfd);
	if (fd >= 0) close(fd);
	tf_writer__free(s.w);
	freezer__free(fz);
	tracer__free(t);
	run_as_release(&ra);
	free(file);
	free(gen);
	return ret;
}
