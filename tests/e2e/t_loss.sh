#!/bin/bash
# Losing nothing silently: with a ring buffer too small for a storm, the
# count trail reports equals the events missing (against a run that lost
# nothing), the stream marks where they went, and readers warn; with
# --lossless the same storm is recorded whole.
. "$(dirname "$0")/lib.sh"
need storm

# the storm: smaller under emulation (tests/kernels.sh), where each
# record of it takes minutes
N=${TRAIL_LOSS_N:-30000}
# "trail: N events recorded" and "trail: N events lost (open 3, ...)" of a
# recorder's stderr, and that loss line's kinds as a JSON object
recorded() { sed -n 's/^trail: \([0-9]*\) records (events and identities) in.*/\1/p' "$1"; }
lost_line() { sed -n 's/^trail: \([0-9]*\) events lost/\1/p' "$1"; }
lost_kinds() {
	lost_line "$1" | sed -n 's/^[0-9]* (\(.*\))$/\1/p' | tr ',' '\n' |
		jq -R -s '[split("\n")[] | select(length > 0) | ltrimstr(" ") | split(" ")
			| {(.[0]): (.[1] | tonumber)}] | add // {}'
}

# The storm starts when told (a FIFO), so that the tiny run below can stop
# the recorder first: then the ring fills and the rest is lost on any
# machine, however fast trail reads.  Both runs have the same wrapper.
gate() {
	rm -f "$W/go" "$W/started" "$W/done"
	mkfifo "$W/go"
}
WRAP=": >\"\$W/started\"; read go <\"\$W/go\"; \$0 $N twin; : >\"\$W/done\""
# wait_for FILE: until it exists (a hang guard, not a speed check)
wait_for() {
	local i
	for i in $(seq 6000); do [ -e "$1" ] && return 0; sleep 0.1; done
	return 1
}

# the reference: nothing lost, whatever the machine's speed (a 64 MiB
# ring holds the whole 20 MiB storm even if trail could not read at all;
# the default, 16 MiB, is drained while it runs: t_scale, make bench)
gate
(echo go >"$W/go") &
record ref -b 64M -- env W="$W" sh -c "$WRAP" "$S/storm"
expect_status "$REC_STATUS" 0 "storm ran"
ref_rec=$(recorded "$REC_ERR")
per=$(q '[.[] | select(.event == "open" and .path == "/etc/hostname")] | length')
WHY="$per opens of /etc/hostname"
check "the reference has every open of the storm ($((2 * N)))" test "$per" -eq $((2 * N))
total=$(q 'length')
ref_kinds=$(q 'map(select(.event != "ident")) | group_by(.event) | map({(.[0].event): length}) | add')

T=loss/tiny
rm -f "$W/tiny.trail"
gate
(cd "$W" && exec "$TRAIL" record -b 16K -o tiny.trail -- env W="$W" sh -c "$WRAP" "$S/storm") \
	>"$W/tiny.out" 2>"$W/tiny.err" &
tpid=$!
# the recorder stopped while the whole storm runs: a 16 KiB ring cannot
# hold it, on any machine
wait_for "$W/started"
kill -STOP $tpid
echo go >"$W/go"
wait_for "$W/done"
kill -CONT $tpid
wait $tpid
expect_status "$?" 0 "a tiny buffer still exits with the command's status"
lost=$(lost_line "$W/tiny.err" | cut -d' ' -f1)
rec=$(recorded "$W/tiny.err")
WHY="stderr: $(cat "$W/tiny.err")"
check "trail reports events lost ($lost)" test -n "$lost" -a "${lost:-0}" -gt 0
kinds=$(lost_kinds "$W/tiny.err")
WHY="stderr: $(cat "$W/tiny.err")"
check "the loss is told by kind, adding up to the total" \
	test "$(jq -n --argjson k "${kinds:-null}" '$k | add // 0' 2>&1)" = "$lost"
# recorded: the records in the file, less the loss markers and any identity
# sent again after it was counted lost (every record is in one or the other)
WHY="recorded $rec + reported lost $lost = $((rec + lost)), reference recorded $ref_rec; $(grep identit "$W/tiny.err")"
check "recorded + reported lost = what the reference recorded" test $((rec + lost)) -eq "$ref_rec"
"$TRAIL" show --json "$W/tiny.trail" >"$W/tiny.json" 2>"$W/tiny.show.err"
CUR=$W/tiny.json
jqargjson ref "$ref_kinds"
jqargjson lost "${kinds:-null}"
# kind by kind, the events the program made (identities are trail's: a
# child's first one, as its parent, is not shown)
# (a kind may be all lost: both exits, say)
expect_eq '(map(select(.event != "ident" and .event != "lost")) | group_by(.event)
		| map({(.[0].event): length}) | add // {}) as $shown
	| [($shown | keys[]), ($lost | keys[])] | unique | map(select(. != "ident"))
	| map({(.): (($shown[.] // 0) + ($lost[.] // 0))}) | add' \
	'$ref' "shown + lost = the reference, kind by kind"
marked=$(q '[.[] | select(.event == "lost") | .count] | add // 0')
WHY="lost markers in the stream add up to $marked, reported $lost"
check "the lost markers in the stream add up to the reported count" test "$marked" -eq "$lost"
WHY=$(cat "$W/tiny.show.err")
check "show warns that events were lost" grep -q "^trail: warning: $lost events were lost" "$W/tiny.show.err"
"$TRAIL" summary "$W/tiny.trail" >"$W/tiny.sum" 2>/dev/null
WHY="summary: $(grep lost "$W/tiny.sum"); record: $(lost_line "$W/tiny.err")"
check "summary counts the lost events, kind by kind as record did" \
	test "$(sed -n 's/^lost: *//p' "$W/tiny.sum")" = \
	"$(lost_line "$W/tiny.err" | sed 's/^\([0-9]*\)/\1 events/')"
T=loss/lossless
# --lossless freezes the command at a quarter full; the rest of the ring is
# what the command may write before trail is scheduled to do so.  Freezing
# is trail's, in user space: with 64 KiB (48 KiB, some 400 records) a busy
# machine decided; 256 KiB leaves 1500 records
rm -f "$W/ll.trail"
gate
(echo go >"$W/go") &
(cd "$W" && exec "$TRAIL" record -b 256K --lossless -o ll.trail -- env W="$W" sh -c "$WRAP" "$S/storm") \
	>"$W/ll.out" 2>"$W/ll.err" &
llpid=$!	# its cgroup is trail-PID (another trail's may come and go meanwhile)
wait "$llpid"
expect_status "$?" 0 "--lossless exits with the command's status"
WHY="stderr: $(cat "$W/ll.err")"
check "--lossless: 0 events lost with a 256 KiB buffer" grep -qx 'trail: 0 events lost' "$W/ll.err"
"$TRAIL" show --json "$W/ll.trail" >"$W/ll.json"
CUR=$W/ll.json
got=$(q 'length')
WHY="recorded $got, reference $total"
check "--lossless: every event of the reference run is there" test "$got" -eq "$total"
WHY=$(ls -d /sys/fs/cgroup/unified/trail-$llpid /sys/fs/cgroup/trail-$llpid /sys/fs/cgroup/freezer/trail-$llpid 2>/dev/null)
check "--lossless: its cgroup is gone afterwards" test -z "$WHY"
