// SPDX-License-Identifier: MIT
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "record/hold.h"
#include "record/procfs.h"
#include "util/util.h"

static int open_pids(struct hold *h, const struct record_target *t, char *why, size_t whylen)
{
	size_t i, len;

	h->pidfds = xcalloc(t->npids, sizeof(int));
	h->npids = t->npids;
	for (i = 0; i < t->npids; i++)
		h->pidfds[i] = -1;
	len = snprintf(h->desc, sizeof(h->desc), "pid ");
	for (i = 0; i < t->npids; i++) {
		pid_t pid = t->pids[i];

		if (pid == getpid())
			return msgf(why, whylen, -EINVAL, "pid %d is trail itself", pid);
		h->pidfds[i] = syscall(SYS_pidfd_open, pid, 0);
		if (h->pidfds[i] < 0) {
			int err = -errno;

			if (err == -ESRCH)
				return msgf(why, whylen, err, "no process with pid %d", pid);
			if (err == -EINVAL)
				return msgf(why, whylen, err, "pid %d is a thread, not a process", pid);
			return msgf(why, whylen, err, "can't open process %d: %s", pid, strerror(-err));
		}
		if (len < sizeof(h->desc))
			len += snprintf(h->desc + len, sizeof(h->desc) - len, "%s%d", i ? "," : "", pid);
	}
	return 0;
}

static int open_cgroup(struct hold *h, const char *path, char *why, size_t whylen)
{
	char real[PATH_MAX];
	int fd = procfs_open_cgroup(path, real, sizeof(real));

	if (fd >= 0) {
		h->cgroup_fd = fd;
		snprintf(h->desc, sizeof(h->desc), "cgroup %s", real);
		return 0;
	}
	if (fd == -ENOENT)
		return msgf(why, whylen, fd, "no cgroup '%s'", path);
	if (fd == -ENOTDIR)
		return msgf(why, whylen, fd, "'%s' is not a cgroup v2 directory", path);
	if (fd == -ENODEV)
		return msgf(why, whylen, fd, "no cgroup v2 file system is mounted (for '%s')", path);
	return msgf(why, whylen, fd, "can't open cgroup '%s': %s", path, strerror(-fd));
}

int hold__open(struct hold *h, const struct record_target *t, char *why, size_t whylen)
{
	memset(h, 0, sizeof(*h));
	h->cgroup_fd = -1;
	switch (t->kind) {
	case RECORD_COMMAND:
		return 0;
	case RECORD_PIDS:
		return open_pids(h, t, why, whylen);
	case RECORD_CGROUP:
		return open_cgroup(h, t->cgroup, why, whylen);
	case RECORD_ALL:
		snprintf(h->desc, sizeof(h->desc), "all");
		return 0;
	}
	return msgf(why, whylen, -EINVAL, "unknown target");
}

static bool exited(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

int hold__follow(const struct hold *h, const pid_t *pids, int (*follow)(void *ctx, pid_t pid),
		 int (*unfollow)(void *ctx, pid_t pid), void *ctx)
{
	struct u32map known = { 0 };
	size_t i;
	int err = 0;

	for (i = 0; i < h->npids; i++) {
		u32map_put(&known, pids[i], (void *)1);
		err = follow(ctx, pids[i]);
		if (err)
			goto out;
		if (exited(h->pidfds[i]))
			unfollow(ctx, pids[i]);
	}
	err = procfs_add_descendants(&known, follow, unfollow, ctx);
out:
	u32map_release(&known);
	return err;
}

void hold__release(struct hold *h)
{
	size_t i;

	for (i = 0; h->pidfds && i < h->npids; i++)
		if (h->pidfds[i] >= 0)
			close(h->pidfds[i]);
	free(h->pidfds);
	h->pidfds = NULL;
	h->npids = 0;
	if (h->cgroup_fd >= 0)
		close(h->cgroup_fd);
	h->cgroup_fd = -1;
}
