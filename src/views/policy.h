/* SPDX-License-Identifier: MIT */
/*
 * A policy file (watch --policy, record --policy; docs/policy.md): which
 * events to keep, one directive a line, instead of a long command line.
 * The parser is strict and bounded: a line of at most POLICY_LINE_MAX
 * bytes, a file of at most POLICY_FILE_MAX, printable text only; the
 * first problem ends it with "FILE:LINE: what is wrong".  It only fills
 * struct policy: the commands map it onto their options (and refuse a
 * setting given both ways).
 */
#ifndef TRAIL_POLICY_H
#define TRAIL_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "views/select.h"

#define POLICY_LINE_MAX 1024        /* bytes of a line, without its newline */
#define POLICY_FILE_MAX (64 * 1024)
#define POLICY_COMMS_MAX 16         /* TRAIL_COMMS_MAX: the kernel's map */
#define POLICY_COMM_LEN 15          /* the bytes of a name the kernel keeps */

/* Each setting remembers the line that gave it (0: not given), for the
 * messages about it, and which settings a command refuses. */
struct policy {
	char file[256];             /* as given, for messages (cut if longer) */
	struct event_sel sel;       /* event: the union of every event line */
	unsigned int events_line;
	char *comms[POLICY_COMMS_MAX + 1];   /* comm: NULL-terminated */
	unsigned int ncomms, comm_line;
	uint32_t uid_min, uid_max;  /* uid: inclusive */
	unsigned int uid_line;
	char *cgroup;               /* cgroup PATH: the target */
	unsigned int cgroup_line;
	unsigned int all_line;      /* all: the target */
	unsigned int failed_line;   /* failed-only [LIST] */
	bool failed_all;            /* a failed-only line without a list */
	struct event_sel failed_sel;   /* the lists of the others */
	char *path_glob;            /* path GLOB */
	unsigned int path_line;
	unsigned int first_line;    /* first-per-process-path */
};

/*
 * Parses len bytes of text named name (for messages) into p, which it
 * initializes.  0, or -EINVAL with "NAME:LINE: message" in err (one line;
 * p released).
 */
int policy_parse(struct policy *p, const char *name, const char *text, size_t len, char *err,
		 size_t errlen);
/* Reads and parses a file: as policy_parse, or -errno when it can't be
 * read ("can't read policy 'FILE': ..."). */
int policy_load(struct policy *p, const char *path, char *err, size_t errlen);
void policy_release(struct policy *p);

#endif
