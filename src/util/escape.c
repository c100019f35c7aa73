// SPDX-License-Identifier: MIT
#include <stdint.h>
#include <string.h>
#include "util/escape.h"
#include "util/json.h"

/* A valid UTF-8 character that a terminal acts on or that reorders or
 * breaks the text around it: C1 controls (some terminals take U+009B as
 * CSI), U+061C, U+200E, U+200F, U+2028-U+202E, U+2066-U+2069. */
static bool hidden_char(const unsigned char *p, size_t n)
{
	if (n == 2)
		return (p[0] == 0xc2 && p[1] < 0xa0) || (p[0] == 0xd8 && p[1] == 0x9c);
	if (n == 3 && p[0] == 0xe2 && p[1] == 0x80)
		return p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xa8 && p[2] <= 0xae);
	if (n == 3 && p[0] == 0xe2 && p[1] == 0x81)
		return p[2] >= 0xa6 && p[2] <= 0xa9;
	return false;
}

size_t utf8_shown_len(const unsigned char *p, size_t avail)
{
	size_t n = utf8_seq_len(p, avail);

	return n && !hidden_char(p, n) ? n : 0;
}

/* The ASCII bytes that need an escape: controls, DEL, '\\' and also's,
 * one bit each. */
struct ascii_set {
	uint64_t bits[2];
};

static void ascii_set_of(struct ascii_set *m, const char *also)
{
	m->bits[0] = 0xffffffffull;			/* 0x00-0x1f */
	m->bits[1] = 1ull << ('\\' - 64) | 1ull << (0x7f - 64);
	for (; *also; also++)
		if ((unsigned char)*also < 0x80)
			m->bits[(unsigned char)*also >> 6] |= 1ull << (*also & 63);
}

/* Bytes from p on that go out as they are (0 when p[0] needs an escape). */
static size_t plain_run(const unsigned char *p, const unsigned char *end, const struct ascii_set *m)
{
	const unsigned char *q = p;

	while (q < end) {
		unsigned char c = *q;
		size_t n;

		if (c < 0x80) {
			if ((m->bits[c >> 6] >> (c & 63)) & 1)
				break;
			q++;
			continue;
		}
		n = utf8_shown_len(q, end - q);
		if (!n)
			break;
		q += n;
	}
	return q - p;
}

static void put_escaped(FILE *f, const unsigned char *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];

		switch (c) {
		case '\n': fputs("\\n", f); continue;
		case '\t': fputs("\\t", f); continue;
		case '\r': fputs("\\r", f); continue;
		case '\\': fputs("\\\\", f); continue;
		case '"': fputs("\\\"", f); continue;
		}
		putc_unlocked('\\', f);
		putc_unlocked('x', f);
		putc_unlocked(hex[c >> 4], f);
		putc_unlocked(hex[c & 15], f);
	}
}

void esc_write(FILE *f, const char *s, size_t len, const char *also)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	struct ascii_set m;

	ascii_set_of(&m, also);
	while (p < end) {
		size_t n = plain_run(p, end, &m);

		if (n) {
			fwrite(p, 1, n, f);
			p += n;
			continue;
		}
		/* one byte, or the whole of a hidden character */
		n = *p >= 0x80 ? utf8_seq_len(p, end - p) : 1;
		put_escaped(f, p, n ? n : 1);
		p += n ? n : 1;
	}
}

void esc_puts(FILE *f, const char *s, const char *also)
{
	if (s)
		esc_write(f, s, strlen(s), also);
}

void esc_quoted(FILE *f, const char *s, size_t len)
{
	putc_unlocked('"', f);
	esc_write(f, s, len, ESC_QUOTES);
	putc_unlocked('"', f);
}

bool esc_clean(const char *s, size_t len, const char *also)
{
	const unsigned char *p = (const unsigned char *)s;
	struct ascii_set m;

	ascii_set_of(&m, also);
	return plain_run(p, p + len, &m) == len;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

ssize_t esc_unescape(const char *s, size_t len, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = s[i];
		int hi, lo;

		if (c < 0x20 || c == 0x7f)
			return -1;
		if (c != '\\') {
			out[o++] = c;
			continue;
		}
		if (++i == len)
			return -1;
		switch (s[i]) {
		case 'n': out[o++] = '\n'; break;
		case 't': out[o++] = '\t'; break;
		case 'r': out[o++] = '\r'; break;
		case '\\': out[o++] = '\\'; break;
		case '"': out[o++] = '"'; break;
		case 'x':
			if (i + 2 >= len)
				return -1;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			out[o++] = hi << 4 | lo;
			i += 2;
			break;
		default:
			return -1;
		}
	}
	return o;
}
