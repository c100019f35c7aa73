/* t_shared: tasks that share their descriptor table or fs info.  Run in the
 * suite's temp dir W (holding tdir/, tdir/in.txt, cfs/, other/).
 * 1. A thread (CLONE_FILES, CLONE_FS) opens the dirfd tdir (3) and th.txt
 *    (4); the main thread writes fd 4, openat(3, "in.txt"), closes 4; the
 *    thread then chdirs to tdir and the main thread opens rel.txt (in tdir).
 *    The two take turns through a pipe-less handshake (barriers).
 * 2. A raw clone(CLONE_FS | SIGCHLD) child chdirs to ../cfs: the parent's
 *    relative open of rel2.txt is then in cfs.
 * 3. A fork child chdirs to ../other: the parent's rel3.txt stays in cfs.
 * 4. Given "shared PROG MODE", a fork child chdirs back to W and execs
 *    "PROG MODE" (the chroot scenario), so that one recording holds both.
 * Exits with its own code on a surprise. */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_barrier_t bar;

static void *thread_main(void *arg)
{
	long bad = 0;

	(void)arg;
	if (open("tdir", O_RDONLY | O_DIRECTORY) != 3)		/* 3 */
		bad = 1;
	if (open("th.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644) != 4)	/* 4 */
		bad = 2;
	pthread_barrier_wait(&bar);	/* main: write 4, openat 3, close 4 */
	pthread_barrier_wait(&bar);
	if (close(3))
		bad = 3;
	if (chdir("tdir"))
		bad = 4;
	pthread_barrier_wait(&bar);	/* main: open rel.txt */
	return (void *)bad;
}

int main(int argc, char **argv)
{
	pthread_t th;
	void *res;
	int st, fd;
	long pid;

	pthread_barrier_init(&bar, NULL, 2);
	if (pthread_create(&th, NULL, thread_main, NULL))
		return 10;
	pthread_barrier_wait(&bar);
	if (write(4, "t", 1) != 1)				/* the thread's fd */
		return 11;
	fd = openat(3, "in.txt", O_RDONLY);			/* the thread's dirfd */
	if (fd != 5)
		return 12;
	close(fd);
	if (close(4))
		return 13;
	pthread_barrier_wait(&bar);
	pthread_barrier_wait(&bar);
	fd = open("rel.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);	/* cwd is now tdir */
	if (fd != 3)
		return 14;
	close(fd);
	if (pthread_join(th, &res) || res)
		return 15;

	pid = syscall(SYS_clone, CLONE_FS | SIGCHLD, 0, 0, 0, 0);
	if (pid < 0)
		return 20;
	if (pid == 0)
		syscall(SYS_exit_group, chdir("../cfs") ? 1 : 0);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return 21;
	fd = open("rel2.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);	/* in cfs */
	if (fd != 3)
		return 22;
	close(fd);

	pid = fork();
	if (pid < 0)
		return 30;
	if (pid == 0)
		_exit(chdir("../other") ? 1 : 0);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return 31;
	fd = open("rel3.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);	/* still cfs */
	if (fd != 3)
		return 32;
	close(fd);

	if (argc == 3) {
		pid = fork();
		if (pid < 0)
			return 40;
		if (pid == 0) {
			if (chdir(".."))
				_exit(41);
			execv(argv[1], argv + 1);
			_exit(42);
		}
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
			return 43;
		return WEXITSTATUS(st);
	}
	return 0;
}
