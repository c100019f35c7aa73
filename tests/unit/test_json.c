// SPDX-License-Identifier: MIT
/* json_str: any bytes in, valid JSON out; bytes that are not UTF-8 come out
 * as \udcXX, one per byte, so they can be recovered.  json_str_script: the
 * same, also safe inside an HTML <script> block (the report's data). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "util/json.h"

/* What write (json_str, json_str_script, json_blob ...) makes of (s,
 * len), as a fresh string (caller frees). */
static char *out_(void (*write)(FILE *, const char *, size_t), const char *s, size_t len)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	if (!f) {
		perror("open_memstream");
		exit(1);
	}
	write(f, s, len);
	fclose(f);
	return out;
}

static char *js_(const char *s, size_t len, bool script)
{
	return out_(script ? json_str_script : json_str, s, len);
}

/* CHECK_STR of write over a literal (its length taken with sizeof, so
 * embedded NULs count). */
#define JX(write, lit, want, what) do {					\
		char *got_ = out_(write, lit, sizeof(lit) - 1);		\
		CHECK_STR(got_, want, what);				\
		free(got_);						\
	} while (0)
#define J(lit, want, what) JX(json_str, lit, want, what)
#define JS(lit, want, what) JX(json_str_script, lit, want, what)

TEST(ascii)
{
	J("", "\"\"", "empty string");
	J("hello world", "\"hello world\"", "plain ASCII");
	J("/usr/bin/cc -O2 ~x{}[]<>|&;$`'", "\"/usr/bin/cc -O2 ~x{}[]<>|&;$`'\"",
	  "ASCII punctuation unchanged");
	{
		char *g = js_("abcdef", 3, false);

		CHECK_STR(g, "\"abc\"", "only len bytes are written");
		free(g);
		/* a sequence complete in memory but cut by len */
		g = js_("x\xe2\x82\xac", 3, false);
		CHECK_STR(g, "\"x\\udce2\\udc82\"", "3-byte sequence cut by len: bytes past len not used");
		free(g);
		g = js_("\xf0\x9f\x98\x80", 1, false);
		CHECK_STR(g, "\"\\udcf0\"", "4-byte lead with len 1");
		free(g);
	}
}

TEST(escapes)
{
	J("a\"b", "\"a\\\"b\"", "double quote escaped");
	J("a\\b", "\"a\\\\b\"", "backslash escaped");
	J("\"\\\"", "\"\\\"\\\\\\\"\"", "quote backslash quote");
	J("l1\nl2", "\"l1\\nl2\"", "newline as \\n");
	J("a\tb", "\"a\\tb\"", "tab as \\t");
	J("a\rb", "\"a\\rb\"", "carriage return as \\r");
	J("\r\n\t", "\"\\r\\n\\t\"", "the three short escapes together");
	J("\x01", "\"\\u0001\"", "0x01 as \\u0001");
	J("\x1f", "\"\\u001f\"", "0x1f as \\u001f (lower-case hex)");
	J("\x1b[0m", "\"\\u001b[0m\"", "escape character as \\u001b");
	J("\x08\x0c\x0b", "\"\\u0008\\u000c\\u000b\"", "backspace, form feed, vtab as \\u00XX");
	J("a\0b", "\"a\\u0000b\"", "embedded NUL as \\u0000");
	J("\0\0", "\"\\u0000\\u0000\"", "only NULs");
	J("x\0", "\"x\\u0000\"", "trailing NUL kept (len counts it)");
}

TEST(valid_utf8)
{
	J("caf\xc3\xa9", "\"caf\xc3\xa9\"", "2-byte (U+00E9) unchanged");
	J("\xe2\x82\xac 5", "\"\xe2\x82\xac 5\"", "3-byte (U+20AC) unchanged");
	J("\xf0\x9f\x98\x80!", "\"\xf0\x9f\x98\x80!\"", "4-byte (U+1F600) unchanged");
	J("\xc2\x80", "\"\xc2\x80\"", "U+0080, smallest 2-byte");
	J("\xdf\xbf", "\"\xdf\xbf\"", "U+07FF, largest 2-byte");
	J("\xe0\xa0\x80", "\"\xe0\xa0\x80\"", "U+0800, smallest 3-byte");
	J("\xed\x9f\xbf", "\"\xed\x9f\xbf\"", "U+D7FF, just below the surrogates");
	J("\xee\x80\x80", "\"\xee\x80\x80\"", "U+E000, just above the surrogates");
	J("\xef\xbf\xbf", "\"\xef\xbf\xbf\"", "U+FFFF");
	J("\xf0\x90\x80\x80", "\"\xf0\x90\x80\x80\"", "U+10000, smallest 4-byte");
	J("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"", "U+10FFFF, the last code point");
	J("\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82/\xe6\x97\xa5\xe6\x9c\xac",
	  "\"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82/\xe6\x97\xa5\xe6\x9c\xac\"",
	  "Cyrillic and CJK path unchanged");
}

TEST(invalid_utf8)
{
	J("\xff", "\"\\udcff\"", "0xff");
	J("\xfe", "\"\\udcfe\"", "0xfe");
	J("a\x80z", "\"a\\udc80z\"", "lone continuation byte 0x80");
	J("\xbf\xbf", "\"\\udcbf\\udcbf\"", "two continuation bytes");
	J("ab\xe2\x82", "\"ab\\udce2\\udc82\"", "3-byte sequence cut at the end");
	J("\xf0\x9f\x98", "\"\\udcf0\\udc9f\\udc98\"", "4-byte sequence cut at the end");
	J("\xc3", "\"\\udcc3\"", "2-byte lead alone at the end");
	J("\xe2\x82" "A", "\"\\udce2\\udc82A\"", "3-byte sequence broken by ASCII");
	J("\xc3" "\"", "\"\\udcc3\\\"\"", "lead byte then a quote: quote still escaped");
	J("\xc3\n", "\"\\udcc3\\n\"", "lead byte then newline");
	J("\xc0\xaf", "\"\\udcc0\\udcaf\"", "overlong '/' (c0 af)");
	J("\xc1\xbf", "\"\\udcc1\\udcbf\"", "overlong c1 bf");
	J("\xe0\x80\xaf", "\"\\udce0\\udc80\\udcaf\"", "overlong 3-byte (e0 80 af)");
	J("\xe0\x9f\xbf", "\"\\udce0\\udc9f\\udcbf\"", "overlong 3-byte U+07FF (e0 9f bf)");
	J("\xf0\x80\x80\xaf", "\"\\udcf0\\udc80\\udc80\\udcaf\"", "overlong 4-byte (f0 80 80 af)");
	J("\xf0\x8f\xbf\xbf", "\"\\udcf0\\udc8f\\udcbf\\udcbf\"", "overlong 4-byte U+FFFF");
	J("\xed\xa0\x80", "\"\\udced\\udca0\\udc80\"", "encoded surrogate U+D800 (ed a0 80)");
	J("\xed\xbf\xbf", "\"\\udced\\udcbf\\udcbf\"", "encoded surrogate U+DFFF (ed bf bf)");
	J("\xf4\x90\x80\x80", "\"\\udcf4\\udc90\\udc80\\udc80\"", "U+110000 (f4 90 80 80)");
	J("\xf5\x80\x80\x80", "\"\\udcf5\\udc80\\udc80\\udc80\"", "lead byte f5");
	J("\xf8\x88\x80\x80\x80", "\"\\udcf8\\udc88\\udc80\\udc80\\udc80\"", "5-byte form");
	J("\xff\xc3\xa9", "\"\\udcff\xc3\xa9\"", "bad byte then a valid 2-byte sequence");
	J("\xc3\xa9\xa9", "\"\xc3\xa9\\udca9\"", "valid sequence then a stray continuation");
	J("\xe2\xc3\xa9", "\"\\udce2\xc3\xa9\"", "cut 3-byte lead then valid 2-byte");
	J("\x80\0z", "\"\\udc80\\u0000z\"", "bad byte, NUL, ASCII");
}

TEST(seq_len)
{
	CHECK(utf8_seq_len((const unsigned char *)"A", 1) == 1, "ASCII is 1");
	CHECK(utf8_seq_len((const unsigned char *)"\xc3\xa9", 2) == 2, "c3 a9 is 2");
	CHECK(utf8_seq_len((const unsigned char *)"\xe2\x82\xac", 3) == 3, "e2 82 ac is 3");
	CHECK(utf8_seq_len((const unsigned char *)"\xf0\x9f\x98\x80", 4) == 4, "f0 9f 98 80 is 4");
	CHECK(utf8_seq_len((const unsigned char *)"\xe2\x82\xac", 2) == 0,
	      "3-byte sequence with 2 bytes available is 0");
	CHECK(utf8_seq_len((const unsigned char *)"\x80", 1) == 0, "continuation byte is 0");
	CHECK(utf8_seq_len((const unsigned char *)"\xed\xa0\x80", 3) == 0, "surrogate is 0");
	CHECK(utf8_seq_len((const unsigned char *)"\xf4\x90\x80\x80", 4) == 0, "U+110000 is 0");
}

/* Every byte value alone: ASCII printable as is (DEL may be escaped),
 * controls as \u00XX or the short escapes, 0x80..0xff as \udcXX. */
TEST(every_byte)
{
	static const char hex[] = "0123456789abcdef";
	int c, bad = -1;

	for (c = 0; c < 256; c++) {
		char in = (char)c, want[16];
		char *got = js_(&in, 1, false);

		if (c == '"')
			strcpy(want, "\"\\\"\"");
		else if (c == '\\')
			strcpy(want, "\"\\\\\"");
		else if (c == '\n')
			strcpy(want, "\"\\n\"");
		else if (c == '\t')
			strcpy(want, "\"\\t\"");
		else if (c == '\r')
			strcpy(want, "\"\\r\"");
		else if (c < 0x20)
			snprintf(want, sizeof(want), "\"\\u00%c%c\"", hex[c >> 4], hex[c & 15]);
		else if (c < 0x80)
			snprintf(want, sizeof(want), "\"%c\"", c);
		else
			snprintf(want, sizeof(want), "\"\\udc%c%c\"", hex[c >> 4], hex[c & 15]);
		if (c == 0x7f && got && !strcmp(got, "\"\\u007f\""))
			strcpy(want, got);	/* DEL: raw or escaped are both JSON */
		if (bad < 0 && (!got || strcmp(got, want)))
			bad = c;
		free(got);
	}
	{
		char what[64];

		snprintf(what, sizeof(what), "each of the 256 bytes alone (first wrong: %d)", bad);
		CHECK(bad == -1, what);
	}
}

TEST(script_markup)
{
	JS("</script><img src=x onerror=alert(1)>",
	  "\"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\"",
	  "</script> and a tag: no '<' or '>' left");
	JS("</SCRIPT", "\"\\u003c/SCRIPT\"", "any case of </script");
	JS("<!--<script>", "\"\\u003c!--\\u003cscript\\u003e\"", "<!-- and <script (the script-data escape states)");
	JS("a&b", "\"a\\u0026b\"", "& escaped");
	JS("x<b>y.txt", "\"x\\u003cb\\u003ey.txt\"", "a file name with <b>");
}

TEST(script_separators)
{
	JS("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "\"a\\u2028b\\u2029c\"", "U+2028 and U+2029 escaped");
	JS("\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\"", "their neighbours U+2027, U+202A kept");
	JS("caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "other UTF-8 kept as is");
}

TEST(script_json)
{
	JS("q\"b\\", "\"q\\\"b\\\\\"", "quote and backslash");
	JS("l1\nl2\t\r", "\"l1\\nl2\\t\\r\"", "newline, tab, CR");
	JS("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"", "control characters as \\u00XX");
	JS("\xff\xe2\x80", "\"\\udcff\\udce2\\udc80\"", "bytes that are not UTF-8 as \\udcXX");
	JS("a\0b", "\"a\\u0000b\"", "a NUL inside");
	{
		char *g = js_("\xe2\x80\xa8", 2, true);

		CHECK_STR(g, "\"\\udce2\\udc80\"", "a separator cut by len is two stray bytes");
		free(g);
	}
}

TEST(blob)
{
	JX(json_blob, "", "[]", "no strings: an empty array");
	JX(json_blob, "a\0b\0", "[\"a\",\"b\"]", "argv: one string per NUL");
	JX(json_blob, "a\0b", "[\"a\",\"b\"]", "the last NUL missing: the rest is one more");
	JX(json_blob, "a\0\0b\0", "[\"a\",\"\",\"b\"]", "an empty string inside is kept");
	JX(json_blob, "\0", "[\"\"]", "one empty string");
	JX(json_blob, "q\"\0\xff\0", "[\"q\\\"\",\"\\udcff\"]", "each string escaped as json_str");
	JX(json_blob_script, "</x>\0", "[\"\\u003c/x\\u003e\"]", "script: as json_str_script");
}

int main(void)
{
	RUN(ascii);
	RUN(escapes);
	RUN(valid_utf8);
	RUN(invalid_utf8);
	RUN(seq_len);
	RUN(every_byte);
	RUN(script_markup);
	RUN(script_separators);
	RUN(script_json);
	RUN(blob);
	return harness_done();
}
