/* chdir (absolute, then "sub/../d"), open "../sub" as a dirfd, openat(dirfd, "x/../f.txt") and a missing name, fchdir(dirfd), then open relative to the new cwd. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int dfd, fd;

	if (argc != 2)
		return 2;
	if (chdir(argv[1]))				/* DIR */
		return 10;
	if (chdir("sub/../d"))				/* DIR/d */
		return 11;
	dfd = open("../sub", O_RDONLY | O_DIRECTORY);	/* DIR/sub */
	if (dfd < 0)
		return 12;
	fd = openat(dfd, "x/../f.txt", O_RDONLY);	/* DIR/sub/f.txt */
	if (fd < 0)
		return 13;
	close(fd);
	if (openat(dfd, "x/nope", O_RDONLY) >= 0 || errno != ENOENT)
		return 14;
	if (fchdir(dfd))				/* cwd DIR/sub */
		return 15;
	fd = open("./x/../f.txt", O_RDONLY);		/* DIR/sub/f.txt */
	if (fd < 0)
		return 16;
	close(fd);
	close(dfd);
	return 0;
}
