/* SPDX-License-Identifier: MIT */
/*
 * What the recorder reads of the running system to attach to it: mount
 * points, a cgroup v2 directory, the descendants of running processes.
 * (Only the recorder: replay never reads /proc.)
 */
#ifndef TRAIL_PROCFS_H
#define TRAIL_PROCFS_H

#include <stddef.h>
#include <sys/types.h>
#include "util/util.h"
#include "trail_abi.h"

/*
 * Opens the cgroup v2 directory at path: absolute, or relative to the
 * cgroup2 mount (an absolute path that is not a cgroup2 directory is also
 * tried under the mount, as /proc/PID/cgroup writes it).  Returns the fd,
 * with the directory's real path in out; or -ENOENT (no such cgroup),
 * -ENOTDIR (not a cgroup v2 directory), -ENODEV (no cgroup2 mounted) or
 * another -errno.
 */
int procfs_open_cgroup(const char *path, char *out, size_t outlen);

/*
 * Adds to the set every running process whose parent is in it, through
 * add(ctx, pid), until a pass over /proc finds none new (forks racing the
 * scan are caught by the next pass; those after add() by the kernel).
 * A process that died between the scan and add() is handed to drop().
 * Returns how many were added, or -errno.
 */
int procfs_add_descendants(struct u32map *set, int (*add)(void *ctx, pid_t pid),
			   int (*drop)(void *ctx, pid_t pid), void *ctx);

/* Is pid alive (not gone, not a zombie), with this start time if not 0? */
bool procfs_alive(pid_t pid, unsigned long long start);

/* Its task name (/proc/PID/comm) into out, NUL-terminated: 0 or -errno. */
int procfs_comm(pid_t pid, char *out, size_t len);

/* The machine's boot id (/proc/sys/kernel/random/boot_id, 36 characters)
 * into out (at least 37 bytes): 0, or -errno (-EINVAL: not in the kernel's
 * form). */
int procfs_boot_id(char *out, size_t len);

/*
 * Describes running process pid as a TRAIL_EV_PROC record (trail_abi.h)
 * made at ts, into out (cap bytes: at least 2 * PATH_MAX more than the
 * record; argv is cut to what is left).  Its size, 0 for a zombie (it
 * has exited: nothing to describe), or -errno (gone, or unreadable).
 */
ssize_t procfs_describe(pid_t pid, uint64_t ts, void *out, size_t cap);

/*
 * Calls each(ctx, pid) for every running process in want (every one but
 * the caller when want is NULL; never a kernel thread), the oldest first, so that a parent comes
 * before its children.  0, or the first error (of each or of /proc).
 */
int procfs_each_running(const struct u32map *want, int (*each)(void *ctx, pid_t pid), void *ctx);

/* Adds to set the processes of the cgroup v2 subtree at dirfd: 0 or -errno. */
int procfs_cgroup_pids(int dirfd, struct u32map *set);

#endif
