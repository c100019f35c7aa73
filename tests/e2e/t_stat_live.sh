#!/bin/bash
# trail stat: in-kernel counts of a scenario that does known numbers of
# things (statmix), checked exactly in --json and against strace -f -c;
# -i intervals that add up to the whole; -a catching a process started
# outside trail; -p on a running tree and --cgroup on a cgroup made here,
# counted exactly, with a process outside doing the same and not counted;
# --duration with every target; exit statuses and bad input.
. "$(dirname "$0")/lib.sh"
need statmix openloop

# stat NAME [trail stat options and command...]: runs trail stat in $W,
# stdout in $W/NAME.json (CUR), stderr in $W/NAME.err, status in ST_STATUS.
stat_run() {
	local name=$1
	shift
	T="$SUITE/$name"
	CUR=$W/$name.json
	(cd "$W" && exec timeout -k 5 "$HANG_ONE" "$TRAIL" stat "$@") >"$CUR" 2>"$W/$name.err" </dev/null
	ST_STATUS=$?
}

# --- the scenario, every table ---
mkdir -p "$W/mix"
: >"$W/mix/data"
stat_run mix --json --top 0 -- "$S/statmix" "$W/mix"
expect_status "$ST_STATUS" 0 "the scenario ran (exit 0)"
check "stderr is empty" test ! -s "$W/mix.err"
expect 'length == 1 and (.[0] | type) == "object"' "one JSON object"
fact() { awk -v k="$1" '$1 == k { print $2 }' "$W/mix/facts"; }
jqargjson tcp "$(fact tcp)"
jqargjson udp "$(fact udp)"
jqargjson v6 "$(fact v6)"
jqarg D "$W/mix"
L255=$W/mix/$(printf 'x%.0s' $(seq 1 $((255 - ${#W} - 5))))
L256=$W/mix/$(printf 'y%.0s' $(seq 1 $((256 - ${#W} - 5))))
jqarg L255 "$L255"
jqarg L256cut "${L256:0:255}"

expect_eq '.[0].files | map(select(.path | startswith($D))) | sort_by(.path)' \
	'[{path: ($D + "/data"), count: 1000, failed: 0, truncated: false},
	  {path: ($D + "/facts"), count: 1, failed: 0, truncated: false},
	  {path: ($D + "/missing"), count: 10, failed: 10, truncated: false},
	  {path: ($D + "/nosuchprog"), count: 1, failed: 1, truncated: false},
	  {path: $L255, count: 1, failed: 1, truncated: false},
	  {path: $L256cut, count: 1, failed: 1, truncated: true}] | sort_by(.path)' \
	"files under the scenario's dir: 1000 opens, 10 failed, a failed exec, 255 bytes whole, 256 cut and marked"
expect_eq '.[0].files | map(select(.path == "/bin/true" or .path == ($S + "/statmix")))' \
	'[{path: "/bin/true", count: 5, failed: 0, truncated: false},
	  {path: ($S + "/statmix"), count: 1, failed: 0, truncated: false}]' \
	"executed files: /bin/true 5 times, the scenario once (as passed)"
expect '.[0].files | all(.path != ($D + "/never") and .path != ($D + "/sock"))' \
	"files never opened are absent (a bound socket is not an open)"
expect_eq '.[0].remotes | sort_by(.addr)' \
	'[{addr: "127.0.0.1:\($tcp)", family: "AF_INET", count: 3, failed: 0},
	  {addr: "127.0.0.1:\($udp)", family: "AF_INET", count: 7, failed: 0},
	  {addr: ($D + "/sock"), family: "AF_UNIX", count: 1, failed: 0}]
	 + (if $v6 > 0 then [{addr: "[::1]:\($v6)", family: "AF_INET6", count: 2, failed: 0}] else [] end)
	 | sort_by(.addr)' \
	"remote addresses exactly: tcp 3 connects, udp 4 sendto + 2 sendmsg + 1 connect (send without an address not), unix 1, [::1] 2"
expect_eq '.[0].caps | map(select(.cap == "CAP_SYS_CHROOT"))' \
	'[{cap: "CAP_SYS_CHROOT", cap_nr: 18, granted: 0, denied: 1}]' \
	"capabilities: chroot as nobody, CAP_SYS_CHROOT denied once"
expect '.[0].caps | map(select(.denied > 0)) | length == 1' "no other capability denied"
expect_eq '.[0].syscalls | map(select(.syscall | IN("execve", "chroot", "connect", "sendto", "sendmsg", "clone"))) | sort_by(.syscall)' \
	'[{syscall: "chroot", calls: 1, failed: 1}, {syscall: "clone", calls: 7, failed: 0},
	  {syscall: "connect", calls: (5 + (if $v6 > 0 then 2 else 0 end)), failed: 0},
	  {syscall: "execve", calls: 7, failed: 1},
	  {syscall: "sendmsg", calls: 2, failed: 0}, {syscall: "sendto", calls: 6, failed: 0}]' \
	"syscalls: execve 7 (1 failed), clone 7, connect, sendto 6 (2 without an address), sendmsg 2, chroot 1 failed"
expect '.[0].syscalls | all(.syscall != "rename" and .syscall != "unlink" and .syscall != "mkdir")' \
	"syscalls the scenario never made are absent"
expect_eq '.[0] | [.kinds[] | select(.kind == "open")][0]' \
	'.[0] | {kind: "open", calls: ([.syscalls[] | select(.syscall | IN("open", "openat", "openat2", "creat")) | .calls] | add),
	  failed: ([.syscalls[] | select(.syscall | IN("open", "openat", "openat2", "creat")) | .failed] | add)}' \
	"kind open is the sum of the open family"
expect_eq '.[0] | [.kinds[] | select(.kind == "exec" or .kind == "cap")] | sort_by(.kind)' \
	'.[0] | [{kind: "cap", calls: ([.caps[] | .granted + .denied] | add), failed: ([.caps[].denied] | add)},
	  {kind: "exec", calls: 7, failed: 1}]' \
	"kinds exec (7, 1 failed) and cap (the checks, denied as failed)"
expect_eq '.[0] | [.comms[].calls] | add' '.[0] | [.syscalls[].calls] | add' \
	"comms add up to the syscalls"
expect '.[0].comms | (map(.comm) | index("statmix")) != null and (map(.comm) | index("true")) != null' \
	"comms: statmix and true"
expect_eq '.[0].processes' '{started: 7, exited: 8, execs: 6, threads: 0}' \
	"processes: 7 forked, 8 ended (with the scenario), 6 execs"
expect_eq '.[0].not_counted' \
	'{map_full: 0, processes: 0, comms: 0, files: 0, caps: 0, remotes: 0, syscall_exits: 0, unreadable: 0}' \
	"nothing lost to a full map"
expect_eq '.[0].omitted | [.[]] | add' 0 "--top 0: no row omitted"

# --- the same counts as strace -f -c ---
rm -rf "$W/smix" && mkdir -p "$W/smix" && : >"$W/smix/data"
SC=openat,close,execve,connect,sendto,sendmsg,chroot,clone,clone3,accept,socket,bind,listen,access,newfstatat
strace -f -qq -c -o "$W/strace.out" -e trace=$SC "$S/statmix" "$W/smix" >/dev/null 2>&1
awk 'NF >= 5 && $NF != "total" && $NF != "syscall" && $1 !~ /^-/ {
	printf "%s %s %s\n", $NF, $4, (NF == 6 ? $5 : 0) }' "$W/strace.out" | sort >"$W/strace.counts"
jq -r --arg sc "$SC" '.syscalls[] | select(.syscall as $s | $sc | split(",") | index($s)) |
	"\(.syscall) \(.calls) \(.failed)"' "$CUR" | sort >"$W/stat.counts"
T=$SUITE/mix
WHY="strace: $(tr '\n' ';' <"$W/strace.counts") trail: $(tr '\n' ';' <"$W/stat.counts")"
check "per-syscall calls and errors equal strace -f -c's (${SC//,/ })" \
	cmp -s "$W/strace.counts" "$W/stat.counts"
check "(strace saw the scenario's 1025 openat)" grep -qx 'openat 1025 12' "$W/strace.counts"

# --- text output, --top ---
mkdir -p "$W/tx" && : >"$W/tx/data"
stat_run text --top 2 -- "$S/statmix" "$W/tx"
expect_status "$ST_STATUS" 0 "text: exit 0"
check "text: the file opened 1000 times heads the files" \
	line_has "$W/text.json" "      1000          0  $W/tx/data"
check "text: --top 2 cuts the files table with a count of the rest" \
	grep -qE '^  \.\.\. [0-9]+ more$' "$W/text.json"
check "text: the tcp connects, as address:port" \
	line_has "$W/text.json" "         3          0  127.0.0.1:$(awk '$1 == "tcp" { print $2 }' "$W/tx/facts")"
check "text: nothing lost line" grep -qx 'not counted: 0 (a map was full); 0 paths or addresses unreadable' "$W/text.json"
WHY="$(grep -c '' "$W/text.json") lines"
check "text: at most 2 rows per table" \
	test "$(awk '/^[a-z].*:$/ { t++; n = 0; next } /^  +[0-9]/ { if (++n > 2) bad = 1 } END { print bad + 0 }' "$W/text.json")" = 0

# --- the overcommit heuristic's unaudited CAP_SYS_ADMIN check: not counted ---
stat_run unpriv --json -u nobody -- sh -c 'unshare -m true; /bin/true'
expect_status "$ST_STATUS" 0 "unprivileged: exit 0 (unshare fails, true runs)"
expect_eq '.[0].caps | map(select(.cap == "CAP_SYS_ADMIN")) | map({granted, denied})' '[{granted: 0, denied: 1}]' \
	"CAP_SYS_ADMIN: unshare's one denial, none from the three execs' overcommit check"

# --- -i: every interval once, together the whole ---
stat_run interval -i 0.3 --json --top 0 -- "$S/openloop" "$W/iloop" 40 25
expect_status "$ST_STATUS" 0 "-i: exit 0"
expect 'length >= 3' "-i 0.3 over ~1 s: at least 3 reports" 'length'
expect '[.[].interval] == [range(1; length + 1)]' "intervals numbered 1, 2, 3, ..." '[.[].interval]'
expect_eq '[.[].files[] | select(.path == $W + "/iloop") | .count] | add' 40 \
	"the 40 opens add up exactly over the intervals (none lost or counted twice)"
expect '[.[] | [.files[] | select(.path == $W + "/iloop")][0].count // 0] | map(select(. > 0)) | length >= 2' \
	"opens spread over more than one interval" '[.[] | [.files[] | select(.path == $W + "/iloop")][0].count // 0]'
expect 'all(.[]; .seconds > 0)' "each interval lasts some time" '[.[].seconds]'

# --- -a: a process started outside trail ---
"$S/openloop" "$W/aloop" 0 10 &
BG_PIDS+=($!)
cp "$TRAIL" "$W/trailself"
sleep 0.2
start=$(date +%s%N)
T=$SUITE/all
CUR=$W/all.json
timeout -k 5 "$HANG_ONE" "$W/trailself" stat -a --duration 1.5 --json --top 0 >"$CUR" 2>"$W/all.err" </dev/null
ST_STATUS=$?
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_status "$ST_STATUS" 0 "-a: exit 0"
WHY="took ${elapsed} ms"
check "-a --duration 1.5 stops after 1.5 s, not before" test "$elapsed" -ge 1500
expect '.[0].files | any(.path == $W + "/aloop" and .count >= 40)' \
	"-a: the openloop started before trail is counted (about 100 opens/s)" \
	'[.[0].files[] | select(.path == $W + "/aloop")]'
expect '.[0].comms | any(.comm == "openloop")' "-a: its comm"
expect '.[0].comms | all(.comm != "trailself")' "-a: trail itself is not counted"

stat_run alli -a -i 0.4 --duration 1 --json
expect_status "$ST_STATUS" 0 "-a -i: exit 0"
expect '[.[].interval] == [1, 2, 3]' "-a -i 0.4 --duration 1: two intervals and the rest" '[.[].interval]'
kill "${BG_PIDS[@]}" 2>/dev/null

# bg_stat NAME OPTIONS...: trail stat -v --json --top 0 in the background,
# stdout in $W/NAME.json (CUR), stderr in $W/NAME.err (ST_ERR), its pid in
# SP; returns once trail says it is counting (everything attached).
bg_stat() {
	local name=$1
	shift
	T="$SUITE/$name"
	CUR=$W/$name.json
	ST_ERR=$W/$name.err
	"$TRAIL" stat -v --json --top 0 "$@" >"$CUR" 2>"$ST_ERR" </dev/null &
	SP=$!
	BG_PIDS+=("$SP")
	if ! wait_for 15 grep -q '^trail: counting ' "$ST_ERR"; then
		fail "trail attached" "no 'counting' line in 15 s: $(head -c 300 "$ST_ERR")"
		return 1
	fi
}

# end_stat SECONDS: wait that long at most for trail to end by itself (then
# kill -9 it); ST_STATUS is its exit status.
end_stat() {
	local end=$((SECONDS + $1))
	while kill -0 "$SP" 2>/dev/null && [ $SECONDS -lt "$end" ]; do sleep 0.05; done
	kill -9 "$SP" 2>/dev/null
	wait "$SP"
	ST_STATUS=$?
}

# files under $W, as [{path, count, failed, truncated}], by path
WFILES='.[0].files | map(select(.path | startswith($W + "/"))) | sort_by(.path)'
file_row() { echo "{path: (\$W + \"/$1\"), count: $2, failed: 0, truncated: false}"; }
# a copy of openloop with a name of its own: its comm must not show up
cp "$S/openloop" "$W/outsider"

# --- -p: a tree started outside trail, a child from before attaching and
# one forked after; an unrelated process opening the same file ---
cat >"$W/ptree.sh" <<EOS
sh -c 'while [ ! -e $W/pgo ]; do sleep 0.02; done; exec $S/openloop $W/pre.txt 10 0' &
echo \$! >$W/pc1.pid
while [ ! -e $W/pgo ]; do sleep 0.02; done
sh -c '$S/openloop $W/post.txt 5 0; true'
wait
EOS
touch "$W/pre.txt" "$W/post.txt"
sh "$W/ptree.sh" &
P=$!
BG_PIDS+=("$P")
sh -c "while [ ! -e $W/pgo ]; do sleep 0.02; done; exec $W/outsider $W/pre.txt 7 0" &
U=$!
BG_PIDS+=("$U")
wait_for 10 test -s "$W/pc1.pid"
if bg_stat pids -p "$P"; then
	touch "$W/pgo"
	wait "$U"
	wait_for 15 sh -c "! kill -0 $P 2>/dev/null"
	tree_end=$(date +%s%N)
	end_stat 15
	took=$((($(date +%s%N) - tree_end) / 1000000))
	expect_status "$ST_STATUS" 0 "-p: trail ended by itself once the tree had exited, status 0"
	WHY="trail ended $took ms after the tree"
	check "-p: ... within 2 s of the tree's end" test "$took" -lt 2000
	WHY="stderr: $(head -c 300 "$ST_ERR")"
	check "-p: stderr says what is counted" grep -qx "trail: counting pid $P" "$ST_ERR"
	expect 'length == 1' "-p: one report" 'length'
	expect_eq "$WFILES" "[$(file_row post.txt 5), $(file_row pre.txt 10)]" \
		"-p: exactly the tree's opens: 10 by the child from before attaching, 5 by one forked after; none of the outsider's 7"
	expect '.[0].comms | all(.comm != "outsider" and .comm != "trail")' \
		"-p: neither the outsider nor trail itself counted" '.[0].comms'
	expect '.[0].comms | any(.comm == "openloop")' "-p: the tree's openloops counted"
	expect_eq '.[0].not_counted.map_full' 0 "-p: nothing lost to a full map"
fi
wait "$P" 2>/dev/null

# --- -p --duration: stops on time, the process is left running ---
sleep 300 &
L=$!
BG_PIDS+=("$L")
start=$(date +%s%N)
stat_run pdur -p "$L" --duration 0.6 --json
elapsed=$((($(date +%s%N) - start) / 1000000))
expect_status "$ST_STATUS" 0 "-p --duration 0.6: exit 0"
WHY="took ${elapsed} ms"
check "-p --duration 0.6: stops after 0.6 s, not before" test "$elapsed" -ge 600
expect 'length == 1 and (.[0].seconds >= 0.6)' "-p --duration: one report of at least 0.6 s" '.[0].seconds'
check "-p --duration: the process is left running" kill -0 "$L"
kill "$L" 2>/dev/null

# --- --duration with a command: the command is left running ---
# (a command far longer than any machine's delay: what ends trail is --duration)
stat_run cdur --duration 0.5 --json -- sleep 300
expect_status "$ST_STATUS" 0 "--duration 0.5 -- sleep 300: exit 0"
WHY="stderr: $(head -c 300 "$W/cdur.err")"
check "--duration: one line says the command is left running" \
	test "$(wc -l <"$W/cdur.err")" = 1 -a "$(grep -c "left running" "$W/cdur.err")" = 1
expect '.[0].comms | any(.comm == "sleep")' "--duration: the command was counted"
left=$(pgrep -x -f 'sleep 300' | head -1)
check "--duration: the command still runs" test -n "$left"
[ -n "$left" ] && kill "$left" 2>/dev/null

# --- --cgroup: a cgroup v2 made here, with a sub-cgroup ---
CG2=$(cgroup2_mount)
NAME=trail-e2e-stat-$$
CG=$CG2/$NAME
T="$SUITE/cgroup"
if [ -z "$CG2" ] || ! mkdir "$CG" "$CG/sub"; then
	fail "setup" "can't make a cgroup v2 under '$CG2'"
else
	trap 'cleanup; rmdir "$CG/sub" "$CG" 2>/dev/null' EXIT
	touch "$W/cg.txt"
	sh -c "echo \$\$ >$CG/cgroup.procs && while [ ! -e $W/cggo ]; do sleep 0.02; done;
		exec $S/openloop $W/cg.txt 12 0" &
	A=$!
	sh -c "echo \$\$ >$CG/sub/cgroup.procs && while [ ! -e $W/cggo ]; do sleep 0.02; done;
		exec $S/openloop $W/cg.txt 8 0" &
	B=$!
	sh -c "while [ ! -e $W/cggo ]; do sleep 0.02; done; exec $W/outsider $W/cg.txt 9 0" &
	C=$!
	BG_PIDS+=("$A" "$B" "$C")
	wait_for 10 grep -qx "$A" "$CG/cgroup.procs"
	wait_for 10 grep -qx "$B" "$CG/sub/cgroup.procs"
	if bg_stat cgroup --cgroup "$NAME"; then
		touch "$W/cggo"
		wait "$A" "$B" "$C"
		kill -INT "$SP"
		end_stat 15
		expect_status "$ST_STATUS" 0 "--cgroup: SIGINT ends it, status 0"
		WHY="stderr: $(head -c 300 "$ST_ERR")"
		check "--cgroup: stderr says what is counted" grep -qx "trail: counting cgroup $(realpath "$CG")" "$ST_ERR"
		expect_eq "$WFILES" "[$(file_row cg.txt 20)]" \
			"--cgroup: exactly the opens inside: 12 in the cgroup, 8 in its sub-cgroup; none of the outsider's 9"
		expect '.[0].comms | all(.comm != "outsider" and .comm != "trail")' \
			"--cgroup: neither the process outside nor trail itself counted" '.[0].comms'
	fi
	# as /proc/PID/cgroup writes it, with --duration: only the sub-cgroup
	touch "$W/cgsub.txt" "$W/cgtop.txt"
	"$S/openloop" "$W/cgsub.txt" 0 20 &
	D=$!
	sh -c "echo \$\$ >$CG/cgroup.procs && exec $S/openloop $W/cgtop.txt 0 20" &
	E=$!
	BG_PIDS+=("$D" "$E")
	echo "$D" >"$CG/sub/cgroup.procs"
	wait_for 10 grep -qx "$E" "$CG/cgroup.procs"
	start=$(date +%s%N)
	stat_run cgsub --cgroup "/$NAME/sub" --duration 0.5 --json --top 0
	elapsed=$((($(date +%s%N) - start) / 1000000))
	expect_status "$ST_STATUS" 0 "--cgroup /NAME/sub --duration 0.5: exit 0"
	WHY="took ${elapsed} ms"
	check "--cgroup --duration 0.5: stops after 0.5 s, not before" test "$elapsed" -ge 500
	expect '.[0].files | any(.path == $W + "/cgsub.txt" and .count >= 5 and .failed == 0)' \
		"--cgroup sub: the process moved into the sub-cgroup counted" '.[0].files'
	expect '.[0].files | all(.path != $W + "/cgtop.txt")' \
		"--cgroup sub: not the parent cgroup's process" '.[0].files'
	kill "$D" "$E" 2>/dev/null
	wait "$D" "$E" 2>/dev/null
fi

# --- exit statuses ---
stat_run st3 -- sh -c 'exit 3'
expect_status "$ST_STATUS" 3 "the command's exit status"
stat_run sig -- sh -c 'kill -9 $$'
expect_status "$ST_STATUS" 137 "killed by SIGKILL: 128+9"
stat_run nocmd -- /nonexistent/cmd
expect_status "$ST_STATUS" 127 "a command that does not exist: 127"
WHY=$(cat "$W/nocmd.err")
check "... with one error line" test "$(wc -l <"$W/nocmd.err")" = 1 -a ! -s "$W/nocmd.json"

# --- bad input: one line, exit 2, nothing on stdout ---
bad() {
	local desc=$1
	shift
	stat_run bad "$@"
	T=$SUITE/bad
	WHY="exit $ST_STATUS; stderr: $(head -c 300 "$W/bad.err"); stdout: $(head -c 100 "$W/bad.json")"
	check "$desc" test "$ST_STATUS" = 2 -a "$(wc -l <"$W/bad.err")" = 1 -a ! -s "$W/bad.json"
	check "$desc: the line starts 'trail: '" grep -q '^trail: ' "$W/bad.err"
}
bad "no target"
bad "both -a and a command" -a -- true
bad "-i 0" -i 0 -- true
bad "-i -1" -i -1 -- true
bad "-i abc" -i abc -- true
bad "-i 1x" -i 1x -- true
bad "-i with no value" -a -i
bad "--top x" --top x -a
bad "an unknown option" --bogus -a
nopid=$(cat /proc/sys/kernel/pid_max)
bad "bad pid" -p 12x
bad "pid 0" -p 0
bad "an empty item in the pid list" -p 1,,2
bad "a nonexistent pid" -p "1,$nopid"
bad "a nonexistent cgroup" --cgroup "trail-no-such-$$"
bad "not a cgroup" --cgroup /tmp
bad "two targets: -p and -a" -p 1 -a
bad "-p twice" -p 1 -p 2
bad "two targets: a cgroup and a command" --cgroup / -- true
bad "--duration 0" -p 1 --duration 0
bad "-u without a command" -u nobody -p 1
bad "-b (record's ring buffer) is not stat's" -b 4M -a
bad "--buffer-size is not stat's" --buffer-size 4M -a
bad "-s (record's --syscall) is not stat's" -s getrandom -a
bad "--syscall is not stat's" --syscall getrandom -a

# the time in each syscall, as strace -c's columns: every syscall counted
# has its time, per call its total over its calls; none without calls
mkdir -p "$W/tm"; : >"$W/tm/data"
stat_run time --json --top 0 -- "$S/statmix" "$W/tm"
ok=$(jq -c '(.syscalls | map({key: .syscall, value: .calls}) | from_entries) as $c
	| [.time[] | select(.usecs < 0 or ($c[.syscall] // 0) == 0 or
		((.usecs / $c[.syscall]) | floor) != .["usecs/call"])] | length' "$CUR" 2>&1)
check "time: each row's usecs/call is its usecs over its calls, for syscalls counted" test "$ok" = 0
ok=$(jq '(.time | map(.syscall) | index("execve") != null) and (.time | length) > 3' "$CUR" 2>&1)
check "time: execve and the other syscalls are timed" test "$ok" = true

# -e: only the syscalls asked for are counted (in the kernel), in strace's
# words; the process calls are always dispatched
mkdir -p "$W/sel"; : >"$W/sel/data"
stat_run sel --json --top 0 -e trace=openat,%network -- "$S/statmix" "$W/sel"
ok=$(jq -c '[.syscalls[].syscall] - ["openat", "socket", "connect", "bind", "listen", "accept",
	"accept4", "sendto", "sendmsg", "socketpair", "execve", "execveat", "clone", "clone3", "fork", "vfork",
	"chdir", "fchdir", "chroot"]' "$CUR" 2>&1)
check "-e trace=openat,%network: no other syscall counted ($ok)" test "$ok" = '[]'
ok=$(jq '[.syscalls[].syscall] | (index("openat") != null) and (index("connect") != null)' "$CUR" 2>&1)
check "-e trace=openat,%network: openat and connect are counted" test "$ok" = true
run_cmd selbad "$TRAIL" stat -e opnat -- true
check "-e opnat: refused with the nearest name, exit 2" \
	test "$CMD_STATUS" = 2 -a "$(cat "$W/selbad.stderr")" = "trail: unknown event or syscall 'opnat' (did you mean 'openat'?) (see 'trail stat --help')"
