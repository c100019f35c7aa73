// SPDX-License-Identifier: MIT
/*
 * Scenario for record --syscall: getrandom, uname and sethostname with
 * known arguments, each also failing once; sethostname in a UTS namespace
 * of its own, so that the machine's name stays.  Calls getpid, getcwd and
 * getppid too, which are not asked for.  Writes "key value" facts to the
 * file named by argv[1].
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char rnd[64];	/* zeros after the 16 bytes: the string ends there */
	struct utsname u;
	char cwd[256], big[101];
	FILE *facts;
	long r;

	if (argc < 2 || !(facts = fopen(argv[1], "w")))
		return 2;
	r = syscall(SYS_getrandom, rnd, 16, GRND_NONBLOCK);
	fprintf(facts, "rnd_ret %ld\n", r);
	r = syscall(SYS_getrandom, rnd, 16, 0xff00);	/* EINVAL */
	fprintf(facts, "rnd_bad %ld\n", r);
	r = syscall(SYS_uname, &u);
	fprintf(facts, "uts 0x%lx\nuts_ret %ld\n", (unsigned long)&u, r);
	r = syscall(SYS_uname, (void *)8);		/* EFAULT */
	fprintf(facts, "uts_bad %ld\n", r);
	/* not asked for: must not be recorded */
	syscall(SYS_getpid);
	syscall(SYS_getppid);
	if (!syscall(SYS_getcwd, cwd, sizeof(cwd)))
		return 3;
	if (unshare(CLONE_NEWUTS))
		return 4;
	r = syscall(SYS_sethostname, "trail-generic", 13);
	fprintf(facts, "host_ret %ld\n", r);
	memset(big, 'x', 100);
	big[100] = '\0';
	r = syscall(SYS_sethostname, big, 100);	/* longer than 64: EINVAL */
	fprintf(facts, "host_long %ld\n", r);
	r = syscall(SYS_sethostname, NULL, 5);		/* EFAULT */
	fprintf(facts, "host_null %ld\n", r);
	uname(&u);
	fprintf(facts, "nodename %s\n", u.nodename);
	fclose(facts);
	return 0;
}
