// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>
#include "export/export.h"
#include "util/util.h"
#include "views/print.h"

/* The same objects as show --json: one print_json line per event. */
int export_jsonl(struct export_ctx *x, struct filter *f, FILE *out)
{
	struct trail_event ev;
	int ret;

	while ((ret = replay__next(x->r, &ev)) > 0) {
		progress_tick(x->progress, replay__offset(x->r));
		if (f && !filter_match(f, &ev))
			continue;
		print_json(out, &ev);
		if (ferror(out))
			break;
	}
	if (ret >= 0 && (fflush(out) || ferror(out)))
		return msgf(x->err, x->errlen, EXPORT_EOUT, "write error: %s", strerror(errno));
	return ret;
}
