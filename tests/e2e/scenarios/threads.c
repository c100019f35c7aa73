/* N threads alive at once; each opens /dev/null once (a different fd each)
 * and waits on a barrier before ending. */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_barrier_t bar;

static void *run(void *arg)
{
	int fd = open("/dev/null", O_RDONLY);

	(void)arg;
	pthread_barrier_wait(&bar);
	close(fd);
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000, i;
	pthread_t *t = calloc(n, sizeof(*t));
	pthread_attr_t a;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	pthread_barrier_init(&bar, NULL, n);
	for (i = 0; i < n; i++)
		if (pthread_create(&t[i], &a, run, NULL))
			return 2;
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	return 0;
}
