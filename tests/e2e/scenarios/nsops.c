/* t_security: namespaces, credentials, capabilities, signals, fileless exec.
 * Run as root in the suite's temp dir W.  Writes what it observed from
 * /proc to "facts" (one "key value" per line) for the test to compare:
 *   1. a child unshares net+mnt, mounts a tmpfs on W/mnt in its private
 *      mount namespace, reports its namespace inodes, then waits;
 *   2. the parent opens /proc/CHILD/ns/net and setns()es into it
 *      (facts: child_net, child_mnt, joined_net);
 *   3. a child drops from root with setresgid/setresuid(65534), fails a
 *      chroot (CAP_SYS_CHROOT denied), creates a user namespace
 *      (facts: userns), exits 0;
 *   4. the parent kills a sleeping child with SIGTERM (facts: victim);
 *   5. memfd_create("payload") holding /bin/true, run with execveat
 *      AT_EMPTY_PATH ("fileless").  Exits with a step number on a surprise. */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static FILE *facts;

static unsigned long ino(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : (unsigned long)st.st_ino;
}

int main(void)
{
	int up[2], down[2], fd, st, mfd, src;
	pid_t c;
	char buf[64], p[64];
	struct stat sst;

	facts = fopen("facts", "w");
	if (!facts || pipe(up) || pipe(down))
		return 1;
	setvbuf(facts, NULL, _IOLBF, 0);
	mkdir("mnt", 0755);

	/* 1 */
	c = fork();
	if (c == 0) {
		if (unshare(CLONE_NEWNET | CLONE_NEWNS))
			_exit(11);
		if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL))
			_exit(12);
		if (mount("trailtest", "mnt", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m"))
			_exit(13);
		if (write(up[1], "x", 1) != 1 || read(down[0], buf, 1) != 1)
			_exit(14);
		_exit(0);
	}
	if (read(up[0], buf, 1) != 1)
		return 2;
	snprintf(p, sizeof(p), "/proc/%d/ns/net", c);
	fprintf(facts, "child_net %lu\n", ino(p));
	snprintf(p, sizeof(p), "/proc/%d/ns/mnt", c);
	fprintf(facts, "child_mnt %lu\n", ino(p));
	fprintf(facts, "parent_net %lu\n", ino("/proc/self/ns/net"));
	fprintf(facts, "parent_mnt %lu\n", ino("/proc/self/ns/mnt"));

	/* 2 */
	snprintf(p, sizeof(p), "/proc/%d/ns/net", c);
	fd = open(p, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		return 3;
	close(fd);
	fprintf(facts, "joined_net %lu\n", ino("/proc/self/ns/net"));
	if (write(down[1], "x", 1) != 1 || waitpid(c, &st, 0) != c || st)
		return 4;

	/* 3 */
	c = fork();
	if (c == 0) {
		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(31);
		if (chroot("/") == 0)
			_exit(32);
		if (unshare(CLONE_NEWUSER))
			_exit(33);
		fprintf(facts, "userns %lu\n", ino("/proc/self/ns/user"));
		_exit(0);
	}
	if (waitpid(c, &st, 0) != c || st)
		return 5;

	/* 4 */
	c = fork();
	if (c == 0) {
		pause();
		_exit(41);
	}
	fprintf(facts, "victim %d\n", c);
	usleep(10000);
	if (kill(c, SIGTERM) || waitpid(c, &st, 0) != c || !WIFSIGNALED(st))
		return 6;

	/* 5 */
	mfd = memfd_create("payload", MFD_CLOEXEC);
	src = open("/bin/true", O_RDONLY);
	if (mfd < 0 || src < 0 || fstat(src, &sst) ||
	    sendfile(mfd, src, NULL, sst.st_size) != sst.st_size)
		return 7;
	c = fork();
	if (c == 0) {
		char *argv[] = { "payload", "--fileless", NULL };

		syscall(SYS_execveat, mfd, "", argv, environ, AT_EMPTY_PATH);
		_exit(51);
	}
	if (waitpid(c, &st, 0) != c || st)
		return 8;
	return 0;
}
