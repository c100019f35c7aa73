#!/bin/bash
# Scenario 4: chdir, open of a dirfd, openat relative to it with "x/..", fchdir,
# then a relative open: abs folded lexically against the right base, cwd exact.
. "$(dirname "$0")/lib.sh"
need dirfd
mkdir -p "$W/d" "$W/sub/x"
echo hi >"$W/sub/f.txt"

IN=/ record dirfd -- "$S/dirfd" "$W"
expect_status "$REC_STATUS" 0 "the scenario ran to the end (exit 0)"
expect_eq 'ok_execs | map(.cwd)' '["/"]' "exec cwd is / (where trail ran)"
expect_eq 'by($root) | map(select(.event == "chdir" or (.event == "open" and ((.abs // "") | startswith($W)))))
	| proj(nflags | {event, syscall, dirfd, fd, path, abs, real, cwd, flags, ret, error})' \
	'[{event: "chdir", syscall: "chdir", path: $W, abs: $W, cwd: $W, ret: 0},
	  {event: "chdir", syscall: "chdir", path: "sub/../d", abs: ($W + "/d"), cwd: ($W + "/d"), ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "../sub", abs: ($W + "/sub"), real: ($W + "/sub"),
	   flags: ["O_RDONLY", "O_DIRECTORY"], ret: 3, fd: 3},
	  {event: "open", syscall: "openat", dirfd: 3, path: "x/../f.txt", abs: ($W + "/sub/f.txt"), real: ($W + "/sub/f.txt"),
	   flags: ["O_RDONLY"], ret: 4, fd: 4},
	  {event: "open", syscall: "openat", dirfd: 3, path: "x/nope", abs: ($W + "/sub/x/nope"),
	   flags: ["O_RDONLY"], ret: -2, error: "ENOENT"},
	  {event: "chdir", syscall: "fchdir", fd: 3, cwd: ($W + "/sub"), ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "./x/../f.txt", abs: ($W + "/sub/f.txt"), real: ($W + "/sub/f.txt"),
	   flags: ["O_RDONLY"], ret: 4, fd: 4}]' \
	"chdir/fchdir/open sequence: path as passed, abs folded, real, cwd, dirfd exact"
expect_eq 'by($root) | map(select(.event == "close" and .fd >= 3)) | .[-3:] | proj({fd, ret})' \
	'[{fd: 4, ret: 0}, {fd: 4, ret: 0}, {fd: 3, ret: 0}]' "closes of the opened fds (4, 4, then the dirfd 3)"
expect_none '.event == "chdir" and .syscall == "fchdir" and has("path")' "fchdir has no path"
expect_none '.pid != $root' "no event from another process"
