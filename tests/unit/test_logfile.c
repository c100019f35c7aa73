// SPDX-License-Identifier: MIT
/* util/logfile: appended to, made 0600, never through a symlink; rolled
 * over by size; SIGHUP's reopen shifts a file still at its path and leaves
 * one that logrotate moved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "harness.h"
#include "util/logfile.h"

static char dir[] = "/tmp/trail-test-logfile.XXXXXX";

static char *at(const char *name)
{
	static char p[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static long size_of(const char *name)
{
	struct stat sb;

	return stat(at(name), &sb) ? -1 : (long)sb.st_size;
}

static int lines(struct logfile *lf, int n, size_t len)
{
	char line[1024];
	char why[256];
	int i;

	memset(line, 'x', len - 1);
	line[len - 1] = '\n';
	for (i = 0; i < n; i++)
		if (logfile__write(lf, line, len, why, sizeof(why)))
			return -1;
	return logfile__tick(lf, why, sizeof(why));
}

TEST(open)
{
	struct rotate r = { 0 };
	struct logfile *lf = NULL;
	struct stat sb;
	char why[256];

	CHECK(!logfile__open(&lf, at("a"), &r, why, sizeof(why)) && !lines(lf, 2, 10),
	      "a new file");
	CHECK(!stat(at("a"), &sb) && (sb.st_mode & 0777) == 0600, "made 0600");
	CHECK(!logfile__close(lf, why, sizeof(why)) && size_of("a") == 20, "two lines in it");
	CHECK(!logfile__open(&lf, at("a"), &r, why, sizeof(why)) && !lines(lf, 1, 10) &&
	      !logfile__close(lf, why, sizeof(why)) && size_of("a") == 30, "an existing file appended to");
	symlink(at("target"), at("link"));
	lf = NULL;
	CHECK(logfile__open(&lf, at("link"), &r, why, sizeof(why)) < 0 && strstr(why, "symlink") &&
	      size_of("target") == -1, "a symlink refused, nothing made behind it");
}

TEST(size)
{
	struct rotate r = { .max_bytes = 65536, .keep = 3 };
	struct logfile *lf = NULL;
	char why[256];

	CHECK(!logfile__open(&lf, at("s"), &r, why, sizeof(why)) && !lines(lf, 400, 1000),
	      "400 KB of lines at 64K a file");
	CHECK(size_of("s.1") >= 65536 && size_of("s.1") < 65536 + 1000 && size_of("s.2") > 0 &&
	      size_of("s.3") == -1, "s, s.1, s.2: each ends at the line that passed 64K");
	CHECK(logfile__rotated(lf) == 6, "six roll-overs");
	logfile__close(lf, why, sizeof(why));
}

TEST(reopen)
{
	struct rotate r = { 0 };
	struct logfile *lf = NULL;
	char why[256];

	CHECK(!logfile__open(&lf, at("h"), &r, why, sizeof(why)) && !lines(lf, 1, 10) &&
	      !logfile__reopen(lf, why, sizeof(why)) && !lines(lf, 2, 10),
	      "a line, SIGHUP, two lines");
	CHECK(size_of("h.1") == 10 && size_of("h") == 20, "a file still at its path: shifted to .1");
	rename(at("h"), at("h.moved"));
	CHECK(!lines(lf, 1, 10) && !logfile__reopen(lf, why, sizeof(why)) && !lines(lf, 3, 10),
	      "a line, logrotate moves the file, SIGHUP, three lines");
	CHECK(size_of("h.moved") == 30 && size_of("h") == 30 && size_of("h.1") == 10 &&
	      size_of("h.2") == -1, "a moved file: left where it is, a new one at the path");
	logfile__close(lf, why, sizeof(why));
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir))
		return 1;
	RUN(open);
	RUN(size);
	RUN(reopen);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	return harness_done();
}
