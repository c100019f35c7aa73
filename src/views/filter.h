/* SPDX-License-Identifier: MIT */
/* Event filters shared by show (and later watch): --pid [--children],
 * --comm, --event, --failed, --path. */
#ifndef TRAIL_FILTER_H
#define TRAIL_FILTER_H

#include <stdbool.h>
#include "model/event.h"
#include "util/util.h"

struct filter {
	long pid;                /* -1: any */
	bool children;
	const char *comm;
	uint64_t events;         /* bit per enum trail_event_type; 0: all */
	bool failed;
	const char *path_glob;
	struct u32map tree;      /* pids under --pid with --children */
};

void filter_init(struct filter *f);
/* Parses "exec,open"; 0 or -EINVAL with the bad name in *bad. */
int filter_parse_events(struct filter *f, const char *list, const char **bad);
/* Must see every event, in order (it follows forks for --children). */
bool filter_match(struct filter *f, const struct trail_event *ev);
void filter_release(struct filter *f);

#endif
