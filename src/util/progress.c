// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/progress.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void progress_start(struct progress *p, const char *what, const char *path)
{
	struct stat st;

	*p = (struct progress){ .what = what };
	p->on = isatty(STDERR_FILENO) == 1;
	if (p->on && path && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		p->total = st.st_size;
	p->last_ns = now_ns();
}

void progress_tick(struct progress *p, uint64_t offset)
{
	uint64_t t;

	if (!p->on || (++p->count & 4095))
		return;
	t = now_ns();
	if (t - p->last_ns < 200000000ull)
		return;
	p->last_ns = t;
	if (p->total)
		fprintf(stderr, "\rtrail %s: %3u%%  %.1f M events ", p->what,
			(unsigned)(offset * 100 / (p->total ? p->total : 1) > 100 ? 100 : offset * 100 / p->total),
			p->count / 1e6);
	else
		fprintf(stderr, "\rtrail %s: %.1f M events ", p->what, p->count / 1e6);
	p->drawn = true;
}

void progress_end(struct progress *p)
{
	if (p->drawn)
		fprintf(stderr, "\r\033[K");
	p->drawn = false;
}
