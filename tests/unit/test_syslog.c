// SPDX-License-Identifier: MIT
/* util/syslog_out: RFC 5424 header fields, octet counting on TCP (a newline
 * in MSG cannot end a message), one datagram per message, and a receiver
 * that is not there: nothing blocks, every message is counted as dropped. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "harness.h"
#include "util/syslog_out.h"

static int tcp_listener(int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t l = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 1) ||
	    getsockname(fd, (struct sockaddr *)&a, &l))
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

/* "LEN MSG" for the syslog message msg */
static size_t frame(char *out, size_t len, const char *msg)
{
	return snprintf(out, len, "%zu %s", strlen(msg), msg);
}

TEST(tcp)
{
	struct syslog_out *s = NULL;
	struct syslog_stats st;
	char spec[64], why[256], buf[1024] = "", m1[256], m2[256], want[600];
	const char *msg = "{\"a\":\"x\ny\"}\n3 <1>1 fake";
	int port = 0, lfd = tcp_listener(&port), cfd;
	size_t got = 0, w;
	ssize_t n;

	snprintf(spec, sizeof(spec), "tcp://127.0.0.1:%d", port);
	CHECK(lfd >= 0 && !syslog_out__new(&s, spec, 16, "my host", why, sizeof(why)), spec);
	syslog_out__send(s, 6, "exec", 1700000000123456789ull, msg, strlen(msg));
	syslog_out__send(s, 4, "lost", 1700000000000000000ull, "{}", 2);
	syslog_out__finish(s, 2000);
	syslog_out__stats(s, &st);
	CHECK(st.sent == 2 && st.dropped == 0, "two sent, none dropped");
	syslog_out__free(s);
	cfd = accept(lfd, NULL, NULL);
	while (cfd >= 0 && got < sizeof(buf) - 1 && (n = read(cfd, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	snprintf(m1, sizeof(m1), "<134>1 2023-11-14T22:13:20.123456Z my_host trail %d exec - %s",
		 getpid(), msg);
	snprintf(m2, sizeof(m2), "<132>1 2023-11-14T22:13:20.000000Z my_host trail %d lost - {}",
		 getpid());
	w = frame(want, sizeof(want), m1);
	frame(want + w, sizeof(want) - w, m2);
	CHECK_STR(buf, want, "octet-counted frames: local0.info and .warning, the time in UTC "
		  "to the microsecond, the host made printable, a newline in MSG kept");
	close(cfd);
	close(lfd);
}

TEST(down)
{
	struct syslog_out *s = NULL;
	struct syslog_stats st;
	char why[256];
	int i;

	CHECK(!syslog_out__new(&s, "unix:/nonexistent/log", 1, "h", why, sizeof(why)),
	      "a socket that is not there");
	for (i = 0; i < 1000; i++)
		syslog_out__send(s, 6, "exec", 0, "{\"x\":1}", 7);
	syslog_out__stats(s, &st);
	CHECK(st.queued == 1000 && st.sent == 0, "1000 queued, none sent");
	syslog_out__finish(s, 0);
	syslog_out__stats(s, &st);
	CHECK(st.dropped == 1000 && st.queued == 0, "at the end: 1000 not delivered");
	syslog_out__free(s);
	CHECK(syslog_out__new(&s, "ftp://x", 1, "h", why, sizeof(why)) && strstr(why, "unix:PATH"),
	      "an unknown scheme is refused");
	CHECK(syslog_facility("local7") == 23 && syslog_facility("authpriv") == 10 &&
	      syslog_facility("nope") == -1, "facility names");
}

int main(void)
{
	RUN(tcp);
	RUN(down);
	return harness_done();
}
