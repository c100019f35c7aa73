#!/bin/bash
# Renames and links: a temporary output written then renamed into place (in
# order; abs/abs2 exact); renameat2 RENAME_EXCHANGE and RENAME_NOREPLACE
# (EEXIST) with their flags; link/linkat (both names, dirfds, at_flags);
# symlink/symlinkat (target as stored, never made absolute; path/abs the link).
. "$(dirname "$0")/lib.sh"
need rename
mkdir -p "$W/y" "$W/sub"
echo x >"$W/x"
echo keep >"$W/keep"
ln -s out "$W/lnk"

P='{event, syscall, dirfd, path, abs, dirfd2, path2, abs2, target, real, flags, mode, at_flags, ret, error, fd, truncated}'

record rename -- "$S/rename"
expect_status "$REC_STATUS" 0 "every call gave the expected result (exit 0)"
expect_eq 'by($root) | from(.event == "open" and .path == "out.tmp") | map(select(.event != "exit")) | proj(nflags | '"$P"')' \
	'[{event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "out.tmp", abs: ($W + "/out.tmp"), real: ($W + "/out.tmp"),
	   flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], mode: "0644", ret: 3, fd: 3},
	  {event: "write", syscall: "write", fd: 3, real: ($W + "/out.tmp")},
	  {event: "close", syscall: "close", fd: 3, ret: 0},
	  {event: "rename", syscall: "rename", path: "out.tmp", abs: ($W + "/out.tmp"), path2: "out", abs2: ($W + "/out"), ret: 0},
	  {event: "rename", syscall: "renameat2", dirfd: "AT_FDCWD", path: "x", abs: ($W + "/x"),
	   dirfd2: "AT_FDCWD", path2: "y", abs2: ($W + "/y"), flags: ["RENAME_EXCHANGE"], ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: ".", abs: $W, real: $W,
	   flags: ["O_RDONLY", "O_DIRECTORY"], ret: 3, fd: 3},
	  {event: "rename", syscall: "renameat2", dirfd: 3, path: "out", abs: ($W + "/out"),
	   dirfd2: 3, path2: "keep", abs2: ($W + "/keep"), flags: ["RENAME_NOREPLACE"], ret: -17, error: "EEXIST"},
	  {event: "link", syscall: "link", path: "out", abs: ($W + "/out"), path2: "out.hard", abs2: ($W + "/out.hard"), ret: 0},
	  {event: "link", syscall: "linkat", dirfd: 3, path: "out", abs: ($W + "/out"),
	   dirfd2: "AT_FDCWD", path2: "sub/../sub/out.hard2", abs2: ($W + "/sub/out.hard2"), at_flags: [], ret: 0},
	  {event: "link", syscall: "linkat", dirfd: "AT_FDCWD", path: "lnk", abs: ($W + "/lnk"),
	   dirfd2: 3, path2: "lnk.followed", abs2: ($W + "/lnk.followed"), at_flags: ["AT_SYMLINK_FOLLOW"], ret: 0},
	  {event: "link", syscall: "link", path: "missing", abs: ($W + "/missing"), path2: "sub/m2", abs2: ($W + "/sub/m2"),
	   ret: -2, error: "ENOENT"},
	  {event: "symlink", syscall: "symlink", target: "../target/x", path: "sub/sl", abs: ($W + "/sub/sl"), ret: 0},
	  {event: "symlink", syscall: "symlinkat", target: "/nowhere/at/all", dirfd: 3, path: "./sl2", abs: ($W + "/sl2"), ret: 0},
	  {event: "symlink", syscall: "symlink", target: "x", path: "out", abs: ($W + "/out"), ret: -17, error: "EEXIST"},
	  {event: "close", syscall: "close", fd: 3, ret: 0}]' \
	"open out.tmp, first write, close, rename to out, exchange, noreplace EEXIST, links, symlinks: every event exact, in order"
expect 'by($root) | from(.event == "open" and .path == "out.tmp")
	| (idx(.event == "write" and .real == $W + "/out.tmp") < idx(.event == "close" and .fd == 3))
	and (idx(.event == "close" and .fd == 3) < idx(.event == "rename"))' \
	"the write of out.tmp comes before its close, and both before the rename"
expect_none '.event == "write" and .real != $W + "/out.tmp"' "one write event only: out.tmp (links and renames write nothing)"
expect_none '(.event == "rename" or .event == "link" or .event == "symlink") and has("real")' "rename/link/symlink events carry no real"
expect_none '.event == "symlink" and (has("abs2") or has("path2") or ((.abs // "") | test("nowhere|target")))' \
	"a symlink's target is never made absolute (no abs2/path2, abs is the link's)"
expect_none '.pid != $root' "no event from another process"

T=rename/fs
check "out holds the data written to out.tmp; out.tmp is gone" test "$(cat "$W/out" 2>/dev/null)" = data -a ! -e "$W/out.tmp"
check "RENAME_EXCHANGE swapped: x is now the directory, y the file" test -d "$W/x" -a -f "$W/y"
check "RENAME_NOREPLACE left keep untouched" test "$(cat "$W/keep")" = keep
check "out.hard, sub/out.hard2 and lnk.followed are hard links of out (not symlinks)" \
	test "$W/out" -ef "$W/out.hard" -a "$W/out" -ef "$W/sub/out.hard2" -a "$W/out" -ef "$W/lnk.followed" -a ! -L "$W/lnk.followed"
check "sub/sl holds its target as given" test "$(readlink "$W/sub/sl")" = ../target/x
