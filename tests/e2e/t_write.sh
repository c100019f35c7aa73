#!/bin/bash
# First-write semantics: an O_RDWR file only read has no write event; 1000
# writes through an fd and its dup give one event per open file (a second
# open gives a second); pwrite64, writev, pwritev, pwritev2, sendfile,
# copy_file_range, splice (pipe -> file) and mmap PROT_WRITE|MAP_SHARED each
# give one event with syscall, fd (the descriptor written) and real; mmap
# MAP_PRIVATE or PROT_READ, a pipe, /dev/null and splice into a pipe: none.
. "$(dirname "$0")/lib.sh"
need write
echo "some input bytes" >"$W/rw.txt"

# the event without the keys every event has
BODY='del(.time_ns, .time, .pid, .tid, .comm, .uid, .gid, .nspid, .cgroup_id, .mntns, .pidns, .netns, .userns)'

record write -- "$S/write"
expect_status "$REC_STATUS" 0 "every call gave the expected result (exit 0)"
expect_eq 'by($root) | kind("write") | map({syscall, real})' \
	'[{syscall: "write", real: ($W + "/many.txt")}, {syscall: "write", real: ($W + "/many.txt")},
	  {syscall: "pwrite64", real: ($W + "/pw.txt")}, {syscall: "writev", real: ($W + "/wv.txt")},
	  {syscall: "pwritev", real: ($W + "/pv.txt")}, {syscall: "pwritev2", real: ($W + "/pv2.txt")},
	  {syscall: "sendfile", real: ($W + "/sf.txt")}, {syscall: "copy_file_range", real: ($W + "/cfr.txt")},
	  {syscall: "splice", real: ($W + "/sp.txt")}, {syscall: "mmap", real: ($W + "/mm.txt")}]' \
	"exactly these write events, in order: many.txt twice (two opens), then one per file and syscall"
expect_none '.event == "write" and .real == $W + "/rw.txt"' "rw.txt opened O_RDWR and only read (and read by sendfile/copy_file_range/splice): no write event"
expect_eq 'by($root) | from_to(.event == "open" and .path == "many.txt"; .event == "open" and .path == "pw.txt")
	| map(select(.event != "close")) | proj({event, syscall, fd, real, flags, ret})' \
	'[{event: "open", syscall: "openat", fd: 3, real: ($W + "/many.txt"), flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], ret: 3},
	  {event: "dup", syscall: "dup", fd: 3, ret: 4},
	  {event: "write", syscall: "write", fd: 3, real: ($W + "/many.txt")},
	  {event: "open", syscall: "openat", fd: 5, real: ($W + "/many.txt"), flags: ["O_WRONLY", "O_APPEND"], ret: 5},
	  {event: "write", syscall: "write", fd: 5, real: ($W + "/many.txt")}]' \
	"many.txt: 1001 writes through fd 3 and its dup 4 = one event (fd 3); the second open's writes = one event (fd 5)"
expect_eq 'by($root) | kind("write") | map(select(.syscall | IN("write", "pwrite64", "writev", "pwritev", "pwritev2", "sendfile"))) | map('"$BODY"')' \
	'[{event: "write", syscall: "write", fd: 3, real: ($W + "/many.txt")},
	  {event: "write", syscall: "write", fd: 5, real: ($W + "/many.txt")},
	  {event: "write", syscall: "pwrite64", fd: 3, real: ($W + "/pw.txt")},
	  {event: "write", syscall: "writev", fd: 3, real: ($W + "/wv.txt")},
	  {event: "write", syscall: "pwritev", fd: 3, real: ($W + "/pv.txt")},
	  {event: "write", syscall: "pwritev2", fd: 3, real: ($W + "/pv2.txt")},
	  {event: "write", syscall: "sendfile", fd: 4, real: ($W + "/sf.txt")}]' \
	"write, pwrite64, writev, pwritev, pwritev2, sendfile (out fd 4, in fd 3): full objects, only fd and real besides the common keys"
expect_eq 'by($root) | kind("write") | map(select(.syscall == "copy_file_range")) | map('"$BODY"')' \
	'[{event: "write", syscall: "copy_file_range", from_fd: 3, fd: 4, real: ($W + "/cfr.txt")}]' \
	"copy_file_range(in 3, out 4): fd is the descriptor written (4), from_fd the one read (json.md)"
expect_eq 'by($root) | kind("write") | map(select(.syscall == "splice")) | map('"$BODY"')' \
	'[{event: "write", syscall: "splice", from_fd: 3, fd: 5, real: ($W + "/sp.txt")}]' \
	"splice(pipe 3 -> file 5): fd is the descriptor written (5), from_fd the pipe"
expect_eq 'by($root) | kind("write") | map(select(.syscall == "mmap")) | map('"$BODY"')' \
	'[{event: "write", syscall: "mmap", fd: 3, real: ($W + "/mm.txt")}]' \
	"mmap PROT_READ|PROT_WRITE, MAP_SHARED of fd 3: full object, only fd and real (no mmap arguments)"
no_dup_keys "no key appears twice in one event's JSON object"
expect_none '.event == "write" and (has("ret") or has("error"))' "write events carry no ret/error (recorded at entry)"
expect_none '.event == "write" and ((.real // "") | test("priv\\.txt$|^/dev/|pipe:"))' \
	"no write event for priv.txt (MAP_PRIVATE, PROT_READ mappings), /dev/null, or the pipe (write, splice into it)"
expect_eq 'by($root) | map(select(.event == "open" and .path == "priv.txt")) | length' '1' "priv.txt was opened (so its absence above means something)"
expect_none '.pid != $root' "no event from another process"

T=write/fs
check "the files hold what was written (many.txt 1002 bytes, mm.txt starts with m, sp.txt = abc)" \
	test "$(wc -c <"$W/many.txt")" = 1002 -a "$(head -c 1 "$W/mm.txt")" = m -a "$(cat "$W/sp.txt")" = abc
