/* t_fds: the descriptor table.  Run in the suite's temp dir W (holding sub/
 * with sub/inner.txt, and sub2/).  The main process: dup2 onto an open fd
 * (a later write through it is the new file's), dup3 O_CLOEXEC, dup,
 * fcntl F_DUPFD_CLOEXEC / F_DUPFD / F_SETFD (and F_GETFL, F_GETFD, F_SETFL,
 * which are not recorded), a child that chdirs to / and execs "fds child1"
 * (cloexec fds gone, the plain dirfd still there), close_range of 20..30,
 * close_range CLOSE_RANGE_CLOEXEC of 3..6 (still open here; gone in the
 * exec'd "fds child2"), pipe2 O_CLOEXEC, socketpair, pipe, memfd_create, and
 * writes to a pipe, /dev/null and the memfd; then dup2 of the dirfd 6 onto
 * 16 (/dev/null) and F_DUPFD_CLOEXEC of the dirfd 7 onto 40, each used by an
 * *at call, and an openat through 6 once closed.  Exits with its own code on a
 * surprise (children: 100+). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC 4
#endif

extern char **environ;

static int fails(long r, int err)
{
	return r != -1 || errno != err;
}

static long fstat_(int fd)
{
	struct stat st;

	return syscall(SYS_fstat, fd, &st);
}

static int run_child(const char *self, const char *mode)
{
	char *args[] = { (char *)self, (char *)mode, NULL };
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (chdir("/"))
			_exit(98);
		execve(self, args, environ);
		_exit(99);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static int child1(void)
{
	if (fails(fstat_(10), EBADF))		/* dup3 O_CLOEXEC */
		return 101;
	if (fails(fstat_(20), EBADF))		/* F_DUPFD_CLOEXEC */
		return 102;
	if (fails(fstat_(30), EBADF))		/* F_SETFD FD_CLOEXEC */
		return 103;
	if (fails(write(30, "x", 1), EBADF))
		return 104;
	if (fstat_(5))				/* dup: inherited */
		return 105;
	if (write(5, "c", 1) != 1)		/* b.txt's open file, written already */
		return 106;
	if (fails(openat(7, "inner.txt", O_RDONLY), EBADF))	/* O_CLOEXEC dirfd */
		return 107;
	if (openat(6, "inner.txt", O_RDONLY) != 7)	/* the inherited dirfd: W/sub */
		return 108;
	return 0;
}

static int child2(void)
{
	if (fails(fstat_(3), EBADF))		/* CLOSE_RANGE_CLOEXEC */
		return 111;
	if (fails(fstat_(5), EBADF))
		return 112;
	if (fails(openat(6, "inner.txt", O_RDONLY), EBADF))
		return 113;
	if (fails(fstat_(10), EBADF))
		return 114;
	return 0;
}

int main(int argc, char **argv)
{
	int p[2], sv[2], p2[2], m, n, r;

	/* does close_range take CLOSE_RANGE_CLOEXEC (5.11)?  Asked before
	 * recording, so that the probe is not in it */
	if (argc == 2 && !strcmp(argv[1], "cloexec-probe"))
		return syscall(SYS_close_range, 1000, 1000, CLOSE_RANGE_CLOEXEC) ? 1 : 0;
	if (argc == 2 && !strcmp(argv[1], "child1"))
		return child1();
	if (argc == 2 && !strcmp(argv[1], "child2"))
		return child2();
	if (open("a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644) != 3)
		return 10;
	if (open("b.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644) != 4)
		return 11;
	if (write(3, "a", 1) != 1)			/* first write of a.txt */
		return 12;
	if (dup2(4, 3) != 3)				/* 3 is now b.txt */
		return 13;
	if (write(3, "b", 1) != 1)			/* first write of b.txt */
		return 14;
	if (write(4, "b", 1) != 1)			/* same open file: nothing */
		return 15;
	if (dup3(4, 10, O_CLOEXEC) != 10)
		return 16;
	if (dup(4) != 5)
		return 17;
	if (fcntl(4, F_DUPFD_CLOEXEC, 20) != 20)
		return 18;
	if (fcntl(4, F_DUPFD, 30) != 30)
		return 19;
	if (fcntl(30, F_SETFD, FD_CLOEXEC))
		return 20;
	if ((fcntl(4, F_GETFL) & O_ACCMODE) != O_WRONLY || fcntl(4, F_GETFD) != 0 || fcntl(4, F_SETFL, O_APPEND))
		return 21;
	if (open("sub", O_RDONLY | O_DIRECTORY) != 6)
		return 22;
	if (open("sub2", O_RDONLY | O_DIRECTORY | O_CLOEXEC) != 7)
		return 23;
	r = run_child(argv[0], "child1");
	if (r)
		return r < 0 ? 24 : r;

	if (syscall(SYS_close_range, 20, 30, 0))
		return 30;
	if (fails(fstat_(20), EBADF) || fails(fstat_(30), EBADF) || fstat_(10))
		return 31;
	if (syscall(SYS_close_range, 3, 6, CLOSE_RANGE_CLOEXEC)) {
		/* a kernel without it (FDS_NO_CLOEXEC=1): EINVAL, then the
		 * same by hand, so that child2 finds what it expects */
		if (!getenv("FDS_NO_CLOEXEC") || errno != EINVAL)
			return 32;
		for (n = 3; n <= 6; n++)
			if (fcntl(n, F_SETFD, FD_CLOEXEC))
				return 35;
	}
	if (fstat_(3))					/* still open until exec */
		return 33;
	r = run_child(argv[0], "child2");
	if (r)
		return r < 0 ? 34 : r;

	if (pipe2(p, O_CLOEXEC) || p[0] != 8 || p[1] != 9)
		return 40;
	if (write(p[1], "x", 1) != 1)			/* a pipe: no write event */
		return 41;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) || sv[0] != 11 || sv[1] != 12)
		return 42;
	if (syscall(SYS_pipe, p2) || p2[0] != 13 || p2[1] != 14)
		return 43;
	m = memfd_create("trail-mem", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (m != 15)
		return 44;
	if (write(m, "m", 1) != 1)
		return 45;
	n = open("/dev/null", O_WRONLY);
	if (n != 16 || write(n, "n", 1) != 1)		/* a device: no write event */
		return 46;
	/* the model's table: 16 (/dev/null) replaced by the dirfd W/sub */
	if (dup2(6, 16) != 16 || openat(16, "inner.txt", O_RDONLY) != 17)
		return 50;
	if (fcntl(7, F_DUPFD_CLOEXEC, 40) != 40 || mkdirat(40, "made", 0755))	/* W/sub2 */
		return 51;
	if (close(6) || fails(openat(6, "inner.txt", O_RDONLY), EBADF))
		return 52;
	return 0;
}
