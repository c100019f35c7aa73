/* t_rename: write out.tmp and rename it to out; renameat2 RENAME_EXCHANGE of a
 * file and a directory; RENAME_NOREPLACE onto an existing name (EEXIST);
 * link, linkat (with a dirfd, and AT_SYMLINK_FOLLOW through a symlink), a
 * failed link; symlink and symlinkat (the target is stored, not resolved).
 * Run in the suite's temp dir W, which holds x (file), y (dir), keep (file),
 * lnk -> out, and sub/.  Each step exits with its own code on a surprise. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#endif

static int fails(long r, int err)
{
	return r != -1 || errno != err;
}

int main(void)
{
	int fd, dfd;

	fd = open("out.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);	/* 3 */
	if (fd != 3)
		return 10;
	if (write(fd, "data\n", 5) != 5)
		return 11;
	if (close(fd))
		return 12;
	if (syscall(SYS_rename, "out.tmp", "out"))
		return 13;
	if (syscall(SYS_renameat2, AT_FDCWD, "x", AT_FDCWD, "y", RENAME_EXCHANGE))
		return 14;
	dfd = open(".", O_RDONLY | O_DIRECTORY);			/* 3: W */
	if (dfd != 3)
		return 15;
	if (fails(syscall(SYS_renameat2, dfd, "out", dfd, "keep", RENAME_NOREPLACE), EEXIST))
		return 16;
	if (syscall(SYS_link, "out", "out.hard"))
		return 20;
	if (syscall(SYS_linkat, dfd, "out", AT_FDCWD, "sub/../sub/out.hard2", 0))
		return 21;
	if (syscall(SYS_linkat, AT_FDCWD, "lnk", dfd, "lnk.followed", AT_SYMLINK_FOLLOW))
		return 22;
	if (fails(syscall(SYS_link, "missing", "sub/m2"), ENOENT))
		return 23;
	if (syscall(SYS_symlink, "../target/x", "sub/sl"))
		return 30;
	if (syscall(SYS_symlinkat, "/nowhere/at/all", dfd, "./sl2"))
		return 31;
	if (fails(syscall(SYS_symlink, "x", "out"), EEXIST))
		return 32;
	close(dfd);
	return 0;
}
