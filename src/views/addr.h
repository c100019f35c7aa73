/* SPDX-License-Identifier: MIT */
/* Socket addresses as recorded (struct sockaddr_* bytes) made readable. */
#ifndef TRAIL_ADDR_H
#define TRAIL_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct addr_view {
	int family;            /* AF_*; -1 when the bytes are not an address */
	char host[110];        /* IPv4/IPv6 text, or a unix path ("@name" abstract) */
	int port;              /* -1 when the family has none */
	bool unnamed;          /* a unix socket with no name */
};

/* Decodes len bytes; false (family -1) when they are too short or unknown. */
bool addr_decode(const void *p, size_t len, struct addr_view *a);
/* "127.0.0.1:80", "[::1]:80", "/run/x.sock", "@abstract", "unnamed",
 * or "AF_n" for another family. */
void addr_format(const struct addr_view *a, char *out, size_t outlen);

#endif
