/* SPDX-License-Identifier: MIT */
/*
 * trail watch's outputs besides the terminal: --output FILE (JSON Lines,
 * rolled over) and --syslog (RFC 5424, the JSON as MSG).  Every JSON line
 * of watch carries who made it: "host", "session" (this run's random
 * 128-bit id) and "boot_id" (the kernel's, when readable).
 */
#ifndef TRAIL_WATCH_OUT_H
#define TRAIL_WATCH_OUT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "model/event.h"
#include "util/rotate.h"

struct logfile;
struct syslog_out;

struct watch_out {
	/* options */
	const char *path;          /* --output */
	struct rotate rot;         /* --rotate, --rotate-every */
	const char *syslog;        /* --syslog */
	int facility;              /* --syslog-facility */
	/* open */
	struct logfile *lf;
	struct syslog_out *sl;
	char *tail;                /* ,"host":...,"session":...}\n */
	char *head;                /* {"host":...,"session":..., for a cut message */
	char *line;                /* the last event's JSON line */
	size_t line_len;
	char why[PATH_MAX + 160];
};

/* Who this run is (host, session, boot_id), and the files and sockets
 * opened: 0, or 2 after one error line. */
int watch_out__open(struct watch_out *o);
/* --output or --syslog given: the terminal is not written then. */
static inline bool watch_out__active(const struct watch_out *o)
{
	return o->path || o->syslog;
}
/* The event as one JSON line with host, session and boot_id (valid until
 * the next call); its length in *len. */
const char *watch_out__json(struct watch_out *o, const struct trail_event *ev, size_t *len);
/* The line of watch_out__json into the file and the syslog queue: 0, or
 * -1 after one error line. */
int watch_out__event(struct watch_out *o, const struct trail_event *ev);
/* At every wake-up, and at SIGHUP: 0, or -1 after one error line. */
int watch_out__tick(struct watch_out *o);
int watch_out__hup(struct watch_out *o);
/* The last of the queue out, the file closed, and the lines that say what
 * reached syslog: 0, or 1 after an error line. */
int watch_out__close(struct watch_out *o);

#endif
