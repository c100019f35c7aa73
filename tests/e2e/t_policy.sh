#!/bin/bash
# Policy files (docs/policy.md): each example policy of policies/ over one
# scenario that does what it keeps and what it leaves out, checking both;
# the in-kernel filters (uid, failed-only, comm) through record, which has
# no user-space filter; watch's user-space ones (path, first-per-process-
# path); bad policies and conflicts: one line "trail: FILE:LINE: ...", exit 2.
. "$(dirname "$0")/lib.sh"
need policyops
P=$ROOT/policies
echo here >"$W/present.txt"

# watch_policy NAME POLICY [WATCH-OPTIONS...]: watch the scenario with the
# policy, as JSON, into CUR; the facts it wrote are read into JQV.
watch_policy() {
	local name=$1 pol=$2
	shift 2
	T="$SUITE/$name"
	CUR=$W/$name.json
	(cd "$W" && exec timeout -k 5 "$HANG_ONE" "$TRAIL" watch --json --policy "$pol" "$@" \
		-- "$S/policyops") >"$CUR" 2>"$W/$name.err" </dev/null
	expect_status "$?" 0 "watch --policy $(basename "$pol"): the scenario ran as planned (exit 0)"
	check "no events lost" grep -qx 'trail: 0 events lost' "$W/$name.err"
	facts
}

JQV0=("${JQV[@]}")
facts() {
	local k v
	JQV=("${JQV0[@]}")
	while read -r k v; do JQV+=(--argjson "$k" "$v"); done <"$W/facts"
}

# the two execs of /bin/true, root's and nobody's, with their argv
EXECS='map(select(.event == "exec" and .filename == "/bin/true")) | proj({uid, argv, ret})'
EXECS_WANT='[{uid: 0, argv: ["true", "policy-arg-1", "two words"], ret: 0},
	     {uid: 65534, argv: ["true", "policy-arg-1", "two words"], ret: 0}]'

watch_policy exec "$P/exec.policy"
expect_eq "$EXECS" "$EXECS_WANT" "both execs of /bin/true, with their argv"
expect_one '.event == "exec" and (.filename | endswith("/policyops"))' "the scenario's own exec"
expect_none '.event != "exec"' "nothing but execs: no open, connect, ns, cap, fork or exit"

watch_policy connect "$P/connect.policy"
expect_eq 'map(select(.event == "connect")) | proj({addr, ret, error})' \
	'[{addr: {family: "AF_INET", address: "127.0.0.1", port: $port}, ret: 0},
	  {addr: {family: "AF_UNIX", path: "nobody-listens"}, ret: -2, error: "ENOENT"}]' \
	"the TCP connect with the peer's address and port; the failed unix connect with its path"
expect 'map(select(.event == "connect" and .ret == 0))[0].local | .address == "127.0.0.1" and .port > 0' \
	"the TCP connect's local end"
expect_none '.event != "connect"' "nothing but connects: no socket, bind, listen, open, exec"

watch_policy namespaces "$P/namespaces.policy"
expect_eq 'map(select(.event == "ns")) | proj({syscall, flags, ns_new, ns_type, ns_inode, ret}) | map(nflags)' \
	'[{syscall: "unshare", flags: ["CLONE_NEWNET", "CLONE_NEWUTS"], ns_new: {uts: $new_uts, net: $new_net}, ret: 0},
	  {syscall: "setns", flags: ["CLONE_NEWNET"], ns_type: "net", ns_inode: $old_net, ret: 0}]' \
	"unshare with each new namespace's type and inode (ns_new, as /proc/PID/ns shows them); setns back with the type and inode"
expect_none '.event != "ns"' "nothing but ns events"

DENIED='.event == "cap" and .cap == "CAP_SYS_CHROOT" and .ret == -1 and .uid == 65534'
if kernel_gives cap; then
	watch_policy capable "$P/capable.policy"
	expect_one "$DENIED" "nobody's denied CAP_SYS_CHROOT"
	expect_none '.event == "cap" and .ret == 0' "no granted check (root's chroot, unshare, setns)"
	expect_none '.event != "cap"' "nothing but capability checks"
	# in the kernel: record has no user-space filter
	record capable-rec --policy "$P/capable.policy" -- "$S/policyops"
	expect_one "$DENIED" "record --policy capable.policy: nobody's denied CAP_SYS_CHROOT"
	expect_none '.event == "cap" and .ret == 0' \
		"record --policy capable.policy: the kernel dropped every granted check"
fi

watch_policy sensor "$P/sensor.policy"
expect_eq "$EXECS" "$EXECS_WANT" "sensor: both execs with argv"
expect_eq 'map(select(.event == "connect")) | map(.addr.port // .addr.path)' '[$port, "nobody-listens"]' \
	"sensor: both connects with their peers"
expect_eq 'map(select(.event == "ns")) | map(.syscall)' '["unshare", "setns"]' "sensor: unshare and setns"
expect_none '.event == "ns" and .syscall == "unshare" and .ns_new.net != $new_net' "sensor: unshare's new net inode"
if kernel_gives cap; then
	expect_one "$DENIED" "sensor: the denied capability"
	expect_none '.event == "cap" and .ret == 0' "sensor: no granted capability"
fi
expect_none '[.event] | inside(["exec", "connect", "ns", "cap"]) | not' \
	"sensor: nothing else (no open, fork, exit, socket)"

# uid 65534, in the kernel: record keeps what it is sent, forks and exits too
printf 'uid 65534\nevent open, exec\n' >"$W/uid.policy"
record uid --policy "$W/uid.policy" -- "$S/policyops"
expect_none '.uid != 65534' "record --policy uid 65534: no event of another uid (root's forks, execs, opens)"
expect_one '.event == "open" and .path == ($W + "/nobody-missing.txt") and .error == "EACCES"' "nobody's failed open"
expect_one '.event == "exec" and .filename == "/bin/true"' "nobody's exec (root's is absent)"
printf 'uid 0-1000\nevent exec\n' >"$W/uid0.policy"
watch_policy uid0 "$W/uid0.policy"
expect_eq 'map(select(.filename == "/bin/true")) | map(.uid)' '[0]' "watch, uid 0-1000: root's exec, not nobody's"

# failed-only in the kernel: opens that succeeded never reach the file
printf 'event open\nfailed-only\n' >"$W/failed.policy"
record failed --policy "$W/failed.policy" -- "$S/policyops"
expect_none '.event == "open" and .ret >= 0' "record, failed-only: no successful open (the kernel dropped them)"
expect_count 2 '.event == "open" and .path == "missing.txt" and .error == "ENOENT"' "both failed opens of missing.txt"
expect_none '.event == "open" and .path == "present.txt"' "present.txt's opens absent"
watch_policy failed "$W/failed.policy"
expect_none '.event != "open" or .ret >= 0' "watch, failed-only: failed opens only"
expect_count 2 '.path == "missing.txt"' "watch, failed-only: both failed opens of missing.txt"

# comm, in the kernel
printf 'comm true\nevent exec\n' >"$W/comm.policy"
watch_policy comm "$W/comm.policy"
expect_eq 'map(.comm)' '["true", "true"]' "comm true: the two execs of true, nothing of policyops"

# path and first-per-process-path, in watch's user space
printf 'event open\npath %s/*.txt\n' "$W" >"$W/path.policy"
watch_policy path "$W/path.policy"
expect_eq 'map(.abs | ltrimstr($W + "/"))' '["present.txt", "missing.txt", "present.txt", "missing.txt", "nobody-missing.txt"]' \
	"path W/*.txt: every open of the three files, nothing else"
printf 'event open\npath %s/*.txt\nfirst-per-process-path\n' "$W" >"$W/first.policy"
watch_policy first "$W/first.policy"
expect_eq 'map(.abs | ltrimstr($W + "/"))' '["present.txt", "missing.txt", "nobody-missing.txt"]' \
	"first-per-process-path: each file's first open in each process only"

# bad policies: one line naming FILE:LINE, exit 2
T=$SUITE/bad
# bad_policy DESC WANT-REGEX: the policy in $W/bad.policy is refused so
bad_policy() {
	run_cmd bad "$TRAIL" watch --policy "$W/bad.policy" -a
	local lines
	lines=$(wc -l <"$W/bad.stderr")
	if [ "$CMD_STATUS" -eq 2 ] && [ "$lines" -eq 1 ] && grep -qE "$2" "$W/bad.stderr" &&
	   [ ! -s "$W/bad.stdout" ]; then
		pass "$1"
	else
		fail "$1" "exit $CMD_STATUS, $lines lines: $(head -c 200 "$W/bad.stderr")"
	fi
}
F=$W/bad.policy
printf 'event exec\n\nevnt open\n' >"$F"
bad_policy "unknown directive: line 3" "^trail: $F:3: unknown directive 'evnt'"
printf 'uid 60000-1000\n' >"$F"
bad_policy "uid range backwards" "^trail: $F:1: bad uid range '60000-1000': 60000 is more than 1000$"
printf 'uid 1000-lots\n' >"$F"
bad_policy "uid range not a number" "^trail: $F:1: bad uid range '1000-lots'"
{ printf 'event exec\npath /'; head -c 2000 /dev/zero | tr '\0' a; echo; } >"$F"
bad_policy "a line over 1024 bytes" "^trail: $F:2: a line longer than 1024 bytes$"
head -c 4096 "$TRAIL" >"$F"
bad_policy "binary garbage (an ELF file)" "^trail: $F:1: a control byte \(0x7f\) at column 1: a policy is text$"
rm -f "$F"
bad_policy "a missing file" "^trail: can't read policy '$F': No such file or directory$"
printf 'event opn\n' >"$F"
bad_policy "an unknown event, with a suggestion" "^trail: $F:1: unknown event or syscall 'opn' \(did you mean 'open'\?\)"

# conflicts: a setting given both ways
T=$SUITE/conflict
conflict() {
	local desc=$1 want=$2
	shift 2
	run_cmd conflict "$TRAIL" "$@"
	if [ "$CMD_STATUS" -eq 2 ] && [ "$(wc -l <"$W/conflict.stderr")" -eq 1 ] &&
	   grep -qE "$want" "$W/conflict.stderr"; then
		pass "$desc"
	else
		fail "$desc" "exit $CMD_STATUS: $(head -c 200 "$W/conflict.stderr")"
	fi
}
conflict "policy event and -e" "^trail: $P/exec.policy:5: the policy says this; not also -e/--event" \
	watch --policy "$P/exec.policy" -e open -a
conflict "policy comm and --comm" "^trail: $W/comm.policy:1: .* not also --comm" \
	watch --policy "$W/comm.policy" --comm sshd -a
conflict "policy failed-only and -z" "not also -z/--successful-only" watch --policy "$W/failed.policy" -z -a
printf 'all\nevent exec\n' >"$W/all.policy"
conflict "the policy's target and a command" "^trail: $W/all.policy:1: the policy gives the target" \
	watch --policy "$W/all.policy" -- /bin/true
conflict "two policies" "one --policy at a time" watch --policy "$P/exec.policy" --policy "$P/exec.policy" -a
conflict "record refuses path" "^trail: $W/path.policy:2: 'path' filters in user space" \
	record -o "$W/x.trail" --policy "$W/path.policy" -- /bin/true
check "record wrote nothing after refusing" test ! -e "$W/x.trail"

# all: the policy gives the target
T=$SUITE/all
run_cmd allp "$TRAIL" watch --json --policy "$W/all.policy" --duration 1
expect_status "$CMD_STATUS" 0 "a policy with 'all' watches the machine (no target option)"
CUR=$W/allp.stdout
expect_none '.event != "exec"' "... and keeps its event line: execs only"
