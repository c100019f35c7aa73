/* SPDX-License-Identifier: MIT */
/*
 * `trail stat`'s report: one reading of the in-kernel counters (a whole run
 * or one interval) as sorted tables, in text or as one JSON object.  Pure
 * data in, text out: the reading itself is src/stat/tally.c's.
 */
#ifndef TRAIL_STATREP_H
#define TRAIL_STATREP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "trail_abi.h"
#include "stat_abi.h"

struct stat_comm {
	char comm[STAT_COMM_LEN + 1];
	uint64_t calls;
};

struct stat_file {
	char path[STAT_PATH_LEN + 1];
	uint64_t count, failed;
	bool truncated;            /* longer paths with this start */
};

struct stat_cap {
	int cap;
	uint64_t granted, denied;
};

struct stat_remote {
	uint8_t addr[STAT_ADDR_LEN];
	uint16_t len;
	uint64_t count, failed;
};

struct stat_snap {
	unsigned int interval;     /* 1, 2, ... with -i; 0: the whole run */
	double seconds;            /* how long this reading covers */
	bool caps_traced;          /* false: no cap_capable tracepoint */
	uint64_t calls[TRAIL_SYS_MAX];
	uint64_t failed[TRAIL_SYS_MAX];
	uint64_t ns[TRAIL_SYS_MAX];  /* time in each, sys_enter to sys_exit */
	uint64_t counters[STAT_C_MAX];
	struct stat_comm *comms;
	size_t ncomms;
	struct stat_file *files;
	size_t nfiles;
	struct stat_cap *caps;
	size_t ncaps;
	struct stat_remote *remotes;
	size_t nremotes;
};

/* Adding rows: each returns the new row, zeroed but for its key; the same
 * key twice is the caller's to avoid, except for caps (merged by number). */
struct stat_comm *stat_snap__comm(struct stat_snap *s, const char *comm);
struct stat_file *stat_snap__file(struct stat_snap *s, const char *path, size_t len);
struct stat_cap *stat_snap__cap(struct stat_snap *s, int cap);
struct stat_remote *stat_snap__remote(struct stat_snap *s, const void *addr, size_t len);
/* Frees the rows; the snapshot can be filled again. */
void stat_snap__release(struct stat_snap *s);

struct stat_print_opts {
	bool json;                 /* one JSON object on one line */
	size_t top;                /* rows per table; 0: all */
};

void stat_print(FILE *f, const struct stat_snap *s, const struct stat_print_opts *o);

#endif
