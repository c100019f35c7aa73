/* vfork()+exec of "true vforked", then posix_spawn() (clone with CLONE_VM|CLONE_VFORK inside glibc) of "true spawned"; waits for both. */
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int reap(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

int main(void)
{
	char *av[] = { "true", "spawned", NULL };
	pid_t pid;

	pid = vfork();
	if (pid == 0) {
		execl("/bin/true", "true", "vforked", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || !reap(pid))
		return 10;
	if (posix_spawn(&pid, "/bin/true", NULL, NULL, av, environ))
		return 11;
	if (!reap(pid))
		return 12;
	return 0;
}
