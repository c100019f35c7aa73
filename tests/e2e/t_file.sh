#!/bin/bash
# Scenario 1: write a file, read it back; flags, paths, fds and closes exact.
. "$(dirname "$0")/lib.sh"
need writeread

record rw -- "$S/writeread" "$W/f.txt" f.txt
expect_status "$REC_STATUS" 0 "trail exits with the command's status"
expect_eq 'ok_execs | map(.argv)' '[[$S + "/writeread", $W + "/f.txt", "f.txt"]]' "one exec, argv exact"
expect_eq 'by($root) | kind("open") | map(select(.abs == $W + "/f.txt")) | proj(nflags | {syscall, dirfd, path, abs, real, flags, mode, ret, fd, error})' \
	'[{syscall: "openat", dirfd: "AT_FDCWD", path: ($W + "/f.txt"), abs: ($W + "/f.txt"), real: ($W + "/f.txt"),
	   flags: ["O_WRONLY", "O_CREAT", "O_TRUNC"], mode: "0640", ret: 3, fd: 3},
	  {syscall: "openat", dirfd: "AT_FDCWD", path: "f.txt", abs: ($W + "/f.txt"), real: ($W + "/f.txt"),
	   flags: ["O_RDONLY"], ret: 4, fd: 4}]' \
	"the two opens of f.txt: flags, mode, path/abs/real, fd exact (first fd 3: nothing leaked from trail)"
expect_eq 'by($root) | from(.abs == $W + "/f.txt") | proj({event, syscall, fd, ret, code, signal})' \
	'[{event: "open", syscall: "openat", fd: 3, ret: 3}, {event: "write", syscall: "write", fd: 3},
	  {event: "open", syscall: "openat", fd: 4, ret: 4},
	  {event: "close", syscall: "close", fd: 3, ret: 0}, {event: "close", syscall: "close", fd: 4, ret: 0},
	  {event: "exit", code: 0}]' \
	"from the first open on: open 3, first write to 3, open 4, close 3, close 4, exit 0 and nothing else"
expect_none '.event == "open" and ((.abs // "") | startswith($W)) and .abs != $W + "/f.txt"' "no other open under the temp dir"
expect_none '.pid != $root' "no event from another process"
expect_none '.event == "fork"' "no fork event"
expect_eq 'map(select(.event == "exit")) | length' '1' "exactly one exit event"
expect 'all(.[]; has("time_ns") and has("pid") and has("tid") and has("comm") and has("uid") and has("gid") and has("event"))' \
	"every event has time_ns, pid, tid, comm, uid, gid, event" 'map(select((has("time_ns") and has("pid") and has("tid") and has("comm") and has("uid") and has("gid") and has("event")) | not))[0]'
expect '[.[].time_ns] | . == sort and all(.[]; type == "number" and . >= 0)' "time_ns is non-negative and in order" '[.[].time_ns]'
expect 'map(select(.event == "open" and .ret >= 0)) | all(.[]; .comm == "writeread" and .uid == 0 and .gid == 0 and .tid == .pid)' \
	"opens carry comm writeread, uid/gid 0, tid == pid" 'map(select(.event == "open"))[-1]'
expect 'all(.[]; (has("error") | not) or (.ret < 0))' "no error key on a successful call" 'map(select(has("error") and .ret >= 0))[0]'

T=file/rw-text
"$TRAIL" show "$TRACE" >"$W/rw.txt" 2>"$W/rw.txt.err"
expect_status "$?" 0 "trail show exits 0"
n=$(q 'length')
lines=$(wc -l <"$W/rw.txt")
WHY="$lines lines"
check "trail show prints one line per event ($n)" test "$lines" -eq "$n"
WHY="no line with openat, $W/f.txt, O_WRONLY, O_CREAT, O_TRUNC, 0640"
check "trail show has the write open with its path, flags and mode" line_has "$W/rw.txt" openat "$W/f.txt" O_WRONLY O_CREAT O_TRUNC 0640
WHY="no line with openat, \"f.txt\", O_RDONLY"
check "trail show has the read open with the path as passed" line_has "$W/rw.txt" openat '"f.txt"' O_RDONLY
