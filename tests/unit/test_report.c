// SPDX-License-Identifier: MIT
/* report_json_str: JSON that is also safe inside an HTML <script> block,
 * whatever bytes the recording holds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "export/report.h"

static char *js(const char *s, size_t len)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	if (!f) {
		perror("open_memstream");
		exit(1);
	}
	report_json_str(f, s, len);
	fclose(f);
	return out;
}

#define J(lit, want, what) do {					\
		char *got_ = js(lit, sizeof(lit) - 1);		\
		CHECK_STR(got_, want, what);			\
		free(got_);					\
	} while (0)

TEST(markup)
{
	J("</script><img src=x onerror=alert(1)>",
	  "\"\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e\"",
	  "</script> and a tag: no '<' or '>' left");
	J("</SCRIPT", "\"\\u003c/SCRIPT\"", "any case of </script");
	J("<!--<script>", "\"\\u003c!--\\u003cscript\\u003e\"", "<!-- and <script (the script-data escape states)");
	J("a&b", "\"a\\u0026b\"", "& escaped");
	J("x<b>y.txt", "\"x\\u003cb\\u003ey.txt\"", "a file name with <b>");
}

TEST(separators)
{
	J("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "\"a\\u2028b\\u2029c\"", "U+2028 and U+2029 escaped");
	J("\xe2\x80\xa7\xe2\x80\xaa", "\"\xe2\x80\xa7\xe2\x80\xaa\"", "their neighbours U+2027, U+202A kept");
	J("caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", "other UTF-8 kept as is");
}

TEST(json)
{
	J("q\"b\\", "\"q\\\"b\\\\\"", "quote and backslash");
	J("l1\nl2\t\r", "\"l1\\nl2\\t\\r\"", "newline, tab, CR");
	J("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"", "control characters as \\u00XX");
	J("\xff\xe2\x80", "\"\\udcff\\udce2\\udc80\"", "bytes that are not UTF-8 as \\udcXX");
	J("a\0b", "\"a\\u0000b\"", "a NUL inside");
	{
		char *g = js("\xe2\x80\xa8", 2);

		CHECK_STR(g, "\"\\udce2\\udc80\"", "a separator cut by len is two stray bytes");
		free(g);
	}
}

int main(void)
{
	RUN(markup);
	RUN(separators);
	RUN(json);
	return harness_done();
}
