// SPDX-License-Identifier: MIT
/* The loss report's numbers: from the trailer's drop counters to the
 * event types a user sees. */
#include "harness.h"
#include "model/loss.h"

#define RING(kind) st.drops[TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX + (kind)]
#define BY_OP(op) st.drops[TRAIL_DROPS_OP0 + (op)]

TEST(by_type)
{
	struct tf_stats st = { 0 };
	struct loss l;
	char buf[256];

	/* syscall records by op: openat and creat are opens */
	RING(TRAIL_EV_SYS) = 40012 + 25101 + 7;
	BY_OP(TRAIL_SYS_openat) = 40000;
	BY_OP(TRAIL_SYS_creat) = 12;
	BY_OP(TRAIL_SYS_close) = 25101;
	BY_OP(TRAIL_SYS_MAX) = 7;		/* --syscall ones */
	RING(TRAIL_EV_EXIT) = 1;
	RING(TRAIL_EV_IDENT) = 2;
	RING(TRAIL_EV_CAP) = 3;
	RING(TRAIL_EV_URING) = 4;
	st.drops[TRAIL_DROP_STASH * TRAIL_EV_KIND_MAX + TRAIL_EV_SYS] = 99;	/* not a loss */
	loss_from_stats(&l, &st);
	CHECK(l.total == 40012 + 25101 + 7 + 1 + 2 + 3 + 4, "the total is every ring buffer drop");
	CHECK(l.type[TE_open] == 40012 && l.type[TE_close] == 25101 && l.type[TE_syscall] == 7,
	      "syscall records by the event type of their op");
	CHECK(l.type[TE_exit] == 1 && l.type[TE_ident] == 2 && l.type[TE_cap] == 3 &&
	      l.type[TE_uring] == 4, "the other kinds by their own type");
	CHECK(l.syscall == 0, "nothing left without a type");
	loss_detail(&l, buf, sizeof(buf));
	CHECK_STR(buf, " (open 40012, close 25101, syscall 7, uring 4, cap 3, ident 2, exit 1)",
		  "largest first");
	loss_detail(&l, buf, 24);
	CHECK_STR(buf, " (open 40012, ...)", "cut to its buffer");
}

TEST(older_file)
{
	struct tf_stats st = { 0 };
	struct loss l;
	char buf[256];

	/* a file from before the counts by op: its syscall drops have no type */
	RING(TRAIL_EV_SYS) = 52543;
	RING(TRAIL_EV_FORK) = 1;
	loss_from_stats(&l, &st);
	CHECK(l.total == 52544 && l.syscall == 52543 && l.type[TE_fork] == 1, "older file: totals");
	loss_detail(&l, buf, sizeof(buf));
	CHECK_STR(buf, " (syscall 52543, fork 1)", "older file: 'syscall' for the syscall records not counted by op");
}

TEST(nothing)
{
	struct tf_stats st = { 0 };
	struct loss l;
	char buf[16] = "x";

	loss_from_stats(&l, &st);
	loss_detail(&l, buf, sizeof(buf));
	CHECK(l.total == 0 && buf[0] == '\0', "nothing lost: no detail");
}

int main(void)
{
	RUN(by_type);
	RUN(older_file);
	RUN(nothing);
	return harness_done();
}
