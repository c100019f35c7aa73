/* SPDX-License-Identifier: MIT */
/*
 * trail lint: the build bugs a recording proves.  Over deps' file roles
 * (model/fileuse.h), with the first time each command read, wrote, created
 * or missed each path, it finds the hazards of docs/lint.md: two unrelated
 * commands writing one file, a read of a file a later command rewrites, a
 * reader and a writer running at once, inputs and outputs the build does
 * not declare (views/builddecl.h), accesses outside the project, and
 * probes for files a later command creates.
 */
#ifndef TRAIL_LINT_H
#define TRAIL_LINT_H

#include <stdio.h>
#include "model/fileuse.h"
#include "model/replay.h"
#include "views/builddecl.h"

/* Stable names: docs/lint.md, the JSON "kind" and --ignore. */
enum lint_kind {
	LK_WRITE_WRITE,
	LK_STALE_READ,
	LK_CONCURRENT_RW,
	LK_UNDECLARED_INPUT,
	LK_UNDECLARED_OUTPUT,
	LK_NON_HERMETIC,
	LK_MISSING_CREATED,
	LK__MAX
};
extern const char *const lint_kind_name[LK__MAX];
/* The kind of a name, or -1. */
int lint_kind_parse(const char *name);

enum lint_format { LINT_TEXT, LINT_JSON };

struct lint_opts {
	enum lint_format format;
	char **allow;              /* more paths never reported (prefixes or globs); NULL-terminated */
	bool no_default_allow;     /* without the system paths of lint_default_allow */
	const char *project;       /* absolute; NULL: the recorded cwd */
	unsigned int ignore;       /* 1 << kind: kinds not reported */
	struct build_decl *decl;   /* NULL: no undeclared-* checks */
};

/* The system and toolchain paths allowed by default; NULL-terminated. */
extern const char *const lint_default_allow[];

/* One process's part in a hazard. */
enum lint_access { LA_READ, LA_WRITE, LA_CREATE, LA_MISSING, LA_LIST, LA_CONNECT, LA_SEND };
struct lint_part {
	uint32_t cmd;              /* fu_cmd id */
	enum lint_access access;
	uint64_t time_ns;
};

#define LINT_PARTS_MAX 8

struct lint_hazard {
	enum lint_kind kind;
	const char *file;          /* the path, or a network peer for non-hermetic */
	bool peer;                 /* file is a network address */
	const char *target;        /* undeclared-input: the output that read it */
	struct lint_part part[LINT_PARTS_MAX];
	unsigned int nparts;
	unsigned int more;         /* processes involved beyond LINT_PARTS_MAX */
};

struct lint_path;
struct lint_acc;

struct lint {
	const struct lint_opts *o;
	char *project;
	struct fileuse fu;
	struct lint_path *paths;   /* by fileuse path id */
	uint32_t npaths;
	struct lint_acc *acc;
	size_t nacc, cap_acc;
	struct strtab *peers;      /* network addresses contacted */
	struct u32map peer_first;  /* peer id -> struct lint_part * */
	struct lint_hazard *h;
	size_t nh, cap_h;
	size_t count[LK__MAX];
};

void lint__init(struct lint *l, const struct lint_opts *o, const struct tf_info *info);
void lint__add(struct lint *l, const struct trail_event *ev);
/* After the last event: finds the hazards (l->h, sorted by kind and file). */
void lint__finish(struct lint *l);
void lint__release(struct lint *l);

/* The hazards as JSON: {"hazards":[...],"counts":{...},"total":N} without
 * its braces' surroundings; str writes a string (json_str or
 * json_str_script). */
void lint__json(const struct lint *l, FILE *out, void (*str)(FILE *, const char *, size_t));

/* Reads the whole replay and prints; 0, or the negative error of
 * replay__next.  *found: the hazards reported. */
int lint_run(struct replay *r, const struct lint_opts *o, FILE *out, size_t *found);

#endif
