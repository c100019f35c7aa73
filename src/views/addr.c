// SPDX-License-Identifier: MIT
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "views/addr.h"

#define AF_UNIX_  1
#define AF_INET_  2
#define AF_INET6_ 10

bool addr_decode(const void *p, size_t len, struct addr_view *a)
{
	const unsigned char *b = p;
	uint16_t family;

	memset(a, 0, sizeof(*a));
	a->family = -1;
	a->port = -1;
	if (len < 2)
		return false;
	memcpy(&family, b, 2);
	a->family = family;
	switch (family) {
	case AF_INET_:
	case AF_INET6_: {
		/* sockaddr_in: port, address at 4; sockaddr_in6: port,
		 * flow info, address at 8 */
		bool v6 = family == AF_INET6_;

		if (len < (v6 ? 24 : 8))
			break;
		a->port = b[2] << 8 | b[3];
		inet_ntop(v6 ? AF_INET6 : AF_INET, b + (v6 ? 8 : 4), a->host, sizeof(a->host));
		return true;
	}
	case AF_UNIX_: {
		size_t n = len - 2, i;

		if (n == 0 || (b[2] == '\0' && n == 1)) {
			a->unnamed = true;
			return true;
		}
		if (n > sizeof(a->host) - 2)
			n = sizeof(a->host) - 2;
		/* abstract names start with a NUL and may hold any byte */
		if (b[2] == '\0') {
			a->host[0] = '@';
			for (i = 1; i < n; i++)
				a->host[i] = b[2 + i] ? b[2 + i] : '@';
			a->host[n] = '\0';
		} else {
			memcpy(a->host, b + 2, n);
			a->host[n] = '\0';	/* a path ends at its NUL */
		}
		return true;
	}
	default:
		return true;	/* a family without a decoder: its number */
	}
	a->family = -1;
	return false;
}

void addr_format(const struct addr_view *a, char *out, size_t outlen)
{
	if (a->family == AF_INET_)
		snprintf(out, outlen, "%s:%d", a->host, a->port);
	else if (a->family == AF_INET6_)
		snprintf(out, outlen, "[%s]:%d", a->host, a->port);
	else if (a->family == AF_UNIX_)
		snprintf(out, outlen, "%s", a->unnamed ? "unnamed" : a->host);
	else if (a->family < 0)
		snprintf(out, outlen, "?");
	else
		snprintf(out, outlen, "AF_%d", a->family);
}
