/* SPDX-License-Identifier: MIT */
/*
 * What a recorded run did to files: for every command (an exec image of a
 * process; a forked child that does not exec works for its parent's
 * command) the paths it read, executed, listed, wrote, created, deleted or
 * looked for in vain; and for the whole run, inputs, outputs (renames
 * followed, temporaries marked), missing and deleted paths.  deps, graph
 * and the exports read it.  Memory grows with distinct paths and
 * commands, not with events.
 */
#ifndef TRAIL_FILEUSE_H
#define TRAIL_FILEUSE_H

#include <stdbool.h>
#include <stdint.h>
#include "model/event.h"
#include "util/util.h"

/* Roles of a path in one command (bits). */
enum {
	FU_READ = 1 << 0,      /* opened for reading */
	FU_EXEC = 1 << 1,      /* executed */
	FU_LIST = 1 << 2,      /* directory listed */
	FU_WRITE = 1 << 3,     /* written, truncated or its metadata changed */
	FU_CREATE = 1 << 4,    /* created (O_CREAT, mkdir, link, rename target...) */
	FU_DELETE = 1 << 5,    /* unlinked, removed, or renamed away */
	FU_MISSING = 1 << 6,   /* looked up and not found (ENOENT, ENOTDIR) */
	FU_VIA_FD = 1 << 7,    /* with FU_WRITE: through a descriptor, not by name
				  (not kept in roles: it sets fu_path.named) */
	FU_INPUT = FU_READ | FU_EXEC | FU_LIST,
};

struct fu_cmd {
	uint32_t id;
	uint32_t pid;
	struct fu_cmd *parent;     /* the command that started this one */
	char *argv;                /* NUL-separated */
	uint32_t argv_len;
	char *cwd;
	char *exe;                 /* absolute path of the binary */
	uint64_t start_ns, end_ns;
	bool ended;
	int status;                /* wait status of the process, when ended */
	uint32_t via_pid;          /* a followed peer: the job's process it first
				      worked for (record --follow-peers) */
	struct u32map roles;       /* path id -> role bits | FU_PRESENT */
};

/* Whole-run state of one path. */
struct fu_path {
	const char *s;             /* owned by the string table */
	uint32_t roles;            /* union over commands */
	uint32_t producer;         /* command whose writing made its content, or 0 */
	bool preexisting;          /* first seen existing, not made by the run */
	bool created;              /* the run made it */
	bool exists;               /* exists at the end, as far as the run knows */
	bool renamed_away;
	bool named;                /* named by a call of the run: opened, created,
				      renamed...; a file only written through a
				      descriptor the run was given (make > log)
				      is a stream, not an output */
};

struct fileuse {
	struct fu_cmd **cmds;      /* by id; id 0 unused */
	uint32_t ncmds;
	struct fu_path *paths;     /* by id; id 0 unused */
	uint32_t npaths, cap_paths;
	struct strtab *tab;
	struct u32map by_pid;      /* pid -> current command */
	/* Optional: told of every role a command takes on a path, with the
	 * event that gave it (lint wants the times and which call it was). */
	void (*on_role)(void *ctx, const struct fu_cmd *c, uint32_t path_id, uint32_t bits,
			const struct trail_event *ev);
	void *on_role_ctx;
	const struct trail_event *cur;     /* the event being added */
};

void fileuse_init(struct fileuse *fu);
void fileuse_add(struct fileuse *fu, const struct trail_event *ev);
struct replay;
/* fileuse_init, then every event of the replay; returns replay__next's
 * last result (0 at the end, or a negative error). */
int fileuse_read(struct fileuse *fu, struct replay *r);
void fileuse_release(struct fileuse *fu);

/* Iterate a command's paths: for (i = 0; fu_cmd_next(c, &i, &pid, &roles);) */
bool fu_cmd_next(const struct fu_cmd *c, size_t *it, uint32_t *path_id, uint32_t *roles);

/* Whole-run views of a path. */
static inline bool fu_is_input(const struct fu_path *p)
{
	return (p->roles & FU_INPUT) && p->preexisting;
}
static inline bool fu_is_output(const struct fu_path *p)
{
	return (p->roles & (FU_WRITE | FU_CREATE)) && !p->renamed_away && p->named;
}
/* Written only through descriptors the run was given: the command's own
 * standard output or log, not something it built. */
static inline bool fu_is_stream(const struct fu_path *p)
{
	return (p->roles & FU_WRITE) && !p->named;
}
static inline bool fu_is_temporary(const struct fu_path *p)
{
	return fu_is_output(p) && p->created && !p->exists;
}
static inline bool fu_is_missing(const struct fu_path *p)
{
	return (p->roles & FU_MISSING) && !p->created;
}
static inline bool fu_is_deleted(const struct fu_path *p)
{
	return (p->roles & FU_DELETE) && p->preexisting && !p->exists;
}

#endif
