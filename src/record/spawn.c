// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "record/spawn.h"
#include "util/util.h"

int run_as_lookup(struct run_as *r, const char *user)
{
	struct passwd *pw;
	char *end;
	unsigned long n;

	memset(r, 0, sizeof(*r));
	errno = 0;
	pw = getpwnam(user);
	if (!pw) {
		n = strtoul(user, &end, 10);
		if (*user && !*end)
			pw = getpwuid((uid_t)n);
		if (!pw && *user && !*end) {
			/* a uid with no passwd entry: use it as is */
			r->set = true;
			r->uid = n;
			r->gid = n;
			r->name = xstrdup(user);
			r->home = xstrdup("/");
			return 0;
		}
	}
	if (!pw)
		return errno ? -errno : -ENOENT;
	r->set = true;
	r->uid = pw->pw_uid;
	r->gid = pw->pw_gid;
	r->name = xstrdup(pw->pw_name);
	r->home = xstrdup(pw->pw_dir);
	return 0;
}

void run_as_release(struct run_as *r)
{
	free(r->name);
	free(r->home);
	memset(r, 0, sizeof(*r));
}

static int check_one(const char *path)
{
	struct stat sb;

	if (stat(path, &sb))
		return -errno;
	if (S_ISDIR(sb.st_mode))
		return -EACCES;
	if (access(path, X_OK))
		return -errno;
	return 0;
}

int spawn_resolve(const char *file, char **resolved)
{
	const char *path = getenv("PATH"), *p;
	char buf[4096];
	int err, best = -ENOENT;

	*resolved = NULL;
	if (!*file)
		return -ENOENT;
	if (strchr(file, '/')) {
		err = check_one(file);
		if (!err)
			*resolved = xstrdup(file);
		return err;
	}
	if (!path)
		path = "/usr/local/bin:/bin:/usr/bin";
	for (p = path;; p = strchr(p, ':') + 1) {
		size_t n = strcspn(p, ":");

		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)n, n ? p : ".", "/", file);
		err = check_one(buf);
		if (!err) {
			*resolved = xstrdup(buf);
			return 0;
		}
		if (err == -EACCES)	/* like execvp: remember, keep looking */
			best = err;
		if (!p[n])
			break;
	}
	return best;
}

static void child_fail(int errpipe, int err)
{
	ssize_t r = write(errpipe, &err, sizeof(err));

	(void)r;
	_exit(err == ENOENT ? 127 : 126);
}

int spawn_start(struct spawn *s, const char *file, char *const argv[], const struct run_as *r)
{
	int gate[2], errp[2];
	sigset_t all;
	char c;

	if (pipe2(gate, O_CLOEXEC) || pipe2(errp, O_CLOEXEC))
		return -errno;
	s->pid = fork();
	if (s->pid < 0)
		return -errno;
	if (s->pid == 0) {
		/* Default dispositions and an empty mask for the command. */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		close(gate[1]);
		close(errp[0]);
		if (r && r->set) {
			if ((r->name ? initgroups(r->name, r->gid) : setgroups(0, NULL)) ||
			    setgid(r->gid) || setuid(r->uid))
				child_fail(errp[1], errno);
			setenv("HOME", r->home, 1);
			setenv("USER", r->name, 1);
			setenv("LOGNAME", r->name, 1);
		}
		/* Say "ready" (0), so the parent starts tracing only once
		 * this setup is done, then wait for the tracer; EOF means it
		 * gave up.  From here on
		 * every syscall is recorded: exec at once (the gate closes
		 * itself, it is O_CLOEXEC). */
		c = 0;
		if (write(errp[1], &(int){ 0 }, sizeof(int)) != sizeof(int) ||
		    read(gate[0], &c, 1) != 1)
			_exit(127);
		execv(file, argv);
		child_fail(errp[1], errno);
	}
	close(gate[0]);
	close(errp[1]);
	s->gate = gate[1];
	s->errpipe = errp[0];
	/* Wait until the child is at the gate (or failed to get there). */
	{
		int v = 0;
		ssize_t n;

		do
			n = read(s->errpipe, &v, sizeof(v));
		while (n < 0 && errno == EINTR);
		if (n != sizeof(v) || v) {
			spawn_abort(s);
			return n == sizeof(v) ? -v : -ECHILD;
		}
	}
	return 0;
}

int spawn_release(struct spawn *s)
{
	int err = 0;
	ssize_t n;

	if (write(s->gate, "g", 1) != 1)
		return -errno;
	close(s->gate);
	s->gate = -1;
	/* The exec closes the O_CLOEXEC pipe: EOF means it ran. */
	do
		n = read(s->errpipe, &err, sizeof(err));
	while (n < 0 && errno == EINTR);
	close(s->errpipe);
	s->errpipe = -1;
	return n == sizeof(err) ? -err : 0;
}

void spawn_abort(struct spawn *s)
{
	if (s->gate >= 0)
		close(s->gate);
	if (s->errpipe >= 0)
		close(s->errpipe);
	s->gate = s->errpipe = -1;
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
}

int run_as_pick(struct run_as *r, const char *user)
{
	const char *sudo_uid = getenv("SUDO_UID");

	memset(r, 0, sizeof(*r));
	if (user)
		return run_as_lookup(r, user);
	if (sudo_uid && geteuid() == 0 && strcmp(sudo_uid, "0"))
		return run_as_lookup(r, getenv("SUDO_USER") ? getenv("SUDO_USER") : sudo_uid);
	return 0;
}

int spawn_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}
