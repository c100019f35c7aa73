/* t_shared (chroot): run in the suite's temp dir W holding jail/ with
 * jail/file (a hard link of W/orig), jail/sub/ and, when the suite could
 * build one, jail/prog (this program linked statically).  chroot to a missing
 * dir (ENOENT), chroot("jail/."), opens of "/file" and "/../file" (abs and
 * real outside the root), a relative open from the old cwd (still outside),
 * chdir("/"), relative opens (one with ".." at the root) and a stat inside; then, given "exec", execs
 * /prog, which (as "prog inner") opens /file from inside the chroot.
 * Exits with its own code on a surprise. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int open_close(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd != 3)
		return -1;
	return close(fd);
}

int main(int argc, char **argv)
{
	char *args[] = { "prog", "inner", NULL }, *env[] = { NULL };
	struct stat st;

	if (argc == 2 && !strcmp(argv[1], "inner"))
		return open_close("/file") ? 50 : 0;
	if (syscall(SYS_chroot, "nope") != -1 || errno != ENOENT)
		return 10;
	if (syscall(SYS_chroot, "jail/."))
		return 11;
	if (open_close("/file"))
		return 12;
	if (open_close("/../file"))
		return 13;
	if (open_close("jail/file"))		/* the cwd is still outside */
		return 14;
	if (chdir("/"))
		return 15;
	if (open_close("sub/../file"))
		return 16;
	if (open_close("../file"))		/* ".." of the root: the root */
		return 19;
	if (syscall(SYS_newfstatat, AT_FDCWD, "/sub", &st, 0))
		return 17;
	if (argc == 2 && !strcmp(argv[1], "exec")) {
		execve("/prog", args, env);
		return 18;
	}
	return 0;
}
