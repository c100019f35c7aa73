/* t_tree_ops: directory and metadata calls, run in the suite's temp dir W
 * (holding file2, nonempty/x, lnk -> t.txt).  Steps: mkdir/mkdirat modes,
 * rmdir, unlinkat (AT_REMOVEDIR and not), mknod/mknodat of FIFOs,
 * truncate/ftruncate, chmod/fchmod/fchmodat/fchmodat2, chown/fchown/lchown/
 * fchownat (-1 = unchanged, AT_EMPTY_PATH), utime/utimes/utimensat/futimesat
 * (futimens: utimensat(fd, NULL)), and user xattrs on t.txt (set, fset,
 * setxattrat, remove, fremove, removexattrat, a missing one).
 * "tree_ops xattr-probe FILE": exit 0 if FILE takes a user xattr, else 1. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif
#ifndef SYS_setxattrat
#define SYS_setxattrat 463
#endif
#ifndef SYS_removexattrat
#define SYS_removexattrat 466
#endif

struct xattr_args_ {
	uint64_t value;
	uint32_t size;
	uint32_t flags;
};

static int fails(long r, int err)
{
	return r != -1 || errno != err;
}

/* Does the kernel have this syscall (fchmodat2: 6.6, setxattrat and
 * removexattrat: 6.13)?  Called with a bad fd, it fails with EBADF or, where
 * it does not exist, ENOSYS. */
static int has(long nr)
{
	return !(syscall(nr, -1, "", 0, 0, 0, 0) == -1 && errno == ENOSYS);
}

/* The result of a syscall the kernel may lack: as expected (0, or -1 with
 * err when err is not 0), or ENOSYS where it has none. */
static int newer_fails(int have, long r, int err)
{
	if (!have)
		return fails(r, ENOSYS);
	return err ? fails(r, err) : r != 0;
}

int main(int argc, char **argv)
{
	struct xattr_args_ xa = { (uintptr_t)"at", 2, 0 };
	int dfd, fd, xattr_ok, at2, xat;

	if (argc == 3 && !strcmp(argv[1], "xattr-probe"))
		return setxattr(argv[2], "user.probe", "1", 1, 0) ? 1 : 0;
	if (argc == 3 && !strcmp(argv[1], "has"))
		return has(!strcmp(argv[2], "fchmodat2") ? SYS_fchmodat2 : SYS_setxattrat) ? 0 : 1;
	/* which of them the kernel has, probed before (a probe here would be
	 * recorded): "tree_ops AT2 XAT", 1 or 0 each; both without */
	at2 = argc < 3 || atoi(argv[1]);
	xat = argc < 3 || atoi(argv[2]);
	dfd = open(".", O_RDONLY | O_DIRECTORY);			/* 3: W */
	if (dfd != 3)
		return 10;
	if (syscall(SYS_mkdir, "d1", 0755))
		return 11;
	if (syscall(SYS_mkdirat, dfd, "d2", 01777))
		return 12;
	if (fails(syscall(SYS_mkdir, "d1", 0700), EEXIST))
		return 13;
	if (syscall(SYS_rmdir, "d1"))
		return 14;
	if (syscall(SYS_unlinkat, dfd, "d2", AT_REMOVEDIR))
		return 15;
	if (fails(syscall(SYS_rmdir, "nonempty"), ENOTEMPTY))
		return 16;
	if (fails(syscall(SYS_unlinkat, AT_FDCWD, "nonempty", 0), EISDIR))
		return 17;
	if (syscall(SYS_unlink, "file2"))
		return 18;
	if (syscall(SYS_mknod, "fifo", S_IFIFO | 0644, 0))
		return 20;
	if (syscall(SYS_mknodat, dfd, "fifo2", S_IFIFO | 0600, 0))
		return 21;

	fd = open("t.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);	/* 4 */
	if (fd != 4)
		return 30;
	if (syscall(SYS_truncate, "t.txt", 1000))
		return 31;
	if (syscall(SYS_ftruncate, fd, 10))
		return 32;
	if (fails(syscall(SYS_truncate, "missing", 5), ENOENT))
		return 33;

	if (syscall(SYS_chmod, "t.txt", 0600))
		return 40;
	if (syscall(SYS_fchmod, fd, 0640))
		return 41;
	if (syscall(SYS_fchmodat, dfd, "t.txt", 0604))
		return 42;
	if (newer_fails(at2, syscall(SYS_fchmodat2, dfd, "t.txt", 0644, AT_SYMLINK_NOFOLLOW), 0))
		return 43;
	if (newer_fails(at2, syscall(SYS_fchmodat2, AT_FDCWD, "lnk", 0600, AT_SYMLINK_NOFOLLOW),
			EOPNOTSUPP))
		return 44;

	if (syscall(SYS_chown, "t.txt", 1000, 1000))
		return 50;
	if (syscall(SYS_fchown, fd, -1, 2000))
		return 51;
	if (syscall(SYS_lchown, "lnk", 3000, -1))
		return 52;
	if (syscall(SYS_fchownat, dfd, "t.txt", -1, -1, 0))
		return 53;
	if (syscall(SYS_fchownat, fd, "", 0, 0, AT_EMPTY_PATH))
		return 54;

	if (syscall(SYS_utime, "t.txt", NULL))
		return 60;
	if (syscall(SYS_utimes, "t.txt", NULL))
		return 61;
	if (syscall(SYS_utimensat, AT_FDCWD, "lnk", NULL, AT_SYMLINK_NOFOLLOW))
		return 62;
	if (syscall(SYS_utimensat, fd, NULL, NULL, 0))			/* futimens */
		return 63;
	if (syscall(SYS_futimesat, dfd, "t.txt", NULL))
		return 64;

	xattr_ok = syscall(SYS_setxattr, "t.txt", "user.trail", "v", 1, 0) == 0;
	if (!xattr_ok && errno != EOPNOTSUPP)
		return 70;
	if (syscall(SYS_fsetxattr, fd, "user.fd", "w", 1, 0) != (xattr_ok ? 0 : -1))
		return 71;
	if (newer_fails(xat, syscall(SYS_setxattrat, dfd, "t.txt", 0, "user.at", &xa, sizeof xa),
			xattr_ok ? 0 : EOPNOTSUPP))
		return 72;
	if (syscall(SYS_removexattr, "t.txt", "user.trail") != (xattr_ok ? 0 : -1))
		return 73;
	if (syscall(SYS_fremovexattr, fd, "user.fd") != (xattr_ok ? 0 : -1))
		return 74;
	if (newer_fails(xat, syscall(SYS_removexattrat, dfd, "t.txt", 0, "user.at"),
			xattr_ok ? 0 : EOPNOTSUPP))
		return 75;
	if (fails(syscall(SYS_removexattr, "t.txt", "user.nope"), xattr_ok ? ENODATA : EOPNOTSUPP))
		return 76;
	close(fd);
	close(dfd);
	return 0;
}
