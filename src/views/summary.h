/* SPDX-License-Identifier: MIT */
/* trail summary: what a recording holds, in a dozen lines. */
#ifndef TRAIL_SUMMARY_H
#define TRAIL_SUMMARY_H

#include <stdio.h>
#include "model/replay.h"

/* Reads the whole replay; 0, or the negative error of replay__next. */
int summary_run(struct replay *r, const char *path, FILE *out);

#endif
