#!/bin/bash
# record --syscall: getrandom, uname and sethostname (in a UTS namespace of
# the scenario's own), each also failing; their arguments named and typed
# from the kernel's tracepoint formats, the string argument read, results
# and errors; syscalls not asked for absent; then the errors (unknown name,
# no tracepoint, too many), a syscall trail traces already, and tracefs
# unmounted (in a private mount namespace, so the machine's stays).
. "$(dirname "$0")/lib.sh"
need generic

host_before=$(hostname)
tracefs_before=$(mountpoint -q /sys/kernel/tracing && echo mounted)
record main --syscall getrandom,uname,sethostname -- "$S/generic" "$W/facts"
expect_status "$REC_STATUS" 0 "the scenario ran (exit 0)"
fact() { awk -v k="$1" '$1 == k { print $2 }' "$W/facts"; }
jqarg uts "$(fact uts)"
check "the scenario's calls did what it expected" \
	test "$(fact rnd_ret) $(fact rnd_bad) $(fact uts_ret) $(fact uts_bad) $(fact host_ret) $(fact host_long) $(fact host_null) $(fact nodename)" \
	= "16 -1 0 -1 0 -1 -1 trail-generic"
WHY="hostname now '$(hostname)', was '$host_before'"
check "the machine's hostname is unchanged" test "$(hostname)" = "$host_before"
no_dup_keys "no event repeats a JSON key"

# the scenario's own calls (the C library's start calls getrandom too)
expect_eq 'by($root) | map(select(.event == "syscall" and .syscall == "getrandom" and .len == 16)) | proj({syscall, len, flags, ret, error})' \
	'[{syscall: "getrandom", len: 16, flags: "0x1", ret: 16},
	  {syscall: "getrandom", len: 16, flags: "0xff00", ret: -22, error: "EINVAL"}]' \
	"getrandom: size_t len decimal, unsigned int flags hex, result; bad flags: EINVAL"
expect 'by($root) | map(select(.event == "syscall" and .syscall == "getrandom")) | all(.ubuf | type == "string" and length <= 16)' \
	"getrandom's char *ubuf is read as a string at exit (the bytes written, up to a NUL)"
expect_eq 'by($root) | map(select(.event == "syscall" and .syscall == "uname")) | proj({syscall, name, ret, error})' \
	'[{syscall: "uname", name: $uts, ret: 0}, {syscall: "uname", name: "0x8", ret: -14, error: "EFAULT"},
	  {syscall: "uname", name: $uts, ret: 0}]' \
	"uname (tracepoint newuname): struct new_utsname *name as the scenario's address in hex; EFAULT"
expect_eq 'by($root) | map(select(.event == "syscall" and .syscall == "sethostname")) | proj({syscall, name, len, ret, error})' \
	'[{syscall: "sethostname", name: "trail-generic", len: 13, ret: 0},
	  {syscall: "sethostname", name: ("x" * 100), len: 100, ret: -22, error: "EINVAL"},
	  {syscall: "sethostname", len: 5, ret: -14, error: "EFAULT"}]' \
	"sethostname: char *name read as a string, int len; too long: EINVAL; NULL: EFAULT"
expect 'by($root) | map(select(.event == "syscall" and .syscall == "sethostname"))[2] | has("name") and .name == null' \
	"sethostname(NULL, 5): name is null"
expect_eq '[.[] | select(.event == "syscall") | .syscall] | unique' '["getrandom", "sethostname", "uname"]' \
	"no syscall events but the three asked for (getpid, getppid, getcwd were called too)"
expect_eq 'by($root) | map(select(.event == "syscall" and .syscall == "sethostname")) | map(keys - ["time_ns", "time", "duration_ns", "pid", "tid", "comm", "uid", "gid", "event", "syscall", "ret", "error", "nspid", "cgroup_id", "mntns", "pidns", "netns", "userns"]) | unique' \
	'[["len", "name"]]' "sethostname events: the kernel's argument names are the only other keys"
expect_eq 'by($root) | map(select(.event == "ns")) | proj({syscall, flags, ret})' \
	'[{syscall: "unshare", flags: ["CLONE_NEWUTS"], ret: 0}]' "trail's own events are recorded as usual alongside"

T=syscall_generic/main
run_cmd text "$TRAIL" show "$TRACE"
WHY="$(grep -E 'sethostname|uname' "$W/text.stdout" | head -5)"
check "text: sethostname(\"trail-generic\", 13) = 0" line_has "$W/text.stdout" 'sethostname("trail-generic", 13) = 0'
check "text: sethostname(NULL, 5) = -1 EFAULT" line_has "$W/text.stdout" 'sethostname(NULL, 5) = -1 EFAULT (Bad address)'
check "text: uname(ADDR) = 0" line_has "$W/text.stdout" "uname($(fact uts)) = 0"
check "text: getrandom(..., 16, 0xff00) = -1 EINVAL" line_has "$W/text.stdout" ', 16, 0xff00) = -1 EINVAL (Invalid argument)'
WHY="$(grep -a getrandom "$W/text.stdout" | head -3)"
check "text: getrandom's random bytes escaped (\\xNN), the output is valid UTF-8" \
	iconv -f UTF-8 -t UTF-8 -o /dev/null "$W/text.stdout"
check "text: getrandom's buffer shows escapes" grep -q 'getrandom(".*\\x[89a-f][0-9a-f]' "$W/text.stdout"
run_cmd only "$TRAIL" show --json --event syscall "$TRACE"
check "show --event syscall keeps only them (9 of the scenario's and libc's)" \
	test "$(jq -s 'map(.event) | unique == ["syscall"] and length >= 8' "$W/only.stdout")" = true

# other syscalls: an output buffer read at exit, a name an event key has
record other --syscall sched_getscheduler,getcwd -- "$S/generic" "$W/facts2"
jqarg cwd "$W"
expect_eq 'by($root) | map(select(.event == "syscall")) | proj({syscall, buf, size, ret})' \
	'[{syscall: "getcwd", buf: $cwd, size: "0x100", ret: (($cwd | length) + 1)}]' \
	"getcwd: the path the kernel wrote, read at exit; unsigned long size in hex"
expect_none '.event == "syscall" and .syscall != "getcwd"' "none of the first recording's three now"

# a syscall trail traces already: recorded as usual, a warning, no syscall event
record dup --syscall openat,getppid -- "$S/generic" "$W/facts3"
expect_status "$REC_STATUS" 0 "--syscall openat,getppid: exit 0"
WHY="stderr: $(head -c 300 "$REC_ERR")"
check "one warning names openat as traced already" \
	test "$(grep -c "^trail: warning: --syscall: traced by trail already, recorded as usual: openat (open)$" "$REC_ERR")" = 1
expect 'by($root) | map(select(.event == "open")) | length > 0' "open events recorded as usual"
expect_eq '[.[] | select(.event == "syscall") | .syscall] | unique' '["getppid"]' "only getppid as syscall events"

# errors: one line, exit 2, no file
T=syscall_generic/errors
err_case() {	# NAME WANT-LINE LIST
	run_cmd "$1" "$TRAIL" record -o "$W/$1.trail" --syscall "$3" -- true
	expect_status "$CMD_STATUS" 2 "$1: exit 2"
	WHY="stderr: $(head -c 300 "$W/$1.stderr")"
	check "$1: one line: $2" test "$(cat "$W/$1.stderr")" = "$2"
	check "$1: no file left" test ! -e "$W/$1.trail"
}
err_case unknown "trail: --syscall: unknown syscall 'nosuchcall'" getrandom,nosuchcall
err_case notp "trail: --syscall: syscall 'tuxcall' has no tracepoint (no /sys/kernel/tracing/events/syscalls/sys_enter_tuxcall)" tuxcall
err_case many "trail: --syscall: too many syscalls (at most 16 besides trail's own)" \
	getpid,getppid,gettid,getuid,geteuid,getgid,getegid,getpgrp,getsid,sched_yield,getrandom,uname,sethostname,getcwd,umask,alarm,pause
run_cmd empty "$TRAIL" record -o "$W/empty.trail" --syscall , -- true
expect_status "$CMD_STATUS" 2 "--syscall ',': usage error, exit 2"
check "--syscall ',': names the problem" grep -q "^trail: --syscall needs syscall names" "$W/empty.stderr"

# tracefs not mounted: trail mounts it for the formats and unmounts it after
# (in a private mount namespace: the machine's mounts are not touched)
T=syscall_generic/tracefs
cat >"$W/nofs.sh" <<EOF
umount /sys/kernel/debug 2>/dev/null
umount /sys/kernel/tracing 2>/dev/null
if mountpoint -q /sys/kernel/tracing || [ -e /sys/kernel/debug/tracing/events ]; then
	echo "could not unmount tracefs"; exit 3
fi
cd "$W" && "$TRAIL" record -o "$W/nofs.trail" --syscall sethostname -- "$S/generic" "$W/facts4" || exit 4
mountpoint -q /sys/kernel/tracing && { echo "tracefs left mounted"; exit 5; }
exit 0
EOF
run_cmd nofs unshare -m --propagation private sh "$W/nofs.sh"
WHY="exit $CMD_STATUS: $(tr '\n' ' ' <"$W/nofs.stdout" | head -c 200) $(tr '\n' ' ' <"$W/nofs.stderr" | head -c 200)"
check "with tracefs unmounted, record --syscall works and leaves it unmounted" test "$CMD_STATUS" = 0
CUR=$W/nofs.json
"$TRAIL" show --json "$W/nofs.trail" >"$CUR" 2>/dev/null
expect_eq 'by($root) | map(select(.event == "syscall")) | map(.name)' '["trail-generic", ("x" * 100), null]' \
	"the formats were read: sethostname's name is a string"
WHY="before: '$tracefs_before'"
check "the machine's tracefs mount is as it was" test "$(mountpoint -q /sys/kernel/tracing && echo mounted)" = "$tracefs_before"
