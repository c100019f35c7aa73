#!/bin/bash
# trail record as a sensor: --rotate-every and --rotate roll the file over,
# each file a whole recording (header, the running processes, trailer);
# every exec of a churn is in exactly one file, none lost, none twice;
# KEEP bounds the files; SIGHUP starts a new file (after logrotate moved
# it, with or without "create"); SIGUSR1 says the health and records it;
# bad values get one line and exit 2.
. "$(dirname "$0")/lib.sh"

TAG=sensor-$$
# start_rec NAME OPTS...: trail record in the background into $W/NAME.data
start_rec() {
	local name=$1
	shift
	REC_ERR=$W/$name.err
	"$TRAIL" record -v -o "$W/$name.data" "$@" 2>"$REC_ERR" &
	REC_PID=$!
	BG_PIDS+=("$REC_PID")
	wait_for 15 grep -q '^trail: recording ' "$REC_ERR" ||
		fail "recording started" "$(head -c 300 "$REC_ERR")"
}
stop_rec() {
	kill -TERM "$REC_PID"
	wait "$REC_PID"
	REC_STATUS=$?
}
# churn N TAG2 DELAY: N execs of /bin/true with TAG2 and their number
churn() {
	local i
	for i in $(seq "$1"); do /bin/true "$2" "$i"; sleep "$3"; done
}
# the files of NAME, oldest first
files_of() {
	local i
	for ((i = 1000; i > 0; i--)); do [ -e "$W/$1.data.$i" ] && echo "$W/$1.data.$i"; done
	[ -e "$W/$1.data" ] && echo "$W/$1.data"
}
# shown FILE: its events as JSON, and whether it reads alone (no warning
# but what the kernel could not give: no "incomplete", no loss)
# jqf FILE ARGS...: jq -e over FILE's events, quiet
jqf() {
	local f=$1
	shift
	jq -e -s "$@" "$f" >/dev/null
}
shown() {
	"$TRAIL" show --json "$1" >"$1.json" 2>"$1.showerr" &&
		! grep -v '^trail: warning: the recording kernel limited ' "$1.showerr" | grep -q .
}

T=sensor/every
start_rec every -a --rotate-every 1s,100 --stats-every 1
churn 300 "$TAG" 0.01
kill -USR1 "$REC_PID"
churn 20 "$TAG-b" 0.01
stop_rec
expect_status "$REC_STATUS" 0 "SIGTERM ends the recording, exit 0"
n=$(files_of every | wc -l)
check "at least 4 files, and record said how many ($n)" \
	grep -qx "trail: $n files written, 0 deleted beyond --rotate's KEEP" "$REC_ERR"
check "record said no event was lost" grep -qx 'trail: 0 events lost' "$REC_ERR"
check "$n >= 4 files" test "$n" -ge 4
bad=
for f in $(files_of every); do shown "$f" || bad="$bad $(basename "$f")"; done
WHY="not whole:$bad" check "every file reads alone, trailer and all" test -z "$bad"
cat $(files_of every | sed 's/$/.json/') >"$W/every.all"
CUR=$W/every.all
jqarg TAG "$TAG"
expect '[.[] | select(.event == "exec" and .argv[0] == "/bin/true" and .argv[1] == $TAG) | .argv[2]]
	| (length == 300 and (unique | length) == 300)' \
	"each of the 300 execs is in exactly one file, none lost, none twice"
expect_none '.event == "lost"' "no loss marker in any file"
first=$(files_of every | head -1)
bad=
for f in $(files_of every | tail -n +2); do
	jqf "$f.json" --argjson p $$ 'any(.[]; .event == "attach" and .pid == $p and .argv[0] == "bash")' || bad="$bad $(basename "$f")"
done
WHY="no attach record of this shell ($$) in:$bad" \
	check "each later file describes the running processes (this test's shell among them)" test -z "$bad"
check "the first file describes them too" \
	jqf "$first.json" --argjson p $$ 'any(.[]; .event == "attach" and .pid == $p)'
check "no kernel thread is described" \
	jqf "$W/every.all" 'all(.[]; .event != "attach" or .ppid != 2)'
check "SIGUSR1: one health line on stderr" \
	grep -qE '^trail: health: up [0-9]+ s, [0-9]+ records received, 0 lost, 0 filtered, ring [0-9]+/16384 KiB, file [0-9]+ \(0 deleted\), rss [0-9]+ KiB$' "$REC_ERR"
expect 'kind("stats") | length >= 3 and all(.[]; .lost == 0 and .ring_size == 16777216 and .files >= 1 and .rss_kib > 0 and .comm == "trail")' \
	"stats records every second (and on SIGUSR1): no loss, the ring, the files, the memory"
expect 'kind("stats") | map(.files) | . == sort' "the stats' file numbers only grow"

T=sensor/keep
start_rec keep -a --rotate-every 1s,2
churn 150 "$TAG-k" 0.02
stop_rec
expect_status "$REC_STATUS" 0 "keep: exit 0"
n=$(grep -oE '^trail: [0-9]+ files written' "$REC_ERR" | grep -oE '[0-9]+')
check "KEEP 2: exactly 2 files left ($(files_of keep | xargs -n1 basename | tr '\n' ' '))" \
	test "$(files_of keep | wc -l)" = 2 -a -e "$W/keep.data" -a -e "$W/keep.data.1"
check "record said it deleted the rest ($n written)" \
	grep -qx "trail: $n files written, $((n - 2)) deleted beyond --rotate's KEEP" "$REC_ERR"

T=sensor/size
start_rec size -a --rotate 64K,3
# a machine-wide recording's volume depends on the machine: churn until a
# second file has rolled over (a file closes at its first chunk past 64 KiB)
for ((b = 0; b < 40; b++)); do
	[ -e "$W/size.data.2" ] && break
	churn 50 "$TAG-s" 0.005
done
churn 50 "$TAG-s" 0.005
stop_rec
expect_status "$REC_STATUS" 0 "size: exit 0"
check "--rotate 64K,3: 3 files" test "$(files_of size | wc -l)" = 3
check "a rolled-over file reached 64 KiB" test "$(stat -c %s "$W/size.data.1")" -ge 65536
check "the oldest kept reads alone" shown "$W/size.data.2"

T=sensor/logrotate
start_rec lr -a
churn 20 "$TAG-l1" 0.01
mv "$W/lr.data" "$W/lr.data.moved"
kill -HUP "$REC_PID"
wait_for 10 test -s "$W/lr.data"
churn 20 "$TAG-l2" 0.01
mv "$W/lr.data" "$W/lr.data.moved2"
: >"$W/lr.data"		# logrotate's "create"
kill -HUP "$REC_PID"
wait_for 10 test -s "$W/lr.data"
churn 20 "$TAG-l3" 0.01
stop_rec
expect_status "$REC_STATUS" 0 "SIGHUP to -a starts a new file, and does not stop it"
check "a moved file is not renamed again: no lr.data.1" test ! -e "$W/lr.data.1"
for f in lr.data.moved lr.data.moved2 lr.data; do
	check "$f reads alone" shown "$W/$f"
done
for x in "lr.data.moved l1" "lr.data.moved2 l2" "lr.data l3"; do
	set -- $x
	check "$1 holds the 20 execs of its part" \
		jqf "$W/$1.json" --arg t "$TAG-$2" '[.[] | select(.event == "exec" and .argv[1] == $t)] | length == 20'
done

T=sensor/pid
sh -c "while :; do /bin/true $TAG-p; sleep 0.05; done" &
LOOP=$!
BG_PIDS+=("$LOOP")
start_rec pid -p "$LOOP" --rotate-every 1s,10
sleep 2.5
stop_rec
kill "$LOOP"
expect_status "$REC_STATUS" 0 "-p: exit 0"
shown "$W/pid.data"
check "-p: the newest file describes the loop, with its argv, and nothing but the loop and its children" \
	jqf "$W/pid.data.json" --argjson p "$LOOP" --arg t "$TAG-p" \
	'[.[] | select(.event == "attach")] | (map(select(.pid == $p and .argv[0:2] == ["sh", "-c"])) | length == 1)
	 and all(.[]; .pid == $p or .ppid == $p)'
check "-p: and holds its execs" \
	jqf "$W/pid.data.json" --arg t "$TAG-p" 'any(.[]; .event == "exec" and .argv[1] == $t)'

record usr1 -- sh -c 'kill -USR1 $PPID; sleep 0.3; exit 3'
expect_status "$REC_STATUS" 3 "SIGUSR1 to a recording of a command: the command's status"
check "SIGUSR1: the health line" grep -q '^trail: health: up ' "$REC_ERR"
expect_one '.event == "stats"' "SIGUSR1: one stats record"
record hup -- sh -c 'trap "echo got-hup" HUP; kill -HUP $PPID; sleep 0.3; exit 0'
check "without --rotate a command gets trail's SIGHUP, as before" grep -qx got-hup "$REC_OUT"

T=sensor/errors
for args in "--rotate 1K -a" "--rotate 10M,0 -a" "--rotate 10M,1001 -a" "--rotate-every 0 -a" \
	    "--rotate-every 5x -a" "--stats-every -1 -a" "--rotate 1M -o /dev/null -a"; do
	set -- $args
	[ "${args#*-o }" = "$args" ] && set -- -o "$W/bad.data" "$@"
	"$TRAIL" record "$@" >"$W/bad.out" 2>"$W/bad.err"
	st=$?
	check "record $args: one error line, exit 2, no file" \
		test $st = 2 -a "$(wc -l <"$W/bad.err")" = 1 -a ! -e "$W/bad.data"
done

# The unit's capabilities are all trail needs: record -a with the default
# policy under exactly that bounding set (as root), and without
# CAP_SYS_PTRACE the running processes' exe and cwd are missing.
T=sensor/caps
caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$ROOT/dist/trail-sensor.service")
set_of() { echo "$1" | tr 'A-Z ' 'a-z\n' | sed -n 's/^cap_/+/p' | paste -sd, -; }
capped() {	# capped NAME SET
	setpriv --bounding-set=-all,"$2" --inh-caps=-all "$TRAIL" record -a -o "$W/$1.data" \
		--policy "$ROOT/policies/sensor.policy" --duration 1 >/dev/null 2>"$W/$1.err"
}
if command -v setpriv >/dev/null; then
	capped caps "$(set_of "$caps")"
	expect_status $? 0 "record -a --policy sensor.policy with the unit's capabilities only ($caps)"
	check "... lost nothing" grep -qx 'trail: 0 events lost' "$W/caps.err"
	shown "$W/caps.data"
	check "... and described this shell, with its exe and cwd" \
		jqf "$W/caps.data.json" --argjson p $$ --arg cwd "$PWD" \
		'any(.[]; .event == "attach" and .pid == $p and (.exe | endswith("bash")) and .cwd == $cwd)'
	capped noptrace "$(set_of "$caps" | sed 's/,+sys_ptrace//')"
	shown "$W/noptrace.data"
	check "without CAP_SYS_PTRACE, this shell's exe and cwd are missing (the unit needs it)" \
		jqf "$W/noptrace.data.json" --argjson p $$ \
		'any(.[]; .event == "attach" and .pid == $p and .exe == "" and .cwd == "")'
fi

# watch: the health as events, past the filters, with the origin keys
T=sensor/watch
run_cmd wstats "$TRAIL" watch -a -e exec --json --stats-every 1 --duration 2.5
expect_status "$CMD_STATUS" 0 "watch --stats-every: exit 0"
CUR=$W/wstats.stdout
expect 'kind("stats") | length == 2 and all(.[]; .comm == "trail" and (.host | length) > 0
	and (.session | test("^[0-9a-f]{32}$")) and .lost == 0 and .ring_size == 16777216)' \
	"two stats events in 2.5 s, past -e exec, with host and session"
expect 'map(select(.event != "exec" and .event != "stats")) | length == 0' "and nothing but execs besides"

# --cgroup: each file describes the cgroup's processes (a sub-cgroup's too),
# and nothing outside it
T=sensor/cgroup
CG2=$(cgroup2_mount)
CGN=trail-sensor-$$
if [ -n "$CG2" ] && mkdir "$CG2/$CGN" "$CG2/$CGN/sub"; then
	sh -c "echo \$\$ >$CG2/$CGN/cgroup.procs && exec sleep 30" &
	IN1=$!
	sh -c "echo \$\$ >$CG2/$CGN/sub/cgroup.procs && exec sleep 30" &
	IN2=$!
	sleep 30 &
	OUT=$!
	BG_PIDS+=("$IN1" "$IN2" "$OUT")
	wait_for 10 grep -qx "$IN1" "$CG2/$CGN/cgroup.procs"
	wait_for 10 grep -qx "$IN2" "$CG2/$CGN/sub/cgroup.procs"
	start_rec cg --cgroup "$CGN" --rotate-every 1s,3
	sleep 1.6
	stop_rec
	expect_status "$REC_STATUS" 0 "--cgroup --rotate-every: exit 0"
	for f in cg.data.1 cg.data; do
		shown "$W/$f"
		check "$f describes the two processes of the cgroup and its sub-cgroup, and no other" \
			jqf "$W/$f.json" --argjson a "$IN1" --argjson b "$IN2" \
			'[.[] | select(.event == "attach") | .pid] | sort == ([$a, $b] | sort)'
	done
	kill "$IN1" "$IN2" "$OUT" 2>/dev/null
	wait "$IN1" "$IN2" "$OUT" 2>/dev/null
	rmdir "$CG2/$CGN/sub" "$CG2/$CGN"
else
	fail "setup" "can't make a cgroup v2 under '$CG2'"
fi
