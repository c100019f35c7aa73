#!/bin/bash
# Scenario 7: a thread other than the main one opens a file: tid != pid; the
# clone is a fork event with thread=true; the thread's own exit is thread=true.
. "$(dirname "$0")/lib.sh"
need thread
echo x >"$W/thread.txt"

record thread -- "$S/thread" "$W/thread.txt"
expect_status "$REC_STATUS" 0 "the thread opened the file (exit 0)"
expect_eq 'kind("fork") | proj({pid, tid, syscall, thread, child_pid})' \
	'[{pid: $root, tid: $root, syscall: "clone3", thread: true, child_pid: $root}]' \
	"one fork: clone3 from the main thread, thread=true, child_pid = the process"
expect 'kind("fork")[0] | .child_tid != .pid and .child_tid > 0 and .ret == .child_tid' "fork child_tid is a new tid (= ret)" 'kind("fork")'
expect 'kind("fork")[0].flags | (index(["CLONE_THREAD"]) != null) and (index(["CLONE_VM"]) != null) and (index(["CLONE_SIGHAND"]) != null) and (index(["CLONE_FILES"]) != null) and (index(["SIGCHLD"]) == null)' \
	"fork flags include CLONE_THREAD, CLONE_VM, CLONE_SIGHAND, CLONE_FILES and no SIGCHLD" 'kind("fork")[0].flags'
expect_eq 'kind("fork")[0].child_tid as $t | map(select((.abs // "") == $W + "/thread.txt" or (.event == "close" and .tid == $t)))
	| proj({event, pid, tid_is_thread: (.tid == $t), path, ret})' \
	'[{event: "open", pid: $root, tid_is_thread: true, path: ($W + "/thread.txt"), ret: 3},
	  {event: "close", pid: $root, tid_is_thread: true, ret: 0}]' \
	"the open and its close: pid = the process, tid = the thread"
expect 'map(select(.event == "open" and .path == $W + "/thread.txt"))[0] | .tid != .pid' "open tid != pid"
expect_eq 'kind("fork")[0].child_tid as $t | kind("exit") | proj({pid, tid_is_thread: (.tid == $t), thread: (.thread // false), code, signal})' \
	'[{pid: $root, tid_is_thread: true, thread: true, code: 0}, {pid: $root, tid_is_thread: false, thread: false, code: 0}]' \
	"exits: the thread (thread=true), then the process (code 0)"
expect 'kind("exit")[1] | (.thread // false) == false and .tid == .pid' "process exit comes from the main thread, thread not true" 'kind("exit")'
expect_none '.pid != $root' "no event from another process"
