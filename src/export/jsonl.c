// SPDX-License-Identifier: MIT
#include <errno.h>
#include <string.h>
#include "export/export.h"
#include "util/util.h"
#include "views/print.h"

/* An exec as a recording made with --no-env has it: flagged, no env. */
static void drop_env(struct trail_event *ev, struct trail_ev_exec *copy)
{
	*copy = *ev->exec;
	copy->hdr.flags |= TRAIL_F_NO_ENV;
	copy->envc = 0;
	ev->exec = copy;
	ev->hdr = &copy->hdr;
	ev->env = (struct tstr){ 0 };
	ev->env_n = 0;
}

/* The objects of show --json, where they come from first: one line per
 * event. */
int export_jsonl(struct export_ctx *x, struct filter *f, FILE *out)
{
	struct trail_ev_exec copy;
	struct trail_event ev;
	int ret;

	while ((ret = replay__next(x->r, &ev)) > 0) {
		progress_tick(x->progress, replay__offset(x->r));
		if (f && !filter_match(f, &ev))
			continue;
		if (x->no_env && ev.type == TE_exec)
			drop_env(&ev, &copy);
		print_json_from(out, &ev, x->origin);
		if (ferror(out))
			break;
	}
	if (ret >= 0 && (fflush(out) || ferror(out)))
		return msgf(x->err, x->errlen, EXPORT_EOUT, "write error: %s", strerror(errno));
	return ret;
}
