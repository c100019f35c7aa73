/* SPDX-License-Identifier: MIT */
/* trail summary: what a recording holds, in a dozen lines. */
#ifndef TRAIL_SUMMARY_H
#define TRAIL_SUMMARY_H

#include <stdio.h>
#include "model/fileuse.h"
#include "model/replay.h"
#include "util/util.h"

/* Reads the whole replay; 0, or the negative error of replay__next. */
int summary_run(struct replay *r, const char *path, FILE *out);

/* The counts behind it, for the views that show them otherwise (the HTML
 * report), so that both always say the same. */
#define SUMMARY_GROUPS_MAX 16
#define SUMMARY_PEERS_MAX 16

#define SUMMARY_SLOWEST 5

/* One of the slowest calls: what it was and what it named. */
struct summary_slow {
	uint64_t dur_ns;
	uint32_t pid;
	const char *syscall;
	char path[160];            /* abs, else as given, else the kernel's; cut */
};

/* Tasks seen with one (cgroup, namespaces) identity: a container, or the host. */
struct summary_group {
	uint64_t cgroup_id;
	uint32_t mnt, pid, net, user;
	struct u32map pids;
};

struct summary {
	struct summary_group groups[SUMMARY_GROUPS_MAX];
	size_t ngroups, more_groups;
	char peers[SUMMARY_PEERS_MAX][160];	/* "connect 127.0.0.1:80" */
	size_t npeers, more_peers;
	uint64_t cap_denied[64], setid, fileless;
	uint64_t type[TE__MAX];
	uint64_t events, processes, failed_execs, failed;
	/* the first process (a command's) and the ends after its own */
	uint32_t root_pid;
	uint64_t root_end, exits, outlived;
	struct u32map followed;
	struct summary_slow slowest[SUMMARY_SLOWEST];	/* longest first */		/* --follow-peers: peer pid -> first pid it served */
	uint64_t err[160];		/* failed calls by errno */
	struct fileuse fu;		/* files, classified as deps does */
	uint64_t last_ns;
};

void summary_init(struct summary *s);
void summary_add(struct summary *s, const struct trail_event *ev);
void summary_release(struct summary *s);
/* After the read: processes in all (the first one is not forked). */
uint64_t summary_processes(const struct summary *s);
/* After the read: processes of a command's tree that outlived it (ended
 * after it, or still running at the end); 0 when the command did not end. */
uint64_t summary_outlived(const struct summary *s);
/* After the read: how long the run lasted (to its last event when the
 * recording has no trailer). */
uint64_t summary_duration_ns(const struct summary *s, struct replay *r);
/* After the read: events lost in the kernel, the larger of the recorder's
 * count and the marks in the stream. */
uint64_t summary_lost(struct replay *r);

#endif
