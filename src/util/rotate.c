// SPDX-License-Identifier: MIT
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/rotate.h"

/* ",KEEP" after a size or duration, or nothing: 0, or -1. */
static int parse_keep(struct rotate *r, const char *s)
{
	char *end;
	unsigned long v;

	if (!*s) {
		if (!r->keep)
			r->keep = ROTATE_KEEP_DEFAULT;
		return 0;
	}
	if (*s != ',' || s[1] < '0' || s[1] > '9')
		return -1;
	errno = 0;
	v = strtoul(s + 1, &end, 10);
	if (errno || *end || v < 1 || v > ROTATE_KEEP_MAX)
		return -1;
	r->keep = v;
	return 0;
}

/* A number and one unit from units (a letter each, its factor in mul). */
static int parse_scaled(const char *s, const char *units, const uint64_t *mul, uint64_t dflt,
			uint64_t *out, const char **rest)
{
	char *end;
	const char *u;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -1;
	if (*end && *end != ',' && (u = strchr(units, *end))) {
		dflt = mul[u - units];
		end++;
	}
	if (!v || v > UINT64_MAX / dflt)
		return -1;
	*out = v * dflt;
	*rest = end;
	return 0;
}

int rotate_parse_size(struct rotate *r, const char *arg, char *why, size_t whylen)
{
	static const uint64_t mul[] = { 1ull << 10, 1ull << 10, 1ull << 20, 1ull << 20,
					1ull << 30, 1ull << 30 };
	const char *rest;

	if (parse_scaled(arg, "kKmMgG", mul, 1, &r->max_bytes, &rest) || parse_keep(r, rest) ||
	    r->max_bytes < 64 * 1024) {
		snprintf(why, whylen, "bad --rotate '%s': SIZE[,KEEP], SIZE at least 64K "
			 "(K, M, G), KEEP 1 to %d", arg, ROTATE_KEEP_MAX);
		return -1;
	}
	return 0;
}

int rotate_parse_every(struct rotate *r, const char *arg, char *why, size_t whylen)
{
	static const uint64_t mul[] = { 1000000000ull, 60000000000ull, 3600000000000ull,
					86400000000000ull };
	const char *rest;

	if (parse_scaled(arg, "smhd", mul, mul[0], &r->every_ns, &rest) || parse_keep(r, rest) ||
	    r->every_ns > 366 * mul[3]) {
		snprintf(why, whylen, "bad --rotate-every '%s': DURATION[,KEEP], as 90s, 10m, "
			 "1h or 1d (seconds without a unit), KEEP 1 to %d", arg,
			 ROTATE_KEEP_MAX);
		return -1;
	}
	return 0;
}

bool rotate_due(const struct rotate *r, uint64_t bytes, uint64_t opened_ns, uint64_t now_ns)
{
	return (r->max_bytes && bytes >= r->max_bytes) ||
	       (r->every_ns && now_ns - opened_ns >= r->every_ns);
}

static void numbered(char *out, size_t len, const char *path, unsigned int n)
{
	if (n)
		snprintf(out, len, "%s.%u", path, n);
	else
		snprintf(out, len, "%s", path);
}

int rotate_shift(const char *path, unsigned int keep)
{
	char from[PATH_MAX], to[PATH_MAX];
	unsigned int n;
	int deleted = 0;

	if (!keep || keep > ROTATE_KEEP_MAX || strlen(path) + 12 > PATH_MAX)
		return -EINVAL;
	/* the oldest kept and whatever is older (a smaller KEEP than the
	 * last run's leaves more behind): deleted */
	for (n = keep - 1; n <= ROTATE_KEEP_MAX; n++) {
		numbered(from, sizeof(from), path, n);
		if (unlink(from) == 0)
			deleted++;
		else if (errno != ENOENT)
			return -errno;
		else if (n >= keep)
			break;
	}
	for (n = keep - 1; n-- > 0;) {
		numbered(from, sizeof(from), path, n);
		numbered(to, sizeof(to), path, n + 1);
		if (rename(from, to) && errno != ENOENT)
			return -errno;
	}
	return deleted;
}
