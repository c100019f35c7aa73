// SPDX-License-Identifier: MIT
#include <errno.h>
#include <bpf/bpf.h>
#include "record/targetmap.h"

int targetmap_follow(int traced_fd, pid_t pid)
{
	__u32 key = pid, one = 1;

	return bpf_map_update_elem(traced_fd, &key, &one, BPF_ANY) ? -errno : 0;
}

int targetmap_unfollow(int traced_fd, pid_t pid)
{
	__u32 key = pid;

	return bpf_map_delete_elem(traced_fd, &key) && errno != ENOENT ? -errno : 0;
}

bool targetmap_following(int traced_fd)
{
	__u32 key;

	return bpf_map_get_next_key(traced_fd, NULL, &key) == 0;
}

int targetmap_set_cgroup(int map_fd, int cgroup_fd)
{
	__u32 zero = 0, fd = cgroup_fd;

	return bpf_map_update_elem(map_fd, &zero, &fd, BPF_ANY) ? -errno : 0;
}
