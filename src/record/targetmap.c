// SPDX-License-Identifier: MIT
#include <errno.h>
#include <bpf/bpf.h>
#include "record/targetmap.h"
#include "trail_abi.h"

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
	return targetmap_list(traced_fd, NULL, 0) > 0;
}

size_t targetmap_list(int traced_fd, __u32 *pids, size_t max)
{
	__u32 key, next;
	size_t n = 0;
	int err = bpf_map_get_next_key(traced_fd, NULL, &next);

	while (!err && n < 1u << 22) {	/* bounded even if the map churns */
		__u32 what = 0;

		/* a peer (--follow-peers) is not the target's own */
		if (!bpf_map_lookup_elem(traced_fd, &next, &what) && what != TRAIL_TRACED_PEER) {
			if (n < max)
				pids[n] = next;
			if (!max)
				return 1;	/* asked whether any */
			n++;
		}
		key = next;
		err = bpf_map_get_next_key(traced_fd, &key, &next);
	}
	return n;
}

int targetmap_set_cgroup(int map_fd, int cgroup_fd)
{
	__u32 zero = 0, fd = cgroup_fd;

	return bpf_map_update_elem(map_fd, &zero, &fd, BPF_ANY) ? -errno : 0;
}
