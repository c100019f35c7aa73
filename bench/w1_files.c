/* SPDX-License-Identifier: MIT */
/*
 * W1, a file-syscall storm:  w1_files N DIR
 *
 * N iterations of open/read/close of one file (DIR/data) and stat() of a
 * missing path (DIR/missing); every 1000 iterations, also create a file,
 * rename it and unlink it.  Prints nothing; exits 0, or 1 on an unexpected
 * error.  Per iteration that is 4 syscalls (openat, read, close, newfstatat),
 * 3 of them file syscalls that the tracers record.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die(const char *what, const char *path)
{
	fprintf(stderr, "w1_files: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: w1_files N DIR\n");
		return 2;
	}
	long n = atol(argv[1]);
	const char *dir = argv[2];
	char data[4096], missing[4096], tmp_a[4096], tmp_b[4096];
	snprintf(data, sizeof data, "%s/data", dir);
	snprintf(missing, sizeof missing, "%s/missing", dir);
	snprintf(tmp_a, sizeof tmp_a, "%s/tmp.a", dir);
	snprintf(tmp_b, sizeof tmp_b, "%s/tmp.b", dir);

	char buf[4096];
	memset(buf, 'x', sizeof buf);
	int fd = open(data, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, 1024) != 1024 || close(fd) != 0)
		die("create", data);

	struct stat sb;
	for (long i = 0; i < n; i++) {
		fd = open(data, O_RDONLY);
		if (fd < 0)
			die("open", data);
		if (read(fd, buf, sizeof buf) < 0)
			die("read", data);
		close(fd);
		if (stat(missing, &sb) == 0 || errno != ENOENT)
			die("stat (expected ENOENT)", missing);
		if (i % 1000 == 0) {
			fd = open(tmp_a, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			if (fd < 0)
				die("create", tmp_a);
			close(fd);
			if (rename(tmp_a, tmp_b) != 0)
				die("rename", tmp_a);
			if (unlink(tmp_b) != 0)
				die("unlink", tmp_b);
		}
	}
	unlink(data);
	return 0;
}
