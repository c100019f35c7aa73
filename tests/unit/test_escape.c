// SPDX-License-Identifier: MIT
/* esc_write: the one escaping of text output.  Control bytes, invalid UTF-8
 * and the characters that hide or move text never come out raw; the
 * escaped text turns back into the exact bytes. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "util/escape.h"

static char *esc_(const char *s, size_t len, const char *also)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	if (!f) {
		perror("open_memstream");
		exit(1);
	}
	esc_write(f, s, len, also);
	fclose(f);
	return out;
}

#define EX(lit, also, want, what) do {					\
		char *got_ = esc_(lit, sizeof(lit) - 1, also);		\
		CHECK_STR(got_, want, what);				\
		free(got_);						\
	} while (0)
#define E(lit, want, what) EX(lit, ESC_BARE, want, what)

/* No raw byte below 0x20 or 0x7f, and it unescapes to the input. */
static bool round_trips(const char *s, size_t len, const char *also)
{
	char *e = esc_(s, len, also), *back = malloc(strlen(e) + 1);
	ssize_t n = esc_unescape(e, strlen(e), back);
	bool ok = n == (ssize_t)len && !memcmp(back, s, len);
	size_t i;

	for (i = 0; e[i]; i++)
		if ((unsigned char)e[i] < 0x20 || e[i] == 0x7f)
			ok = false;
	free(e);
	free(back);
	return ok;
}

TEST(plain)
{
	E("", "", "empty");
	E("/usr/include/stdio.h", "/usr/include/stdio.h", "a plain path as it is");
	E("a b\"c'<>$`", "a b\"c'<>$`", "bare: quotes, angles, shell characters as they are");
	E("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
	  "UTF-8 in any language and emoji as they are");
}

TEST(controls)
{
	E("a\nb", "a\\nb", "newline as \\n");
	E("a\tb\rc", "a\\tb\\rc", "tab and carriage return");
	E("a\\b", "a\\\\b", "backslash doubled, always");
	E("evil\x1b]0;pwned\x07\x1b[31mred.c", "evil\\x1b]0;pwned\\x07\\x1b[31mred.c",
	  "an OSC title and a colour sequence: ESC and BEL escaped");
	E("\x01\x1f\x7f", "\\x01\\x1f\\x7f", "0x01, 0x1f, DEL as \\xNN");
	E("a\0b", "a\\x00b", "an embedded NUL");
	EX("say \"hi\"", ESC_QUOTES, "say \\\"hi\\\"", "quoted: '\"' as \\\"");
	EX("a<b>c", ESC_ANGLES, "a\\x3cb\\x3ec", "between angles: < and > as \\x3c \\x3e");
	E("\\x41", "\\\\x41", "a literal \\x41 stays distinguishable");
}

TEST(invalid_utf8)
{
	E("\xff\xfe", "\\xff\\xfe", "stray bytes");
	E("\xc0\xaf", "\\xc0\\xaf", "overlong '/'");
	E("\xe0\x80\xaf", "\\xe0\\x80\\xaf", "overlong 3-byte");
	E("\xed\xa0\x80", "\\xed\\xa0\\x80", "a lone surrogate (U+D800)");
	E("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80", "beyond U+10FFFF");
	E("x\xe2\x82", "x\\xe2\\x82", "a sequence cut by the end");
	E("\xe2\x82" "a", "\\xe2\\x82a", "a sequence cut by ASCII");
}

TEST(hidden)
{
	E("\xc2\x9b" "31m", "\\xc2\\x9b31m", "C1 CSI (U+009B) escaped");
	E("\xc2\x85", "\\xc2\\x85", "C1 NEL (U+0085) escaped");
	E("\xc2\xa0", "\xc2\xa0", "U+00A0 (not C1) as it is");
	E("a\xe2\x80\xa8" "b", "a\\xe2\\x80\\xa8b", "U+2028 line separator escaped");
	E("\xe2\x80\xaegnp.exe", "\\xe2\\x80\\xaegnp.exe", "U+202E right-to-left override escaped");
	E("\xe2\x81\xa6x\xe2\x81\xa9", "\\xe2\\x81\\xa6x\\xe2\\x81\\xa9", "isolates U+2066, U+2069 escaped");
	E("\xe2\x80\x94", "\xe2\x80\x94", "an em dash (U+2014) as it is");
}

TEST(clean)
{
	CHECK(esc_clean("/usr/lib", 8, ESC_BARE), "a plain path is clean");
	CHECK(!esc_clean("a\nb", 3, ESC_BARE), "a newline is not");
	CHECK(!esc_clean("a\\b", 3, ESC_BARE), "a backslash is not");
	CHECK(!esc_clean("a\"b", 3, ESC_QUOTES) && esc_clean("a\"b", 3, ESC_BARE), "'\"' only when quoted");
}

TEST(every_byte)
{
	char s[3];
	bool ok = true;
	int c, d;

	for (c = 0; c < 256; c++) {
		s[0] = 'a';
		s[1] = c;
		s[2] = 'z';
		ok &= round_trips(s, 3, ESC_BARE) && round_trips(s, 3, ESC_QUOTES) &&
		      round_trips(s, 3, ESC_ANGLES);
	}
	CHECK(ok, "each byte 0x00-0xff between two letters: no raw control byte, round-trips");
	for (c = 0xc0, ok = true; c < 256; c++)
		for (d = 0x80; d < 0xc0; d++) {
			s[0] = c;
			s[1] = d;
			ok &= round_trips(s, 2, ESC_BARE);
		}
	CHECK(ok, "every lead byte with every continuation byte round-trips");
}

TEST(unescape)
{
	char out[16];

	CHECK(esc_unescape("a\\x4", 4, out) < 0, "a cut \\x is refused");
	CHECK(esc_unescape("a\\q", 3, out) < 0, "an unknown escape is refused");
	CHECK(esc_unescape("a\nb", 3, out) < 0, "a raw newline is refused");
	CHECK(esc_unescape("a\\", 2, out) < 0, "a trailing backslash is refused");
	CHECK(esc_unescape("\\x41\\\\", 6, out) == 2 && !memcmp(out, "A\\", 2), "\\x41 and \\\\");
}

int main(void)
{
	RUN(plain);
	RUN(controls);
	RUN(invalid_utf8);
	RUN(hidden);
	RUN(clean);
	RUN(every_byte);
	RUN(unescape);
	return harness_done();
}
