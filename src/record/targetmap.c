// SPDX-License-Identifier: MIT
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include "record/targetmap.h"
#include "trail_abi.h"
#include "util/util.h"

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

/* Has every thread of group tgid exited?  A pidfd is readable once the
 * group is empty and its leader a zombie. */
static bool group_gone(pid_t tgid)
{
	struct pollfd p = { .events = POLLIN };
	bool gone;

	p.fd = syscall(SYS_pidfd_open, tgid, 0);
	if (p.fd < 0)
		return errno == ESRCH;
	gone = poll(&p, 1, 0) == 1;
	close(p.fd);
	return gone;
}

void targetmap_prune(int traced_fd)
{
	__u32 *keys = NULL, key, *prev = NULL;
	size_t n = 0, cap = 0, i;

	/* keys first: deleting while walking would restart the walk (as an
	 * exit does meanwhile: hence the bound, the map's size) */
	while (n < 131072 && !bpf_map_get_next_key(traced_fd, prev, &key)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			keys = xrealloc(keys, cap * sizeof(*keys));
		}
		keys[n] = key;
		prev = &keys[n++];
	}
	for (i = 0; i < n; i++)
		if (group_gone(keys[i]))
			targetmap_unfollow(traced_fd, keys[i]);
	free(keys);
}

int targetmap_set_cgroup(int map_fd, int cgroup_fd)
{
	__u32 zero = 0, fd = cgroup_fd;

	return bpf_map_update_elem(map_fd, &zero, &fd, BPF_ANY) ? -errno : 0;
}
