/* t_uring: opens, a read and connects through io_uring (liburing), which
 * never pass the openat/read/connect syscall tracepoints.  Run in the
 * suite's temp dir W holding "uring.txt" and not "missing.txt"; writes the
 * two ports it used to "uring.facts".  Exits with a step number on a
 * surprise. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* One request, waited for: its result. */
static int one(struct io_uring *ring)
{
	struct io_uring_cqe *cqe;
	int res;

	if (io_uring_submit(ring) != 1 || io_uring_wait_cqe(ring, &cqe))
		return -1000;
	res = cqe->res;
	io_uring_cqe_seen(ring, cqe);
	return res;
}

/* A TCP socket on 127.0.0.1, port chosen by the kernel; listening or not. */
static int tcp_port(int listening, int *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    (listening && listen(fd, 4)) || getsockname(fd, (struct sockaddr *)&a, &len))
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

int main(void)
{
	struct io_uring ring;
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	char buf[64];
	int fd;

	if (io_uring_queue_init(4, &ring, 0))
		return 1;
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat(sqe, AT_FDCWD, "uring.txt", O_RDONLY, 0);
	sqe->user_data = 7;
	if (io_uring_submit(&ring) != 1 || io_uring_wait_cqe(&ring, &cqe))
		return 2;
	fd = cqe->res;
	io_uring_cqe_seen(&ring, cqe);
	if (fd < 0)
		return 3;
	for (int i = 0; i < 2; i++) {	/* two reads of one file: one event */
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_read(sqe, fd, buf, sizeof(buf), 0);
		sqe->user_data = 8 + i;
		if (io_uring_submit(&ring) != 1 || io_uring_wait_cqe(&ring, &cqe))
			return 4;
		if (cqe->res <= 0)
			return 5;
		io_uring_cqe_seen(&ring, cqe);
	}

	/* a name that does not exist: its result says so */
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_openat(sqe, AT_FDCWD, "missing.txt", O_RDONLY, 0);
	sqe->user_data = 10;
	if (one(&ring) != -ENOENT)
		return 6;

	/* connects: to a listener, and to a port nobody listens on */
	{
		struct sockaddr_in to = { .sin_family = AF_INET,
					  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		int lport, dport, l = tcp_port(1, &lport), d = tcp_port(0, &dport);
		int c1 = socket(AF_INET, SOCK_STREAM, 0), c2 = socket(AF_INET, SOCK_STREAM, 0);
		FILE *facts = fopen("uring.facts", "w");

		if (l < 0 || d < 0 || c1 < 0 || c2 < 0 || !facts)
			return 7;
		fprintf(facts, "listen %d\nrefused %d\n", lport, dport);
		fclose(facts);
		to.sin_port = htons(lport);
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_connect(sqe, c1, (struct sockaddr *)&to, sizeof(to));
		sqe->user_data = 11;
		if (one(&ring) != 0)
			return 8;
		to.sin_port = htons(dport);
		sqe = io_uring_get_sqe(&ring);
		io_uring_prep_connect(sqe, c2, (struct sockaddr *)&to, sizeof(to));
		sqe->user_data = 12;
		if (one(&ring) != -ECONNREFUSED)
			return 9;
	}
	io_uring_queue_exit(&ring);
	return 0;
}
