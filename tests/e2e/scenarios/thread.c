/* A second thread (not the main one) opens and closes the file named by argv[1]; the main thread only creates and joins it. */
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static void *run(void *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return (void *)1;
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	void *res;

	if (argc != 2)
		return 2;
	if (pthread_create(&t, NULL, run, argv[1]))
		return 10;
	if (pthread_join(t, &res))
		return 11;
	return res ? 12 : 0;
}
