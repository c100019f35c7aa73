/* SPDX-License-Identifier: MIT */
/*
 * A minimal test harness: each check prints "PASS <test>: <what>" or
 * "FAIL <test>: <what> (file:line)"; tests/run.sh counts the lines.
 *
 *   TEST(name) { CHECK(x == 1, "x is one"); }
 *   int main(void) { RUN(name); return harness_done(); }
 */
#ifndef TRAIL_HARNESS_H
#define TRAIL_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_failed, harness_passed;
static const char *harness_test;

#define TEST(name) static void test_##name(void)
#define RUN(name) do { harness_test = #name; test_##name(); } while (0)

#define CHECK(cond, what) do {						\
	if (cond) {							\
		harness_passed++;					\
		printf("PASS %s: %s\n", harness_test, what);		\
	} else {							\
		harness_failed++;					\
		printf("FAIL %s: %s (%s:%d)\n", harness_test, what,	\
		       __FILE__, __LINE__);				\
	}								\
} while (0)

#define CHECK_STR(got, want, what) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ && w_ && !strcmp(g_, w_)) {				\
		harness_passed++;					\
		printf("PASS %s: %s\n", harness_test, what);		\
	} else {							\
		harness_failed++;					\
		printf("FAIL %s: %s (got \"%s\", want \"%s\"; %s:%d)\n",	\
		       harness_test, what, g_ ? g_ : "(null)",		\
		       w_ ? w_ : "(null)", __FILE__, __LINE__);		\
	}								\
} while (0)

static inline int harness_done(void)
{
	fflush(stdout);
	return harness_failed ? 1 : 0;
}

#endif
