/* SPDX-License-Identifier: MIT */
#ifndef TRAIL_RECORD_H
#define TRAIL_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "tracefile/tracefile.h"
#include "util/rotate.h"

/* What is recorded: exactly one of these. */
enum record_target_kind {
	RECORD_COMMAND,            /* run argv, record its tree */
	RECORD_PIDS,               /* running processes and their descendants */
	RECORD_CGROUP,             /* every process in a cgroup v2 subtree */
	RECORD_ALL,                /* the whole machine but trail */
};

struct record_target {
	enum record_target_kind kind;
	char **argv;               /* RECORD_COMMAND */
	const pid_t *pids;         /* RECORD_PIDS */
	size_t npids;
	const char *cgroup;        /* RECORD_CGROUP: absolute, or under the cgroup2 mount */
};

/* Where records go instead of a trace file (trail watch). */
struct record_sink {
	/* Once, before any record: what the file header would say. */
	int (*begin)(void *ctx, const struct tf_meta *meta);
	/* Every record, in ring order; non-zero ends recording (cleanly:
	 * the sink keeps its own error). */
	int (*record)(void *ctx, const void *rec, size_t size);
	/* May be NULL.  After every wake-up (at least every 100 ms): the
	 * sink's own timers and queues; non-zero ends recording, as record. */
	int (*tick)(void *ctx);
	/* May be NULL (SIGHUP then stops, as SIGTERM).  SIGHUP: the sink
	 * reopens its files; non-zero ends recording. */
	int (*hup)(void *ctx);
	/* The records the sink's own filters left out (the health's
	 * "filtered"), or NULL. */
	const uint64_t *filtered;
	void *ctx;
};

struct record_opts {
	const char *output;
	bool force;
	bool no_env;
	bool lossless;             /* freeze the command rather than drop events */
	enum tf_codec codec;       /* the file's chunks of records: TF_CODEC_* */
	const char *user;          /* -u USER, or NULL */
	size_t ring_bytes;
	struct record_target target;
	double duration;           /* stop after this many seconds; 0: never */
	/* A command's job: by default every traced descendant, recorded until
	 * the last has exited; with scope, everything in a cgroup made for it
	 * until the cgroup is empty (or linger seconds after the command). */
	bool until_command_exits;  /* stop when the command itself exits */
	bool scope;
	double linger;             /* with scope: 0 waits for the cgroup to empty */
	bool follow_peers;         /* servers the job connects to are recorded too */
	const struct record_sink *sink;   /* NULL: write the trace file output */
	/* In-kernel filters (tracer_opts): event types (TE__MAX flags, NULL:
	 * all) and task names (NULL-terminated, NULL: any). */
	const bool *types;
	const bool *ops;           /* syscalls by row (tracer_opts), NULL: by type */
	char *const *comms;
	bool uid_filter;           /* real uid in [uid_min, uid_max] only */
	uint32_t uid_min, uid_max;
	bool failed_only;          /* failed syscalls, denied capabilities */
	const bool *failed_ops;    /* or these syscalls' (TRAIL_SYS_MAX flags) */
	bool failed_cap;           /* and/or denied capabilities only */
	const char *syscalls;      /* --syscall NAME[,NAME...], or NULL */
	/* --rotate, --rotate-every: output rolls over (SIGHUP too, for a
	 * target trail attached to); nothing set: one file */
	struct rotate rotate;
	double stats_every;        /* seconds between health records; 0: none */
};

/*
 * Records the target until it ends, --duration passes or SIGINT/SIGTERM
 * (for a command: until its job has ended, see above).  Returns trail's exit status: for a
 * command its status, 126/127 when it cannot run; 0 for the other targets;
 * 2 for trail's own errors (one line printed).
 */
int record_main(const struct record_opts *o);

#endif
