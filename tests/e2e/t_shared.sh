#!/bin/bash
# Shared task state: a thread sharing the fd table (opens in one thread,
# write/openat/close by fd in the other: attributed to the right tid; abs
# through the other thread's dirfd), a thread's chdir moving the process's
# cwd, a clone(CLONE_FS) child whose chdir moves the parent's cwd (and a plain
# fork child whose chdir does not); chroot (root, abs/real of "/file" outside
# the root, ".." at the root, cwd after chdir("/"), an exec inside).
. "$(dirname "$0")/lib.sh"
need shared chroot
mkdir -p "$W/tdir" "$W/cfs" "$W/other"
echo in >"$W/tdir/in.txt"
mkdir -p "$W/jail/sub"
echo orig >"$W/orig"
ln "$W/orig" "$W/jail/file"
if gcc -static -O1 -D_GNU_SOURCE "$E2E_DIR/scenarios/chroot.c" -o "$W/jail/prog" 2>"$W/static.err"; then
	mode=exec
else
	mode=noexec
	fail "static build of the chroot scenario (the exec inside the chroot is skipped)" "$(head -2 "$W/static.err")"
fi

P='{event, syscall, dirfd, fd, path, abs, real, cwd, root, flags, mode, at_flags, ret, error, code, thread}'

jqarg mode "$mode"
record shared -- "$S/shared" "$S/chroot" "$mode"
expect_status "$REC_STATUS" 0 "every call gave the expected result (exit 0)"
JQV+=(--argjson th "$(q 'kind("fork") | map(select(.thread == true))[0].child_tid // 0')")
expect_eq 'kind("fork") | proj({pid, syscall, thread, flags: (.flags | map(select(. == "CLONE_FS" or . == "CLONE_FILES" or . == "CLONE_THREAD" or . == "SIGCHLD")))})' \
	'[{pid: $root, syscall: "clone3", thread: true, flags: ["CLONE_FS", "CLONE_FILES", "CLONE_THREAD"]},
	  {pid: $root, syscall: "clone", thread: false, flags: ["CLONE_FS", "SIGCHLD"]},
	  {pid: $root, syscall: "clone", thread: false, flags: ["SIGCHLD"]},
	  {pid: $root, syscall: "clone", thread: false, flags: ["SIGCHLD"]}]' \
	"four forks: the thread (clone3), the CLONE_FS child (clone), the fork child, the chroot child"
expect_eq 'kind("fork")[1].flags' '["CLONE_FS", "SIGCHLD"]' "the raw clone's flags are exactly CLONE_FS, SIGCHLD"
expect_eq 'by($root) | from_through(.event == "open" and .path == "tdir"; .event == "open" and .path == "rel.txt")
	| map(select(.event != "exit")) | proj({tid_is_thread: (.tid == $th)} + '"$P"')' \
	'[{tid_is_thread: true, event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "tdir", abs: ($W + "/tdir"),
	   real: ($W + "/tdir"), flags: ["O_RDONLY", "O_DIRECTORY"], ret: 3, fd: 3},
	  {tid_is_thread: true, event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "th.txt", abs: ($W + "/th.txt"),
	   real: ($W + "/th.txt"), flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], mode: "0644", ret: 4, fd: 4},
	  {tid_is_thread: false, event: "write", syscall: "write", fd: 4, real: ($W + "/th.txt")},
	  {tid_is_thread: false, event: "open", syscall: "openat", dirfd: 3, path: "in.txt", abs: ($W + "/tdir/in.txt"),
	   real: ($W + "/tdir/in.txt"), flags: ["O_RDONLY"], ret: 5, fd: 5},
	  {tid_is_thread: false, event: "close", syscall: "close", fd: 5, ret: 0},
	  {tid_is_thread: false, event: "close", syscall: "close", fd: 4, ret: 0},
	  {tid_is_thread: true, event: "close", syscall: "close", fd: 3, ret: 0},
	  {tid_is_thread: true, event: "chdir", syscall: "chdir", path: "tdir", abs: ($W + "/tdir"), cwd: ($W + "/tdir"), ret: 0},
	  {tid_is_thread: false, event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "rel.txt", abs: ($W + "/tdir/rel.txt"),
	   real: ($W + "/tdir/rel.txt"), flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], mode: "0644", ret: 3, fd: 3}]' \
	"thread opens dirfd 3 and th.txt 4; main writes 4 (real th.txt), openat(3, in.txt) abs W/tdir/in.txt, closes; thread's chdir moves main's cwd"
expect_eq 'map(select(.event == "exit" and .pid == $root)) | proj({tid_is_thread: (.tid == $th), thread, code})' \
	'[{tid_is_thread: true, thread: true, code: 0}, {tid_is_thread: false, thread: false, code: 0}]' \
	"the thread's exit (thread=true), then the process's"
JQV+=(--argjson cfs "$(q 'kind("fork")[1].child_pid // 0')" --argjson frk "$(q 'kind("fork")[2].child_pid // 0')")
expect_eq 'map(select(.pid == $cfs or .pid == $frk or (.pid == $root and .event == "open" and (.path | test("^rel[23]")))))
	| proj({who: (if .pid == $cfs then "clone_fs" elif .pid == $frk then "fork" else "parent" end)} + '"$P"')' \
	'[{who: "clone_fs", event: "chdir", syscall: "chdir", path: "../cfs", abs: ($W + "/cfs"), cwd: ($W + "/cfs"), ret: 0},
	  {who: "clone_fs", event: "exit", code: 0, thread: false},
	  {who: "parent", event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "rel2.txt", abs: ($W + "/cfs/rel2.txt"),
	   real: ($W + "/cfs/rel2.txt"), flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], mode: "0644", ret: 3, fd: 3},
	  {who: "fork", event: "chdir", syscall: "chdir", path: "../other", abs: ($W + "/other"), cwd: ($W + "/other"), ret: 0},
	  {who: "fork", event: "exit", code: 0, thread: false},
	  {who: "parent", event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "rel3.txt", abs: ($W + "/cfs/rel3.txt"),
	   real: ($W + "/cfs/rel3.txt"), flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], mode: "0644", ret: 3, fd: 3}]' \
	"CLONE_FS child's chdir(../cfs) moves the parent: rel2.txt abs W/cfs/rel2.txt; a fork child's chdir does not: rel3.txt stays in cfs"
expect 'all(.[] | select(.pid == $root and .event == "open" and .ret >= 0 and ((.abs // "") | startswith($W))); .abs == .real)' \
	"every successful open under W (before the chroot child): abs (the model) equals real (the kernel)" \
	'map(select(.pid == $root and .event == "open" and .ret >= 0 and .abs != .real))'
expect_eq 'kind("write") | proj({pid, fd, real})' '[{pid: $root, fd: 4, real: ($W + "/th.txt")}]' "one write event: th.txt via fd 4"

# chroot, in the last child (pid $ch: the exec of the chroot scenario)
T=shared/chroot
JQV+=(--argjson ch "$(q 'first_that(.event == "exec" and .ret == 0 and (.argv[1:] == ["exec"] or .argv[1:] == ["noexec"])).pid // 0')")
expect_eq 'by($ch) | map(select(.event == "chdir" or (.event == "exec" and .ret == 0) or .event == "exit"))
	| proj(if .event == "exec" then {event, syscall, cwd, argv} else {event, syscall, path, abs, cwd, code} end)' \
	'[{event: "chdir", syscall: "chdir", path: "..", abs: $W, cwd: $W},
	  {event: "exec", syscall: "execve", argv: [$S + "/chroot", $mode], cwd: $W},
	  {event: "chdir", syscall: "chdir", path: "/", abs: ($W + "/jail"), cwd: ($W + "/jail")}]
	+ (if $mode == "exec" then [{event: "exec", syscall: "execve", argv: ["prog", "inner"], cwd: ($W + "/jail")}] else [] end)
	+ [{event: "exit", code: 0}]' \
	"the chroot child: chdir(..) back to W, exec of the chroot scenario, chdir(/) in the jail, [exec /prog], exit 0"
expect_eq 'by($ch) | from_to(.event == "chroot"; .event == "exec" and .filename == "/prog")
	| proj(if .path == "/../file" or .path == "../file" then del(.abs) else . end | '"$P"')' \
	'[{event: "chroot", syscall: "chroot", path: "nope", abs: ($W + "/nope"), ret: -2, error: "ENOENT"},
	  {event: "chroot", syscall: "chroot", path: "jail/.", abs: ($W + "/jail"), root: ($W + "/jail"), ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "/file", abs: ($W + "/jail/file"), real: ($W + "/jail/file"),
	   flags: ["O_RDONLY"], ret: 3, fd: 3},
	  {event: "close", syscall: "close", fd: 3, ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "/../file", real: ($W + "/jail/file"),
	   flags: ["O_RDONLY"], ret: 3, fd: 3},
	  {event: "close", syscall: "close", fd: 3, ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "jail/file", abs: ($W + "/jail/file"), real: ($W + "/jail/file"),
	   flags: ["O_RDONLY"], ret: 3, fd: 3},
	  {event: "close", syscall: "close", fd: 3, ret: 0},
	  {event: "chdir", syscall: "chdir", path: "/", abs: ($W + "/jail"), cwd: ($W + "/jail"), ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "sub/../file", abs: ($W + "/jail/file"), real: ($W + "/jail/file"),
	   flags: ["O_RDONLY"], ret: 3, fd: 3},
	  {event: "close", syscall: "close", fd: 3, ret: 0},
	  {event: "open", syscall: "openat", dirfd: "AT_FDCWD", path: "../file", real: ($W + "/jail/file"),
	   flags: ["O_RDONLY"], ret: 3, fd: 3},
	  {event: "close", syscall: "close", fd: 3, ret: 0},
	  {event: "stat", syscall: "newfstatat", dirfd: "AT_FDCWD", path: "/sub", abs: ($W + "/jail/sub"), at_flags: [], ret: 0}]' \
	"chroot: root = W/jail; open(/file) abs = real = W/jail/file; relative open from the old cwd; chdir(/) cwd W/jail; stat(/sub) (abs with .. at the root: next check)"
expect_eq 'by($ch) | map(select(.event == "open" and (.path == "/../file" or .path == "../file"))) | proj({path, abs, real})' \
	'[{path: "/../file", abs: ($W + "/jail/file"), real: ($W + "/jail/file")},
	  {path: "../file", abs: ($W + "/jail/file"), real: ($W + "/jail/file")}]' \
	'open("/../file") and, with the cwd at the root, open("../file") in the chroot: ".." of the root is the root, abs W/jail/file (json.md: abs is the path outside, the root prefixed)'
if [ "$mode" = exec ]; then
	expect_eq 'by($ch) | ok_execs | .[1:] | proj({filename, abs, path, real, cwd, argv})' \
		'[{filename: "/prog", abs: ($W + "/jail/prog"), path: ($W + "/jail/prog"), real: ($W + "/jail/prog"), cwd: ($W + "/jail"),
		   argv: ["prog", "inner"]}]' \
		"exec of /prog inside the chroot: abs/path/real W/jail/prog, cwd W/jail"
	expect_eq 'by($ch) | from(.event == "exec" and .filename == "/prog") | map(select(.event == "open" and .path == "/file"))
		| proj({path, abs, real, ret})' \
		'[{path: "/file", abs: ($W + "/jail/file"), real: ($W + "/jail/file"), ret: 3}]' \
		"after the exec the root is kept: open(/file) abs = real = W/jail/file"
fi
expect_none '.event == "open" and .ret >= 0 and ((.abs // "") | startswith($W)) and .abs != .real and .path != "/../file" and .path != "../file"' \
	"every other successful open under W: abs equals real"
expect_none '.pid != $root and .pid != $cfs and .pid != $frk and .pid != $ch' "no event from another process"
