// SPDX-License-Identifier: MIT
/* Values are the x86_64 Linux ABI, the machine trail records on; they are
 * spelled as numbers so that decoding does not depend on the reader's libc. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include "util/util.h"
#include "views/flags.h"

struct flag_name {
	uint64_t bit;
	const char *name;
};

static const struct flag_name open_flags[] = {
	{ 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" },
	{ 04010000, "O_SYNC" }, { 010000, "O_DSYNC" }, { 020000, "O_ASYNC" },
	{ 040000, "O_DIRECT" }, { 0100000, "O_LARGEFILE" },
	{ 020200000, "O_TMPFILE" }, { 0200000, "O_DIRECTORY" },
	{ 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" },
	{ 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" },
};

static const struct flag_name clone_flags[] = {
	{ 0x00000100, "CLONE_VM" }, { 0x00000200, "CLONE_FS" },
	{ 0x00000400, "CLONE_FILES" }, { 0x00000800, "CLONE_SIGHAND" },
	{ 0x00001000, "CLONE_PIDFD" }, { 0x00002000, "CLONE_PTRACE" },
	{ 0x00004000, "CLONE_VFORK" }, { 0x00008000, "CLONE_PARENT" },
	{ 0x00010000, "CLONE_THREAD" }, { 0x00020000, "CLONE_NEWNS" },
	{ 0x00040000, "CLONE_SYSVSEM" }, { 0x00080000, "CLONE_SETTLS" },
	{ 0x00100000, "CLONE_PARENT_SETTID" }, { 0x00200000, "CLONE_CHILD_CLEARTID" },
	{ 0x00400000, "CLONE_DETACHED" }, { 0x00800000, "CLONE_UNTRACED" },
	{ 0x01000000, "CLONE_CHILD_SETTID" }, { 0x02000000, "CLONE_NEWCGROUP" },
	{ 0x04000000, "CLONE_NEWUTS" }, { 0x08000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" }, { 0x20000000, "CLONE_NEWPID" },
	{ 0x40000000, "CLONE_NEWNET" }, { 0x80000000, "CLONE_IO" },
	{ 0x100000000ull, "CLONE_CLEAR_SIGHAND" }, { 0x200000000ull, "CLONE_INTO_CGROUP" },
};

static const struct flag_name at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
	{ 0x400, "AT_SYMLINK_FOLLOW" }, { 0x800, "AT_NO_AUTOMOUNT" },
	{ 0x1000, "AT_EMPTY_PATH" }, { 0x2000, "AT_STATX_FORCE_SYNC" },
	{ 0x4000, "AT_STATX_DONT_SYNC" },
};

static const struct flag_name at_access_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_EACCESS" },
	{ 0x1000, "AT_EMPTY_PATH" },
};

static const struct flag_name rename_flags[] = {
	{ 1, "RENAME_NOREPLACE" }, { 2, "RENAME_EXCHANGE" }, { 4, "RENAME_WHITEOUT" },
};

static const struct flag_name close_range_flags[] = {
	{ 2, "CLOSE_RANGE_UNSHARE" }, { 4, "CLOSE_RANGE_CLOEXEC" },
};

static const struct flag_name mfd_flags[] = {
	{ 1, "MFD_CLOEXEC" }, { 2, "MFD_ALLOW_SEALING" }, { 4, "MFD_HUGETLB" },
	{ 8, "MFD_NOEXEC_SEAL" }, { 0x10, "MFD_EXEC" },
};

static const struct flag_name access_modes[] = {
	{ 4, "R_OK" }, { 2, "W_OK" }, { 1, "X_OK" },
};

static const struct flag_name resolve_flags[] = {
	{ 0x01, "RESOLVE_NO_XDEV" }, { 0x02, "RESOLVE_NO_MAGICLINKS" },
	{ 0x04, "RESOLVE_NO_SYMLINKS" }, { 0x08, "RESOLVE_BENEATH" },
	{ 0x10, "RESOLVE_IN_ROOT" }, { 0x20, "RESOLVE_CACHED" },
};

static int add_bits(const struct flag_name *t, size_t n, uint64_t *v,
		    const char **names, int k, int max)
{
	size_t i;

	for (i = 0; i < n; i++) {
		/* multi-bit names (O_SYNC, O_TMPFILE) need all their bits */
		if ((*v & t[i].bit) == t[i].bit && k < max) {
			names[k++] = t[i].name;
			*v &= ~t[i].bit;
		}
	}
	return k;
}

int flags_decode(enum flagset set, uint64_t v, const char **names, int max, uint64_t *rest)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
	int k = 0;

	switch (set) {
	case FS_OPEN:
		if (k < max) {
			names[k++] = acc[v & 3];
			v &= ~3ull;
		}
		k = add_bits(open_flags, ARRAY_SIZE(open_flags), &v, names, k, max);
		break;
	case FS_CLONE: {
		/* clone(2): the low byte is the exit signal */
		unsigned int sig = v & 0xff;

		v &= ~0xffull;
		k = add_bits(clone_flags, ARRAY_SIZE(clone_flags), &v, names, k, max);
		if (sig && k < max && signal_name(sig))
			names[k++] = signal_name(sig);
		else
			v |= sig;	/* no room, or no name: leave it in rest */
		break;
	}
	case FS_CLONE3: {
		/* as recorded: clone_args.flags | exit_signal in the low 7 bits */
		unsigned int sig = v & 0x7f;

		v &= ~0x7full;
		if ((v & 0x80) && k < max) {
			names[k++] = "CLONE_NEWTIME";
			v &= ~0x80ull;
		}
		k = add_bits(clone_flags, ARRAY_SIZE(clone_flags), &v, names, k, max);
		if (sig && k < max && signal_name(sig))
			names[k++] = signal_name(sig);
		else
			v |= sig;
		break;
	}
	case FS_AT:
		k = add_bits(at_flags, ARRAY_SIZE(at_flags), &v, names, k, max);
		break;
	case FS_RESOLVE:
		k = add_bits(resolve_flags, ARRAY_SIZE(resolve_flags), &v, names, k, max);
		break;
#define TABLE(set, t) case set: k = add_bits(t, ARRAY_SIZE(t), &v, names, k, max); break;
	TABLE(FS_AT_ACCESS, at_access_flags)
	TABLE(FS_RENAME, rename_flags)
	TABLE(FS_CLOSE_RANGE, close_range_flags)
	TABLE(FS_MFD, mfd_flags)
#undef TABLE
	case FS_FDFLAGS:
		k = add_bits(open_flags, ARRAY_SIZE(open_flags), &v, names, k, max);
		break;
	case FS_ACCESS_MODE:
		if (v == 0 && k < max)
			names[k++] = "F_OK";
		k = add_bits(access_modes, ARRAY_SIZE(access_modes), &v, names, k, max);
		break;
	}
	*rest = v;
	return k;
}

const char *errno_name(int err)
{
	return err > 0 ? strerrorname_np(err) : NULL;
}

const char *signal_name(int sig)
{
	static char names[65][16];
	const char *abbrev;

	if (sig <= 0 || sig >= 65)
		return NULL;
	if (!names[sig][0]) {
		abbrev = sigabbrev_np(sig);
		if (abbrev)
			snprintf(names[sig], sizeof(names[sig]), "SIG%s", abbrev);
		else if (sig >= 32)	/* real-time signals, numbered as strace does */
			snprintf(names[sig], sizeof(names[sig]), "SIGRT_%d", sig - 32);
		else
			return NULL;
	}
	return names[sig];
}

const char *fcntl_cmd_name(int64_t cmd)
{
	switch (cmd) {
	case 0: return "F_DUPFD";
	case 2: return "F_SETFD";
	case 1030: return "F_DUPFD_CLOEXEC";
	default: return NULL;
	}
}
