#!/bin/bash
# Paths: *at calls relative to a dirfd opened after a chdir and used after
# another chdir (abs from the dirfd's directory, ".." folded); a symlink chain
# (real is the final file, readlink's ret the length of the first target);
# failed lookups (ENOENT, ENOTDIR) keep abs, have no real.
. "$(dirname "$0")/lib.sh"
need paths
mkdir -p "$W/a/b/sub" "$W/a/c" "$W/s"
echo data >"$W/s/file.txt"
ln -s bee "$W/s/a"
ln -s cee.link "$W/s/bee"
ln -s file.txt "$W/s/cee.link"
ln -s missing "$W/s/dangling"

# every key a file event of this suite may carry, in one order
P='{event, syscall, dirfd, path, abs, dirfd2, path2, abs2, real, cwd, flags, mode, at_flags, ret, error, fd,
    filename, argv, env, truncated}'

IN=/ record paths -- "$S/paths" "$W"
expect_status "$REC_STATUS" 0 "every call gave the expected result (exit 0)"
expect_eq 'by($root) | from_to(.event == "chdir"; .event == "open" and .path == "s/a") | proj(nflags | '"$P"')' \
	'[{event: "chdir", syscall: "chdir", path: $W, abs: $W, cwd: $W, ret: 0},
	  {event: "chdir", syscall: "chdir", path: "a", abs: ($W + "/a"), cwd: ($W + "/a"), ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "b", abs: ($W + "/a/b"), real: ($W + "/a/b"),
	   flags: ["O_RDONLY", "O_DIRECTORY"], ret: 3, fd: 3},
	  {event: "chdir", syscall: "chdir", path: "..", abs: $W, cwd: $W, ret: 0},
	  {event: "open", syscall: "openat", dirfd: 3, path: "../c/../new.txt", abs: ($W + "/a/new.txt"),
	   real: ($W + "/a/new.txt"), flags: ["O_WRONLY", "O_CREAT", "O_EXCL"], mode: "0600", ret: 4, fd: 4},
	  {event: "close", syscall: "close", fd: 4, ret: 0},
	  {event: "mkdir", syscall: "mkdirat", dirfd: 3, path: "./sub/../made", abs: ($W + "/a/b/made"), mode: "0750", ret: 0},
	  {event: "rename", syscall: "renameat", dirfd: 3, path: "made", abs: ($W + "/a/b/made"),
	   dirfd2: "AT_FDCWD", path2: "a/moved", abs2: ($W + "/a/moved"), ret: 0},
	  {event: "unlink", syscall: "unlinkat", dirfd: 3, path: "../new.txt", abs: ($W + "/a/new.txt"), at_flags: [], ret: 0},
	  {event: "unlink", syscall: "unlinkat", dirfd: "AT_FDCWD", path: "a/./moved", abs: ($W + "/a/moved"),
	   at_flags: ["AT_REMOVEDIR"], ret: 0},
	  {event: "close", syscall: "close", fd: 3, ret: 0}]' \
	"dirfd opened in W/a, used after chdir(..): openat/mkdirat/renameat/unlinkat abs from W/a/b, folded"
expect_eq 'by($root) | from_to(.event == "open" and .path == "s/a"; .path == "nodir/x") | proj(nflags | '"$P"')' \
	'[{event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "s/a", abs: ($W + "/s/a"), real: ($W + "/s/file.txt"),
	   flags: ["O_RDONLY"], ret: 3, fd: 3},
	  {event: "close", syscall: "close", fd: 3, ret: 0},
	  {event: "readlink", syscall: "readlink", path: "s/a", abs: ($W + "/s/a"), ret: 3},
	  {event: "readlink", syscall: "readlinkat", dirfd: "AT_FDCWD", path: "s/bee", abs: ($W + "/s/bee"), ret: 8},
	  {event: "readlink", syscall: "readlink", path: "s/file.txt", abs: ($W + "/s/file.txt"), ret: -22, error: "EINVAL"},
	  {event: "stat", syscall: "newfstatat", dirfd: "AT_FDCWD", path: "s/dangling", abs: ($W + "/s/dangling"),
	   at_flags: [], ret: -2, error: "ENOENT"},
	  {event: "stat", syscall: "newfstatat", dirfd: "AT_FDCWD", path: "s/dangling", abs: ($W + "/s/dangling"),
	   at_flags: ["AT_SYMLINK_NOFOLLOW"], ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "s/dangling", abs: ($W + "/s/dangling"),
	   flags: ["O_RDONLY"], ret: -2, error: "ENOENT"}]' \
	"symlink chain: open real = the final file; readlink ret = target length; dangling link: stat ENOENT, lstat 0, abs kept"
expect_eq 'by($root) | from(.path == "nodir/x") | map(select(.event != "exit")) | proj(nflags | '"$P"')' \
	'[{event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "nodir/x", abs: ($W + "/nodir/x"),
	   flags: ["O_RDONLY"], ret: -2, error: "ENOENT"},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "s/file.txt/x", abs: ($W + "/s/file.txt/x"),
	   flags: ["O_RDONLY"], ret: -20, error: "ENOTDIR"},
	  {event: "stat", syscall: "newfstatat", dirfd: "AT_FDCWD", path: "nodir/../gone", abs: ($W + "/gone"),
	   at_flags: [], ret: -2, error: "ENOENT"},
	  {event: "access", syscall: "access", path: "s/file.txt/x", abs: ($W + "/s/file.txt/x"), mode: ["R_OK"],
	   ret: -20, error: "ENOTDIR"},
	  {event: "access", syscall: "access", path: "./nodir", abs: ($W + "/nodir"), mode: ["F_OK"], ret: -2, error: "ENOENT"},
	  {event: "exec", syscall: "execve", filename: "nodir/prog", abs: ($W + "/nodir/prog"), path: ($W + "/nodir/prog"),
	   cwd: $W, argv: ["prog"], ret: -2, error: "ENOENT"},
	  {event: "exec", syscall: "execve", filename: "s/file.txt/prog", abs: ($W + "/s/file.txt/prog"),
	   path: ($W + "/s/file.txt/prog"), cwd: $W, argv: ["prog"], ret: -20, error: "ENOTDIR"}]' \
	"failed lookups (open, newfstatat, access, execve): ENOENT/ENOTDIR, abs kept and folded, no real"
expect_none '.ret < 0 and has("real")' "no failed call has a real path"
expect_none '.event == "write"' "no write event (new.txt was created but never written)"
expect_none '(.real // "") | test("/s/(a|bee|cee\\.link)$")' "no real path names a symlink of the chain"
expect_eq 'kind("exit") | proj({pid, code})' '[{pid: $root, code: 0}]' "one exit: the scenario's, code 0 (failed execs kept the process)"
expect_none '.pid != $root' "no event from another process"
T=paths/fs
check "W/a/moved was removed, W/a/new.txt unlinked" test ! -e "$W/a/moved" -a ! -e "$W/a/new.txt" -a ! -e "$W/a/b/made"
