#!/bin/bash
# trail watch: events printed as they happen, in show's format, with the
# --event and --comm filters applied in the kernel (checked through the
# count of records that reached trail), JSON Lines, per-line output into a
# pipe, and Ctrl-C.
. "$(dirname "$0")/lib.sh"
need openloop
cd "$W" || exit 1
touch "$W/f" "$W/rel.txt"
work="$S/openloop $W/f 2000 0; /bin/true; /bin/true"

# received FILE: the count in "trail: N events received"
received() { sed -n 's/^trail: \([0-9]*\) events received$/\1/p' "$1"; }

T="$SUITE/all-kinds"
run_cmd all "$TRAIL" watch -- sh -c "$work"
expect_status "$CMD_STATUS" 0 "watch -- COMMAND exits with its status"
n_all=$(received "$W/all.stderr")
WHY="received '$n_all': $(head -c 200 "$W/all.stderr")"
check "without filters, the 4000 opens and closes reach trail" test "${n_all:-0}" -ge 4000
WHY="$(grep -c 'openat(AT_FDCWD, "'"$W"'/f"' "$W/all.stdout") lines"
check "without filters, the 2000 opens are printed" test "$(grep -c 'openat(AT_FDCWD, "'"$W"'/f"' "$W/all.stdout")" = 2000

T="$SUITE/event"
run_cmd ev "$TRAIL" watch --event exec -- sh -c "$work"
expect_status "$CMD_STATUS" 0 "--event exec: status 0"
WHY="$(head -c 300 "$W/ev.stdout")"
check "--event exec: 4 exec lines (sh, openloop, true, true)" test "$(grep -c ' execve(' "$W/ev.stdout")" = 4
check "--event exec: nothing else printed" test "$(grep -vc ' execve(' "$W/ev.stdout")" = 0
n=$(received "$W/ev.stderr")
WHY="received '$n'"
check "--event exec: the opens never reached trail (in-kernel filter: $n records)" test "${n:-99999}" -lt 50

T="$SUITE/comm"
run_cmd comm "$TRAIL" watch --json --comm true -- sh -c "$work"
CUR=$W/comm.stdout
expect_status "$CMD_STATUS" 0 "--comm true: status 0"
expect 'length > 0 and all(.[]; .comm == "true")' "--comm true: only events of tasks named true"
expect_count 2 '.event == "exec" and .ret == 0 and .filename == "/bin/true"' "--comm true: both execs of true"
expect_count 2 '.event == "exit"' "--comm true: both exits of true"
n=$(received "$W/comm.stderr")
WHY="received '$n'"
check "--comm true: openloop's events never reached trail (in-kernel filter: $n records)" test "${n:-99999}" -lt 300

T="$SUITE/event-comm"
run_cmd evcomm "$TRAIL" watch --json --event exec --comm true,openloop -- sh -c "$work"
CUR=$W/evcomm.stdout
expect_eq '[.[] | [.event, .comm, .argv[0]]]' '[["exec", "openloop", $S + "/openloop"], ["exec", "true", "/bin/true"], ["exec", "true", "/bin/true"]]' \
	"--event exec --comm true,openloop: exactly the three execs"
n=$(received "$W/evcomm.stderr")
WHY="received '$n'"
check "--event exec --comm true,openloop: few records reached trail ($n)" test "${n:-99999}" -lt 20

T="$SUITE/syscall"
run_cmd gen "$TRAIL" watch --json --event exec --syscall uname -- sh -c "/bin/uname -s >/dev/null; /bin/true"
CUR=$W/gen.stdout
expect_status "$CMD_STATUS" 0 "--event exec --syscall uname: status 0"
expect_eq '[.[] | .event] | unique' '["exec", "syscall"]' \
	"--event exec --syscall uname: execs and the syscall asked for, nothing else"
expect_eq '[.[] | select(.event == "exec") | .argv[0]]' '["sh", "/bin/uname", "/bin/true"]' "the three execs"
expect 'any(.[]; .event == "syscall" and .syscall == "uname" and .comm == "uname" and .ret == 0 and (.name | test("^0x")))' \
	"uname's own uname(2), its struct pointer in hex"
expect_none '.event == "syscall" and .syscall != "uname"' "no other syscall events"

T="$SUITE/json"
run_cmd json "$TRAIL" watch --json -- sh -c "cat rel.txt; cat $W/nonexistent 2>/dev/null; true"
CUR=$W/json.stdout
if n=$(jq -s 'if all(.[]; type == "object") then length else error("not all objects") end' "$CUR" 2>&1) &&
	[ "$n" -gt 0 ] && [ "$n" = "$(wc -l <"$CUR")" ]; then
	pass "--json: every line is one JSON object ($n)"
else
	fail "--json: every line is one JSON object" "$n"
fi
no_dup_keys "--json: no repeated keys"
expect_one '.event == "open" and .path == "rel.txt" and .abs == $W + "/rel.txt" and .ret >= 0' \
	"--json: a relative open has its absolute path (the live model)"
expect_one '.event == "exec" and .ret == 0 and .argv == ["cat", "rel.txt"]' "--json: exec with argv"

T="$SUITE/failed"
run_cmd failed "$TRAIL" watch --json --failed --event open -- cat "$W/nonexistent"
CUR=$W/failed.stdout
expect 'length > 0 and all(.[]; .event == "open" and .ret < 0)' "--failed --event open: only failed opens"
expect_one '.abs == $W + "/nonexistent" and .error == "ENOENT"' "--failed: the missing file"
WHY="a trail.data appeared in $W"
check "watch writes no recording" test ! -e "$W/trail.data"

# --- Ctrl-C, output through a pipe as it happens ---
T="$SUITE/sigint"
"$TRAIL" watch -a --event exec --comm true > >(cat >"$W/int.out") 2>"$W/int.err" &
TP=$!
BG_PIDS+=("$TP")
end=$((SECONDS + 15))
until grep -q '"/bin/true"' "$W/int.out" 2>/dev/null || [ $SECONDS -ge $end ]; do
	/bin/true
	sleep 0.1
done
WHY="nothing in the pipe after 15 s: $(head -c 200 "$W/int.err")"
check "an exec reaches the pipe while watch runs (flushed per line)" grep -q '"/bin/true"' "$W/int.out"
kill -INT "$TP"
end=$((SECONDS + 10))
while kill -0 "$TP" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.05; done
kill -9 "$TP" 2>/dev/null
wait "$TP"
expect_status "$?" 0 "SIGINT ends watch with status 0"
WHY="stderr: $(head -c 300 "$W/int.err")"
check "SIGINT: the lost-events line on stderr" grep -qE '^trail: [0-9]+ events lost' "$W/int.err"
sleep 0.2
WHY="$(grep -v 'execve("/bin/true"' "$W/int.out" | head -3)"
check "SIGINT: only execs of true were printed" test "$(grep -vc 'execve("/bin/true"' "$W/int.out")" = 0

# --- outputs for a log pipeline (t_syslog.sh: --syslog) ---
T="$SUITE/output"
run_cmd out "$TRAIL" watch --event exec --output "$W/ev.jsonl" -- sh -c '/bin/true one; /bin/true two'
CUR=$W/ev.jsonl
expect_status "$CMD_STATUS" 0 "--output: status 0"
check "--output: nothing on the terminal" test ! -s "$W/out.stdout"
check "--output: a new file is 0600" test "$(stat -c %a "$W/ev.jsonl")" = 600
expect_eq '[.[] | .argv[1]]' '["-c", "one", "two"]' "--output: the three execs, one JSON object a line"
expect 'all(.[]; (.host | length) > 0 and (.session | test("^[0-9a-f]{32}$")) and has("boot_id"))' \
	"--output: host, session (128 bits in hex) and boot_id on every line"
expect_eq '[.[] | .session] | unique | length' '1' "--output: one session for the run"
sid1=$(head -1 "$W/ev.jsonl" | jq -r .session)
run_cmd out2 "$TRAIL" watch --event exec --output "$W/ev.jsonl" --print --json -- /bin/true three
expect_eq '[.[] | .argv[1]] | .[3]' '"three"' "--output: an existing file is appended to"
expect_eq "[.[] | .session] | unique | length" '2' "--output: a new session at the next run"
CUR=$W/out2.stdout
expect_eq '[.[] | [.argv[1], .host == "'"$(hostname)"'"]]' '[["three", true]]' "--print --json: the terminal too, with host"
ln -s "$W/elsewhere" "$W/link.jsonl"
run_cmd link "$TRAIL" watch --event exec --output "$W/link.jsonl" -- /bin/true
check "--output: a symlink is refused (status $CMD_STATUS)" test "$CMD_STATUS" = 2 -a ! -e "$W/elsewhere"

T="$SUITE/rotate"
run_cmd rot "$TRAIL" watch --event exec --output "$W/r.jsonl" --rotate 64K,3 \
	-- sh -c 'i=0; while [ $i -lt 150 ]; do i=$((i+1)); /bin/true $i; done'
expect_status "$CMD_STATUS" 0 "--rotate 64K,3: status 0"
WHY="$(ls "$W" | grep r.jsonl | tr '\n' ' ')"
check "--rotate 64K,3: r.jsonl, r.jsonl.1, r.jsonl.2 and no more" \
	test "$(ls "$W" | grep -c '^r\.jsonl')" = 3 -a -s "$W/r.jsonl.2" -a ! -e "$W/r.jsonl.3"
cat "$W/r.jsonl.2" "$W/r.jsonl.1" "$W/r.jsonl" >"$W/r.all"
CUR=$W/r.all
expect_eq '[.[] | .argv[1] | select(test("^[0-9]+$")) | tonumber] | . == [range(.[0]; 151)]' 'true' \
	"--rotate: the files, oldest first, hold the last execs in order, none twice"
check "--rotate: each file about 64K (the line that passed it ends it)" \
	test "$(stat -c %s "$W/r.jsonl.1")" -lt 80000 -a "$(stat -c %s "$W/r.jsonl.1")" -ge 65536

T="$SUITE/sighup"
# sh's parent is trail: SIGHUP ends the file, the command goes on
run_cmd hup "$TRAIL" watch --event exec --output "$W/h.jsonl" \
	-- sh -c '/bin/true before; kill -HUP $PPID; sleep 0.5; /bin/true after'
expect_status "$CMD_STATUS" 0 "SIGHUP: watching goes on, the command's status 0"
CUR=$W/h.jsonl.1
# (an exec made as the signal came may be in either file)
expect_eq '[.[] | select(.comm == "true") | .argv[1]]' '["before"]' "SIGHUP: the file still at FILE shifted to FILE.1 by trail"
CUR=$W/h.jsonl
expect_eq '[.[] | select(.comm == "true") | .argv[1]]' '["after"]' "SIGHUP: a new FILE after it"
run_cmd hup2 "$TRAIL" watch --event exec --output "$W/g.jsonl" \
	-- sh -c "/bin/true before; mv $W/g.jsonl $W/g.old; kill -HUP \$PPID; sleep 0.5; /bin/true after"
CUR=$W/g.old
expect_eq '[.[] | select(.comm == "true" or .comm == "mv") | .argv[1]]' '["before", "'"$W/g.jsonl"'"]' \
	"logrotate moved FILE: the old one keeps what came before"
CUR=$W/g.jsonl
expect_eq '[.[] | select(.comm == "true") | .argv[1]]' '["after"]' "logrotate moved FILE: a new FILE"
check "logrotate moved FILE: no FILE.1" test ! -e "$W/g.jsonl.1"

# --- bad inputs ---
T="$SUITE/bad"
bad() {
	local desc=$1 lines
	shift
	run_cmd bad "$TRAIL" watch "$@"
	lines=$(wc -l <"$W/bad.stderr")
	if [ "$CMD_STATUS" = 2 ] && [ "$lines" = 1 ] && grep -q '^trail: ' "$W/bad.stderr" &&
		[ ! -s "$W/bad.stdout" ]; then
		pass "$desc: $(cat "$W/bad.stderr")"
	else
		fail "$desc" "status $CMD_STATUS, $lines lines: $(head -c 300 "$W/bad.stderr")"
	fi
}
bad "no target" --event exec
bad "unknown event" -a --event exec,nope
bad "empty --comm" -a --comm ''
bad "17 names in --comm" -a --comm a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q
bad "unknown option" -a --bogus
bad "--rotate without --output" -a --rotate 1M
bad "bad --rotate" -a --output "$W/x" --rotate 1
bad "bad --syslog" -a --syslog ftp://x
bad "unknown --syslog-facility" -a --syslog unix:/dev/log --syslog-facility nope
bad "--print without an output" -a --print
