#!/bin/bash
# Losing nothing silently: with a ring buffer too small for a storm, the
# count trail reports equals the events missing (against a run that lost
# nothing), the stream marks where they went, and readers warn; with
# --lossless the same storm is recorded whole.
. "$(dirname "$0")/lib.sh"
need storm

N=30000
# the reference: a large buffer, nothing lost
record ref -- "$S/storm" $N twin
expect_status "$REC_STATUS" 0 "storm ran"
total=$(q 'length')
per=$(q '[.[] | select(.event == "open" and .path == "/etc/hostname")] | length')
WHY="$per opens of /etc/hostname"
check "the reference has every open of the storm ($((2 * N)))" test "$per" -eq $((2 * N))

T=loss/tiny
rm -f "$W/tiny.trail"
(cd "$W" && "$TRAIL" record -b 16K -o tiny.trail -- "$S/storm" $N twin) >"$W/tiny.out" 2>"$W/tiny.err"
expect_status "$?" 0 "a tiny buffer still exits with the command's status"
lost=$(sed -n 's/^trail: \([0-9]*\) events lost.*/\1/p' "$W/tiny.err")
WHY="stderr: $(cat "$W/tiny.err")"
check "trail reports events lost ($lost)" test -n "$lost" -a "${lost:-0}" -gt 0
"$TRAIL" show --json "$W/tiny.trail" >"$W/tiny.json" 2>"$W/tiny.show.err"
CUR=$W/tiny.json
got=$(q '[.[] | select(.event != "lost")] | length')
marked=$(q '[.[] | select(.event == "lost") | .count] | add // 0')
WHY="recorded $got + reported lost $lost = $((got + lost)), reference $total"
check "recorded + reported lost = the events of the reference run" test $((got + lost)) -eq "$total"
WHY="lost markers in the stream add up to $marked, reported $lost"
check "the lost markers in the stream add up to the reported count" test "$marked" -eq "$lost"
WHY=$(cat "$W/tiny.show.err")
check "show warns that events were lost" grep -q "^trail: warning: $lost events were lost" "$W/tiny.show.err"
"$TRAIL" summary "$W/tiny.trail" >"$W/tiny.sum" 2>/dev/null
WHY=$(grep lost "$W/tiny.sum")
check "summary counts the lost events" grep -q "^lost: *$lost events" "$W/tiny.sum"

T=loss/lossless
rm -f "$W/ll.trail"
(cd "$W" && "$TRAIL" record -b 64K --lossless -o ll.trail -- "$S/storm" $N twin) >"$W/ll.out" 2>"$W/ll.err"
expect_status "$?" 0 "--lossless exits with the command's status"
WHY="stderr: $(cat "$W/ll.err")"
check "--lossless: 0 events lost with a 64 KiB buffer" grep -qx 'trail: 0 events lost' "$W/ll.err"
"$TRAIL" show --json "$W/ll.trail" >"$W/ll.json"
CUR=$W/ll.json
got=$(q 'length')
WHY="recorded $got, reference $total"
check "--lossless: every event of the reference run is there" test "$got" -eq "$total"
WHY=$(ls -d /sys/fs/cgroup/unified/trail-[0-9]* /sys/fs/cgroup/trail-[0-9]* /sys/fs/cgroup/freezer/trail-[0-9]* 2>/dev/null)
check "--lossless: its cgroup is gone afterwards" test -z "$WHY"
