/* A deterministic file-syscall storm: N x (open, read, close, stat of a
 * missing path); forks a twin first when asked, so both CPUs produce. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000, twin = argc > 2, i;
	pid_t child = twin ? fork() : -1;
	struct stat sb;
	char buf[64];

	for (i = 0; i < n; i++) {
		int fd = open("/etc/hostname", O_RDONLY);

		if (read(fd, buf, sizeof(buf)) < 0)
			return 2;
		close(fd);
		stat("/nonexistent/trail-storm", &sb);
	}
	if (child > 0)
		waitpid(child, NULL, 0);
	return 0;
}
