/* t_policy: one run that does what each example policy keeps and what it
 * leaves out.  Run as root in the suite's temp dir W; writes "key value"
 * lines to "facts".
 *   1. opens present.txt twice (succeeds) and missing.txt twice (fails);
 *   2. a child execs /bin/true with two arguments, one with a space;
 *   3. TCP over loopback: a listener on 127.0.0.1:0, a connect to it
 *      (facts: port); a unix socket connect to a path nobody listens on;
 *   4. a child opens its net namespace, unshares uts+net (facts: new_net,
 *      new_uts), then setns()es back to the first (facts: old_net);
 *   5. a root child chroots to "." (CAP_SYS_CHROOT granted);
 *   6. a child drops to uid/gid 65534 in /, fails a chroot (CAP_SYS_CHROOT
 *      denied), fails to open W/nobody-missing.txt, execs /bin/true.
 * Exits with a step number on a surprise. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static FILE *facts;

static unsigned long ino_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (unsigned long)st.st_ino;
}

/* Runs fn in a child; its exit status must be 0. */
static int in_child(int (*fn)(void))
{
	int st;
	pid_t p;

	fflush(facts);
	p = fork();
	if (p == 0)
		_exit(fn());
	return p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st);
}

static int files(void)
{
	for (int i = 0; i < 2; i++) {
		int fd = open("present.txt", O_RDONLY);

		if (fd < 0 || close(fd) || open("missing.txt", O_RDONLY) >= 0)
			return 1;
	}
	return 0;
}

static int exec_true(void)
{
	execl("/bin/true", "true", "policy-arg-1", "two words", (char *)NULL);
	return 1;
}

static int connects(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct sockaddr_un u = { .sun_family = AF_UNIX };
	socklen_t l = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
	int x = socket(AF_UNIX, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || c < 0 || x < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 1) ||
	    getsockname(s, (struct sockaddr *)&a, &l) ||
	    connect(c, (struct sockaddr *)&a, sizeof(a)))
		return 1;
	fprintf(facts, "port %d\n", ntohs(a.sin_port));
	snprintf(u.sun_path, sizeof(u.sun_path), "nobody-listens");
	if (connect(x, (struct sockaddr *)&u, sizeof(u)) == 0)
		return 1;
	close(c);
	close(s);
	close(x);
	return 0;
}

static int namespaces(void)
{
	int old = open("/proc/self/ns/net", O_RDONLY);

	fprintf(facts, "old_net %lu\n", ino_of("/proc/self/ns/net"));
	if (old < 0 || unshare(CLONE_NEWUTS | CLONE_NEWNET))
		return 1;
	fprintf(facts, "new_net %lu\nnew_uts %lu\n", ino_of("/proc/self/ns/net"),
		ino_of("/proc/self/ns/uts"));
	if (setns(old, CLONE_NEWNET))
		return 2;
	fflush(facts);
	return 0;
}

static int chroot_here(void)
{
	return chroot(".") != 0;
}

/* W is root's alone: nobody works from /, so that its chroot gets as far
 * as the capability check. */
static int nobody(void)
{
	char path[4096];

	if (!getcwd(path, sizeof(path) - 32) || chdir("/"))
		return 1;
	strcat(path, "/nobody-missing.txt");
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 1;
	if (chroot("/") == 0 || open(path, O_RDONLY) >= 0)
		return 2;
	return exec_true();
}

int main(void)
{
	facts = fopen("facts", "w");
	if (!facts)
		return 1;
	if (files())
		return 1;
	if (in_child(exec_true))
		return 2;
	if (connects())
		return 3;
	if (in_child(namespaces))
		return 4;
	if (in_child(chroot_here))
		return 5;
	if (in_child(nobody))
		return 6;
	return fclose(facts) != 0;
}
