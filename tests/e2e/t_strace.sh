#!/bin/bash
# trail speaks strace: -e with syscall names, strace's classes and
# trace=, "did you mean" for a wrong name; -z/-Z; the task's name on every
# text line; -t/-tt/-ttt/-r (--time); the wall-clock time in JSON; the
# same -e in the kernel for record and watch.
. "$(dirname "$0")/lib.sh"
echo data >"$W/a"
CMDLINE='cat a >/dev/null; cat missing 2>/dev/null; exit 0'

record all -- sh -c "$CMDLINE"
expect_status "$REC_STATUS" 0 "the command exits 0"
ALL=$CUR

T=strace/select
sel() {	# sel NAME ARGS...: show --json with ARGS into $W/NAME.json, CUR
	CUR=$W/sel-$1.json
	shift
	"$TRAIL" show --json "$@" "$TRACE" >"$CUR" 2>"$W/sel.err"
}
sel openat -e openat
expect 'length > 0 and all(.[]; .syscall == "openat")' "-e openat: only openat calls"
n_all=$(jq -s '[.[] | select(.syscall == "openat")] | length' "$ALL")
expect "length == $n_all" "-e openat: every openat of the recording ($n_all)"
sel trace -e trace=openat,execve
expect_eq 'map(.syscall) | unique' '["execve", "openat"]' "-e trace=openat,execve: openat and execve, nothing else"
sel process -e %process
expect_eq 'map(.event) | unique' '["exec", "exit", "fork"]' "-e %process: forks, execs and exits"
sel file -e %file
expect 'length > 0 and all(.[]; has("path") or has("filename"))' "-e %file: only calls that name a file"
expect 'any(.[]; .syscall == "openat") and any(.[]; .syscall == "execve") and all(.[]; .event != "close")' \
	"-e %file: openat and execve, no close"
sel both -e %process,openat
expect_eq 'map(.event) | unique' '["exec", "exit", "fork", "open"]' "-e %process,openat: the union"

T=strace/errors
for bad in opnat %fiel zzzzzzzzzzzz ''; do
	run_cmd bad "$TRAIL" show -e "$bad" "$TRACE"
	case $bad in
	opnat) want="trail: unknown event or syscall 'opnat' (did you mean 'openat'?) (see 'trail show --help')" ;;
	%fiel) want="trail: unknown event or syscall '%fiel' (did you mean '%file'?) (see 'trail show --help')" ;;
	zzzzzzzzzzzz) want="trail: unknown event or syscall 'zzzzzzzzzzzz' (see 'trail show --help')" ;;
	'') want="trail: no event or syscall in '' (see 'trail show --help')" ;;
	esac
	WHY="exit $CMD_STATUS: $(cat "$W/bad.stderr")"
	check "-e '$bad': one line saying so, exit 2, nothing shown" \
		test "$CMD_STATUS" = 2 -a "$(cat "$W/bad.stderr")" = "$want" -a ! -s "$W/bad.stdout"
done
run_cmd badtime "$TRAIL" show --time sundial "$TRACE"
check "--time sundial: refused, exit 2" test "$CMD_STATUS" = 2 -a "$(wc -l <"$W/badtime.stderr")" = 1
run_cmd twotimes "$TRAIL" show -t -r "$TRACE"
check "-t with -r: refused, exit 2" test "$CMD_STATUS" = 2

T=strace/result
sel z -z
n_fail=$(jq -s '[.[] | select(.ret != null and .ret < 0)] | length' "$ALL")
expect 'all(.[]; (.ret // 0) >= 0)' "-z: no failed call"
expect "length == $(jq -s 'length' "$ALL") - $n_fail" "-z: every other event, exits too ($n_fail failed left out)"
sel Z -Z
expect "length == $n_fail and all(.[]; .ret < 0)" "-Z: the $n_fail failed calls, nothing else"
expect 'any(.[]; .syscall == "openat" and .path == "missing" and .error == "ENOENT")' "-Z: the open of 'missing' is one"
sel failed --failed
check "--failed is -Z" cmp -s "$W/sel-Z.json" "$W/sel-failed.json"

T=strace/text
"$TRAIL" show "$TRACE" >"$W/text.txt"
ok=$(paste -d' ' <(awk '{ print $1, $2 }' "$W/text.txt") <(jq -r '"\(.pid) \(.comm)"' "$ALL") |
	awk '{ if ($1 != $3 || $2 != $4) bad++ } END { print bad + 0 }')
check "every text line has the pid and the task's name of its event" test "$ok" = 0 -a -s "$W/text.txt"
check "lines as strace: 'PID COMM TIME call'" grep -qE '^ +[0-9]+ cat +[0-9]+\.[0-9]{6} openat\(AT_FDCWD, "missing", O_RDONLY\) = -1 ENOENT' "$W/text.txt"

T=strace/time
"$TRAIL" show -tt -e execve "$TRACE" >"$W/tt.txt"
check "-tt: HH:MM:SS.uuuuuu" grep -qE '^ +[0-9]+ [^ ]+ +[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9]{6} execve\(' "$W/tt.txt"
"$TRAIL" show --time clock -e execve "$TRACE" >"$W/t.txt"
check "--time clock (-t): HH:MM:SS" grep -qE '^ +[0-9]+ [^ ]+ +[0-2][0-9]:[0-5][0-9]:[0-5][0-9] execve\(' "$W/t.txt"
now=$(date +%s)
"$TRAIL" show -ttt -e execve "$TRACE" >"$W/ttt.txt"
secs=$(awk 'NR == 1 { print int($3) }' "$W/ttt.txt")
check "-ttt: seconds since the epoch, of this run ($secs, now $now)" \
	test -n "$secs" -a "$secs" -le "$now" -a "$secs" -gt $((now - 600))
"$TRAIL" show -r -e execve "$TRACE" >"$W/r.txt"
check "-r: the first line at 0.000000, the others after it" \
	awk 'NR == 1 && $3 != "0.000000" { exit 1 } $3 < 0 { exit 1 } END { exit NR < 2 }' "$W/r.txt"
CUR=$ALL
expect 'all(.[]; .time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{9}Z$"))' \
	"JSON: every event has its wall-clock time, ISO 8601 UTC with nanoseconds"
expect '[.[] | ((.time | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) * 1e9
	+ (.time | capture("\\.(?<ns>[0-9]+)Z").ns | tonumber) - .time_ns)] | (max - min) < 2000' \
	"JSON: time less time_ns is the same for every event (the recording's start)"

T=strace/kernel
record rec-e -e trace=openat -- sh -c "$CMDLINE"
expect 'all(.[]; .event == "fork" or .event == "exec" or .event == "exit" or .event == "ident" or .syscall == "openat")' \
	"record -e trace=openat: openat, and the process events the views need; nothing else"
expect 'any(.[]; .syscall == "openat" and .path == "missing")' "record -e trace=openat: the failed open is there"
(cd "$W" && timeout 60 "$TRAIL" watch -e openat -Z -- sh -c "$CMDLINE" >"$W/watch.txt" 2>"$W/watch.err")
check "watch -e openat -Z: only failed openat lines" \
	awk '!/ openat\(.* = -1 E/ { exit 1 } END { exit NR == 0 }' "$W/watch.txt"
check "watch -e openat -Z: the open of 'missing' is one" grep -q 'openat(AT_FDCWD, "missing", O_RDONLY) = -1 ENOENT' "$W/watch.txt"

T=strace/streams
# the command's standard output is a file of the caller's (record runs it
# with stdout to $REC_OUT): a stream, not a product; what it writes by name is
record streams -- sh -c 'echo to-stdout; echo made >made.txt'
"$TRAIL" deps --format json "$TRACE" >"$W/streams.deps"
ok=$(jq -c --arg o "$REC_OUT" --arg m "$W/made.txt" '[(.outputs | index($m) != null), (.outputs | index($o) == null),
	(.streams == [$o])]' "$W/streams.deps")
check "deps: made.txt is an output; stdout's file is a stream, not an output" test "$ok" = '[true,true,true]'
ok=$(jq -c --arg o "$REC_OUT" '[.commands[] | select(.streams | index($o) != null) | .argv[0]] | unique' "$W/streams.deps")
check "deps: the command that wrote it lists it among its streams" test "$ok" = '["sh"]'
"$TRAIL" deps --format make "$TRACE" >"$W/streams.mk"
check "deps --format make: a rule for made.txt, none for the stream" \
	bash -c 'grep -q "^$1:" "$3" && ! grep -q "^$2:" "$3"' _ "$W/made.txt" "$REC_OUT" "$W/streams.mk"

T=strace/counts
# one count everywhere: a real build, every view's numbers against each other
cp -r "$ROOT/examples/hello" "$W/hello"
IN=$W/hello record counts -- make -s
expect_status "$REC_STATUS" 0 "the build succeeds"
rec=$(sed -n 's/^trail: \([0-9]*\) records (events and identities) in.*/\1/p' "$REC_ERR")
"$TRAIL" summary "$TRACE" >"$W/counts.sum"
sum_rec=$(sed -n 's/^records: *\([0-9]*\) from the kernel.*/\1/p' "$W/counts.sum")
sum_ev=$(sed -n 's/^events: *\([0-9]*\) (.*/\1/p' "$W/counts.sum")
sum_proc=$(sed -n 's/^processes: *\([0-9]*\) (.*/\1/p' "$W/counts.sum")
check "summary's records are record's ($rec)" test -n "$rec" -a "$rec" = "$sum_rec"
check "summary's events are show's lines and show --json's objects ($sum_ev)" \
	test -n "$sum_ev" -a "$sum_ev" = "$("$TRAIL" show "$TRACE" | wc -l)" -a "$sum_ev" = "$(wc -l <"$CUR")"
check "summary's processes are tree's lines ($sum_proc)" \
	test -n "$sum_proc" -a "$sum_proc" = "$("$TRAIL" tree "$TRACE" | wc -l)"
"$TRAIL" deps --format json "$TRACE" >"$W/counts.deps"
want=$(jq -r '"\(.inputs | length) inputs, \(.executables | length) executables, \(.directories | length) directories listed, \(.outputs | length) outputs, \(.streams | length) streams,"' "$W/counts.deps")
check "summary's files are deps' lists ($want)" grep -qxF "files:      $want" "$W/counts.sum"
"$TRAIL" report -o "$W/counts.html" "$TRACE" 2>/dev/null
got=$(grep -oE '"(processes|events|inputs|executables|outputs|streams)":[0-9]+' "$W/counts.html" | head -6 | tr '\n' ' ')
want="\"processes\":$sum_proc \"events\":$sum_ev $(jq -r '"\"inputs\":\(.inputs | length) \"executables\":\(.executables | length) \"outputs\":\(.outputs | length) \"streams\":\(.streams | length) "' "$W/counts.deps")"
WHY="report: $got; want $want"
check "report's numbers are summary's and deps'" test "$got" = "$want"

T=strace/attach
# -p: what ran before the recording is described from /proc once: argv,
# cwd, exe, parent; a running child under its parent; relative paths
# resolved from the start
echo x >"$W/rel.txt"
(cd "$W" && exec sh -c 'while :; do sleep 0.2; cat rel.txt >/dev/null; done') </dev/null >/dev/null 2>&1 &
loop=$!
sleep 0.5
record attach -p "$loop" --duration 1.5
kill "$loop" 2>/dev/null; wait "$loop" 2>/dev/null
JQV+=(--arg loop "$loop")
expect_eq 'map(select(.event == "attach" and .pid == ($loop | tonumber))) | map({argv, cwd, exe: (.exe | test("/(dash|bash|sh)$"))})' \
	'[{argv: ["sh", "-c", "while :; do sleep 0.2; cat rel.txt >/dev/null; done"], cwd: $W, exe: true}]' \
	"-p: the process attached to is described once: argv, cwd and exe from /proc"
# (a child caught between fork and exec still has the loop's command line)
expect 'map(select(.event == "attach" and .pid != ($loop | tonumber))) | all(.ppid == ($loop | tonumber) and
	(.argv[0] == "sleep" or .argv[0] == "cat" or .argv == ["sh", "-c", "while :; do sleep 0.2; cat rel.txt >/dev/null; done"]))' \
	"-p: its running child (a sleep, or a cat) is described with its parent" \
	'map(select(.event == "attach" and .pid != ($loop | tonumber))) | map({pid, ppid, argv})'
expect 'map(select(.event == "attach")) | length <= 2' "-p: no other process described"
expect 'any(.[]; .event == "open" and .path == "rel.txt" and .abs == $W + "/rel.txt")' \
	"-p: a relative open is made absolute from the cwd /proc gave"
"$TRAIL" tree "$TRACE" >"$W/attach.tree"
check "-p: tree shows the loop with its argv, running at attach, and its children under it" \
	bash -c 'grep -qE "^$1 sh -c while :; do sleep 0.2; cat rel.txt >/dev/null; done  \[running, [0-9.]+s, running at attach\]$" "$2" &&
		! grep -qE "^[0-9]+ (sleep|cat)" "$2" && grep -qE "^  [0-9]+ cat rel.txt" "$2"' _ "$loop" "$W/attach.tree"
