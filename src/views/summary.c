// SPDX-License-Identifier: MIT
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include "util/util.h"
#include "views/flags.h"
#include "model/fileuse.h"
#include "views/summary.h"

void summary_init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
	fileuse_init(&s->fu);
}

void summary_release(struct summary *s)
{
	fileuse_release(&s->fu);
}

void summary_add(struct summary *c, const struct trail_event *ev)
{
	fileuse_add(&c->fu, ev);
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
	default:
		break;
	}
}

uint64_t summary_processes(const struct summary *s)
{
	return s->processes + (s->events ? 1 : 0);
}

uint64_t summary_duration_ns(const struct summary *s, struct replay *r)
{
	const struct tf_stats *st = replay__stats(r);
	uint64_t start = replay__info(r)->mono_start_ns;

	return replay__complete(r) && st->end_mono_ns > start ? st->end_mono_ns - start : s->last_ns;
}

uint64_t summary_lost(struct replay *r)
{
	const struct tf_stats *st = replay__stats(r);
	uint64_t lost = 0;
	int t;

	for (t = 0; t < TRAIL_EV_KIND_MAX; t++)
		lost += st->drops[TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX + t];
	return lost > replay__lost(r) ? lost : replay__lost(r);
}

int summary_run(struct replay *r, const char *path, FILE *out)
{
	const struct tf_info *in = replay__info(r);
	const struct tf_stats *st;
	struct summary c;
	struct trail_event ev;
	char when[64];
	time_t secs = in->wall_start_ns / 1000000000ull;
	struct tm tm;
	int ret, t, e, shown = 0;
	size_t nin = 0, nout = 0, nmiss = 0;
	uint32_t i;

	summary_init(&c);
	while ((ret = replay__next(r, &ev)) > 0)
		summary_add(&c, &ev);
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
	fprintf(out, "started:    %s, lasted %.3f s", when, summary_duration_ns(&c, r) / 1e9);
	if (replay__complete(r) && st->exit_status >= 0) {
		if ((st->exit_status & 0x7f) == 0)
			fprintf(out, ", exit status %d", (st->exit_status >> 8) & 0xff);
		else
			fprintf(out, ", killed by %s", signal_name(st->exit_status & 0x7f) ?: "a signal");
	}
	fprintf(out, "\nprocesses:  %" PRIu64 " (%" PRIu64 " execs, %" PRIu64 " failed)\n",
		summary_processes(&c), c.type[TE_EXEC] - c.failed_execs, c.failed_execs);
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
	for (i = 1; i < c.fu.npaths; i++) {
		const struct fu_path *p = &c.fu.paths[i];

		nin += fu_is_input(p);
		nout += fu_is_output(p) && !fu_is_temporary(p);
		nmiss += fu_is_missing(p);
	}
	fprintf(out, "%s\nfiles:      %zu inputs, %zu outputs, %zu looked for and missing "
		"(details: trail deps)\n", shown ? ")" : "", nin, nout, nmiss);
	fprintf(out, "lost:       %" PRIu64 " events\n", summary_lost(r));
out:
	summary_release(&c);
	return ret;
}
