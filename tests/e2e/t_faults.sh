#!/bin/bash
# Faults and abuse: Ctrl-C, SIGTERM and SIGHUP; a second Ctrl-C; trail
# killed with SIGKILL; a full disk; two recordings at once.
. "$(dirname "$0")/lib.sh"
need storm

# bg NAME -- CMD...: trail record CMD in its own session (a stand-in for a
# terminal's process group); sets BG (trail's pid, also the group id).
bg() {
	local name=$1
	shift 2
	rm -f "$W/$name.trail"
	setsid "$TRAIL" record -o "$W/$name.trail" -- "$@" >"$W/$name.out" 2>"$W/$name.err" </dev/null &
	BG=$!
	# attached: the command runs only then, and its comm is trail's until
	# its exec
	wait_for 30 sh -c "ps -o comm= -s $BG | grep -qvx trail"
}

# finished NAME STATUS: trail exited with STATUS, the file is whole
finished() {
	local name=$1 want=$2 st
	wait "$BG"
	st=$?
	expect_status "$st" "$want" "trail exits with the command's status ($want)"
	"$TRAIL" summary "$W/$name.trail" >"$W/$name.sum" 2>"$W/$name.sum.err"
	WHY=$(cat "$W/$name.sum.err" "$W/$name.sum" | head -3)
	check "the recording is complete (trailer written)" test -z "$(grep -i incomplete "$W/$name.sum" "$W/$name.sum.err")"
}

T=faults/ctrl-c
bg int -- sleep 30
kill -INT -- "-$BG"		# the terminal signals the whole foreground group
finished int 130
check "summary: the command was killed by SIGINT" grep -q 'killed by SIGINT' "$W/int.sum"

T=faults/sigterm
bg term -- sleep 30
kill -TERM "$BG"			# trail alone: passed on to the command
finished term 143
check "summary: the command was killed by SIGTERM" grep -q 'killed by SIGTERM' "$W/term.sum"

T=faults/sighup
bg hup -- sleep 30
kill -HUP "$BG"
finished hup 129

T=faults/ctrl-c-twice
bg twice -- sh -c 'trap "" INT; exec sleep 300'	# the command ignores Ctrl-C
kill -INT -- "-$BG"
# trail has read the first (two pending signals would be one)
wait_for 30 grep -q '^ShdPnd:[[:space:]]*0*$' "/proc/$BG/status"
kill -INT -- "-$BG"
wait "$BG"
st=$?
expect_status "$st" 130 "a second Ctrl-C: trail exits 130"
WHY="no 'sleep 300' left"
check "a second Ctrl-C ends trail at once, the command still running" sh -c "pgrep -f 'sleep 300' >/dev/null"
pkill -f 'sleep 300' 2>/dev/null
"$TRAIL" show --json "$W/twice.trail" >"$W/twice.json" 2>"$W/twice.err"
CUR=$W/twice.json
expect_status "$?" 0 "the recording reads"
expect 'any(.[]; .event == "exec" and .argv[0] == "sleep")' "it holds the command's exec"

T=faults/sigkill
bg killed -- "$S/storm" 4000000
# a chunk or two written (about every MiB), however fast the machine
wait_for 120 sh -c "[ \$(stat -c %s '$W/killed.trail') -gt 2500000 ]"
kill -KILL "$BG"
wait "$BG" 2>/dev/null
pkill -f "$S/storm" 2>/dev/null
"$TRAIL" show --json "$W/killed.trail" >"$W/killed.json" 2>"$W/killed.err"
expect_status "$?" 0 "trail show reads a recording whose recorder was SIGKILLed"
WHY=$(cat "$W/killed.err")
check "readers say it is incomplete" grep -q "^trail: warning: .*is incomplete" "$W/killed.err"
CUR=$W/killed.json
expect 'map(select(.event != "ident" and .event != "cap")) | .[0].event == "exec" and length > 1000' "it reads up to the last complete chunk (many events, from the exec on)" 'length'
"$TRAIL" summary "$W/killed.trail" >"$W/killed.sum" 2>/dev/null
check "summary marks it INCOMPLETE" grep -q INCOMPLETE "$W/killed.sum"

T=faults/dev-full
run_cmd devfull "$TRAIL" record -o /dev/full -- touch "$W/devfull-ran"
expect_status "$CMD_STATUS" 2 "-o /dev/full: exit 2"
WHY=$(cat "$W/devfull.stderr")
check "-o /dev/full: one error line, No space left on device" grep -q "^trail: can't write '/dev/full': No space left on device" "$W/devfull.stderr"
check "-o /dev/full: the command was not started" test ! -e "$W/devfull-ran"
check "-o /dev/full: /dev/full is still a device" test -c /dev/full

T=faults/disk-full
mkdir -p "$W/small"
if mount -t tmpfs -o size=512k trail-test "$W/small"; then
	run_cmd small "$TRAIL" record -o "$W/small/x.trail" -- "$S/storm" 100000
	expect_status "$CMD_STATUS" 2 "disk full while recording: exit 2"
	WHY=$(cat "$W/small.stderr")
	check "disk full: a clear error" grep -q "^trail: can't write '$W/small/x.trail': No space left on device" "$W/small.stderr"
	WHY="$(pgrep -a -f "$S/storm 100000")"
	check "disk full: the command ran to its end, not left hanging" test -z "$WHY"
	"$TRAIL" show "$W/small/x.trail" >/dev/null 2>"$W/small.show.err"
	expect_status "$?" 0 "disk full: what was written reads"
	rm -f "$W/small/x.trail"
	# with --lossless the command may be frozen when the write fails
	run_cmd smallll "$TRAIL" record --lossless -b 64K -o "$W/small/x.trail" -- "$S/storm" 100000 twin
	expect_status "$CMD_STATUS" 2 "disk full under --lossless: exit 2"
	WHY="$(pgrep -a -f "$S/storm 100000")"
	check "disk full under --lossless: the command is thawed and ends" test -z "$WHY"
	umount "$W/small"
else
	fail "disk full" "can't mount a tmpfs"
fi

T=faults/two-sessions
rm -f "$W/a.trail" "$W/b.trail"
(cd "$W" && "$TRAIL" record -o a.trail -- sh -c 'for i in 1 2 3 4 5 6 7 8; do cat /etc/hostname > a.out; sleep 0.05; done') 2>"$W/a.err" &
A=$!
(cd "$W" && "$TRAIL" record -o b.trail -- sh -c 'for i in 1 2 3 4 5 6 7 8; do cat /etc/hostname > b.out; sleep 0.05; done') 2>"$W/b.err" &
B=$!
wait $A; sa=$?
wait $B; sb=$?
check "both recordings exit 0" test "$sa$sb" = 00
"$TRAIL" show --json "$W/a.trail" >"$W/a.json"
"$TRAIL" show --json "$W/b.trail" >"$W/b.json"
CUR=$W/a.json
expect_eq '[.[] | select(.event == "open" and (.path == "a.out" or .path == "b.out")) | .path] | unique' '["a.out"]' "session A sees its own writes only"
CUR=$W/b.json
expect_eq '[.[] | select(.event == "open" and (.path == "a.out" or .path == "b.out")) | .path] | unique' '["b.out"]' "session B sees its own writes only"
pa=$(jq -r '.pid' "$W/a.json" | sort -u)
pb=$(jq -r '.pid' "$W/b.json" | sort -u)
WHY=$(comm -12 <(echo "$pa") <(echo "$pb") | head -3)
check "no process appears in both" test -z "$(comm -12 <(echo "$pa") <(echo "$pb"))"
