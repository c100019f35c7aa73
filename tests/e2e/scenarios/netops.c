/* t_net: sockets over loopback only.  Run in the suite's temp dir W.
 *   1. TCP: a listener bound to 127.0.0.1:0, a client connect()s to it,
 *      the listener accept()s (facts: port, client_port);
 *   2. unix: a listener bound to W/sock, a client connects, accept4;
 *   3. UDP: three sendto()s to 127.0.0.1:PORT2 and one to :PORT3, then a
 *      connect()ed UDP socket's send() (no address: not recorded)
 *      (facts: udp_port, udp_port2);
 *   4. IPv6 TCP on [::1] if the kernel has it (facts: port6).
 * Writes "key value" lines to "facts".  Exits with a step number on a
 * surprise. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int port_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t l = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &l))
		return -1;
	return ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)
					: ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

int main(void)
{
	FILE *facts = fopen("facts", "w");
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_un u = { .sun_family = AF_UNIX };
	int l, c, s, d1, d2, r;

	if (!facts)
		return 1;
	/* 1 */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4))
		return 2;
	a.sin_port = htons(port_of(l));
	fprintf(facts, "port %d\n", port_of(l));
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)))
		return 3;
	fprintf(facts, "client_port %d\n", port_of(c));
	s = accept(l, NULL, NULL);
	if (s < 0)
		return 4;
	close(s);
	close(c);
	close(l);

	/* 2 */
	snprintf(u.sun_path, sizeof(u.sun_path), "sock");
	unlink("sock");
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&u, sizeof(u)) || listen(l, 4))
		return 5;
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c < 0 || connect(c, (struct sockaddr *)&u, sizeof(u)))
		return 6;
	s = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	if (s < 0)
		return 7;
	close(s);
	close(c);
	close(l);

	/* 3 */
	a.sin_port = 0;
	d1 = socket(AF_INET, SOCK_DGRAM, 0);
	d2 = socket(AF_INET, SOCK_DGRAM, 0);
	r = socket(AF_INET, SOCK_DGRAM, 0);
	if (d1 < 0 || d2 < 0 || r < 0 || bind(d1, (struct sockaddr *)&a, sizeof(a)) ||
	    bind(d2, (struct sockaddr *)&a, sizeof(a)))
		return 8;
	fprintf(facts, "udp_port %d\nudp_port2 %d\n", port_of(d1), port_of(d2));
	a.sin_port = htons(port_of(d1));
	for (int i = 0; i < 3; i++)
		if (sendto(r, "hi", 2, 0, (struct sockaddr *)&a, sizeof(a)) != 2)
			return 9;
	a.sin_port = htons(port_of(d2));
	if (sendto(r, "hi", 2, 0, (struct sockaddr *)&a, sizeof(a)) != 2)
		return 10;
	if (connect(r, (struct sockaddr *)&a, sizeof(a)) || send(r, "x", 1, 0) != 1)
		return 11;

	/* 4 */
	a6.sin6_addr = in6addr_loopback;
	l = socket(AF_INET6, SOCK_STREAM, 0);
	if (l >= 0 && bind(l, (struct sockaddr *)&a6, sizeof(a6)) == 0 && listen(l, 4) == 0) {
		a6.sin6_port = htons(port_of(l));
		c = socket(AF_INET6, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&a6, sizeof(a6)))
			return 12;
		fprintf(facts, "port6 %d\n", port_of(l));
		fprintf(facts, "client_port6 %d\n", port_of(c));
	}
	fclose(facts);
	return 0;
}
