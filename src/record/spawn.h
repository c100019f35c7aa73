/* SPDX-License-Identifier: MIT */
/*
 * Starting the command so that tracing begins before its first
 * instruction: the child is forked, drops privileges, then waits on a
 * pipe; it execs only when the parent has put its pid in the traced set
 * and attached every program.
 */
#ifndef TRAIL_SPAWN_H
#define TRAIL_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

struct run_as {
	bool set;               /* false: keep trail's own credentials */
	uid_t uid;
	gid_t gid;
	char *name;             /* for HOME, USER, LOGNAME and initgroups */
	char *home;
};

struct spawn {
	pid_t pid;
	int gate;               /* write end: one byte releases the child */
	int errpipe;            /* read end: errno of a failed exec, or EOF */
};

/* Resolves USER (name or number) into r.  0 or -errno/-ENOENT. */
int run_as_lookup(struct run_as *r, const char *user);
void run_as_release(struct run_as *r);
/* Who a command trail starts runs as: USER if given; else, under sudo, the
 * invoking user (so that 'sudo trail record -- make' leaves no root-owned
 * files); else trail's own.  0, or -errno for an unknown user. */
int run_as_pick(struct run_as *r, const char *user);
/* A wait status as a shell's exit status: the code, or 128 + the signal. */
int spawn_exit_code(int status);

/* Looks up file in PATH as execvp would, into *resolved (malloc'd): 0, or
 * -errno (-ENOENT, -EACCES) for the shell-like 127/126 error before
 * anything starts.  Resolving here, as strace does, keeps a PATH search's
 * failed execs out of the recording. */
int spawn_resolve(const char *file, char **resolved);

/* Forks the gated child, which will execv(file, argv). */
int spawn_start(struct spawn *s, const char *file, char *const argv[], const struct run_as *r);
/* Lets the child exec; returns 0, or the -errno of its failed exec. */
int spawn_release(struct spawn *s);
/* Kills a child that was never released and reaps it. */
void spawn_abort(struct spawn *s);

#endif
