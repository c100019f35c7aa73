/* SPDX-License-Identifier: MIT */
/* Event filters shared by show and watch: --pid [--children], --comm,
 * --event (views/select.h), -z/-Z (successful or failed calls only),
 * --path. */
#ifndef TRAIL_FILTER_H
#define TRAIL_FILTER_H

#include <stdbool.h>
#include "model/event.h"
#include "util/util.h"
#include "views/select.h"

/* -z and -Z, as strace's: only calls that succeeded, or only those that
 * failed (events without a result, as exits, go with -z). */
enum filter_result { FR_ANY, FR_SUCCESSFUL, FR_FAILED };

struct filter {
	long pid;                /* -1: any */
	bool children;
	const char *comm;
	struct event_sel sel;    /* --event; nothing selected: all */
	enum filter_result result;
	const char *path_glob;
	struct u32map tree;      /* pids under --pid with --children */
};

void filter_init(struct filter *f);
/* Adds "exec,openat,%net" (select.h); 0, or -EINVAL with one line in err. */
int filter_parse_events(struct filter *f, const char *list, char *err, size_t errlen);
/* Must see every event, in order (it follows forks for --children). */
bool filter_match(struct filter *f, const struct trail_event *ev);
void filter_release(struct filter *f);

#endif
