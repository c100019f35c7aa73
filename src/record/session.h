/* SPDX-License-Identifier: MIT */
/*
 * What record, watch and stat do around their BPF object (record/bpfobj.h):
 * take hold of the target before anything is loaded; start it (the
 * command gated until it is followed and every program attached, or
 * attach, then follow running processes); release the command; wait for
 * the end (the target's, --duration's or a signal's) while the caller
 * does its work at every wake-up; say how it ended.
 */
#ifndef TRAIL_SESSION_H
#define TRAIL_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "record/hold.h"
#include "record/record.h"
#include "record/spawn.h"
#include "trail_abi.h"

struct bpf_obj;

/* Why the wait ended. */
enum stop {
	RUNNING,
	STOP_DONE,          /* the target ended */
	STOP_SIGNAL,        /* SIGINT/SIGTERM to an attached session */
	STOP_TIME,          /* --duration */
	STOP_ABANDON,       /* a second SIGINT while a command runs */
	STOP_SINK,          /* the caller wants no more */
	STOP_ERROR,         /* the caller failed (its own line said why) */
	STOP_LINGER,        /* --linger passed after the command exited */
};

struct session {
	const struct record_target *rt;
	struct bpf_obj *obj;       /* whose traced set the target goes in */
	struct hold hold;          /* -p, --cgroup; the header's description */
	size_t open_pids;          /* -p's processes not yet seen to exit */
	/* RECORD_COMMAND */
	char *file;
	struct run_as ra;
	struct spawn sp;
	int child_fd;              /* pidfd of the command */
	int status;                /* its wait status; -1: none (left running) */
	bool cmd_done;             /* it exited (its job may go on) */
	uint64_t linger_end;       /* CLOCK_MONOTONIC ns; 0: none */
	int exec_ret;              /* 126/127 when its exec failed */
	int sfd, ep;               /* signalfd, epoll */
	int (*joined)(void *ctx, pid_t pid);	/* session__start's spawned */
	void *joined_ctx;
	int sigints;
};

#define SESSION_INIT                                                           \
	{ .hold = HOLD_INIT, .sp = { .pid = -1, .gate = -1, .errpipe = -1 },   \
	  .child_fd = -1, .status = -1, .sfd = -1, .ep = -1 }

/* The caller's side of the wait; every callback may be NULL. */
struct session_loop {
	double duration;           /* seconds; 0: until the target ends */
	/* A command's job: by default every process of its tree (the traced
	 * set, peers aside), until the last has exited, as strace -f waits. */
	bool until_command_exits;  /* the command alone */
	double linger;             /* seconds after the command, at most; 0: none */
	bool (*job_alive)(void *ctx);  /* another boundary (--scope's cgroup) */
	int ring_fd;               /* one more fd that wakes the loop, or -1 */
	/* The longest wait, in ms (-1: no limit). */
	int (*wait_ms)(void *ctx);
	/* After every wake-up, before the target's events: RUNNING, a stop
	 * that the target's events may overrule, or STOP_ERROR (at once). */
	enum stop (*wake)(void *ctx);
	/* Then, with the stop so far: the stop, or STOP_ERROR. */
	enum stop (*tick)(void *ctx, enum stop stop);
	/* A signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1): true when the
	 * caller took it (record's SIGHUP rolls the file over); otherwise
	 * SIGUSR1 is ignored and the others stop or go to the command. */
	bool (*signal)(void *ctx, int signo);
	void *ctx;
};

/* Checks the target and takes hold of it (a pidfd for each process, the
 * cgroup's directory, the command's file and user) before anything is
 * loaded: 0, or trail's exit status after one error line. */
int session__prepare(struct session *s, const struct record_target *rt, const char *user);
/* Which tasks the kernel is to pass for the target (after prepare). */
enum trail_target session__bpf_target(const struct session *s);
/*
 * Signals to a signalfd, then the target into obj: the command gated,
 * spawned(ctx, pid) told of it, followed, every program attached; or the
 * programs attached, then -p's processes and their descendants followed,
 * spawned(ctx, pid) told of each first (its return value is not looked at).
 * 0, or -errno with a one-line reason in why (then session__abort).
 */
int session__start(struct session *s, struct bpf_obj *obj, int (*spawned)(void *ctx, pid_t pid),
		   void *ctx, char *why, size_t whylen);
/* Lets the command exec (its failure: one line, and exec_ret), and says
 * "trail: VERB TARGET" with -v: scripts may start their work. */
void session__begin(struct session *s, const char *verb);
/* Waits until a stop. */
enum stop session__run(struct session *s, const struct session_loop *l);
/* trail's exit status for a session stopped by stop: for a command its
 * status (also when its job was stopped after it ended), 126/127 when it could not run, 130 after a second SIGINT; with a
 * line when the command is left running ("interrupted: stopped VERB"). */
int session__exit_status(struct session *s, enum stop stop, const char *verb, double duration);
/* Kills a command that was never released. */
void session__abort(struct session *s);
void session__release(struct session *s);

#endif
