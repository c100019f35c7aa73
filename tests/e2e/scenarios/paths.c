/* t_paths: *at calls relative to a dirfd opened after a chdir (and used after
 * another chdir), a chain of symlinks, and lookups that fail (ENOENT, ENOTDIR)
 * from open, newfstatat, access and execve.  argv[1] is the suite's temp dir W
 * with W/a/{b/sub,c}, W/s/{a -> bee, bee -> cee.link, cee.link -> file.txt,
 * file.txt, dangling -> missing}.  Every step checks its own result and exits
 * with its own code if the kernel did something else. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fails(long r, int err)
{
	return r != -1 || errno != err;
}

int main(int argc, char **argv)
{
	char *args[] = { "prog", NULL }, *env[] = { NULL };
	char buf[64];
	struct stat st;
	int dfd, fd;

	if (argc != 2)
		return 2;
	if (chdir(argv[1]))					/* W */
		return 10;
	if (chdir("a"))						/* W/a */
		return 11;
	dfd = open("b", O_RDONLY | O_DIRECTORY);		/* 3: W/a/b */
	if (dfd != 3)
		return 12;
	if (chdir(".."))					/* W again */
		return 13;
	fd = openat(dfd, "../c/../new.txt", O_WRONLY | O_CREAT | O_EXCL, 0600);	/* W/a/new.txt */
	if (fd != 4)
		return 14;
	close(fd);
	if (mkdirat(dfd, "./sub/../made", 0750))		/* W/a/b/made */
		return 15;
	if (renameat(dfd, "made", AT_FDCWD, "a/moved"))		/* -> W/a/moved */
		return 16;
	if (unlinkat(dfd, "../new.txt", 0))			/* W/a/new.txt */
		return 17;
	if (unlinkat(AT_FDCWD, "a/./moved", AT_REMOVEDIR))	/* W/a/moved */
		return 18;
	close(dfd);

	/* s/a -> bee -> cee.link -> file.txt */
	fd = open("s/a", O_RDONLY);
	if (fd != 3)
		return 20;
	close(fd);
	if (syscall(SYS_readlink, "s/a", buf, sizeof buf) != 3)		/* "bee" */
		return 21;
	if (syscall(SYS_readlinkat, AT_FDCWD, "s/bee", buf, sizeof buf) != 8)	/* "cee.link" */
		return 22;
	if (fails(syscall(SYS_readlink, "s/file.txt", buf, sizeof buf), EINVAL))	/* not a link */
		return 23;
	if (fails(syscall(SYS_newfstatat, AT_FDCWD, "s/dangling", &st, 0), ENOENT))
		return 24;
	if (syscall(SYS_newfstatat, AT_FDCWD, "s/dangling", &st, AT_SYMLINK_NOFOLLOW))
		return 25;
	if (fails(open("s/dangling", O_RDONLY), ENOENT))
		return 26;

	/* failed lookups */
	if (fails(open("nodir/x", O_RDONLY), ENOENT))
		return 30;
	if (fails(open("s/file.txt/x", O_RDONLY), ENOTDIR))
		return 31;
	if (fails(syscall(SYS_newfstatat, AT_FDCWD, "nodir/../gone", &st, 0), ENOENT))
		return 32;
	if (fails(syscall(SYS_access, "s/file.txt/x", R_OK), ENOTDIR))
		return 33;
	if (fails(syscall(SYS_access, "./nodir", F_OK), ENOENT))
		return 34;
	if (fails(execve("nodir/prog", args, env), ENOENT))
		return 35;
	if (fails(execve("s/file.txt/prog", args, env), ENOTDIR))
		return 36;
	return 0;
}
