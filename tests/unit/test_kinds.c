// SPDX-License-Identifier: MIT
/* The record kinds' table (model/kinds.h): a row for every kind, the
 * decoder's size check at the row's minimum, losses counted under the
 * event type the records decode to. */
#include <errno.h>
#include <stdlib.h>
#include "harness.h"
#include "model/event.h"
#include "model/kinds.h"

/* A record of kind k, size bytes, zeroed but for its header; the fork a
 * kernel clone and the exec an execve, so that a zeroed body is valid. */
static void *make_rec(unsigned int k, size_t size)
{
	struct trail_ev_hdr *h = calloc(1, size < sizeof(struct trail_ev_exec) ?
					   sizeof(struct trail_ev_exec) : size);

	h->kind = k;
	h->size = size;
	h->ts = 2000;
	if (k == TRAIL_EV_FORK)
		((struct trail_ev_fork *)h)->op = TRAIL_SYS_NONE;
	if (k == TRAIL_EV_EXEC)
		((struct trail_ev_exec *)h)->op = TRAIL_SYS_execve;
	return h;
}

TEST(rows)
{
	unsigned int k, j;
	bool rows = true, unique = true;

	for (k = 1; k < TRAIL_EV_KIND_MAX; k++) {
		const struct kind_desc *d = kind_get(k);

		if (!d || !d->name || !d->decode || d->min_size < sizeof(struct trail_ev_hdr) ||
		    d->loss_type >= TE__MAX || d->loss_type < KIND_LOSS_BY_OP)
			rows = false;
		for (j = 1; d && j < k; j++)
			if (kind_get(j) && !strcmp(kind_get(j)->name, d->name))
				unique = false;
	}
	CHECK(rows, "every kind has a name, a decoder, a minimum size and a loss type");
	CHECK(unique, "no two kinds have the same name");
	CHECK(!kind_get(0) && !kind_get(TRAIL_EV_KIND_MAX) && !kind_get(0xffff),
	      "no row for kind 0 nor past the last kind");
	CHECK_STR(kind_get(TRAIL_EV_EXEC)->name, "exec", "a kind's name");
	CHECK(kind_get(TRAIL_EV_URING)->min_size == sizeof(struct trail_ev_uring),
	      "a kind's minimum size is its struct's");
}

TEST(size_check)
{
	char err[128], want[128];
	struct trail_event ev;
	bool shorter = true, unknown = true;
	unsigned int k;
	void *rec;

	for (k = 1; k < TRAIL_EV_KIND_MAX; k++) {
		size_t n = kind_get(k)->min_size - 1;

		rec = make_rec(k, n);
		snprintf(want, sizeof(want), "bad size in record of kind %u", k);
		err[0] = '\0';
		if (trail_event_decode(&ev, rec, n, 0, err, sizeof(err)) != -EINVAL ||
		    strcmp(err, want))
			shorter = false;
		free(rec);
	}
	CHECK(shorter, "a record shorter than its kind's minimum is refused");
	rec = make_rec(0, sizeof(struct trail_ev_exit));
	if (trail_event_decode(&ev, rec, sizeof(struct trail_ev_exit), 0, err, sizeof(err)) !=
	    DECODE_SKIP)
		unknown = false;
	((struct trail_ev_hdr *)rec)->kind = TRAIL_EV_KIND_MAX;
	if (trail_event_decode(&ev, rec, sizeof(struct trail_ev_exit), 0, err, sizeof(err)) !=
	    DECODE_SKIP)
		unknown = false;
	free(rec);
	CHECK(unknown, "a kind this build does not know is skipped (a newer recorder)");
}

TEST(loss_type)
{
	struct trail_event ev;
	char err[128], what[160];
	unsigned int k;
	void *rec;

	for (k = 1; k < TRAIL_EV_KIND_MAX; k++) {
		const struct kind_desc *d = kind_get(k);
		int ret;

		if (d->loss_type < 0)
			continue;
		rec = make_rec(k, d->min_size);
		ret = trail_event_decode(&ev, rec, d->min_size, 1000, err, sizeof(err));
		snprintf(what, sizeof(what), "%s: decoded at its minimum size, as the event "
			 "type its losses count under", d->name);
		CHECK(ret == DECODE_OK && (int)ev.type == d->loss_type && ev.time_ns == 1000, what);
		free(rec);
	}
}

int main(void)
{
	RUN(rows);
	RUN(size_check);
	RUN(loss_type);
	return harness_done();
}
