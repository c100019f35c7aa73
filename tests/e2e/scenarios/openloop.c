/* Opens and closes PATH every INTERVAL ms, COUNT times (COUNT 0: until killed). Usage: openloop PATH COUNT INTERVAL */
#include <fcntl.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts;
	long i, count, ms;
	int fd;

	if (argc != 4)
		return 2;
	count = atol(argv[2]);
	ms = atol(argv[3]);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	for (i = 0; count == 0 || i < count; i++) {
		fd = open(argv[1], O_RDONLY);
		if (fd >= 0)
			close(fd);
		nanosleep(&ts, NULL);
	}
	return 0;
}
