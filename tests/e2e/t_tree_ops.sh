#!/bin/bash
# Tree and metadata calls: mkdir/mkdirat modes, rmdir and unlinkat
# (AT_REMOVEDIR), mknod of FIFOs (mode with the type bits), truncate/ftruncate
# (length; ftruncate has real), chmod family (fchmod has real), chown family
# (-1 unchanged; AT_EMPTY_PATH), the utime family (futimens = utimensat on an
# fd with a NULL path: real, no "truncated"), user xattrs (or, where the file
# system refuses them, the error it gave).
. "$(dirname "$0")/lib.sh"
need tree_ops
mkdir -p "$W/nonempty"
echo x >"$W/nonempty/x"
echo f >"$W/file2"
ln -s t.txt "$W/lnk"
: >"$W/probe"
if "$S/tree_ops" xattr-probe "$W/probe"; then xattr=1; else xattr=0; fi
rm -f "$W/probe"
# syscalls older kernels lack (fchmodat2: 6.6, setxattrat/removexattrat:
# 6.13): there the scenario expects ENOSYS, and so does what trail recorded
at2=1 xat=1
"$S/tree_ops" has fchmodat2 || at2=0
"$S/tree_ops" has setxattrat || xat=0
jqargjson at2 "$([ $at2 = 1 ] && echo true || echo false)"
jqargjson xat "$([ $xat = 1 ] && echo true || echo false)"
NOSYS='map(if (.syscall == "fchmodat2" and ($at2 | not)) or
	    ((.syscall == "setxattrat" or .syscall == "removexattrat") and ($xat | not))
	 then . + {ret: -38, error: "ENOSYS"} else . end)'

# uid/gid are left out: every event has the process's; chown's own are below
P='{event, syscall, dirfd, fd, path, abs, real, flags, mode, dev, length, name, at_flags, ret, error, truncated}'
PC='{event, syscall, dirfd, fd, path, abs, real, owner, group, at_flags, ret, error, truncated}'


record ops -- "$S/tree_ops" $at2 $xat
expect_status "$REC_STATUS" 0 "every call gave the expected result (exit 0)"
expect_eq 'by($root) | from_to(.event == "mkdir"; .event == "open" and .path == "t.txt") | proj('"$P"')' \
	'[{event: "mkdir", syscall: "mkdir", path: "d1", abs: ($W + "/d1"), mode: "0755", ret: 0},
	  {event: "mkdir", syscall: "mkdirat", dirfd: 3, path: "d2", abs: ($W + "/d2"), mode: "01777", ret: 0},
	  {event: "mkdir", syscall: "mkdir", path: "d1", abs: ($W + "/d1"), mode: "0700", ret: -17, error: "EEXIST"},
	  {event: "unlink", syscall: "rmdir", path: "d1", abs: ($W + "/d1"), ret: 0},
	  {event: "unlink", syscall: "unlinkat", dirfd: 3, path: "d2", abs: ($W + "/d2"), at_flags: ["AT_REMOVEDIR"], ret: 0},
	  {event: "unlink", syscall: "rmdir", path: "nonempty", abs: ($W + "/nonempty"), ret: -39, error: "ENOTEMPTY"},
	  {event: "unlink", syscall: "unlinkat", dirfd: "AT_FDCWD", path: "nonempty", abs: ($W + "/nonempty"), at_flags: [],
	   ret: -21, error: "EISDIR"},
	  {event: "unlink", syscall: "unlink", path: "file2", abs: ($W + "/file2"), ret: 0},
	  {event: "mknod", syscall: "mknod", path: "fifo", abs: ($W + "/fifo"), mode: "010644", dev: 0, ret: 0},
	  {event: "mknod", syscall: "mknodat", dirfd: 3, path: "fifo2", abs: ($W + "/fifo2"), mode: "010600", dev: 0, ret: 0}]' \
	"mkdir/mkdirat modes, rmdir, unlinkat with and without AT_REMOVEDIR, unlink, mknod FIFO modes: exact, in order"
expect_eq 'by($root) | from_to(.event == "open" and .path == "t.txt"; .event == "chown") | proj('"$P"')' \
	'[{event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "t.txt", abs: ($W + "/t.txt"), real: ($W + "/t.txt"),
	   flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], mode: "0644", ret: 4, fd: 4},
	  {event: "truncate", syscall: "truncate", path: "t.txt", abs: ($W + "/t.txt"), length: 1000, ret: 0},
	  {event: "truncate", syscall: "ftruncate", fd: 4, real: ($W + "/t.txt"), length: 10, ret: 0},
	  {event: "truncate", syscall: "truncate", path: "missing", abs: ($W + "/missing"), length: 5, ret: -2, error: "ENOENT"},
	  {event: "chmod", syscall: "chmod", path: "t.txt", abs: ($W + "/t.txt"), mode: "0600", ret: 0},
	  {event: "chmod", syscall: "fchmod", fd: 4, real: ($W + "/t.txt"), mode: "0640", ret: 0},
	  {event: "chmod", syscall: "fchmodat", dirfd: 3, path: "t.txt", abs: ($W + "/t.txt"), mode: "0604", ret: 0},
	  {event: "chmod", syscall: "fchmodat2", dirfd: 3, path: "t.txt", abs: ($W + "/t.txt"), mode: "0644",
	   at_flags: ["AT_SYMLINK_NOFOLLOW"], ret: 0},
	  {event: "chmod", syscall: "fchmodat2", dirfd: "AT_FDCWD", path: "lnk", abs: ($W + "/lnk"), mode: "0600",
	   at_flags: ["AT_SYMLINK_NOFOLLOW"], ret: -95, error: "EOPNOTSUPP"}] | '"$NOSYS" \
	"truncate/ftruncate lengths (ftruncate real), chmod/fchmod/fchmodat/fchmodat2 modes (fchmod real): exact, in order"
expect_eq 'by($root) | from_to(.event == "chown"; .event == "xattr")
	| proj(if .event == "utime" and .dirfd == 4 then del(.path) else . end | if .event == "chown" then '"$PC"' else '"$P"' end)' \
	'[{event: "chown", syscall: "chown", path: "t.txt", abs: ($W + "/t.txt"), owner: 1000, group: 1000, ret: 0},
	  {event: "chown", syscall: "fchown", fd: 4, real: ($W + "/t.txt"), owner: -1, group: 2000, ret: 0},
	  {event: "chown", syscall: "lchown", path: "lnk", abs: ($W + "/lnk"), owner: 3000, group: -1, ret: 0},
	  {event: "chown", syscall: "fchownat", dirfd: 3, path: "t.txt", abs: ($W + "/t.txt"), owner: -1, group: -1, at_flags: [], ret: 0},
	  {event: "chown", syscall: "fchownat", dirfd: 4, path: "", abs: ($W + "/t.txt"), real: ($W + "/t.txt"),
	   owner: 0, group: 0, at_flags: ["AT_EMPTY_PATH"], ret: 0},
	  {event: "utime", syscall: "utime", path: "t.txt", abs: ($W + "/t.txt"), ret: 0},
	  {event: "utime", syscall: "utimes", path: "t.txt", abs: ($W + "/t.txt"), ret: 0},
	  {event: "utime", syscall: "utimensat", dirfd: "AT_FDCWD", path: "lnk", abs: ($W + "/lnk"),
	   at_flags: ["AT_SYMLINK_NOFOLLOW"], ret: 0},
	  {event: "utime", syscall: "utimensat", dirfd: 4, abs: ($W + "/t.txt"), real: ($W + "/t.txt"), at_flags: [], ret: 0},
	  {event: "utime", syscall: "futimesat", dirfd: 3, path: "t.txt", abs: ($W + "/t.txt"), ret: 0}]' \
	"chown family owner/group (-1 unchanged; fchown and AT_EMPTY_PATH real), utime family at_flags: exact, in order"
expect 'by($root) | map(select(.event == "utime" and .dirfd == 4))[0] | (.path // "") == "" and (has("truncated") | not)' \
	"futimens (utimensat(fd, NULL)): path empty or absent, no truncated flag" \
	'by($root) | map(select(.event == "utime" and .dirfd == 4))'
expect_none '.event == "utime" and has("real") and .dirfd != 4' "only the fd form of utimensat has real"
expect_none '(.event == "chmod" or .event == "chown" or .event == "truncate") and has("real") and (has("fd") or .dirfd == 4 | not)' \
	"real only on the fd forms of truncate/chmod/chown"
if [ $xattr = 1 ]; then
	expect_eq 'by($root) | kind("xattr") | proj('"$P"')' \
		'[{event: "xattr", syscall: "setxattr", path: "t.txt", abs: ($W + "/t.txt"), name: "user.trail", ret: 0},
		  {event: "xattr", syscall: "fsetxattr", fd: 4, real: ($W + "/t.txt"), name: "user.fd", ret: 0},
		  {event: "xattr", syscall: "setxattrat", dirfd: 3, path: "t.txt", abs: ($W + "/t.txt"), at_flags: [], name: "user.at", ret: 0},
		  {event: "xattr", syscall: "removexattr", path: "t.txt", abs: ($W + "/t.txt"), name: "user.trail", ret: 0},
		  {event: "xattr", syscall: "fremovexattr", fd: 4, real: ($W + "/t.txt"), name: "user.fd", ret: 0},
		  {event: "xattr", syscall: "removexattrat", dirfd: 3, path: "t.txt", abs: ($W + "/t.txt"), at_flags: [], name: "user.at", ret: 0},
		  {event: "xattr", syscall: "removexattr", path: "t.txt", abs: ($W + "/t.txt"), name: "user.nope", ret: -61, error: "ENODATA"}] | '"$NOSYS" \
		"user xattrs supported: set/fset/setxattrat, remove/fremove/removexattrat, a missing one ENODATA: exact"
else
	expect_eq 'by($root) | kind("xattr") | map({syscall, name, ret, error})' \
		'[{syscall: "setxattr", name: "user.trail"}, {syscall: "fsetxattr", name: "user.fd"},
		  {syscall: "setxattrat", name: "user.at"}, {syscall: "removexattr", name: "user.trail"},
		  {syscall: "fremovexattr", name: "user.fd"}, {syscall: "removexattrat", name: "user.at"},
		  {syscall: "removexattr", name: "user.nope"}] | map(. + {ret: -95, error: "EOPNOTSUPP"}) | '"$NOSYS" \
		"user xattrs refused by the file system: every xattr call recorded with EOPNOTSUPP"
fi
expect_eq 'by($root) | from(.event == "xattr") | map(select(.event != "xattr")) | proj({event, fd, ret, code})' \
	'[{event: "close", fd: 4, ret: 0}, {event: "close", fd: 3, ret: 0}, {event: "exit", code: 0}]' \
	"after the xattrs: close 4, close 3, exit 0"
no_dup_keys "no key appears twice in one event (chown's uid/gid vs the process's uid/gid)"
expect_none '.event == "write"' "no write event (t.txt was only truncated and had its metadata changed)"
expect_none '.event == "xattr" and (.syscall | test("get|list"))' "no getxattr/listxattr event"
expect_none '.pid != $root' "no event from another process"

T=tree_ops/fs
check "fifo and fifo2 are FIFOs; d1, d2 and file2 are gone; nonempty stays" \
	test -p "$W/fifo" -a -p "$W/fifo2" -a ! -e "$W/d1" -a ! -e "$W/d2" -a ! -e "$W/file2" -a -d "$W/nonempty"
WHY="stat: $(stat -c '%s %a %u %g' "$W/t.txt")"
mode=644
[ $at2 = 1 ] || mode=604	# fchmodat's, not changed since
check "t.txt: 10 bytes, mode $mode, owner 0:0 (last fchownat)" test "$(stat -c '%s %a %u %g' "$W/t.txt")" = "10 $mode 0 0"
WHY="stat: $(stat -c '%u %g' "$W/lnk")"
check "lchown changed the link itself (uid 3000)" test "$(stat -c '%u' "$W/lnk")" = 3000
