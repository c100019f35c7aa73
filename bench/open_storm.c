/* SPDX-License-Identifier: MIT */
/*
 * An open storm for bench/stat.sh:  open_storm N FILE
 * N x (open FILE read-only, close): 2 N syscalls, N of them opens of the
 * same path.  Exits 0, or 1 when an open fails.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long i, n;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: open_storm N FILE\n");
		return 2;
	}
	n = atol(argv[1]);
	for (i = 0; i < n; i++) {
		fd = open(argv[2], O_RDONLY);
		if (fd < 0) {
			perror(argv[2]);
			return 1;
		}
		close(fd);
	}
	return 0;
}
