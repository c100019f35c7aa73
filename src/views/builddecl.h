/* SPDX-License-Identifier: MIT */
/*
 * What a build says it does, for trail lint: its targets and their
 * prerequisites, read from make's database (`make -pn`) or from ninja's
 * build.ninja and its deps log (`ninja -t deps`).  All of it is text the
 * user handed us, so the parsers are bounded, never trust a length, and
 * end in one error message on anything they do not understand.
 */
#ifndef TRAIL_BUILDDECL_H
#define TRAIL_BUILDDECL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util/util.h"

struct bd_node {
	uint32_t *pre;         /* prerequisites (path ids); order-only ones left out */
	uint32_t npre, cap;
	bool target;           /* a file the build makes (not phony, not a mere source) */
};

struct build_decl {
	struct strtab *tab;    /* absolute, folded paths */
	struct u32map nodes;   /* path id -> struct bd_node */
	uint32_t ntargets;
	uint32_t nvars;        /* ninja: file-scope variables (bounded) */
	char **var_name, **var_val;
	unsigned int files;    /* ninja: files read (bounded) */
};

#define BD_MAX_FILES 256       /* build.ninja and what it includes */
#define BD_MAX_DEPTH 16        /* include/subninja nesting */
#define BD_MAX_VARS 4096

void build_decl_init(struct build_decl *d);
void build_decl_release(struct build_decl *d);

/*
 * `make -pn` output (its "# Files" section; CURDIR, else cwd, makes names
 * absolute).  0, or -EINVAL with one line in err.
 */
int build_decl_make(struct build_decl *d, const char *text, size_t len, const char *cwd,
		    char *err, size_t errlen);

/* Reads a file named by build.ninja (relative to the build dir, as given):
 * 0 with a malloc'ed buffer, or -errno. */
typedef int (*bd_load_fn)(void *ctx, const char *path, char **text, size_t *len);

/* build.ninja in dir (absolute), includes and subninjas through load. */
int build_decl_ninja(struct build_decl *d, const char *dir, bd_load_fn load, void *ctx,
		     char *err, size_t errlen);
/* The output of `ninja -t deps` run in dir: headers found by depfiles,
 * which ninja tracks as implicit inputs. */
int build_decl_ninja_deps(struct build_decl *d, const char *text, size_t len, const char *dir,
			  char *err, size_t errlen);

/* The node of an absolute path, or NULL. */
struct bd_node *build_decl_node(struct build_decl *d, const char *path);
/* Every prerequisite of target, transitively (through generated files
 * and phony targets): a set of path ids in out (the caller releases it). */
void build_decl_closure(struct build_decl *d, const char *target, struct u32map *out);
/* Is path (absolute) in a closure from build_decl_closure? */
bool build_decl_in(struct build_decl *d, const struct u32map *closure, const char *path);

#endif
