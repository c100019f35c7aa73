/* SPDX-License-Identifier: MIT */
/*
 * Text output of strings trail did not write itself: paths, argv,
 * environments, comm, anything from a recording.  The one policy for every
 * text view and error line (docs/json.md, "Strings in the text views");
 * JSON has json_str.
 *
 * Kept as they are: printable ASCII and valid UTF-8.  Escaped, C style:
 * \n \t \r, \\ always, and every other byte below 0x20, 0x7f, each byte of
 * an invalid UTF-8 sequence (overlong forms, surrogates, stray bytes) and of
 * a character that moves or hides text on a terminal (C1 controls
 * U+0080-U+009F, bidirectional controls, U+2028 and U+2029) as \xNN with
 * exactly two hex digits; the bytes in `also` the same way ('"' as \").
 * So the escaped text never holds a control byte, stays on its line and
 * turns back into the exact bytes (esc_unescape).
 */
#ifndef TRAIL_ESCAPE_H
#define TRAIL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* The `also` sets the views use. */
#define ESC_BARE   ""      /* a line of its own or a field of a line */
#define ESC_QUOTES "\""    /* between double quotes */
#define ESC_ANGLES "<>"    /* between < > (show's resolved paths, as strace -y) */

/* Writes s[0..len) escaped. */
void esc_write(FILE *f, const char *s, size_t len, const char *also);
/* The same for a NUL-terminated string (NULL writes nothing). */
void esc_puts(FILE *f, const char *s, const char *also);
/* "s", escaped with ESC_QUOTES. */
void esc_quoted(FILE *f, const char *s, size_t len);
/* Length of the valid UTF-8 character at p (at most avail bytes) that
 * text output shows as it is (1-4; ASCII controls too), or 0. */
size_t utf8_shown_len(const unsigned char *p, size_t avail);
/* Whether esc_write would write s[0..len) as it is. */
bool esc_clean(const char *s, size_t len, const char *also);
/*
 * The inverse: s[0..len) unescaped into out (room for len bytes).
 * Returns the length, or -1 when s holds a raw byte esc_write never leaves
 * raw or an escape it never writes.  For the tests and the fuzz target.
 */
ssize_t esc_unescape(const char *s, size_t len, char *out);

#endif
