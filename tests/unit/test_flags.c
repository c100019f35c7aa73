// SPDX-License-Identifier: MIT
/* Flag words, errno and signal names, the syscall table and its kernel
 * descriptors. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "views/flags.h"
#include "model/systab.h"

#define MAXN 40

static char what[3072];

/* Decodes v and checks the names (exactly these, in this order) and rest. */
static void expect(enum flagset set, uint64_t v, int max, const char *const *want, int nwant,
		   uint64_t want_rest, const char *label)
{
	const char *names[MAXN + 1];
	uint64_t rest = 0xdeadbeefull;
	char got[1024] = "", exp[1024] = "";
	int n, i;

	for (i = 0; i <= MAXN; i++)
		names[i] = "(untouched)";
	n = flags_decode(set, v, names, max, &rest);
	for (i = 0; i < n && i < MAXN; i++) {
		strcat(got, names[i] ? names[i] : "(null)");
		strcat(got, i + 1 < n ? "," : "");
	}
	for (i = 0; i < nwant; i++) {
		strcat(exp, want[i]);
		strcat(exp, i + 1 < nwant ? "," : "");
	}
	snprintf(what, sizeof(what), "%s: %d names [%s] (want %d [%s])", label, n, got, nwant, exp);
	CHECK(n == nwant && !strcmp(got, exp), what);
	snprintf(what, sizeof(what), "%s: rest %#llx (want %#llx)", label,
		 (unsigned long long)rest, (unsigned long long)want_rest);
	CHECK(rest == want_rest, what);
	if (max < MAXN) {
		snprintf(what, sizeof(what), "%s: nothing written past max (%d)", label, max);
		CHECK(!strcmp(names[max], "(untouched)"), what);
	}
}

#define EXPECT(set, v, rest, label, ...) do {					\
		static const char *const w_[] = { __VA_ARGS__ };		\
		expect(set, v, MAXN, w_, (int)(sizeof(w_) / sizeof(w_[0])), rest, label); \
	} while (0)
#define EXPECT_NONE(set, v, rest, label) expect(set, v, MAXN, NULL, 0, rest, label)

TEST(open_flags)
{
	EXPECT(FS_OPEN, 02000000, 0, "O_RDONLY|O_CLOEXEC", "O_RDONLY", "O_CLOEXEC");
	EXPECT(FS_OPEN, 0, 0, "0", "O_RDONLY");
	EXPECT(FS_OPEN, 01 | 0100 | 01000, 0, "O_WRONLY|O_CREAT|O_TRUNC",
	       "O_WRONLY", "O_CREAT", "O_TRUNC");
	EXPECT(FS_OPEN, 02 | 0100 | 0200 | 02000000, 0, "O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC",
	       "O_RDWR", "O_CREAT", "O_EXCL", "O_CLOEXEC");
	EXPECT(FS_OPEN, 01 | 02000 | 0100, 0, "O_WRONLY|O_APPEND|O_CREAT",
	       "O_WRONLY", "O_CREAT", "O_APPEND");
	/* O_TMPFILE is __O_TMPFILE | O_DIRECTORY: one name, not two */
	EXPECT(FS_OPEN, 02 | 020200000, 0, "O_RDWR|O_TMPFILE", "O_RDWR", "O_TMPFILE");
	EXPECT(FS_OPEN, 01 | 020200000 | 0200, 0, "O_WRONLY|O_TMPFILE|O_EXCL",
	       "O_WRONLY", "O_EXCL", "O_TMPFILE");
	EXPECT(FS_OPEN, 0200000, 0, "O_DIRECTORY alone", "O_RDONLY", "O_DIRECTORY");
	EXPECT(FS_OPEN, 0200000 | 0400000 | 02000000 | 04000, 0,
	       "O_RDONLY|O_NONBLOCK|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC (opendir)",
	       "O_RDONLY", "O_NONBLOCK", "O_DIRECTORY", "O_NOFOLLOW", "O_CLOEXEC");
	/* O_SYNC is __O_SYNC | O_DSYNC: one name */
	EXPECT(FS_OPEN, 01 | 04010000, 0, "O_WRONLY|O_SYNC", "O_WRONLY", "O_SYNC");
	EXPECT(FS_OPEN, 010000, 0, "O_DSYNC alone", "O_RDONLY", "O_DSYNC");
	EXPECT(FS_OPEN, 010000000 | 02000000, 0, "O_PATH|O_CLOEXEC",
	       "O_RDONLY", "O_CLOEXEC", "O_PATH");
	EXPECT(FS_OPEN, 040000 | 0100000 | 01000000 | 0400 | 020000, 0,
	       "O_DIRECT|O_LARGEFILE|O_NOATIME|O_NOCTTY|O_ASYNC",
	       "O_RDONLY", "O_NOCTTY", "O_ASYNC", "O_DIRECT", "O_LARGEFILE", "O_NOATIME");
	/* bits without a name stay in rest */
	EXPECT(FS_OPEN, 020000000, 020000000, "__O_TMPFILE without O_DIRECTORY", "O_RDONLY");
	EXPECT(FS_OPEN, 04000000, 04000000, "__O_SYNC without O_DSYNC", "O_RDONLY");
	EXPECT(FS_OPEN, 0100 | 0x40000000ull | (1ull << 40), 0x40000000ull | (1ull << 40),
	       "O_CREAT with unknown high bits", "O_RDONLY", "O_CREAT");
}

TEST(clone_flags)
{
	EXPECT(FS_CLONE, 0x4111, 0, "CLONE_VM|CLONE_VFORK|SIGCHLD (vfork)",
	       "CLONE_VM", "CLONE_VFORK", "SIGCHLD");
	EXPECT(FS_CLONE, 0x11, 0, "SIGCHLD alone (fork)", "SIGCHLD");
	EXPECT_NONE(FS_CLONE, 0, 0, "0");
	/* pthread_create's flags */
	EXPECT(FS_CLONE, 0x3d0f00, 0, "pthread_create flags",
	       "CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD",
	       "CLONE_SYSVSEM", "CLONE_SETTLS", "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID");
	EXPECT(FS_CLONE, 0x01200011, 0, "glibc fork: CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD",
	       "CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD");
	EXPECT(FS_CLONE, 0x00010000 | 0x0f, 0, "CLONE_THREAD|SIGTERM",
	       "CLONE_THREAD", "SIGTERM");
	EXPECT(FS_CLONE, 0x20000000 | 0x40000000 | 0x00020000 | 0x11, 0,
	       "CLONE_NEWNS|CLONE_NEWPID|CLONE_NEWNET|SIGCHLD",
	       "CLONE_NEWNS", "CLONE_NEWPID", "CLONE_NEWNET", "SIGCHLD");
	EXPECT(FS_CLONE, 0x80000000ull | 0x100000000ull | 0x200000000ull, 0,
	       "CLONE_IO|CLONE_CLEAR_SIGHAND|CLONE_INTO_CGROUP",
	       "CLONE_IO", "CLONE_CLEAR_SIGHAND", "CLONE_INTO_CGROUP");
	EXPECT(FS_CLONE, 0x400000000ull | 0x100, 0x400000000ull, "unknown high bit",
	       "CLONE_VM");
	/* an exit signal that is no signal stays in rest */
	EXPECT_NONE(FS_CLONE, 0xff, 0xff, "exit signal 255");
	EXPECT(FS_CLONE, 0x100 | 99, 99, "CLONE_VM, exit signal 99", "CLONE_VM");
	/* a real-time signal gets some SIG name */
	{
		const char *names[4] = { 0 };
		uint64_t rest = 1;
		int n = flags_decode(FS_CLONE, 40, names, 4, &rest);

		CHECK(n == 1 && names[0] && !strncmp(names[0], "SIG", 3) && rest == 0,
		      "exit signal 40 is named SIG..., rest 0");
	}
}

TEST(clone3_flags)
{
	EXPECT(FS_CLONE3, 0x80, 0, "0x80 is CLONE_NEWTIME", "CLONE_NEWTIME");
	EXPECT(FS_CLONE3, 0x80 | 0x10000000 | 0x00004000, 0, "CLONE_NEWTIME|CLONE_VFORK|CLONE_NEWUSER",
	       "CLONE_NEWTIME", "CLONE_VFORK", "CLONE_NEWUSER");
	/* as recorded, clone3 carries its exit signal in the low 7 bits */
	EXPECT(FS_CLONE3, 0x4000 | 0x11, 0, "CLONE_VFORK with exit signal SIGCHLD",
	       "CLONE_VFORK", "SIGCHLD");
	EXPECT_NONE(FS_CLONE3, 0x7f, 0x7f, "exit signal 127 has no name: left in rest");
	EXPECT(FS_CLONE3, 0x200000000ull | 0x1000, 0, "CLONE_PIDFD|CLONE_INTO_CGROUP",
	       "CLONE_PIDFD", "CLONE_INTO_CGROUP");
	EXPECT_NONE(FS_CLONE3, 0, 0, "0");
}

TEST(at_resolve_flags)
{
	EXPECT(FS_AT, 0x100, 0, "AT_SYMLINK_NOFOLLOW", "AT_SYMLINK_NOFOLLOW");
	EXPECT(FS_AT, 0x1000 | 0x100, 0, "AT_EMPTY_PATH|AT_SYMLINK_NOFOLLOW",
	       "AT_SYMLINK_NOFOLLOW", "AT_EMPTY_PATH");
	EXPECT(FS_AT, 0x200, 0, "AT_REMOVEDIR", "AT_REMOVEDIR");
	EXPECT(FS_AT, 0x400 | 0x800, 0, "AT_SYMLINK_FOLLOW|AT_NO_AUTOMOUNT",
	       "AT_SYMLINK_FOLLOW", "AT_NO_AUTOMOUNT");
	EXPECT(FS_AT, 0x1000 | 0x8000, 0x8000, "AT_EMPTY_PATH with unknown 0x8000", "AT_EMPTY_PATH");
	EXPECT_NONE(FS_AT, 0, 0, "AT 0");
	EXPECT_NONE(FS_AT, 0x1, 0x1, "AT 0x1 unknown");

	EXPECT(FS_RESOLVE, 0x08 | 0x04, 0, "RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS",
	       "RESOLVE_NO_SYMLINKS", "RESOLVE_BENEATH");
	EXPECT(FS_RESOLVE, 0x3f, 0, "all six RESOLVE_ flags",
	       "RESOLVE_NO_XDEV", "RESOLVE_NO_MAGICLINKS", "RESOLVE_NO_SYMLINKS",
	       "RESOLVE_BENEATH", "RESOLVE_IN_ROOT", "RESOLVE_CACHED");
	EXPECT(FS_RESOLVE, 0x10 | 0x40, 0x40, "RESOLVE_IN_ROOT with unknown 0x40", "RESOLVE_IN_ROOT");
	EXPECT_NONE(FS_RESOLVE, 0, 0, "RESOLVE 0");
}

/* names[] holds max names at most; what does not fit stays in rest. */
TEST(max_names)
{
	static const char *const w1[] = { "O_WRONLY" };
	static const char *const w2[] = { "O_WRONLY", "O_CREAT" };
	static const char *const c1[] = { "CLONE_VM" };
	static const char *const r2[] = { "RESOLVE_NO_XDEV", "RESOLVE_NO_MAGICLINKS" };

	expect(FS_OPEN, 01 | 0100 | 01000, 1, w1, 1, 0100 | 01000, "open, max 1");
	expect(FS_OPEN, 01 | 0100 | 01000, 2, w2, 2, 01000, "open, max 2");
	expect(FS_RESOLVE, 0x07, 2, r2, 2, 0x04, "resolve, max 2");
	expect(FS_AT, 0x100, 0, NULL, 0, 0x100, "at, max 0");
	expect(FS_CLONE, 0x100 | 0x200, 1, c1, 1, 0x200, "clone, max 1");
	/* the exit signal that does not fit must not vanish either */
	expect(FS_CLONE, 0x100 | 0x11, 1, c1, 1, 0x11, "clone with SIGCHLD, max 1");
	/* nor the access mode */
	expect(FS_OPEN, 01, 0, NULL, 0, 01, "open O_WRONLY, max 0");
}

TEST(errno_signal_names)
{
	CHECK_STR(errno_name(2), "ENOENT", "errno 2");
	CHECK_STR(errno_name(13), "EACCES", "errno 13");
	CHECK_STR(errno_name(1), "EPERM", "errno 1");
	CHECK_STR(errno_name(20), "ENOTDIR", "errno 20");
	CHECK_STR(errno_name(40), "ELOOP", "errno 40");
	CHECK(errno_name(0) == NULL, "errno 0 is NULL");
	CHECK(errno_name(-2) == NULL, "errno -2 is NULL");
	CHECK(errno_name(100000) == NULL, "errno 100000 is NULL");

	CHECK_STR(signal_name(9), "SIGKILL", "signal 9");
	CHECK_STR(signal_name(17), "SIGCHLD", "signal 17");
	CHECK_STR(signal_name(15), "SIGTERM", "signal 15");
	CHECK_STR(signal_name(11), "SIGSEGV", "signal 11");
	CHECK_STR(signal_name(1), "SIGHUP", "signal 1");
	CHECK_STR(signal_name(9), "SIGKILL", "signal 9 again (cached)");
	CHECK(signal_name(0) == NULL, "signal 0 is NULL");
	CHECK(signal_name(-9) == NULL, "signal -9 is NULL");
	CHECK(signal_name(65) == NULL, "signal 65 is NULL");
	CHECK(signal_name(99) == NULL, "signal 99 is NULL");
}

TEST(systab)
{
	const struct sys_info *si = systab_get(TRAIL_SYS_openat);
	struct trail_sys_desc d;
	unsigned int op;
	bool all = true;

	CHECK(si != NULL, "openat is in the table");
	if (si) {
		CHECK_STR(si->name, "openat", "openat name");
		CHECK(si->type == TE_open && si->class == TRAIL_CLASS_SYS &&
		      si->real == TRAIL_REAL_RETFD, "openat: open event, SYS class, RETFD");
		CHECK_STR(si->args, "dpom", "openat args");
		CHECK_STR(si->argname[2], "flags", "openat names its third argument flags");
	}
	si = systab_get(TRAIL_SYS_open);
	CHECK(si && !strcmp(si->name, "open") && TRAIL_SYS_open == 0, "open is syscall 0");
	si = systab_get(TRAIL_SYS_execve);
	CHECK(si && !strcmp(si->name, "execve") && si->type == TE_exec &&
	      si->class == TRAIL_CLASS_EXEC, "execve: exec event, EXEC class");
	si = systab_get(TRAIL_SYS_clone3);
	CHECK(si && !strcmp(si->name, "clone3") && si->type == TE_fork &&
	      si->class == TRAIL_CLASS_CLONE, "clone3: fork event, CLONE class");
	si = systab_get(TRAIL_SYS_fchdir);
	CHECK(si && !strcmp(si->name, "fchdir") && si->type == TE_chdir && si->real == TRAIL_REAL_CWD,
	      "fchdir: chdir event, CWD");
	si = systab_get(TRAIL_SYS_close);
	CHECK(si && !strcmp(si->name, "close") && si->type == TE_close && si->real == TRAIL_REAL_NONE,
	      "close: close event, NONE");
	CHECK(systab_get(TRAIL_SYS_MAX) == NULL, "TRAIL_SYS_MAX is not a syscall");
	CHECK(systab_get(TRAIL_SYS_MAX + 1000) == NULL, "TRAIL_SYS_MAX + 1000 is not a syscall");
	CHECK(systab_get(~0u) == NULL, "~0u is not a syscall");
	for (op = 0; op < TRAIL_SYS_MAX; op++) {
		si = systab_get(op);
		if (!si || !si->name || !si->name[0] || !si->args || (unsigned int)si->type >= TE__MAX)
			all = false;
	}
	CHECK(all && TRAIL_SYS_MAX >= 13, "every row has a name, args and an event type");

	memset(&d, 0x5a, sizeof(d));
	systab_desc(TRAIL_SYS_openat, &d);
	snprintf(what, sizeof(what), "openat desc: nargs %u str_mask %#x how_arg %#x real %u",
		 d.nargs, d.str_mask, d.how_arg, d.real);
	CHECK(d.nargs == 4 && d.str_mask == 0x2 && d.how_arg == 0xff && d.real == TRAIL_REAL_RETFD,
	      what);
	systab_desc(TRAIL_SYS_openat2, &d);
	snprintf(what, sizeof(what), "openat2 desc: nargs %u (5) str_mask %#x (0x2) how_arg %u (2) real %u",
		 d.nargs, d.str_mask, d.how_arg, d.real);
	CHECK(d.nargs == 5 && d.str_mask == 0x2 && d.how_arg == 2 && d.real == TRAIL_REAL_RETFD, what);
	systab_desc(TRAIL_SYS_open, &d);
	CHECK(d.nargs == 3 && d.str_mask == 0x1 && d.how_arg == 0xff && d.real == TRAIL_REAL_RETFD,
	      "open desc: 3 args, string 0");
	systab_desc(TRAIL_SYS_creat, &d);
	CHECK(d.nargs == 2 && d.str_mask == 0x1 && d.how_arg == 0xff, "creat desc: 2 args, string 0");
	systab_desc(TRAIL_SYS_chdir, &d);
	CHECK(d.nargs == 1 && d.str_mask == 0x1 && d.real == TRAIL_REAL_CWD, "chdir desc");
	systab_desc(TRAIL_SYS_fchdir, &d);
	CHECK(d.nargs == 1 && d.str_mask == 0 && d.real == TRAIL_REAL_CWD, "fchdir desc");
	systab_desc(TRAIL_SYS_execveat, &d);
	CHECK(d.nargs == 5 && d.str_mask == 0x2 && d.how_arg == 0xff && d.real == TRAIL_REAL_NONE,
	      "execveat desc: 5 args, string 1");
	systab_desc(TRAIL_SYS_fork, &d);
	CHECK(d.nargs == 0 && d.str_mask == 0 && d.how_arg == 0xff, "fork desc: no args");
	memset(&d, 0x5a, sizeof(d));
	systab_desc(TRAIL_SYS_MAX, &d);
	CHECK(d.nargs == 0 && d.str_mask == 0 && d.real == 0 && d.how_arg == 0xff,
	      "desc of an unknown op is empty");
	for (op = 0, all = true; op < TRAIL_SYS_MAX; op++) {
		systab_desc(op, &d);
		if (d.nargs > TRAIL_SYS_ARGS || (d.str_mask >> d.nargs) ||
		    (d.how_arg != 0xff && d.how_arg + 3 > d.nargs))
			all = false;
	}
	CHECK(all, "every desc: nargs <= 6, strings and open_how inside nargs");
}

TEST(event_types)
{
	int t;
	bool all = true;

	CHECK(event_type_parse("exec") == TE_exec, "\"exec\" is TE_exec");
	CHECK(event_type_parse("open") == TE_open, "\"open\" is TE_open");
	CHECK(event_type_parse("lost") == TE_lost, "\"lost\" is TE_lost");
	CHECK(event_type_parse("bogus") == -1, "\"bogus\" is -1");
	CHECK(event_type_parse("") == -1, "\"\" is -1");
	CHECK(event_type_parse("exe") == -1, "\"exe\" (a prefix) is -1");
	CHECK(event_type_parse("execve") == -1, "\"execve\" (a syscall) is -1");
	CHECK_STR(event_type_name(TE_fork), "fork", "TE_fork is named fork");
	for (t = 0; t < TE__MAX; t++)
		if (event_type_parse(event_type_name(t)) != t)
			all = false;
	CHECK(all, "every event type name parses back to itself");
}

int main(void)
{
	RUN(open_flags);
	RUN(clone_flags);
	RUN(clone3_flags);
	RUN(at_resolve_flags);
	RUN(max_names);
	RUN(errno_signal_names);
	RUN(systab);
	RUN(event_types);
	return harness_done();
}
