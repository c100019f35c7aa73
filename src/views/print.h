/* SPDX-License-Identifier: MIT */
/* One event as a line: strace-like text, or a JSON object (docs/json.md).
 * Printers only print: all state is in the model and the filter. */
#ifndef TRAIL_PRINT_H
#define TRAIL_PRINT_H

#include <stdbool.h>
#include <stdio.h>
#include "model/event.h"

struct print_opts {
	bool verbose;       /* every argument and variable, not the first 32 */
};

void print_text(FILE *f, const struct trail_event *ev, const struct print_opts *o);
void print_json(FILE *f, const struct trail_event *ev);

#endif
