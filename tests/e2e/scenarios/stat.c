/* t_stat: stat-like calls, run in the suite's temp dir W (holding f.txt,
 * lnk -> f.txt, d/ with d/one and d/two).  stat, lstat, fstat (and on a
 * closed fd), newfstatat with AT_SYMLINK_NOFOLLOW, via a dirfd, and with
 * AT_EMPTY_PATH on an fd; statx by path and with AT_EMPTY_PATH; access,
 * faccessat, faccessat2 (modes, AT_EACCESS, AT_SYMLINK_NOFOLLOW, a missing
 * file); getdents64 and getdents on directories; name_to_handle_at (and its
 * EOVERFLOW probe); open_by_handle_at.  Exits with its own code on a surprise. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fails(long r, int err)
{
	return r != -1 || errno != err;
}

int main(void)
{
	struct {
		struct file_handle h;
		unsigned char b[MAX_HANDLE_SZ];
	} fh;
	struct statx stx;
	struct stat st;
	char buf[4096];
	int fd, dfd, d2, mnt_id, hfd;

	if (syscall(SYS_stat, "f.txt", &st) || st.st_size != 6)
		return 10;
	if (syscall(SYS_lstat, "lnk", &st) || !S_ISLNK(st.st_mode))
		return 11;
	fd = open("f.txt", O_RDONLY);					/* 3 */
	if (fd != 3)
		return 12;
	if (syscall(SYS_fstat, fd, &st))
		return 13;
	if (fails(syscall(SYS_fstat, 99, &st), EBADF))
		return 14;
	if (syscall(SYS_newfstatat, AT_FDCWD, "lnk", &st, AT_SYMLINK_NOFOLLOW) || !S_ISLNK(st.st_mode))
		return 15;
	if (syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH) || !S_ISREG(st.st_mode))
		return 16;
	dfd = open("d", O_RDONLY | O_DIRECTORY);			/* 4 */
	if (dfd != 4)
		return 17;
	if (syscall(SYS_newfstatat, dfd, "../f.txt", &st, 0))
		return 18;
	if (syscall(SYS_statx, AT_FDCWD, "lnk", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx))
		return 20;
	if (syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_SIZE, &stx) || stx.stx_size != 6)
		return 21;

	if (syscall(SYS_access, "f.txt", R_OK | W_OK))
		return 30;
	if (syscall(SYS_access, "f.txt", F_OK))
		return 31;
	if (fails(syscall(SYS_faccessat, AT_FDCWD, "missing", X_OK), ENOENT))
		return 32;
	if (syscall(SYS_faccessat2, dfd, "../f.txt", R_OK, AT_EACCESS))
		return 33;
	if (syscall(SYS_faccessat2, AT_FDCWD, "lnk", F_OK, AT_SYMLINK_NOFOLLOW))
		return 34;

	if (syscall(SYS_getdents64, dfd, buf, sizeof buf) <= 0)	/* ., .., one, two */
		return 40;
	if (syscall(SYS_getdents64, dfd, buf, sizeof buf) != 0)	/* the end */
		return 41;
	d2 = open(".", O_RDONLY | O_DIRECTORY);			/* 5: W */
	if (d2 != 5 || syscall(SYS_getdents, d2, buf, sizeof buf) <= 0)
		return 42;
	if (fails(syscall(SYS_getdents64, fd, buf, sizeof buf), ENOTDIR))	/* a file */
		return 43;

	fh.h.handle_bytes = 0;
	if (fails(syscall(SYS_name_to_handle_at, AT_FDCWD, "f.txt", &fh.h, &mnt_id, 0), EOVERFLOW))
		return 50;
	fh.h.handle_bytes = MAX_HANDLE_SZ;
	if (syscall(SYS_name_to_handle_at, dfd, "../f.txt", &fh.h, &mnt_id, 0))
		return 51;
	hfd = syscall(SYS_open_by_handle_at, d2, &fh.h, O_RDONLY);	/* 6 */
	if (hfd != 6)
		return 52;
	close(hfd);
	close(d2);
	close(dfd);
	close(fd);
	return 0;
}
