/* Opens each argument O_RDONLY and closes it again; exits with the number of opens that failed. */
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i, fd, failed = 0;

	for (i = 1; i < argc; i++) {
		fd = open(argv[i], O_RDONLY);
		if (fd < 0)
			failed++;
		else
			close(fd);
	}
	return failed;
}
