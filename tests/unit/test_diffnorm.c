// SPDX-License-Identifier: MIT
/* diffnorm: the exact rules trail diff uses to take chance out of a
 * string (docs/diff.md), and what it must leave alone. */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "views/diffnorm.h"

static struct diffnorm n;

#define N(in, want, what) do {						\
		size_t len_;						\
		char *got_ = diffnorm(&n, in, strlen(in), &len_);	\
		CHECK_STR(got_, want, what);				\
		free(got_);						\
	} while (0)

TEST(cwd)
{
	diffnorm_init(&n, "/work/a/");
	N("/work/a", "$CWD", "the cwd itself");
	N("/work/a/src/m.c", "$CWD/src/m.c", "a path under the cwd");
	N("-I/work/a/inc", "-I$CWD/inc", "after an option letter");
	N("--out=/work/a/x", "--out=$CWD/x", "after '='");
	N("/work/ab/x", "/work/ab/x", "not a longer name that starts the same");
	N("/x/work/a/y", "/x/work/a/y", "not inside another path");
	N("src/m.c", "src/m.c", "relative paths as they are");
	diffnorm_release(&n);
	diffnorm_init(&n, "/");
	N("/usr/bin/cc", "/usr/bin/cc", "cwd / is not replaced");
	diffnorm_release(&n);
}

TEST(tmp)
{
	diffnorm_init(&n, NULL);
	N("/tmp/ccAbC12x.s", "/tmp/ccXXXXXX.s", "gcc's temporary");
	N("/tmp/ccabcdef.o", "/tmp/ccXXXXXX.o", "gcc's, all lower case too");
	N("-fresolution=/tmp/cc0aZ9qQ.res", "-fresolution=/tmp/ccXXXXXX.res", "inside an argument");
	N("/tmp/tmp.aBcdefghij", "/tmp/tmp.XXXXXXXXXX", "mktemp's default");
	N("/tmp/tmp.aBcdefghij/out.txt", "/tmp/tmp.XXXXXXXXXX/out.txt", "a file in mktemp -d's directory");
	N("/tmp/tmpk_3jx9zq.py", "/tmp/tmpXXXXXXXX.py", "Python's tempfile");
	N("/var/tmp/build-4f3a9c1e/x", "/var/tmp/build-XXXXXXXX/x", "a hex suffix");
	N("/dev/shm/sem.Q2w9Zk", "/dev/shm/sem.XXXXXX", "a mktemp template's suffix");
	N("/tmp/config.h", "/tmp/config.h", "a plain name stays");
	N("/tmp/report-output.txt", "/tmp/report-output.txt", "lower-case words stay");
	N("/home/u/ccAbC12x.s", "/home/u/ccAbC12x.s", "only under temp directories");
	N("/x/tmp/ccAbC12x.s", "/x/tmp/ccAbC12x.s", "a tmp/ deeper down is not /tmp");
	N("/tmp/ccAbC12x.s /tmp/ccQQQ123.o", "/tmp/ccXXXXXX.s /tmp/ccXXXXXX.o", "two in one string");
	diffnorm_release(&n);
}

TEST(pids)
{
	diffnorm_init(&n, NULL);
	diffnorm_add_pid(&n, 4242);
	diffnorm_add_pid(&n, 77);
	N("/proc/4242/status", "/proc/<pid>/status", "a pid of the recording");
	N("/tmp/sh-thd.4242", "/tmp/sh-thd.<pid>", "a pid as a suffix");
	N("/proc/4243/status", "/proc/4243/status", "a number that is no pid of the run");
	N("x4242", "x4242", "digits inside a word");
	N("42420", "42420", "a longer number");
	N("-77", "-77", "numbers under 3 digits are never pids");
	N("-O2", "-O2", "options stay");
	diffnorm_release(&n);
}

int main(void)
{
	RUN(cwd);
	RUN(tmp);
	RUN(pids);
	return harness_done();
}
