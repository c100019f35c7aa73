#!/bin/bash
# The descriptor table: dup2 onto an open fd (later write = the new file),
# dup3 O_CLOEXEC, dup, fcntl F_DUPFD_CLOEXEC/F_DUPFD/F_SETFD (F_GETFL and
# friends not recorded), descriptors inherited across fork and closed by
# CLOEXEC at exec (fstat EBADF after exec; the model's abs for openat via an
# inherited dirfd, none via a closed one), close_range and
# CLOSE_RANGE_CLOEXEC, pipe2/socketpair/pipe fds, memfd_create, and no write
# event for a pipe or a device.
. "$(dirname "$0")/lib.sh"
need fds
mkdir -p "$W/sub" "$W/sub2"
echo in >"$W/sub/inner.txt"

P='{event, syscall, dirfd, fd, newfd, max_fd, cmd, arg, path, abs, real, flags, mode, fds, domain, type, protocol, name,
    ret, error, code, truncated}'

# a kernel without CLOSE_RANGE_CLOEXEC (before 5.11) refuses it; the
# scenario then marks 3..6 close-on-exec with F_SETFD, and so the recording
if "$S/fds" cloexec-probe; then cre=true; else cre=false; fi
jqargjson cre "$cre"
SETFD='[range(3; 7) | {event: "fcntl", syscall: "fcntl", fd: ., cmd: "F_SETFD", arg: 1, ret: 0}]'
FDS_NO_CLOEXEC=$([ $cre = true ] || echo 1) record fds -- "$S/fds"
expect_status "$REC_STATUS" 0 "every call gave the expected result in the parent and both children (exit 0)"
expect_eq 'ok_execs | map(.argv)' '[[$S + "/fds"], [$S + "/fds", "child1"], [$S + "/fds", "child2"]]' \
	"three execs: the scenario, child1, child2"
JQV+=(--argjson c1 "$(q 'ok_execs[1].pid // 0')" --argjson c2 "$(q 'ok_execs[2].pid // 0')")

expect_eq 'by($root) | from_to(.event == "open" and .path == "a.txt"; .event == "fork") | proj('"$P"')' \
	'[{event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "a.txt", abs: ($W + "/a.txt"), real: ($W + "/a.txt"),
	   flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], ret: 3, fd: 3},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "b.txt", abs: ($W + "/b.txt"), real: ($W + "/b.txt"),
	   flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], ret: 4, fd: 4},
	  {event: "write", syscall: "write", fd: 3, real: ($W + "/a.txt")},
	  {event: "dup", syscall: "dup2", fd: 4, newfd: 3, ret: 3},
	  {event: "write", syscall: "write", fd: 3, real: ($W + "/b.txt")},
	  {event: "dup", syscall: "dup3", fd: 4, newfd: 10, flags: ["O_CLOEXEC"], ret: 10},
	  {event: "dup", syscall: "dup", fd: 4, ret: 5},
	  {event: "fcntl", syscall: "fcntl", fd: 4, cmd: "F_DUPFD_CLOEXEC", arg: 20, ret: 20},
	  {event: "fcntl", syscall: "fcntl", fd: 4, cmd: "F_DUPFD", arg: 30, ret: 30},
	  {event: "fcntl", syscall: "fcntl", fd: 30, cmd: "F_SETFD", arg: 1, ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "sub", abs: ($W + "/sub"), real: ($W + "/sub"),
	   flags: ["O_RDONLY", "O_DIRECTORY"], ret: 6, fd: 6},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "sub2", abs: ($W + "/sub2"), real: ($W + "/sub2"),
	   flags: ["O_RDONLY", "O_DIRECTORY", "O_CLOEXEC"], ret: 7, fd: 7}]
	| map(if .event == "open" and (.flags | index("O_CREAT")) then . + {mode: "0644"} else . end)' \
	"dup2 onto fd 3 (the next write through 3 is b.txt), dup3, dup, fcntl: exact, in order; write of fd 4 after it: none"
expect_eq 'kind("fcntl") | map(.cmd)' '["F_DUPFD_CLOEXEC", "F_DUPFD", "F_SETFD"]
	+ (if $cre then [] else ["F_SETFD", "F_SETFD", "F_SETFD", "F_SETFD"] end) + ["F_DUPFD_CLOEXEC"]' \
	"only F_DUPFD_CLOEXEC, F_DUPFD, F_SETFD are recorded (not F_GETFL, F_GETFD, F_SETFL)"

T=fds/child1
expect_eq 'by($c1) | from(.syscall == "fstat") | proj('"$P"')' \
	'[{event: "stat", syscall: "fstat", fd: 10, ret: -9, error: "EBADF"},
	  {event: "stat", syscall: "fstat", fd: 20, ret: -9, error: "EBADF"},
	  {event: "stat", syscall: "fstat", fd: 30, ret: -9, error: "EBADF"},
	  {event: "stat", syscall: "fstat", fd: 5, real: ($W + "/b.txt"), ret: 0},
	  {event: "open", syscall: "openat", dirfd: 7, path: "inner.txt", flags: ["O_RDONLY"], ret: -9, error: "EBADF"},
	  {event: "open", syscall: "openat", dirfd: 6, path: "inner.txt", abs: ($W + "/sub/inner.txt"),
	   real: ($W + "/sub/inner.txt"), flags: ["O_RDONLY"], ret: 7, fd: 7},
	  {event: "exit", code: 0}]' \
	"after chdir(/) and exec: cloexec fds (dup3, F_DUPFD_CLOEXEC, F_SETFD) EBADF; dup'd fd 5 open; openat via the inherited dirfd 6: abs W/sub/inner.txt; via the O_CLOEXEC dirfd 7: EBADF, no abs"
expect_none '.pid == $c1 and .event == "write"' "no write event: fd 30 is closed, fd 5 is b.txt's open file, written already"
expect_eq 'by($c1) | map(select(.event == "chdir")) | proj({path, abs, cwd, ret})' '[{path: "/", abs: "/", cwd: "/", ret: 0}]' \
	"the child's chdir(/) before exec"

T=fds/close_range
expect_eq 'by($root) | from(.event == "close" and .syscall == "close_range") | upto(.event == "fork") | proj('"$P"')' \
	'[{event: "close", syscall: "close_range", fd: 20, max_fd: 30, flags: [], ret: 0},
	  {event: "stat", syscall: "fstat", fd: 20, ret: -9, error: "EBADF"},
	  {event: "stat", syscall: "fstat", fd: 30, ret: -9, error: "EBADF"},
	  {event: "stat", syscall: "fstat", fd: 10, real: ($W + "/b.txt"), ret: 0}]
	+ ({event: "close", syscall: "close_range", fd: 3, max_fd: 6, flags: ["CLOSE_RANGE_CLOEXEC"], ret: 0} as $cr
	   | if $cre then [$cr] else [$cr + {ret: -22, error: "EINVAL"}] + '"$SETFD"' end)
	+ [{event: "stat", syscall: "fstat", fd: 3, real: ($W + "/b.txt"), ret: 0}]' \
	"close_range(20, 30) closes 20 and 30, not 10; close_range(3, 6, CLOSE_RANGE_CLOEXEC) leaves 3 open until exec"
expect_eq 'by($c2) | from(.syscall == "fstat") | proj('"$P"')' \
	'[{event: "stat", syscall: "fstat", fd: 3, ret: -9, error: "EBADF"},
	  {event: "stat", syscall: "fstat", fd: 5, ret: -9, error: "EBADF"},
	  {event: "open", syscall: "openat", dirfd: 6, path: "inner.txt", flags: ["O_RDONLY"], ret: -9, error: "EBADF"},
	  {event: "stat", syscall: "fstat", fd: 10, ret: -9, error: "EBADF"},
	  {event: "exit", code: 0}]' \
	"child2 after exec: fds 3..6 marked CLOSE_RANGE_CLOEXEC are gone (EBADF; the dirfd 6 gives no abs)"

T=fds/pipes
expect_eq 'by($root) | from(.event == "pipe") | proj('"$P"') | map(if .event == "memfd" or .event == "write" then del(.real) else . end)' \
	'[{event: "pipe", syscall: "pipe2", fds: [8, 9], flags: ["O_CLOEXEC"], ret: 0},
	  {event: "pipe", syscall: "socketpair", domain: 1, type: 524289, protocol: 0, fds: [11, 12], ret: 0},
	  {event: "pipe", syscall: "pipe", fds: [13, 14], ret: 0},
	  {event: "memfd", syscall: "memfd_create", name: "trail-mem", flags: ["MFD_CLOEXEC", "MFD_ALLOW_SEALING"], ret: 15, fd: 15},
	  {event: "write", syscall: "write", fd: 15},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "/dev/null", abs: "/dev/null", real: "/dev/null",
	   flags: ["O_WRONLY"], ret: 16, fd: 16},
	  {event: "dup", syscall: "dup2", fd: 6, newfd: 16, ret: 16},
	  {event: "open", syscall: "openat", dirfd: 16, path: "inner.txt", abs: ($W + "/sub/inner.txt"), real: ($W + "/sub/inner.txt"),
	   flags: ["O_RDONLY"], ret: 17, fd: 17},
	  {event: "fcntl", syscall: "fcntl", fd: 7, cmd: "F_DUPFD_CLOEXEC", arg: 40, ret: 40},
	  {event: "mkdir", syscall: "mkdirat", dirfd: 40, path: "made", abs: ($W + "/sub2/made"), mode: "0755", ret: 0},
	  {event: "close", syscall: "close", fd: 6, ret: 0},
	  {event: "open", syscall: "openat", dirfd: 6, path: "inner.txt", flags: ["O_RDONLY"], ret: -9, error: "EBADF"},
	  {event: "exit", code: 0}]' \
	"pipe2 (fds, O_CLOEXEC), socketpair (AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC), pipe, memfd_create, its write; no write event for the pipe or /dev/null; dup2 of dirfd 6 over /dev/null's 16 and F_DUPFD_CLOEXEC of dirfd 7: abs through them; none through 6 once closed"
expect_eq 'kind("memfd") | map(.real)' '["/memfd:trail-mem"]' 'memfd real is the kernel'"'"'s name, "/memfd:trail-mem" (json.md)'
expect_eq 'map(select(.event == "write" and .fd == 15)) | map(.real)' '["/memfd:trail-mem"]' \
	"the memfd's first write: real is the memfd's name too"

T=fds/fds
expect_eq 'kind("write") | proj({pid, fd, real}) | map(select((.real // "") | startswith($W)))' \
	'[{pid: $root, fd: 3, real: ($W + "/a.txt")}, {pid: $root, fd: 3, real: ($W + "/b.txt")}]' \
	"write events for files under W: a.txt then b.txt, both fd 3 in the parent (one per open file)"
expect_none '.event == "write" and (.fd == 4 or .fd == 9 or .fd == 16 or .fd == 5)' "no write event for fd 4 (same open file), the pipe, /dev/null"
expect_none '.event == "open" and .ret < 0 and has("abs") and .dirfd != "AT_FDCWD"' \
	"an openat through a descriptor closed at exec has no abs"
expect_none '.event == "fork" and .pid != $root' "only the scenario forks"
