// SPDX-License-Identifier: MIT
#include <stdbool.h>
#include <string.h>
#include "util/json.h"

size_t utf8_seq_len(const unsigned char *s, size_t avail)
{
	unsigned char c = s[0];
	size_t n, i;
	unsigned int cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond Unicode */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/* script: also < > & (an HTML parser ends a <script> at "</") and the JS
 * line terminators U+2028, U+2029 */
static void str_out(FILE *f, const char *s, size_t len, bool script)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	putc_unlocked('"', f);
	while (p < end) {
		unsigned char c = *p;
		size_t n;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\' &&
		    !(script && (c == '<' || c == '>' || c == '&'))) {
			putc_unlocked(c, f);
			p++;
			continue;
		}
		switch (c) {
		case '"': fputs("\\\"", f); p++; continue;
		case '\\': fputs("\\\\", f); p++; continue;
		case '\n': fputs("\\n", f); p++; continue;
		case '\t': fputs("\\t", f); p++; continue;
		case '\r': fputs("\\r", f); p++; continue;
		}
		if (c < 0x80) {	/* controls; with script, < > & too */
			fprintf(f, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
			p++;
			continue;
		}
		n = utf8_seq_len(p, end - p);
		if (script && n == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
			fputs(p[2] == 0xa8 ? "\\u2028" : "\\u2029", f);
			p += 3;
		} else if (n) {
			fwrite(p, 1, n, f);
			p += n;
		} else {
			fprintf(f, "\\udc%c%c", hex[c >> 4], hex[c & 15]);
			p++;
		}
	}
	putc_unlocked('"', f);
}

void json_str(FILE *f, const char *s, size_t len)
{
	str_out(f, s, len, false);
}

void json_str_script(FILE *f, const char *s, size_t len)
{
	str_out(f, s, len, true);
}

static void blob_out(FILE *f, const char *p, size_t len, bool script)
{
	const char *end = p + len, *q, *nul;

	putc_unlocked('[', f);
	for (q = p; q < end; q = nul + 1) {
		nul = memchr(q, '\0', end - q);
		if (!nul)
			nul = end;
		if (q != p)
			putc_unlocked(',', f);
		str_out(f, q, nul - q, script);
	}
	putc_unlocked(']', f);
}

void json_blob(FILE *f, const char *p, size_t len)
{
	blob_out(f, p, len, false);
}

void json_blob_script(FILE *f, const char *p, size_t len)
{
	blob_out(f, p, len, true);
}
