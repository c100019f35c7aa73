// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>
#include "views/diffnorm.h"

void diffnorm_init(struct diffnorm *n, const char *cwd)
{
	memset(n, 0, sizeof(*n));
	if (cwd && cwd[0] == '/' && cwd[1]) {
		n->cwd = xstrdup(cwd);
		n->cwd_len = strlen(cwd);
		while (n->cwd_len > 1 && n->cwd[n->cwd_len - 1] == '/')
			n->cwd[--n->cwd_len] = '\0';
	}
}

void diffnorm_add_pid(struct diffnorm *n, uint32_t pid)
{
	if (pid)
		u32map_put(&n->pids, pid, (void *)1);
}

void diffnorm_release(struct diffnorm *n)
{
	free(n->cwd);
	u32map_release(&n->pids);
	memset(n, 0, sizeof(*n));
}

struct buf {
	char *p;
	size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void putx(struct buf *b, size_t n)
{
	while (n--)
		put(b, "X", 1);
}

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool pathy(char c)	/* could continue a path component */
{
	return alnum(c) || c == '.' || c == '-' || c == '_' || c == '+' || c == '~';
}

/* Length of the run of alnum chars at s (up to end). */
static size_t alnum_run(const char *s, const char *end)
{
	const char *p = s;

	while (p < end && alnum(*p))
		p++;
	return p - s;
}

/* Does a path start at p ("-I/x", "a=/x", "/x"), rather than continue
 * one ("/a/x")? */
static bool path_start(const char *start, const char *p)
{
	while (p > start && pathy(p[-1]))
		p--;
	return p == start || p[-1] != '/';
}

static const char *const tmp_dirs[] = { "/var/tmp/", "/dev/shm/", "/tmp/" };

/* Length of a temp-dir prefix at s, when it starts a path (not "/a/tmp/"). */
static size_t tmp_prefix(const char *start, const char *s, const char *end)
{
	size_t i, n;

	if (!path_start(start, s))
		return 0;
	for (i = 0; i < ARRAY_SIZE(tmp_dirs); i++) {
		n = strlen(tmp_dirs[i]);
		if ((size_t)(end - s) >= n && !memcmp(s, tmp_dirs[i], n))
			return n;
	}
	return 0;
}

/* Within a temp path: a name's random part at s (a component start when
 * comp is true, else just after '.', '-' or '_').  Returns the length
 * consumed, having written the normalised form, or 0. */
static size_t tmp_part(struct buf *b, const char *s, const char *end, bool comp)
{
	size_t k = alnum_run(s, end), i;
	bool mixed = false;

	if (comp && k == 8 && s[0] == 'c' && s[1] == 'c') {	/* gcc: ccXXXXXX */
		put(b, "cc", 2);
		putx(b, 6);
		return k;
	}
	if (comp && k == 3 && end - s >= 14 && !memcmp(s, "tmp.", 4) &&
	    alnum_run(s + 4, end) == 10) {			/* mktemp: tmp.XXXXXXXXXX */
		put(b, "tmp.", 4);
		putx(b, 10);
		return 14;
	}
	if (comp && end - s >= 11 && !memcmp(s, "tmp", 3)) {	/* Python: tmp + 8 of [a-z0-9_] */
		for (i = 3; i < 11 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
				       s[i] == '_'); i++)
			;
		if (i == 11 && (s + 11 == end || !pathy(s[11]) || s[11] == '.')) {
			put(b, "tmp", 3);
			putx(b, 8);
			return 11;
		}
	}
	if (k < 6)
		return 0;
	for (i = 0; i < k; i++)
		mixed |= (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z');
	if (!mixed)
		return 0;
	putx(b, k);
	return k;
}

char *diffnorm(const struct diffnorm *n, const char *s, size_t len, size_t *outlen)
{
	struct buf b = { 0 };
	const char *p = s, *end = s + len;
	bool in_tmp = false;
	size_t k;

	put(&b, "", 0);
	while (p < end) {
		/* 1. the recording's cwd, at a path boundary */
		if (n->cwd && (size_t)(end - p) >= n->cwd_len && !memcmp(p, n->cwd, n->cwd_len) &&
		    path_start(s, p) &&
		    (p + n->cwd_len == end || !pathy(p[n->cwd_len]))) {
			put(&b, "$CWD", 4);
			p += n->cwd_len;
			continue;
		}
		if (!in_tmp && (k = tmp_prefix(s, p, end))) {
			put(&b, p, k);
			p += k;
			in_tmp = true;
			if ((k = tmp_part(&b, p, end, true)))
				p += k;
			continue;
		}
		/* 2. a pid of the recording, standing alone */
		if (*p >= '0' && *p <= '9' && (p == s || !alnum(p[-1]))) {
			const char *q = p;
			uint64_t v = 0;

			while (q < end && *q >= '0' && *q <= '9' && v <= UINT32_MAX)
				v = v * 10 + (*q++ - '0');
			if (q - p >= 3 && (q == end || !alnum(*q)) && v <= UINT32_MAX &&
			    u32map_get(&n->pids, (uint32_t)v)) {
				put(&b, "<pid>", 5);
				p = q;
				continue;
			}
		}
		if (in_tmp) {
			char c = *p;

			if (!pathy(c) && c != '/') {
				in_tmp = false;
			} else if (c == '/' || c == '.' || c == '-' || c == '_') {
				put(&b, p, 1);
				p++;
				/* 3. random parts of temp names */
				if (p < end && (k = tmp_part(&b, p, end, c == '/')))
					p += k;
				continue;
			} else if (alnum(c)) {
				k = alnum_run(p, end);
				put(&b, p, k);
				p += k;
				continue;
			}
		}
		put(&b, p, 1);
		p++;
	}
	*outlen = b.len;
	return b.p;
}
