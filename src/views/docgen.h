/* SPDX-License-Identifier: MIT */
/* The docs' generated parts (docs/syscalls.md, docs/json.md), from the
 * syscall table: between "<!-- generated: NAME -->" and
 * "<!-- end of generated: NAME -->" lines. */
#ifndef TRAIL_DOCGEN_H
#define TRAIL_DOCGEN_H

#include <stddef.h>
#include <stdio.h>

/* Writes in with each generated part made anew from the table.  0, or
 * -EINVAL / -ENOENT with err saying what is wrong with in's markers. */
int docgen_render(const char *in, FILE *out, char *err, size_t errlen);

#define DOCGEN_MAX (1 << 20)	/* a doc page is smaller */

/* A doc page's text, NUL-terminated (free it); NULL with errno. */
char *docgen_read(const char *path);

#endif
