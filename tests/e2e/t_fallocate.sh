#!/bin/bash
# fallocate, added to trail as one row of syscalls.def: a truncate event
# with fd, flags, offset and length, the file from the kernel on success
# (real), the error on failure; the file is an output of the command.
. "$(dirname "$0")/lib.sh"
need fallocate
echo x >"$W/ro"

record fallocate -- "$S/fallocate"
expect_status "$REC_STATUS" 0 "every call gave the expected result (exit 0)"
expect_eq 'by($root) | kind("truncate") | map(del(.time_ns, .time, .duration_ns, .pid, .tid, .comm, .uid, .gid, .nspid,
		.cgroup_id, .mntns, .pidns, .netns, .userns))' \
	'[{event: "truncate", syscall: "fallocate", ret: 0, fd: 3, flags: 0, offset: 0, length: 4096, real: ($W + "/data")},
	  {event: "truncate", syscall: "fallocate", ret: 0, fd: 3, flags: 1, offset: 4096, length: 8192, real: ($W + "/data")},
	  {event: "truncate", syscall: "fallocate", ret: -9, error: "EBADF", fd: 4, flags: 0, offset: 0, length: 100},
	  {event: "truncate", syscall: "fallocate", ret: -9, error: "EBADF", fd: 77, flags: 0, offset: 0, length: 100}]' \
	"four fallocate events, keys and values exact, in order; real only on success"
expect_none '.event == "syscall"' "fallocate is an event of the table, not a --syscall one"

T=fallocate/text
check "show prints it as strace does, with the file from the kernel" \
	grep -qxF "fallocate(3, 0, 0, 4096) = 0 <$W/data>" <("$TRAIL" show "$TRACE" | sed 's/^ *[0-9]* [^ ]* *[0-9.]* //')
"$TRAIL" deps --format json "$TRACE" >"$W/deps.json" 2>/dev/null
ok=$(jq --arg d "$W/data" --arg r "$W/ro" '(.outputs | index($d)) != null and (.outputs | index($r)) == null
	and (.inputs | index($r)) != null' "$W/deps.json")
check "deps counts the allocated file as an output, and not the one it failed on" test "$ok" = true
