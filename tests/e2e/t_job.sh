#!/bin/bash
# record sees the whole job: a background child that outlives the command
# is waited for and recorded (as strace -f does), --until-command-exits
# stops with the command, a daemon (double fork + setsid) is followed by
# the tree and by --scope, --linger bounds a --scope whose cgroup never
# empties; tree, summary, report and deps say which processes outlived the
# command; the exit status stays the command's.
. "$(dirname "$0")/lib.sh"
BG='(sleep 0.5; cat /etc/hostname >/dev/null) & echo started'

record bg -- sh -c "$BG"
expect_status "$REC_STATUS" 0 "trail exits with sh's status, 0"
expect 'ok_execs | map(.argv) | index([["cat", "/etc/hostname"]]) != null' "the background child's cat is recorded"
expect 'kind("open") | map(select(.path == "/etc/hostname" and .ret >= 0)) | length == 1' \
	"its open of /etc/hostname is recorded, once"
expect_count 3 '.event == "exit"' "three exits: sh, the subshell (as cat), sleep; and no other"
"$TRAIL" tree "$TRACE" >"$W/bg.tree"
check "tree marks cat and sleep as outliving the command, not sh" \
	test "$(grep -c 'outlived the command' "$W/bg.tree")" = 2 -a \
	"$(grep -c '^[0-9]* sh -c .*outlived' "$W/bg.tree")" = 0
check "tree shows nothing running" bash -c '! grep -q "\[running" "$1"' _ "$W/bg.tree"
"$TRAIL" summary "$TRACE" >"$W/bg.sum"
check "summary: 2 processes outlived the command, 0 still running" \
	grep -qx 'outlived:   2 processes outlived the command (0 still running when the recording stopped)' "$W/bg.sum"
"$TRAIL" deps --format json "$TRACE" >"$W/bg.deps"
ok=$(jq -c '[.commands[] | select(.outlived) | .argv[0]] | sort' "$W/bg.deps")
check "deps marks the commands cat and sleep, and only those, as outliving it" test "$ok" = '["cat","sleep"]'
check "record said nothing was left running" bash -c '! grep -q "still running" "$1"' _ "$REC_ERR"

record until --until-command-exits -- sh -c "$BG"
expect_status "$REC_STATUS" 0 "--until-command-exits: trail exits with sh's status, 0"
expect_none '.event == "exec" and .argv[0] == "cat"' "--until-command-exits: the cat that came later is not recorded"
# the subshell, and its sleep if it has forked it by then
check "--until-command-exits: record lists the subshell (and its sleep) still running" \
	grep -qE '^trail: warning: stopped recording with [12] process(es)? of the job still running: [0-9]+ \((sh|sleep)\)(, [0-9]+ \((sh|sleep)\))?$' "$REC_ERR"
n=$(grep -oE 'with [12] process' "$REC_ERR" | grep -oE '[12]')
"$TRAIL" summary "$TRACE" >"$W/until.sum"
check "--until-command-exits: the trailer keeps them: summary says $n still running" \
	grep -qxE "outlived:   $n process(es)? outlived the command \($n still running when the recording stopped\)" "$W/until.sum"
sleep 0.7	# let the subshell finish before the next recording

DAEMON='( setsid sh -c "sleep 0.3; exec cat /etc/hostname" </dev/null >/dev/null 2>&1 & ); exit 3'
for mode in tree scope; do
	opt=()
	[ $mode = scope ] && opt=(--scope)
	record daemon-$mode "${opt[@]}" -- sh -c "$DAEMON"
	expect_status "$REC_STATUS" 3 "daemon ($mode): trail exits with sh's status, 3"
	expect 'ok_execs | map(.argv) | index([["cat", "/etc/hostname"]]) != null' \
		"daemon ($mode): the double-forked, setsid daemon's cat is recorded"
	expect 'ok_execs | map(select(.argv[0] == "cat")) | length == 1' "daemon ($mode): one cat ran"
done

start=$(date +%s%N)
record linger --scope --linger 0.5 -- sh -c 'sleep 60 & echo $! >sleeper.pid; exit 0'
took=$(( ($(date +%s%N) - start) / 1000000 ))
sleeper=$(cat "$W/sleeper.pid" 2>/dev/null)
expect_status "$REC_STATUS" 0 "--linger: trail exits with sh's status, 0"
check "--linger: record stopped with the child still running (took $took ms, not 60 s)" \
	test "$took" -lt 30000 -a -n "$sleeper" -a -d "/proc/$sleeper"
check "--linger: record lists the sleep left running" \
	grep -q "^trail: warning: stopped recording with 1 process of the job still running: $sleeper (sleep)$" "$REC_ERR"
"$TRAIL" tree "$TRACE" >"$W/linger.tree"
check "--linger: tree shows the sleep running, outliving the command" \
	grep -q "^  $sleeper sleep 60  \[running, [0-9.]*s, outlived the command\]$" "$W/linger.tree"
check "--linger: the sleep is back in trail's cgroup, the scope cgroup is gone" \
	test "$(cat /proc/$sleeper/cgroup)" = "$(cat /proc/self/cgroup)"
[ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null

T=job/errors
for args in "--linger 1 -- true" "--scope -p 1" "--scope --until-command-exits -- true" "--linger 0 --scope -- true" \
	    "--follow-peers --scope -- true" "--follow-peers -a"; do
	"$TRAIL" record -o "$W/bad.trail" $args >"$W/bad.out" 2>"$W/bad.err"
	st=$?
	check "record $args: one error line, exit 2, no file" \
		test $st = 2 -a "$(wc -l <"$W/bad.err")" = 1 -a ! -e "$W/bad.trail"
done

# --follow-peers: a unix-socket "compile server" started before recording,
# asked once before, once by the job, once after; only the job's request
# is recorded, on behalf of the process that asked
need peerserver
SOCK=$W/cs.sock
echo before >"$W/before.txt"; echo during >"$W/during.txt"; echo after >"$W/after.txt"
"$S/peerserver" serve "$SOCK" </dev/null >/dev/null 2>&1 &
server=$!
for i in $(seq 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
"$S/peerserver" ask "$SOCK" "$W/before.txt" >/dev/null
JQV+=(--arg server "$server")
record peers --follow-peers -- "$S/peerserver" ask "$SOCK" "$W/during.txt"
"$S/peerserver" ask "$SOCK" "$W/after.txt" >/dev/null
expect_status "$REC_STATUS" 0 "--follow-peers: trail exits with the client's status, 0, without waiting for the server"
expect_eq 'map(select(.event == "peer")) | map({pid, peer_pid})' '[{pid: $root, peer_pid: ($server | tonumber)}]' \
	"--follow-peers: one peer event: the client connected to the server"
expect_eq 'map(select(.pid == ($server | tonumber) and .event == "open")) | map({path, ret, via_pid})' \
	'[{path: ($W + "/during.txt"), ret: 5, via_pid: $root}]' \
	"--follow-peers: the server's open of the requested file, on behalf of the client, and no other open of it"
expect_none '(.path // "") | test("before.txt|after.txt")' "--follow-peers: the server's work before and after the job is not recorded"
expect_none '.pid != ($server | tonumber) and has("via_pid")' "--follow-peers: only the server's events carry via_pid"
"$TRAIL" tree "$TRACE" >"$W/peers.tree"
check "--follow-peers: tree shows the server on behalf of the client" \
	grep -q "^$server (fork) peerserver  \[running, [0-9.]*s, on behalf of [0-9]*\]$" "$W/peers.tree"
"$TRAIL" summary "$TRACE" >"$W/peers.sum"
check "--follow-peers: summary names the server and whom it served" \
	grep -qx "followed:   servers the job connected to (--follow-peers): $server (for [0-9]*)" "$W/peers.sum"
"$TRAIL" deps --format json "$TRACE" >"$W/peers.deps"
ok=$(jq --arg f "$W/during.txt" --argjson s "$server" '(.inputs | index($f)) != null and
	([.commands[] | select(.pid == $s) | .via_pid != null] == [true])' "$W/peers.deps")
check "--follow-peers: deps counts the file the server read for the job, the server's command has via_pid" \
	test "$ok" = true

record nopeers -- "$S/peerserver" ask "$SOCK" "$W/during.txt"
expect_status "$REC_STATUS" 0 "without --follow-peers: the client's status, 0"
expect_none '.pid == ($server | tonumber) or .event == "peer"' "without --follow-peers: nothing of the server"
"$S/peerserver" ask "$SOCK" quit >/dev/null 2>&1
wait "$server" 2>/dev/null
