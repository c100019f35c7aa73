// SPDX-License-Identifier: MIT
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include "record/procfs.h"
#include "tracefile/tracefile.h"

#define MAX_PASSES 16


/* fd of path if it is a cgroup2 directory; -errno otherwise. */
static int open_cgroup2(const char *path)
{
	struct statfs sf;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstatfs(fd, &sf) || sf.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		return -ENOTDIR;
	}
	return fd;
}

int procfs_open_cgroup(const char *path, char *out, size_t outlen)
{
	char mnt[PATH_MAX], full[2 * PATH_MAX + 2], real[PATH_MAX];
	int fd = -ENOENT, first = 0;

	if (path[0] == '/') {
		snprintf(full, sizeof(full), "%s", path);
		fd = first = open_cgroup2(full);
	}
	if (fd < 0) {
		if (find_mount("cgroup2", NULL, mnt, sizeof(mnt)))
			return first ? first : -ENODEV;
		snprintf(full, sizeof(full), "%s/%s", mnt, path);
		fd = open_cgroup2(full);
		if (fd < 0)
			return first ? first : fd;
	}
	snprintf(out, outlen, "%s", realpath(full, real) ? real : full);
	return fd;
}

struct proc {
	pid_t pid, ppid;
	unsigned long long start;
	unsigned int flags;        /* PF_* */
};

#define PF_KTHREAD 0x00200000   /* linux/sched.h: a kernel thread */

/* pid, ppid, state and start time from /proc/PID/stat; the name between
 * the parentheses may hold anything, so fields count from the last ')'. */
static int read_stat(pid_t pid, struct proc *p, char *state)
{
	char path[64], buf[1024], *e;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	e = strrchr(buf, ')');
	/* after ')': state(3) ppid(4) ... starttime(22) */
	if (!e || sscanf(e + 1, " %c %d %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s "
			 "%*s %*s %*s %llu", state, &p->ppid, &p->start) != 3)
		return -EIO;
	/* flags(9) */
	if (sscanf(e + 1, " %*c %*d %*s %*s %*s %*s %u", &p->flags) != 1)
		return -EIO;
	p->pid = pid;
	return 0;
}

bool procfs_alive(pid_t pid, unsigned long long start)
{
	struct proc p;
	char state;

	if (read_stat(pid, &p, &state))
		return false;
	return state != 'Z' && state != 'X' && (!start || p.start == start);
}

static int snapshot(struct proc **out, size_t *n)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char *end, state;
		long pid = strtol(de->d_name, &end, 10);
		struct proc p;

		if (*end || pid <= 0 || read_stat(pid, &p, &state))
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 512;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[(*n)++] = p;
	}
	closedir(d);
	return 0;
}

int procfs_add_descendants(struct u32map *set, int (*add)(void *ctx, pid_t pid),
			   int (*drop)(void *ctx, pid_t pid), void *ctx)
{
	int total = 0, pass, err;

	for (pass = 0; pass < MAX_PASSES; pass++) {
		struct proc *ps;
		size_t n, i;
		int added = 0, more;

		err = snapshot(&ps, &n);
		if (err)
			return err;
		/* a snapshot lists children before parents at times: repeat
		 * over it until it yields nothing new */
		do {
			more = 0;
			for (i = 0; i < n; i++) {
				if (u32map_get(set, ps[i].pid) || !u32map_get(set, ps[i].ppid))
					continue;
				u32map_put(set, ps[i].pid, (void *)1);
				err = add(ctx, ps[i].pid);
				if (err) {
					free(ps);
					return err;
				}
				/* died (or its pid was reused) before add(): the
				 * kernel saw its exit while it was not followed */
				if (!procfs_alive(ps[i].pid, ps[i].start))
					drop(ctx, ps[i].pid);
				more++;
			}
			added += more;
		} while (more);
		free(ps);
		total += added;
		if (!added)
			break;
	}
	return total;
}

/* A file of /proc/PID: up to cap bytes into buf; how many, or -errno. */
static ssize_t proc_read(pid_t pid, const char *what, char *buf, size_t cap)
{
	char path[64];
	ssize_t n, len = 0;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((size_t)len < cap && (n = read(fd, buf + len, cap - len)) > 0)
		len += n;
	close(fd);
	return len;
}

/* A link of /proc/PID (exe, cwd) into buf, not NUL-terminated; its length. */
static size_t proc_link(pid_t pid, const char *what, char *buf, size_t cap)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	n = readlink(path, buf, cap);
	return n > 0 ? (size_t)n : 0;
}

/* ppid, uid and gid from /proc/PID/status. */
static void proc_status(pid_t pid, struct trail_ev_proc *x)
{
	char buf[4096], *p;
	ssize_t n = proc_read(pid, "status", buf, sizeof(buf) - 1);

	if (n <= 0)
		return;
	buf[n] = '\0';
	if ((p = strstr(buf, "\nPPid:")))
		x->ppid = strtoul(p + 6, NULL, 10);
	if ((p = strstr(buf, "\nUid:")))
		x->hdr.uid = strtoul(p + 5, NULL, 10);
	if ((p = strstr(buf, "\nGid:")))
		x->hdr.gid = strtoul(p + 5, NULL, 10);
}

int procfs_comm(pid_t pid, char *out, size_t len)
{
	ssize_t n = len ? proc_read(pid, "comm", out, len - 1) : -EINVAL;

	if (n < 0)
		return n;
	if (n > 0 && out[n - 1] == '\n')
		n--;
	out[n] = '\0';
	return 0;
}

int procfs_boot_id(char *out, size_t len)
{
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = len > TF_BOOT_ID_LEN ? read(fd, out, TF_BOOT_ID_LEN) : -1;
	close(fd);
	if (n != TF_BOOT_ID_LEN || !tf_boot_id_valid(out, n))
		return -EINVAL;
	out[n] = '\0';
	return 0;
}

ssize_t procfs_describe(pid_t pid, uint64_t ts, void *out, size_t cap)
{
	struct trail_ev_proc *x = out;
	char *p = (char *)out + sizeof(*x);
	size_t room = cap - sizeof(*x), exe, cwd;
	ssize_t argv, n;
	struct proc st;
	char state;

	if (cap < sizeof(*x) + 2 * PATH_MAX + 2)
		return -ENOSPC;
	if ((n = read_stat(pid, &st, &state)))
		return n;	/* gone */
	/* exited, not yet reaped: no argv, cwd or exe left, nothing runs */
	if (state == 'Z' || state == 'X')
		return 0;
	memset(x, 0, sizeof(*x));
	x->hdr.kind = TRAIL_EV_PROC;
	x->hdr.ts = ts;
	x->hdr.pid = x->hdr.tid = pid;
	n = procfs_comm(pid, x->hdr.comm, sizeof(x->hdr.comm));
	if (n < 0)
		return n;	/* gone */
	proc_status(pid, x);
	exe = proc_link(pid, "exe", p, PATH_MAX);
	cwd = proc_link(pid, "cwd", p + exe, PATH_MAX);
	argv = proc_read(pid, "cmdline", p + exe + cwd, room - exe - cwd);
	if (argv < 0)
		argv = 0;
	if ((size_t)argv == room - exe - cwd) {	/* full: cut at the last string */
		while (argv > 0 && p[exe + cwd + argv - 1])
			argv--;
		x->hdr.flags |= TRAIL_F_ARGV_TRUNC;
	}
	x->exe_len = exe;
	x->cwd_len = cwd;
	x->argv_len = argv;
	for (n = 0; n < argv; n++)
		x->argc += !p[exe + cwd + n];
	x->hdr.size = sizeof(*x) + exe + cwd + argv;
	return x->hdr.size;
}

static int by_start(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

int procfs_each_running(const struct u32map *want, int (*each)(void *ctx, pid_t pid), void *ctx)
{
	struct proc *ps;
	size_t n, i;
	int err = snapshot(&ps, &n);

	if (err)
		return err;
	qsort(ps, n, sizeof(*ps), by_start);
	for (i = 0; i < n && !err; i++)
		if (ps[i].pid != getpid() && !(ps[i].flags & PF_KTHREAD) &&
		    (!want || u32map_get(want, ps[i].pid)))
			err = each(ctx, ps[i].pid);
	free(ps);
	return err;
}

/* cgroup.procs of the cgroup at dirfd and of those below it, depth first. */
static int cgroup_walk(int dirfd, struct u32map *set, int depth)
{
	int fd = openat(dirfd, "cgroup.procs", O_RDONLY | O_CLOEXEC), err = 0;
	struct dirent *de;
	FILE *f;
	DIR *d;
	long pid;

	if (fd < 0 || !(f = fdopen(fd, "r"))) {
		err = -errno;
		if (fd >= 0)
			close(fd);
		return err;
	}
	while (fscanf(f, "%ld", &pid) == 1)
		if (pid > 0 && pid <= INT32_MAX)
			u32map_put(set, pid, (void *)1);
	fclose(f);
	if (depth >= 64 || (fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	    !(d = fdopendir(fd)))
		return 0;
	while ((de = readdir(d))) {
		int sub;

		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		sub = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0)
			continue;	/* removed meanwhile */
		cgroup_walk(sub, set, depth + 1);
		close(sub);
	}
	closedir(d);
	return 0;
}

int procfs_cgroup_pids(int dirfd, struct u32map *set)
{
	return cgroup_walk(dirfd, set, 0);
}
