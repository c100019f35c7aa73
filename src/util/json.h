/* SPDX-License-Identifier: MIT */
/* JSON output helpers: strings from arbitrary bytes, always valid JSON. */
#ifndef TRAIL_JSON_H
#define TRAIL_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Writes s[0..len) as a quoted JSON string.  Bytes that are not valid
 * UTF-8 become \udcXX (surrogateescape), so the bytes can be recovered. */
void json_str(FILE *f, const char *s, size_t len);
/* The same, also safe inside an HTML <script> element: '<', '>' and '&'
 * as \u escapes (so no "</script" or "<!--" can appear), U+2028 and U+2029
 * escaped. */
void json_str_script(FILE *f, const char *s, size_t len);

/* A list of NUL-terminated strings (argv, env; the last NUL may be
 * missing) as a JSON array of json_str strings, or of json_str_script
 * ones. */
void json_blob(FILE *f, const char *p, size_t len);
void json_blob_script(FILE *f, const char *p, size_t len);

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if s[0] does not
 * start one. */
size_t utf8_seq_len(const unsigned char *s, size_t avail);

#endif
