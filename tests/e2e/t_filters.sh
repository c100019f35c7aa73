#!/bin/bash
# Scenario 12: a failed open keeps abs and has no real; the show filters
# (--failed, --event, --pid [--children], --comm, --path) give exactly the
# matching subset of the full JSON output, in order.
. "$(dirname "$0")/lib.sh"
need family
echo here >"$W/present.txt"

record family -- "$S/family" "$W"
expect_status "$REC_STATUS" 0 "the scenario ran as planned (exit 0)"
expect_eq 'map(select(.event == "open" and .path == "missing-rel.txt")) | proj({pid, syscall, dirfd, path, abs, real, fd, ret, error})' \
	'[{pid: $root, syscall: "openat", dirfd: "AT_FDCWD", path: "missing-rel.txt", abs: ($W + "/missing-rel.txt"), ret: -2, error: "ENOENT"}]' \
	"failed relative open: abs kept, no real, no fd, ENOENT"
expect_eq 'map(select(.event == "open" and ((.abs // "") | startswith($W + "/missing-")))) | proj({path, abs, real, fd, ret, error})' \
	'[{path: "missing-rel.txt", abs: ($W + "/missing-rel.txt"), ret: -2, error: "ENOENT"},
	  {path: ($W + "/missing-a.txt"), abs: ($W + "/missing-a.txt"), ret: -2, error: "ENOENT"},
	  {path: ($W + "/missing-b.txt"), abs: ($W + "/missing-b.txt"), ret: -2, error: "ENOENT"}]' \
	"the three failed opens, none with real or fd"
A=$(q 'by($root) | kind("fork")[0].child_pid')
B=$(q 'by($root) | kind("fork")[1].child_pid')
A1=$(q "by($A) | kind(\"fork\")[0].child_pid")
jqargjson A "${A:-null}"
jqargjson B "${B:-null}"
jqargjson A1 "${A1:-null}"
expect_eq 'kind("fork") | proj({pid, child_pid})' '[{pid: $root, child_pid: $A}, {pid: $A, child_pid: $A1}, {pid: $root, child_pid: $B}]' \
	"the tree: root forks A, A forks A1, root forks B"
expect_eq 'kind("exit") | proj({pid, code})' '[{pid: $A1, code: 0}, {pid: $A, code: 0}, {pid: $B, code: 5}, {pid: $root, code: 0}]' \
	"exits: A1 0, A 0, B 5, root 0"
FULL=$CUR

# filtered_check NAME WANT DESC -- SHOW-OPTIONS...: `trail show --json OPTIONS`
# prints exactly the events of the full output that WANT (a per-event jq
# filter) selects, in the same order (and WANT selects some); `trail show
# OPTIONS` prints as many lines.
filtered_check() {
	local name=$1 want=$2 desc=$3
	shift 4
	"$TRAIL" show --json "$@" "$TRACE" >"$W/f-$name.json" 2>"$W/f-$name.err"
	local st=$?
	if [ $st -ne 0 ]; then
		fail "$desc" "show --json $* exit $st: $(head -c 200 "$W/f-$name.err")"
		return
	fi
	local out
	out=$(jq -r -s "${JQV[@]}" --slurpfile got "$W/f-$name.json" "$JQ_DEFS"'
		map(select('"$want"')) as $want
		| if ($want | length) == 0 then "the full trace has no such event"
		  elif $got == $want then "ok" else hint($got; $want) end' "$FULL" 2>&1)
	if [ "$out" = ok ]; then pass "$desc"; else fail "$desc" "$out"; fi
	# the text form prints one line per selected event
	"$TRAIL" show "$@" "$TRACE" >"$W/f-$name.txt" 2>&1
	st=$?
	local n lines
	n=$(jq -s length "$W/f-$name.json")
	lines=$(wc -l <"$W/f-$name.txt")
	if [ $st -eq 0 ] && [ "$lines" -eq "$n" ]; then pass "$desc (text: $n lines)"
	else fail "$desc (text: $n lines)" "exit $st, $lines lines: $(head -c 150 "$W/f-$name.txt")"; fi
}

T=filters/show
filtered_check failed 'has("ret") and .ret < 0' "--failed: exactly the events with ret < 0" -- --failed
filtered_check exec '.event == "exec"' "--event exec: exactly the exec events" -- --event exec
filtered_check exec-exit '.event == "exec" or .event == "exit"' "--event exec,exit: exactly the exec and exit events" -- --event exec,exit
filtered_check open '.event == "open"' "--event open: exactly the open events" -- --event open
filtered_check pid-a '.pid == $A' "--pid A: exactly A's events" -- --pid "$A"
filtered_check pid-a-ch '.pid == $A or .pid == $A1' "--pid A --children: A and A1 only (not root, not B)" -- --pid "$A" --children
filtered_check pid-root-ch 'true' "--pid ROOT --children: everything" -- --pid "$(q '$root')" --children
filtered_check comm '.comm == "true"' "--comm true: exactly the events whose comm is true" -- --comm true
filtered_check path '[.path, .abs, .real, .filename] | any(.[]; type == "string" and startswith($W + "/missing-"))' \
	"--path DIR/missing-*: events whose path, abs, real or filename matches" -- --path "$W/missing-*"
filtered_check failed-open '.event == "open" and has("ret") and .ret < 0' "--failed --event open: the intersection" -- --failed --event open
filtered_check failed-b '.pid == $B and has("ret") and .ret < 0' "--failed --pid B: B's failed open only" -- --failed --pid "$B"

for opt in "--comm no-such-comm" "--pid 1" "--path /no/such/*"; do
	run_cmd empty "$TRAIL" show --json $opt "$TRACE"
	if [ "$CMD_STATUS" -eq 0 ] && [ ! -s "$W/empty.stdout" ]; then pass "$opt: nothing selected, exit 0, no output"
	else fail "$opt: nothing selected, exit 0, no output" "exit $CMD_STATUS, stdout: $(head -c 100 "$W/empty.stdout")"; fi
done
