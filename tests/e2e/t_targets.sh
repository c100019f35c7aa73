#!/bin/bash
# Recording targets other than a command: -p (running processes and their
# descendants, those from before attaching and those forked after), --cgroup
# (a cgroup v2 subtree, filtered in the kernel), -a (the machine but trail),
# --duration; and the bad inputs, each one error line and exit 2.
. "$(dirname "$0")/lib.sh"
need openloop

# bg_record NAME OPTIONS...: trail record -v in the background into
# $W/NAME.trail (TP: trail's pid); returns once trail says it is recording.
bg_record() {
	local name=$1
	shift
	T="$SUITE/$name"
	TRACE=$W/$name.trail
	CUR=$W/$name.json
	REC_ERR=$W/$name.err
	"$TRAIL" record -v -o "$TRACE" "$@" 2>"$REC_ERR" </dev/null &
	TP=$!
	BG_PIDS+=("$TP")
	if ! wait_for 15 grep -q '^trail: recording ' "$REC_ERR"; then
		fail "trail attached" "no 'recording' line in 15 s: $(head -c 300 "$REC_ERR")"
		return 1
	fi
}

# end_record SECONDS: wait that long at most for trail to end by itself
# (then kill -9 it); REC_STATUS is its exit status; the trace as JSON in CUR.
end_record() {
	local end=$((SECONDS + $1))
	while kill -0 "$TP" 2>/dev/null && [ $SECONDS -lt "$end" ]; do sleep 0.05; done
	kill -9 "$TP" 2>/dev/null
	wait "$TP"
	REC_STATUS=$?
	"$TRAIL" show --json "$TRACE" >"$CUR" 2>"$W/show.err" ||
		fail "trace shows as JSON" "$(head -c 200 "$W/show.err")"
	jqargjson TP "$TP"
}

stop_record() {
	kill -INT "$TP"
	end_record 15
}

lost_line() {
	if grep -qE '^trail: [0-9]+ events lost' "$REC_ERR"; then pass "$1"
	else fail "$1" "stderr: $(head -c 300 "$REC_ERR")"; fi
}

summary_has() {
	if "$TRAIL" summary "$TRACE" 2>/dev/null | grep -qxF "$1"; then pass "summary says '$1'"
	else fail "summary says '$1'" "$("$TRAIL" summary "$TRACE" 2>&1 | head -3)"; fi
}

touch "$W/pre.txt" "$W/post.txt" "$W/other.txt" "$W/in.txt" "$W/sub.txt" "$W/out.txt" "$W/all.txt"

# --- -p: a parent with a child from before attaching, and one after ---
cat >"$W/parent.sh" <<EOS
sh -c 'while [ ! -e $W/stop ]; do cat $W/pre.txt >/dev/null; sleep 0.05; done' &
echo \$! >$W/c1.pid
while [ ! -e $W/go ]; do sleep 0.05; done
sh -c 'cat $W/post.txt >/dev/null; cat $W/post.txt >/dev/null' &
echo \$! >$W/c2.pid
wait
EOS
sh "$W/parent.sh" &
P=$!
BG_PIDS+=("$P")
sh -c "while [ ! -e $W/stop ]; do cat $W/other.txt >/dev/null; sleep 0.05; done" &
U=$!
BG_PIDS+=("$U")
wait_for 10 test -s "$W/c1.pid"
C1=$(cat "$W/c1.pid")
if bg_record pids -p "$P"; then
	sleep 0.3
	touch "$W/go"
	wait_for 10 test -s "$W/c2.pid"
	C2=$(cat "$W/c2.pid")
	wait_for 10 sh -c "! kill -0 $C2 2>/dev/null"
	sleep 0.2
	touch "$W/stop"
	end_record 15
	expect_status "$REC_STATUS" 0 "-p: trail ended by itself, status 0, once the processes exited"
	WHY="stderr: $(head -c 300 "$REC_ERR")"
	check "-p: 0 events lost" grep -qx 'trail: 0 events lost' "$REC_ERR"
	summary_has "target:     pid $P"
	jqargjson P "$P"
	jqargjson C1 "$C1"
	jqargjson C2 "$C2"
	jqargjson U "$U"
	expect 'any(.[]; .event == "fork" and .pid == $C1)' "-p: the child from before attaching is followed (its forks)"
	expect 'any(.[]; .event == "open" and .abs == $W + "/pre.txt" and .pid != $C1)' \
		"-p: its children's opens of pre.txt are there"
	expect_one '.event == "fork" and .pid == $P and .child_pid == $C2' "-p: the parent's fork of the new child"
	expect_count 2 '.event == "open" and .abs == $W + "/post.txt"' "-p: both opens of post.txt by the new child's tree"
	expect '[.[] | select(.event == "open" and .abs == $W + "/post.txt") | .pid] as $o |
		descendants($C2) as $d | all($o[]; . as $p | $d | index($p))' \
		"-p: ... from processes below the new child"
	expect_one '.event == "exit" and .pid == $P and .tid == $P' "-p: the parent's exit"
	expect_none '.pid == $U or ([.. | strings] | any(.[]; contains("other.txt")))' \
		"-p: nothing of the unrelated process"
	expect_none '.pid == $TP' "-p: nothing of trail itself"
	expect_none '.event == "exec" and .ret == 0 and .pid == $P' "-p: no exec of the parent (it ran before)"
fi
wait "$P" 2>/dev/null
wait "$U" 2>/dev/null

# --- --cgroup: a cgroup v2 made here, with a sub-cgroup ---
CG2=$(cgroup2_mount)
NAME=trail-e2e-$$
CG=$CG2/$NAME
T="$SUITE/cgroup"
if [ -z "$CG2" ] || ! mkdir "$CG" "$CG/sub"; then
	fail "setup" "can't make a cgroup v2 under '$CG2'"
else
	trap 'cleanup; rmdir "$CG/sub" "$CG" 2>/dev/null' EXIT
	sh -c "echo \$\$ >$CG/cgroup.procs && exec $S/openloop $W/in.txt 0 20" &
	A=$!
	sh -c "echo \$\$ >$CG/sub/cgroup.procs && exec $S/openloop $W/sub.txt 0 20" &
	B=$!
	"$S/openloop" "$W/out.txt" 0 20 &
	C=$!
	BG_PIDS+=("$A" "$B" "$C")
	wait_for 10 grep -qx "$A" "$CG/cgroup.procs"
	wait_for 10 grep -qx "$B" "$CG/sub/cgroup.procs"
	jqargjson A "$A"
	jqargjson B "$B"
	jqargjson C "$C"
	if bg_record cgroup --cgroup "$NAME"; then
		sleep 0.5
		stop_record
		expect_status "$REC_STATUS" 0 "--cgroup: SIGINT ends it, status 0"
		lost_line "--cgroup: the lost-events line"
		WHY="stderr: $(head -c 300 "$REC_ERR")"
		check "--cgroup: the records line" grep -q "^trail: [0-9]* records (events and identities) in '$TRACE'" "$REC_ERR"
		summary_has "target:     cgroup $CG"
		expect '[.[] | select(.event == "open" and .abs == $W + "/in.txt")] | length >= 5 and all(.[]; .pid == $A)' \
			"--cgroup: the opens of a process in the cgroup"
		expect '[.[] | select(.event == "open" and .abs == $W + "/sub.txt")] | length >= 5 and all(.[]; .pid == $B)' \
			"--cgroup: the opens of a process in a sub-cgroup"
		expect_none '.pid == $C or ([.. | strings] | any(.[]; contains("out.txt")))' \
			"--cgroup: nothing of the process outside"
		expect_none '.pid != $A and .pid != $B' "--cgroup: only the two processes inside"
	fi
	# as /proc/PID/cgroup writes it, and only the sub-cgroup
	T="$SUITE/cgroup-sub"
	TRACE=$W/cgsub.trail
	run_cmd cgsub "$TRAIL" record -o "$TRACE" --cgroup "/$NAME/sub" --duration 0.6
	expect_status "$CMD_STATUS" 0 "--cgroup /NAME/sub --duration 0.6: ended by itself, status 0"
	CUR=$W/cgsub.json
	"$TRAIL" show --json "$TRACE" >"$CUR"
	summary_has "target:     cgroup $CG/sub"
	expect 'any(.[]; .event == "open" and .abs == $W + "/sub.txt" and .pid == $B)' "--cgroup sub: the sub-cgroup's process"
	expect_none '.pid != $B' "--cgroup sub: nothing of the parent cgroup's process"
	kill "$A" "$B" "$C" 2>/dev/null
	wait "$A" "$B" "$C" 2>/dev/null
fi

# --- -a: the machine, without trail ---
if bg_record all -a; then
	sh -c "echo \$\$ >$W/all.pid; exec /bin/cat $W/all.txt" >/dev/null
	sleep 1.2	# at least one flush of the file by trail while recording
	stop_record
	expect_status "$REC_STATUS" 0 "-a: SIGINT ends it, status 0"
	lost_line "-a: the lost-events line"
	summary_has "target:     all"
	jqargjson X "$(cat "$W/all.pid")"
	expect_one '.event == "exec" and .ret == 0 and .pid == $X and .argv == ["/bin/cat", $W + "/all.txt"]' \
		"-a: a process started outside trail (its exec)"
	expect 'any(.[]; .event == "open" and .pid == $X and .abs == $W + "/all.txt")' "-a: ... and its open"
	expect_none '.pid == $TP' "-a: no event of trail itself (its file writes)"
fi

# --- --duration with a command: the command is left running ---
T="$SUITE/duration"
TRACE=$W/dur.trail
# (a command far longer than any machine's delay: what ends trail is --duration)
run_cmd dur "$TRAIL" record -o "$TRACE" --duration 0.5 -- sleep 300
expect_status "$CMD_STATUS" 0 "--duration 0.5 -- sleep 300: status 0"
WHY="stderr: $(head -c 300 "$W/dur.stderr")"
check "--duration: says the command is left running" grep -q "left running" "$W/dur.stderr"
CUR=$W/dur.json
"$TRAIL" show --json "$TRACE" >"$CUR"
expect_one '.event == "exec" and .argv == ["sleep", "300"]' "--duration: the command's exec is recorded"
left=$(q 'first_that(.event == "exec" and .argv == ["sleep", "300"]).pid // empty')
[ -n "$left" ] && kill "$left" 2>/dev/null

# --- bad inputs: one line, exit 2, no file ---
T="$SUITE/bad"
nopid=$(cat /proc/sys/kernel/pid_max)
bad() {
	local desc=$1 lines
	shift
	rm -f "$W/bad.trail"
	run_cmd bad "$TRAIL" "$@"
	lines=$(wc -l <"$W/bad.stderr")
	if [ "$CMD_STATUS" = 2 ] && [ "$lines" = 1 ] && grep -q '^trail: ' "$W/bad.stderr" &&
		[ ! -s "$W/bad.stdout" ] && [ ! -e "$W/bad.trail" ]; then
		pass "$desc: $(cat "$W/bad.stderr")"
	else
		fail "$desc" "status $CMD_STATUS, $lines lines: $(head -c 300 "$W/bad.stderr")"
	fi
}
bad "two targets" record -o "$W/bad.trail" -p 1 -a
bad "-p twice" record -o "$W/bad.trail" -p 1 -p 2
bad "a target and a command" record -o "$W/bad.trail" -a -- true
bad "a cgroup and a command" record -o "$W/bad.trail" --cgroup / -- true
bad "no target" record -o "$W/bad.trail"
bad "bad pid" record -o "$W/bad.trail" -p 12x
bad "pid 0" record -o "$W/bad.trail" -p 0
bad "negative pid" record -o "$W/bad.trail" -p -5
bad "empty item in the pid list" record -o "$W/bad.trail" -p 1,,2
bad "nonexistent pid" record -o "$W/bad.trail" -p "1,$nopid"
bad "nonexistent cgroup" record -o "$W/bad.trail" --cgroup "trail-no-such-$$"
bad "not a cgroup" record -o "$W/bad.trail" --cgroup /tmp
bad "bad duration" record -o "$W/bad.trail" -a --duration 0
bad "--lossless without a command" record -o "$W/bad.trail" --lossless -a
bad "-u without a command" record -o "$W/bad.trail" -u nobody -p 1
bad "watch without a target" watch
bad "watch with two targets" watch -a -p 1
bad "watch of a nonexistent pid" watch -p "$nopid"
