/* t_uring: an open and a read through io_uring (liburing), which never
 * pass the openat/read syscall tracepoints.  Run in the suite's temp dir
 * W holding "uring.txt".  Exits with a step number on a surprise. */
#include <fcntl.h>
#include <liburing.h>
#include <string.h>
#include <unistd.h>

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
	io_uring_queue_exit(&ring);
	return 0;
}
