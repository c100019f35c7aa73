/* SPDX-License-Identifier: MIT */
/*
 * The maps by which the recorder's and trail stat's BPF programs know
 * their target (bpf/filter.bpf.h, in both objects): the set of followed
 * thread groups, and the cgroup of --cgroup.  Each takes the map's fd.
 */
#ifndef TRAIL_TARGETMAP_H
#define TRAIL_TARGETMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/types.h>

/* Adds or removes a thread group: 0 or -errno (removing one not there is
 * no error). */
int targetmap_follow(int traced_fd, pid_t pid);
int targetmap_unfollow(int traced_fd, pid_t pid);
/* Whether any thread group but a peer is still followed. */
bool targetmap_following(int traced_fd);
/* Up to max of the followed thread groups (peers aside) into pids;
 * returns how many there are in all (with max 0: 1 if any). */
size_t targetmap_list(int traced_fd, __u32 *pids, size_t max);
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
