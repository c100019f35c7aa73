// SPDX-License-Identifier: MIT
/* util/rotate: --rotate and --rotate-every parse exactly what they say,
 * and a shift keeps exactly KEEP files, the newest, under their numbers. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "util/rotate.h"

TEST(parse)
{
	struct rotate r = { 0 };
	char why[256];

	CHECK(!rotate_parse_size(&r, "100M,5", why, sizeof(why)) && r.max_bytes == 100ull << 20 &&
	      r.keep == 5, "100M,5");
	r = (struct rotate){ 0 };
	CHECK(!rotate_parse_size(&r, "65536", why, sizeof(why)) && r.max_bytes == 65536 &&
	      r.keep == ROTATE_KEEP_DEFAULT, "bytes, and the default KEEP");
	CHECK(!rotate_parse_every(&r, "90", why, sizeof(why)) && r.every_ns == 90000000000ull &&
	      r.keep == ROTATE_KEEP_DEFAULT, "seconds without a unit; KEEP stays");
	CHECK(!rotate_parse_every(&r, "1m,3", why, sizeof(why)) && r.every_ns == 60000000000ull &&
	      r.keep == 3, "1m,3");
	CHECK(!rotate_parse_every(&r, "2d", why, sizeof(why)) && r.every_ns == 2 * 86400000000000ull,
	      "2d");
	CHECK(rotate_parse_size(&r, "1K", why, sizeof(why)) && strstr(why, "at least 64K"),
	      "a size under 64K is refused");
	CHECK(rotate_parse_size(&r, "10M,0", why, sizeof(why)), "KEEP 0 is refused");
	CHECK(rotate_parse_size(&r, "10M,1001", why, sizeof(why)), "KEEP over 1000 is refused");
	CHECK(rotate_parse_size(&r, "10M,", why, sizeof(why)), "an empty KEEP is refused");
	CHECK(rotate_parse_size(&r, "10X", why, sizeof(why)), "an unknown unit is refused");
	CHECK(rotate_parse_size(&r, "-5M", why, sizeof(why)), "a sign is refused");
	CHECK(rotate_parse_size(&r, "99999999999999999999", why, sizeof(why)),
	      "an overflowing size is refused");
	CHECK(rotate_parse_size(&r, "18446744073709551615G", why, sizeof(why)),
	      "a size that overflows with its unit is refused");
	CHECK(rotate_parse_every(&r, "0s", why, sizeof(why)), "zero time is refused");
	CHECK(rotate_parse_every(&r, "400d", why, sizeof(why)), "over a year is refused");
	CHECK(rotate_parse_every(&r, "", why, sizeof(why)), "nothing is refused");
	CHECK(rotate_due(&(struct rotate){ .max_bytes = 100 }, 100, 0, 5) &&
	      !rotate_due(&(struct rotate){ .max_bytes = 100 }, 99, 0, 5), "due by size");
	CHECK(rotate_due(&(struct rotate){ .every_ns = 10 }, 0, 5, 15) &&
	      !rotate_due(&(struct rotate){ .every_ns = 10 }, 1u << 30, 5, 14), "due by time");
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

/* The file's content, or "-" when there is none. */
static const char *got(const char *path)
{
	static char buf[64];
	FILE *f = fopen(path, "r");

	if (!f)
		return "-";
	buf[fread(buf, 1, sizeof(buf) - 1, f)] = 0;
	fclose(f);
	return buf;
}

TEST(shift)
{
	char dir[] = "/tmp/trail-rotate-XXXXXX", p[256], q[300];
	const char *gen[] = { "a", "b", "c", "d", "e" };
	int i;

	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp");
		return;
	}
	snprintf(p, sizeof(p), "%s/t.data", dir);
	for (i = 0; i < 5; i++) {	/* five files written, three kept */
		if (i)
			CHECK(rotate_shift(p, 3) == (i >= 3), "a shift deletes only beyond KEEP");
		put(p, gen[i]);
	}
	CHECK_STR(got(p), "e", "the newest is PATH");
	snprintf(q, sizeof(q), "%s.1", p);
	CHECK_STR(got(q), "d", "PATH.1 the one before");
	snprintf(q, sizeof(q), "%s.2", p);
	CHECK_STR(got(q), "c", "PATH.2 the oldest kept");
	snprintf(q, sizeof(q), "%s.3", p);
	CHECK_STR(got(q), "-", "nothing beyond KEEP");
	/* a smaller KEEP than before: the older ones go too */
	CHECK(rotate_shift(p, 1) == 3, "KEEP 1 deletes all three");
	CHECK_STR(got(p), "-", "KEEP 1: PATH deleted");
	snprintf(q, sizeof(q), "%s.1", p);
	CHECK_STR(got(q), "-", "KEEP 1: PATH.1 deleted");
	CHECK(rotate_shift(p, 0) == -EINVAL, "KEEP 0 is refused");
	rmdir(dir);
}

int main(void)
{
	RUN(parse);
	RUN(shift);
	return harness_done();
}
