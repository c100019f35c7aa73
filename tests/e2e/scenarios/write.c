/* t_write: first-write semantics.  Run in the suite's temp dir W, which holds
 * rw.txt (some bytes).  rw.txt opened O_RDWR and only read; many.txt written
 * 1000 times through fd 3 and its dup 4, then opened again (fd 5) and written;
 * one file each for pwrite64, writev, pwritev, pwritev2, sendfile,
 * copy_file_range, splice (pipe -> file) and mmap PROT_WRITE|MAP_SHARED;
 * mmap MAP_PRIVATE and PROT_READ of priv.txt; splice file -> pipe; writes to
 * a pipe and /dev/null.  Never writes to stdout (trail's output file).  Exits
 * with its own code on a surprise. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static int create(const char *name, int flags)
{
	return open(name, flags | O_CREAT | O_TRUNC, 0644);
}

int main(void)
{
	struct iovec iov[2] = { { "ab", 2 }, { "cd", 2 } };
	char buf[64];
	int fd, in, p[2], i;
	void *m;

	fd = open("rw.txt", O_RDWR);				/* 3 */
	if (fd != 3 || read(fd, buf, sizeof buf) <= 0)
		return 10;
	close(fd);

	if (create("many.txt", O_WRONLY) != 3 || dup(3) != 4)
		return 20;
	for (i = 0; i < 1000; i++)
		if (write(3 + (i & 1), "x", 1) != 1)		/* 3, 4, 3, 4, ... */
			return 21;
	if (open("many.txt", O_WRONLY | O_APPEND) != 5)		/* a second open file */
		return 22;
	if (write(5, "y", 1) != 1 || write(5, "y", 1) != 1 || write(4, "x", 1) != 1)
		return 23;
	close(3);
	close(4);
	close(5);

	if (create("pw.txt", O_WRONLY) != 3 || syscall(SYS_pwrite64, 3, "pw", 2, 10) != 2)
		return 30;
	close(3);
	if (create("wv.txt", O_WRONLY) != 3 || syscall(SYS_writev, 3, iov, 2) != 4)
		return 31;
	close(3);
	if (create("pv.txt", O_WRONLY) != 3 || syscall(SYS_pwritev, 3, iov, 2, 0, 0) != 4)
		return 32;
	close(3);
	if (create("pv2.txt", O_WRONLY) != 3 || syscall(SYS_pwritev2, 3, iov, 2, 0, 0, 0) != 4)
		return 33;
	close(3);

	in = open("rw.txt", O_RDONLY);				/* 3 */
	if (in != 3 || create("sf.txt", O_WRONLY) != 4 || syscall(SYS_sendfile, 4, 3, NULL, 4) != 4)
		return 40;
	close(4);
	if (lseek(3, 0, SEEK_SET) || create("cfr.txt", O_WRONLY) != 4 ||
	    syscall(SYS_copy_file_range, 3, NULL, 4, NULL, 4, 0) != 4)
		return 41;
	close(4);
	close(3);

	if (pipe(p) || p[0] != 3 || p[1] != 4 || write(4, "abc", 3) != 3)	/* pipe: none */
		return 50;
	if (create("sp.txt", O_WRONLY) != 5 || syscall(SYS_splice, 3, NULL, 5, NULL, 3, 0) != 3)
		return 51;
	close(5);
	if (open("rw.txt", O_RDONLY) != 5 || syscall(SYS_splice, 5, NULL, 4, NULL, 3, 0) != 3)	/* file -> pipe */
		return 52;
	close(5);
	close(3);
	close(4);

	if (create("priv.txt", O_RDWR) != 3 || ftruncate(3, 4096))
		return 60;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, 3, 0);
	if (m == MAP_FAILED)
		return 61;
	((char *)m)[0] = 'p';
	munmap(m, 4096);
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, 3, 0);
	if (m == MAP_FAILED)
		return 62;
	munmap(m, 4096);
	close(3);
	if (create("mm.txt", O_RDWR) != 3 || ftruncate(3, 4096))
		return 63;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, 3, 0);
	if (m == MAP_FAILED)
		return 64;
	((char *)m)[0] = 'm';
	munmap(m, 4096);
	close(3);

	fd = open("/dev/null", O_WRONLY);			/* 3 */
	if (fd != 3 || write(fd, "n", 1) != 1)
		return 70;
	close(fd);
	return 0;
}
