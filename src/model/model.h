/* SPDX-License-Identifier: MIT */
/*
 * Replay of per-process state from the recording alone (never /proc):
 * working directory and root (shared with CLONE_FS), descriptor table
 * (shared with CLONE_FILES, copied on fork, close-on-exec applied at exec).
 * From it every path is made absolute.  State is freed as soon as the
 * last task sharing it is gone, so memory follows the live processes, not
 * the length of the recording.
 */
#ifndef TRAIL_MODEL_H
#define TRAIL_MODEL_H

#include "model/event.h"
#include "tracefile/tracefile.h"

struct model;

struct model *model__new(const struct tf_info *info);
/*
 * Fills ev->abs[] from the state before the event, then applies the event.
 * The abs strings stay valid until the next call.
 */
void model__apply(struct model *m, struct trail_event *ev);
/* Tasks currently known (for tests and memory checks). */
size_t model__tasks(const struct model *m);
void model__free(struct model *m);

/* Lexically joins base (if not NULL) and path, even an absolute path (the
 * base is then a chroot's root), and folds "." and ".." into out (size
 * outlen); returns out, or NULL if it does not fit. */
char *path_fold(const char *base, const char *path, size_t pathlen, char *out, size_t outlen);

#endif
