/*
 * Known numbers of things, for trail stat: statmix DIR
 *   1000 x open DIR/data (exists), 10 x open DIR/missing (ENOENT),
 *   one open each of a missing path of exactly 255 and 256 bytes,
 *   TCP: 3 connects to a listener on 127.0.0.1, 2 to one on [::1] (if any),
 *   UDP: 4 sendto and 2 sendmsg to 127.0.0.1:port, then 1 connect and
 *        2 send (sendto without an address),
 *   unix: 1 connect to DIR/sock,
 *   5 children that exec /bin/true, 1 that fails to exec DIR/nosuchprog,
 *   1 that becomes nobody and fails chroot("/") (CAP_SYS_CHROOT denied).
 * Writes "tcp PORT", "udp PORT", "v6 PORT" (0: no IPv6) to DIR/facts.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[200];

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* A listener on addr (port 0: any); returns its fd, the port in *port. */
static int listener(int family, int type, const void *addr, socklen_t len, int *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int fd = socket(family, type, 0);

	if (fd < 0 || bind(fd, addr, len))
		return -1;
	if (type == SOCK_STREAM && listen(fd, 16))
		return -1;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl))
		return -1;
	*port = ntohs(family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
					  ((struct sockaddr_in6 *)&ss)->sin6_port);
	return fd;
}

static void connect_n(int lfd, int family, const void *addr, socklen_t len, int n)
{
	int i, c, a;

	for (i = 0; i < n; i++) {
		c = socket(family, SOCK_STREAM, 0);
		if (c < 0 || connect(c, addr, len))
			die("connect");
		a = accept(lfd, NULL, NULL);
		if (a < 0)
			die("accept");
		close(a);
		close(c);
	}
}

static void missing_of_len(size_t len, char fill)
{
	char p[512];
	size_t n = strlen(dir);

	memcpy(p, dir, n);
	p[n++] = '/';
	memset(p + n, fill, len - n);
	p[len] = '\0';
	if (open(p, O_RDONLY) >= 0)
		exit(1);
}

int main(int argc, char **argv)
{
	struct sockaddr_in tcp = { .sin_family = AF_INET }, udp = { .sin_family = AF_INET };
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	char path[300], buf[8] = "x";
	int i, fd, lt, lu, l6, lx, tport, uport, v6port = 0;
	pid_t pid;
	FILE *facts;

	if (argc != 2 || strlen(argv[1]) > 150)
		return 2;
	strcpy(dir, argv[1]);

	snprintf(path, sizeof(path), "%s/data", dir);
	for (i = 0; i < 1000; i++) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			die(path);
		close(fd);
	}
	snprintf(path, sizeof(path), "%s/missing", dir);
	for (i = 0; i < 10; i++)
		if (open(path, O_RDONLY) >= 0)
			return 1;
	missing_of_len(255, 'x');
	missing_of_len(256, 'y');

	tcp.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lt = listener(AF_INET, SOCK_STREAM, &tcp, sizeof(tcp), &tport);
	if (lt < 0)
		die("tcp listener");
	tcp.sin_port = htons(tport);
	connect_n(lt, AF_INET, &tcp, sizeof(tcp), 3);

	l6 = listener(AF_INET6, SOCK_STREAM, &v6, sizeof(v6), &v6port);
	if (l6 >= 0) {
		v6.sin6_port = htons(v6port);
		connect_n(l6, AF_INET6, &v6, sizeof(v6), 2);
	} else {
		v6port = 0;
	}

	udp.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lu = listener(AF_INET, SOCK_DGRAM, &udp, sizeof(udp), &uport);
	if (lu < 0)
		die("udp listener");
	udp.sin_port = htons(uport);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	for (i = 0; i < 4; i++)
		if (sendto(fd, buf, 1, 0, (struct sockaddr *)&udp, sizeof(udp)) != 1)
			die("sendto");
	for (i = 0; i < 2; i++) {
		struct iovec iov = { buf, 1 };
		struct msghdr m = { .msg_name = &udp, .msg_namelen = sizeof(udp),
				    .msg_iov = &iov, .msg_iovlen = 1 };

		if (sendmsg(fd, &m, 0) != 1)
			die("sendmsg");
	}
	if (connect(fd, (struct sockaddr *)&udp, sizeof(udp)))
		die("udp connect");
	for (i = 0; i < 2; i++)
		if (send(fd, buf, 1, 0) != 1)
			die("send");
	close(fd);

	if ((size_t)snprintf(un.sun_path, sizeof(un.sun_path), "%s/sock", dir) >= sizeof(un.sun_path))
		die("socket path too long");
	lx = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lx < 0 || bind(lx, (struct sockaddr *)&un, sizeof(un)) || listen(lx, 4))
		die("unix listener");
	connect_n(lx, AF_UNIX, &un, sizeof(un), 1);

	for (i = 0; i < 5; i++) {
		pid = fork();
		if (pid == 0) {
			execl("/bin/true", "true", (char *)NULL);
			_exit(127);
		}
		waitpid(pid, NULL, 0);
	}
	pid = fork();
	if (pid == 0) {
		snprintf(path, sizeof(path), "%s/nosuchprog", dir);
		execl(path, "nosuchprog", (char *)NULL);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pid = fork();
	if (pid == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(1);
		_exit(chroot("/") == 0 ? 1 : 0);
	}
	waitpid(pid, &i, 0);
	if (!WIFEXITED(i) || WEXITSTATUS(i))
		return 1;

	snprintf(path, sizeof(path), "%s/facts", dir);
	facts = fopen(path, "w");
	if (!facts)
		die(path);
	fprintf(facts, "tcp %d\nudp %d\nv6 %d\n", tport, uport, v6port);
	fclose(facts);
	return 0;
}
