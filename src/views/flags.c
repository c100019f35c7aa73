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

static const struct flag_name mount_flags[] = {
	{ 1, "MS_RDONLY" }, { 2, "MS_NOSUID" }, { 4, "MS_NODEV" }, { 8, "MS_NOEXEC" },
	{ 16, "MS_SYNCHRONOUS" }, { 32, "MS_REMOUNT" }, { 64, "MS_MANDLOCK" },
	{ 128, "MS_DIRSYNC" }, { 256, "MS_NOSYMFOLLOW" }, { 1024, "MS_NOATIME" },
	{ 2048, "MS_NODIRATIME" }, { 4096, "MS_BIND" }, { 8192, "MS_MOVE" },
	{ 16384, "MS_REC" }, { 32768, "MS_SILENT" }, { 1 << 16, "MS_POSIXACL" },
	{ 1 << 17, "MS_UNBINDABLE" }, { 1 << 18, "MS_PRIVATE" }, { 1 << 19, "MS_SLAVE" },
	{ 1 << 20, "MS_SHARED" }, { 1 << 21, "MS_RELATIME" }, { 1 << 22, "MS_KERNMOUNT" },
	{ 1 << 23, "MS_I_VERSION" }, { 1 << 24, "MS_STRICTATIME" }, { 1 << 25, "MS_LAZYTIME" },
};

static const struct flag_name umount_flags[] = {
	{ 1, "MNT_FORCE" }, { 2, "MNT_DETACH" }, { 4, "MNT_EXPIRE" }, { 8, "UMOUNT_NOFOLLOW" },
};

static const struct flag_name sock_flags[] = {
	{ 04000, "SOCK_NONBLOCK" }, { 02000000, "SOCK_CLOEXEC" },
};

static const char *const sock_types[] = {
	[1] = "SOCK_STREAM", [2] = "SOCK_DGRAM", [3] = "SOCK_RAW", [4] = "SOCK_RDM",
	[5] = "SOCK_SEQPACKET", [6] = "SOCK_DCCP", [10] = "SOCK_PACKET",
};

static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
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
	case FS_MOUNT:
		k = add_bits(mount_flags, ARRAY_SIZE(mount_flags), &v, names, k, max);
		break;
	case FS_UMOUNT:
		k = add_bits(umount_flags, ARRAY_SIZE(umount_flags), &v, names, k, max);
		break;
	case FS_SOCK_TYPE:
		if ((v & 0xf) < ARRAY_SIZE(sock_types) && sock_types[v & 0xf] && k < max) {
			names[k++] = sock_types[v & 0xf];
			v &= ~0xfull;
		}
		/* fall through */
	case FS_SOCK_FLAGS:
		k = add_bits(sock_flags, ARRAY_SIZE(sock_flags), &v, names, k, max);
		break;
	case FS_CAPS:
		for (unsigned int i = 0; i < ARRAY_SIZE(cap_names) && k < max; i++) {
			if (v & (1ull << i)) {
				names[k++] = cap_names[i];
				v &= ~(1ull << i);
			}
		}
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

struct value_name {
	int64_t v;
	const char *name;
};

static const struct value_name families[] = {
	{ 0, "AF_UNSPEC" }, { 1, "AF_UNIX" }, { 2, "AF_INET" }, { 10, "AF_INET6" },
	{ 16, "AF_NETLINK" }, { 17, "AF_PACKET" }, { 38, "AF_ALG" }, { 40, "AF_VSOCK" },
	{ 44, "AF_XDP" }, { 4, "AF_IPX" }, { 5, "AF_APPLETALK" }, { 9, "AF_X25" },
	{ 15, "AF_KEY" }, { 29, "AF_CAN" }, { 31, "AF_BLUETOOTH" }, { 21, "AF_RDS" },
};

static const struct value_name prctls[] = {
	{ 1, "PR_SET_PDEATHSIG" }, { 2, "PR_GET_PDEATHSIG" }, { 3, "PR_GET_DUMPABLE" },
	{ 4, "PR_SET_DUMPABLE" }, { 7, "PR_GET_KEEPCAPS" }, { 8, "PR_SET_KEEPCAPS" },
	{ 15, "PR_SET_NAME" }, { 16, "PR_GET_NAME" }, { 21, "PR_GET_SECCOMP" },
	{ 22, "PR_SET_SECCOMP" }, { 23, "PR_CAPBSET_READ" }, { 24, "PR_CAPBSET_DROP" },
	{ 27, "PR_GET_SECUREBITS" }, { 28, "PR_SET_SECUREBITS" }, { 35, "PR_SET_MM" },
	{ 36, "PR_SET_CHILD_SUBREAPER" }, { 37, "PR_GET_CHILD_SUBREAPER" },
	{ 38, "PR_SET_NO_NEW_PRIVS" }, { 39, "PR_GET_NO_NEW_PRIVS" },
	{ 47, "PR_CAP_AMBIENT" }, { 0x59616d61, "PR_SET_PTRACER" }, { 57, "PR_SET_VMA" },
};

static const struct value_name seccomps[] = {
	{ 0, "SECCOMP_SET_MODE_STRICT" }, { 1, "SECCOMP_SET_MODE_FILTER" },
	{ 2, "SECCOMP_GET_ACTION_AVAIL" }, { 3, "SECCOMP_GET_NOTIF_SIZES" },
};

static const struct value_name ptraces[] = {
	{ 0, "PTRACE_TRACEME" }, { 1, "PTRACE_PEEKTEXT" }, { 2, "PTRACE_PEEKDATA" },
	{ 3, "PTRACE_PEEKUSER" }, { 4, "PTRACE_POKETEXT" }, { 5, "PTRACE_POKEDATA" },
	{ 6, "PTRACE_POKEUSER" }, { 7, "PTRACE_CONT" }, { 8, "PTRACE_KILL" },
	{ 9, "PTRACE_SINGLESTEP" }, { 12, "PTRACE_GETREGS" }, { 13, "PTRACE_SETREGS" },
	{ 16, "PTRACE_ATTACH" }, { 17, "PTRACE_DETACH" }, { 24, "PTRACE_SYSCALL" },
	{ 0x4200, "PTRACE_SETOPTIONS" }, { 0x4201, "PTRACE_GETEVENTMSG" },
	{ 0x4204, "PTRACE_GETREGSET" }, { 0x4205, "PTRACE_SETREGSET" },
	{ 0x4206, "PTRACE_SEIZE" }, { 0x4207, "PTRACE_INTERRUPT" },
};

static const struct value_name bpfs[] = {
	{ 0, "BPF_MAP_CREATE" }, { 1, "BPF_MAP_LOOKUP_ELEM" }, { 2, "BPF_MAP_UPDATE_ELEM" },
	{ 3, "BPF_MAP_DELETE_ELEM" }, { 4, "BPF_MAP_GET_NEXT_KEY" }, { 5, "BPF_PROG_LOAD" },
	{ 6, "BPF_OBJ_PIN" }, { 7, "BPF_OBJ_GET" }, { 8, "BPF_PROG_ATTACH" },
	{ 9, "BPF_PROG_DETACH" }, { 10, "BPF_PROG_TEST_RUN" }, { 11, "BPF_PROG_GET_NEXT_ID" },
	{ 12, "BPF_MAP_GET_NEXT_ID" }, { 13, "BPF_PROG_GET_FD_BY_ID" },
	{ 14, "BPF_MAP_GET_FD_BY_ID" }, { 15, "BPF_OBJ_GET_INFO_BY_FD" },
	{ 16, "BPF_PROG_QUERY" }, { 17, "BPF_RAW_TRACEPOINT_OPEN" }, { 18, "BPF_BTF_LOAD" },
	{ 19, "BPF_BTF_GET_FD_BY_ID" }, { 20, "BPF_TASK_FD_QUERY" },
	{ 28, "BPF_LINK_CREATE" }, { 29, "BPF_LINK_UPDATE" }, { 36, "BPF_TOKEN_CREATE" },
};

static const struct value_name nstypes[] = {
	{ 0x00020000, "mnt" }, { 0x02000000, "cgroup" }, { 0x04000000, "uts" },
	{ 0x08000000, "ipc" }, { 0x10000000, "user" }, { 0x20000000, "pid" },
	{ 0x40000000, "net" }, { 0x00000080, "time" },
};

static const struct value_name uring_ops[] = {
	{ 1, "IORING_OP_READV" }, { 2, "IORING_OP_WRITEV" }, { 4, "IORING_OP_READ_FIXED" },
	{ 5, "IORING_OP_WRITE_FIXED" }, { 9, "IORING_OP_SENDMSG" }, { 10, "IORING_OP_RECVMSG" },
	{ 13, "IORING_OP_ACCEPT" }, { 16, "IORING_OP_CONNECT" }, { 18, "IORING_OP_OPENAT" },
	{ 22, "IORING_OP_READ" }, { 23, "IORING_OP_WRITE" }, { 26, "IORING_OP_SEND" },
	{ 27, "IORING_OP_RECV" }, { 28, "IORING_OP_OPENAT2" },
};

static const char *lookup(const struct value_name *t, size_t n, int64_t v)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].v == v)
			return t[i].name;
	return NULL;
}

const char *value_name(enum valueset set, int64_t v)
{
	switch (set) {
	case VS_FAMILY: return lookup(families, ARRAY_SIZE(families), v);
	case VS_PRCTL: return lookup(prctls, ARRAY_SIZE(prctls), v);
	case VS_SECCOMP: return lookup(seccomps, ARRAY_SIZE(seccomps), v);
	case VS_PTRACE: return lookup(ptraces, ARRAY_SIZE(ptraces), v);
	case VS_BPF: return lookup(bpfs, ARRAY_SIZE(bpfs), v);
	case VS_CAP: return v >= 0 && v < (int64_t)ARRAY_SIZE(cap_names) ? cap_names[v] : NULL;
	case VS_NSTYPE: return lookup(nstypes, ARRAY_SIZE(nstypes), v);
	case VS_URING_OP: return lookup(uring_ops, ARRAY_SIZE(uring_ops), v);
	}
	return NULL;
}
