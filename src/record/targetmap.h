/* SPDX-License-Identifier: MIT */
/*
 * The maps by which the recorder's and trail stat's BPF programs know
 * their target (bpf/filter.bpf.h, in both objects): the set of followed
 * thread groups, and the cgroup of --cgroup.  Each takes the map's fd.
 */
#ifndef TRAIL_TARGETMAP_H
#define TRAIL_TARGETMAP_H

#include <stdbool.h>
#include <sys/types.h>

/* Adds or removes a thread group: 0 or -errno (removing one not there is
 * no error). */
int targetmap_follow(int traced_fd, pid_t pid);
int targetmap_unfollow(int traced_fd, pid_t pid);
/* Whether any thread group is still followed. */
bool targetmap_following(int traced_fd);
/*
 * Takes out the thread groups that have exited.  The exit program takes
 * out each as it ends, but a descendant of -p's processes found in /proc
 * and followed while it was exiting (after its exit event, before /proc
 * showed it a zombie) would stay for ever.
 */
void targetmap_prune(int traced_fd);
/* Puts the cgroup directory cgroup_fd in slot 0 of a cgroup array: 0 or
 * -errno. */
int targetmap_set_cgroup(int map_fd, int cgroup_fd);

#endif
