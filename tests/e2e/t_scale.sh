#!/bin/bash
# Scale: 10,000 short processes, one process with 1,000 threads, a 1,000-deep
# chain of fork+exec: recorded completely (counts checked) with the
# recorder's peak memory bounded (reported).
. "$(dirname "$0")/lib.sh"
need forkmany threads deepchain

# record_rss NAME -- CMD...: like record, with trail's peak RSS in $RSS (KiB)
record_rss() {
	local name=$1
	shift 2
	T="$SUITE/$name"
	TRACE=$W/$name.trail
	CUR=$W/$name.json
	(cd "$W" && exec timeout -k 5 "$HANG_ONE" /usr/bin/time -f '%M' -o "$W/$name.rss" "$TRAIL" record -o "$TRACE" -- "$@") \
		>"$W/$name.out" 2>"$W/$name.err" </dev/null
	REC_STATUS=$?
	RSS=$(tail -1 "$W/$name.rss")
	"$TRAIL" show --json "$TRACE" >"$CUR" 2>"$W/$name.show.err"
	WHY=$(head -c 300 "$W/$name.err")
	check "0 events lost" grep -qx 'trail: 0 events lost' "$W/$name.err"
	[ "$name" = base ] && return
	# the recorder must not grow with the workload: 32 MiB over what it
	# takes to record /bin/true (the same binary, ASan's overhead included)
	WHY="peak RSS ${RSS} KiB, /bin/true's ${BASE_RSS} KiB"
	check "recorder's peak RSS ${RSS} KiB: at most 32 MiB over /bin/true's" \
		test "${RSS:-999999999}" -lt $((BASE_RSS + 32768))
	# the ring buffer is mapped twice (wrap-around): 32 MiB of the 16 MiB
	# default, and 16 MiB for the rest (not for an ASan build, whose
	# shadow memory and quarantine are not the recorder's)
	if ! ldd "$TRAIL" 2>/dev/null | grep -q libasan; then
		WHY="peak RSS ${RSS} KiB"
		check "recorder's peak RSS ${RSS} KiB (bound: ring x2 + 16 MiB = 48 MiB)" \
			test "${RSS:-999999999}" -lt 49152
	fi
}

record_rss base -- /bin/true
BASE_RSS=$RSS

record_rss procs -- "$S/forkmany" 10000
expect_status "$REC_STATUS" 0 "10,000 processes: exit 0"
expect_eq '[.[] | select(.event == "fork" and .thread == false)] | length' '10000' "10,000 fork events"
expect_eq '[.[] | select(.event == "exit" and .thread == false and .pid != $root)] | map(.code) | group_by(.) | map({(.[0] | tostring): length}) | add' \
	'[range(10000) | . % 7] | group_by(.) | map({(.[0] | tostring): length}) | add' \
	"10,000 child exits with the codes i % 7"
expect_eq '[.[] | select(.event == "fork") | .child_pid] | unique | length' '10000' "10,000 distinct children"

record_rss threads -- "$S/threads" 1000
expect_status "$REC_STATUS" 0 "1,000 threads: exit 0"
expect_eq '[.[] | select(.event == "fork" and .thread == true)] | length' '1000' "1,000 thread creations"
expect_eq '[.[] | select(.event == "open" and .path == "/dev/null" and .ret >= 0)] | length' '1000' "1,000 opens, one per thread"
expect_eq '[.[] | select(.event == "open" and .path == "/dev/null") | .tid] | unique | length' '1000' "each from its own thread"
expect 'all(.[]; .pid == $root)' "every event is the one process's"
expect_eq '[.[] | select(.event == "exit" and .thread == true)] | length' '1000' "1,000 thread exits"

record_rss chain -- "$S/deepchain" 1000
expect_status "$REC_STATUS" 0 "1,000-deep chain: exit 0"
expect_eq '[.[] | select(.event == "exec" and .ret == 0)] | length' '1001' "1,001 execs (the root and 1,000 levels)"
expect_eq '[.[] | select(.event == "exec" and .ret == 0) | .argv[1] | tonumber] | sort' '[range(0; 1001)]' "each level's argument, 1000 down to 0"
expect_eq '[.[] | select(.event == "exit" and .thread == false)] | length' '1001' "1,001 process exits"
"$TRAIL" tree "$TRACE" >"$W/chain.tree" 2>/dev/null
WHY=$(tail -1 "$W/chain.tree" | cut -c1-80)
check "tree: the deepest process is indented 1,000 levels" test "$(tail -1 "$W/chain.tree" | sed 's/[^ ].*//' | wc -c)" -eq 2001
