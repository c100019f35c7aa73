/* t_fallocate: fallocate of a file opened for writing (a range, then a
 * FALLOC_FL_KEEP_SIZE one), and two that fail: on a read-only descriptor
 * (EBADF) and on a descriptor that is not open (EBADF).  Run in the
 * suite's temp dir W, which holds ro (a file).  Each step exits with its
 * own code on a surprise. */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KEEP_SIZE 1	/* FALLOC_FL_KEEP_SIZE */

int main(void)
{
	int fd = open("data", O_WRONLY | O_CREAT | O_TRUNC, 0600), ro;	/* 3 */

	if (fd != 3)
		return 10;
	if (syscall(SYS_fallocate, fd, 0, 0, 4096))
		return 11;
	if (syscall(SYS_fallocate, fd, KEEP_SIZE, 4096, 8192))
		return 12;
	ro = open("ro", O_RDONLY);					/* 4 */
	if (ro != 4)
		return 13;
	if (syscall(SYS_fallocate, ro, 0, 0, 100) != -1 || errno != EBADF)
		return 14;
	if (syscall(SYS_fallocate, 77, 0, 0, 100) != -1 || errno != EBADF)
		return 15;
	return 0;
}
