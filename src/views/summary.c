// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include "util/util.h"
#include "views/flags.h"
#include "views/summary.h"

#define ENOENT_ 2
#define O_ACCMODE_ 3
#define O_CREAT_ 0100

struct counts {
	uint64_t type[TE__MAX];
	uint64_t events, processes, failed_execs, failed;
	uint64_t err[160];
	struct strset read, written, missing;
	uint64_t last_ns;
};

static void take(struct counts *c, const struct trail_event *ev)
{
	c->events++;
	c->type[ev->type]++;
	c->last_ns = ev->time_ns;
	if (ev->has_ret && ev->ret < 0) {
		c->failed++;
		if (-ev->ret < (int64_t)ARRAY_SIZE(c->err))
			c->err[-ev->ret]++;
	}
	switch (ev->type) {
	case TE_FORK:
		if (ev->fork->child_tid && ev->fork->child_pid != ev->hdr->pid)
			c->processes++;
		break;
	case TE_EXEC:
		if (ev->ret < 0)
			c->failed_execs++;
		break;
	case TE_OPEN: {
		int oi = event_arg_index(ev, 'o');
		uint64_t fl = oi >= 0 ? ev->args[oi] : O_CREAT_ | 1;	/* creat */
		const char *p = ev->abs[0];
		size_t len = p ? strlen(p) : 0;

		if (!p && ev->real.len)
			p = ev->real.p, len = ev->real.len;
		if (!p)
			break;
		if (ev->ret < 0) {
			if (ev->ret == -ENOENT_)
				strset_add(&c->missing, p, len);
		} else if ((fl & O_ACCMODE_) || (fl & O_CREAT_)) {
			strset_add(&c->written, p, len);
		} else {
			strset_add(&c->read, p, len);
		}
		break;
	}
	default:
		break;
	}
}

int summary_run(struct replay *r, const char *path, FILE *out)
{
	const struct tf_info *in = replay__info(r);
	const struct tf_stats *st;
	struct counts c = { 0 };
	struct trail_event ev;
	char when[64];
	time_t secs = in->wall_start_ns / 1000000000ull;
	struct tm tm;
	int ret, t, e, shown = 0;

	while ((ret = replay__next(r, &ev)) > 0)
		take(&c, &ev);
	if (ret < 0)
		goto out;
	st = replay__stats(r);
	gmtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);

	fprintf(out, "recording:  %s (trail %s, format %u)%s\n", path, in->trail_version,
		in->version, replay__complete(r) ? "" : " INCOMPLETE");
	fprintf(out, "command:    %s\n", in->command);
	fprintf(out, "directory:  %s\n", in->cwd);
	fprintf(out, "host:       %s, kernel %s\n", in->hostname, in->kernel);
	fprintf(out, "started:    %s, lasted %.3f s", when,
		(replay__complete(r) && st->end_mono_ns > in->mono_start_ns ?
		 st->end_mono_ns - in->mono_start_ns : c.last_ns) / 1e9);
	if (replay__complete(r) && st->exit_status >= 0) {
		if ((st->exit_status & 0x7f) == 0)
			fprintf(out, ", exit status %d", (st->exit_status >> 8) & 0xff);
		else
			fprintf(out, ", killed by %s", signal_name(st->exit_status & 0x7f) ?: "a signal");
	}
	fprintf(out, "\nprocesses:  %" PRIu64 " (%" PRIu64 " execs, %" PRIu64 " failed)\n",
		c.processes + (c.events ? 1 : 0), c.type[TE_EXEC] - c.failed_execs, c.failed_execs);
	fprintf(out, "events:     %" PRIu64 " (", c.events);
	for (t = 0; t < TE__MAX; t++)
		if (c.type[t])
			fprintf(out, "%s%s %" PRIu64, shown++ ? ", " : "", event_type_name(t), c.type[t]);
	fprintf(out, ")\nfailed:     %" PRIu64 " calls", c.failed);
	shown = 0;
	for (e = 1; e < (int)ARRAY_SIZE(c.err); e++)
		if (c.err[e])
			fprintf(out, "%s%s %" PRIu64, shown++ ? ", " : " (",
				errno_name(e) ? errno_name(e) : "?", c.err[e]);
	fprintf(out, "%s\nfiles:      %zu read, %zu opened for writing, %zu looked for and missing\n",
		shown ? ")" : "", c.read.len, c.written.len, c.missing.len);
	{
		uint64_t lost = 0;

		for (t = 0; t < TRAIL_EV_KIND_MAX; t++)
			lost += st->drops[TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX + t];
		fprintf(out, "lost:       %" PRIu64 " events\n", lost > replay__lost(r) ? lost : replay__lost(r));
	}
out:
	strset_release(&c.read);
	strset_release(&c.written);
	strset_release(&c.missing);
	return ret;
}
