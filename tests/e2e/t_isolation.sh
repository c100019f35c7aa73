#!/bin/bash
# Scenario 10: processes outside the recorded tree leave no trace: one started
# before the recording, one started during it; every event's pid is the root or
# a child_pid forked earlier in the trace.
. "$(dirname "$0")/lib.sh"
need openloop

"$S/openloop" "$W/outside-before" 0 2 &
before=$!
BG_PIDS+=("$before")
sleep 0.2
(sleep 0.3; exec "$S/openloop" "$W/outside-during" 100 2) &
during=$!
BG_PIDS+=("$during")
cmd="$S/openloop $W/inside 40 20; /bin/cat $W/inside >/dev/null"
touch "$W/inside" "$W/outside-before" "$W/outside-during"

record iso -- /bin/sh -c "$cmd"
expect_status "$REC_STATUS" 0 "the recorded command succeeded"
WHY="the background opener is gone"
check "the process started before recording was running all along" kill -0 "$before"
jqargjson BEFORE "$before"
jqargjson DURING "$during"
jqarg CMD "$cmd"
expect_eq 'ok_execs[0] | [.pid, .argv]' '[$root, ["/bin/sh", "-c", $CMD]]' "the root is the recorded command"
expect_count 41 '.event == "open" and .abs == $W + "/inside"' "all 41 opens of the inside file are there (40 + cat)"
expect_none '[.. | strings] | any(.[]; contains("outside-"))' "no event mentions the outside files"
expect_none '.pid == $BEFORE or .pid == $DURING or .tid == $BEFORE' "no event from the outside processes' pids"
expect 'reduce .[] as $e ({pids: [$root], bad: null};
	if .bad != null then .
	elif any(.pids[]; . == $e.pid) then
		(if $e.event == "fork" and $e.child_pid != null then .pids += [$e.child_pid] else . end)
	else .bad = $e end) | .bad == null' \
	"every event's pid is the root or a child_pid seen earlier" \
	'reduce .[] as $e ({pids: [$root], bad: null}; if .bad != null then . elif any(.pids[]; . == $e.pid) then (if $e.event == "fork" and $e.child_pid != null then .pids += [$e.child_pid] else . end) else .bad = $e end) | .bad'
expect 'kind("exit") | map(select(.thread != true)) | length == ($all | kind("fork") | map(select(.thread != true)) | length) + 1' \
	"one process exit per process (root + forks)" '{exits: (kind("exit") | length), forks: (kind("fork") | length)}'
wait "$during" 2>/dev/null
