#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The sensor soak (issue 15; not part of make check): trail record -a runs
# for SOAK_MIN minutes (default 30) while bench/churn.c starts SOAK_RATE
# (default 100) short-lived processes a second (events: SOAK_EVENTS,
# default those of a sensor's policy; all for everything), the file rolling over every
# SOAK_ROTATE (default 60s) with KEEP 5.  It checks, and exits 1 unless:
#   - the recorder's RSS is flat: the mean of the last 5 minutes' samples
#     within 10% of the first 5 minutes' (a sample every 10 s);
#   - exactly 5 files are left, each read alone by show, summary and report;
#   - no event was lost (record's last lines, every file's summary);
#   - the churn's execs, counted in every file as it rolls over (those
#     deleted later included), are exactly as many as the churn made.
#
#   bash bench/soak.sh [--out FILE]     (make soak)
# The report (Markdown) goes to stdout and to FILE if given.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRAIL=${TRAIL:-$ROOT/build/trail}
MIN=${SOAK_MIN:-30}
RATE=${SOAK_RATE:-100}
EVERY=${SOAK_ROTATE:-60s}
# what a sensor keeps (policies/sensor.policy): execs, capability checks,
# namespace changes, connects; SOAK_EVENTS=all records everything
EVENTS=${SOAK_EVENTS:-exec,cap,ns,connect}
KEEP=5
OUT=
[ "${1:-}" = --out ] && OUT=$2

D=$(mktemp -d /tmp/trail-soak.XXXXXX)
trap 'kill $TP $CP 2>/dev/null; rm -rf "$D"' EXIT
cc -O2 -o "$D/churn" "$ROOT/bench/churn.c"
TAG=soak-$$
declare -A counted
total=0

# count_file FILE: the churn's execs in it, once per file (its header's
# wall-clock start tells files apart through renames)
count_file() {
	local key n
	key=$(od -An -j24 -N8 -tu8 "$1" 2>/dev/null | tr -d ' ') || return 0
	[ -z "$key" ] || [ -n "${counted[$key]:-}" ] && return 0
	n=$("$TRAIL" show --json -e exec "$1" | jq -c --arg t "$TAG" 'select(.argv[1] == $t)' | wc -l)
	counted[$key]=$n
	total=$((total + n))
	echo "$(date +%T) $(basename "$1"): $n execs of the churn" >>"$D/files.log"
}

evopt=()
[ "$EVENTS" = all ] || evopt=(-e "$EVENTS")
"$TRAIL" record -a -v -o "$D/soak.data" "${evopt[@]}" --rotate-every "$EVERY,$KEEP" \
	--stats-every 60 2>"$D/trail.err" &
TP=$!
for _ in $(seq 150); do grep -q '^trail: recording ' "$D/trail.err" && break; sleep 0.1; done
"$D/churn" "$RATE" $((MIN * 60)) "$TAG" >"$D/churn.out" &
CP=$!
start=$(date +%s)
while kill -0 $CP 2>/dev/null; do
	sleep 10
	echo "$(($(date +%s) - start)) $(awk '/^VmRSS/ { print $2 }' /proc/$TP/status)" >>"$D/rss.log"
	for f in "$D"/soak.data.[0-9]*; do [ -e "$f" ] && count_file "$f"; done
done
wait $CP
made=$(cat "$D/churn.out")
kill -TERM $TP
st=0
wait $TP || st=$?
for f in "$D"/soak.data.[0-9]* "$D/soak.data"; do [ -e "$f" ] && count_file "$f"; done

ok=true
files=$(ls "$D" | grep -c '^soak\.data\(\.[0-9]*\)\?$')
readable=0
for f in "$D"/soak.data "$D"/soak.data.[0-9]*; do
	"$TRAIL" show "$f" >/dev/null 2>"$D/e" && [ ! -s "$D/e" ] &&
	"$TRAIL" summary "$f" >"$D/sum" 2>/dev/null && grep -qx 'lost:       0 events' "$D/sum" &&
	"$TRAIL" report -o "$D/r.html" --force "$f" >/dev/null 2>&1 && readable=$((readable + 1))
done
first=$(awk '$1 <= 300 { s += $2; n++ } END { printf "%d", s / n }' "$D/rss.log")
last=$(awk -v end="$(tail -1 "$D/rss.log" | cut -d' ' -f1)" \
	'$1 > end - 300 { s += $2; n++ } END { printf "%d", s / n }' "$D/rss.log")
drift=$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
lost=$(grep -oE '^trail: [0-9]+ events lost' "$D/trail.err" | grep -oE '[0-9]+' || echo "?")
written=$(grep -oE '^trail: [0-9]+ files written' "$D/trail.err" | grep -oE '[0-9]+' || echo "?")

awk -v a="$first" -v b="$last" 'BEGIN { exit !(b <= a * 1.10 && b >= a * 0.90) }' || ok=false
[ "$files" = $KEEP ] && [ "$readable" = $KEEP ] && [ "$lost" = 0 ] && [ "$st" = 0 ] || ok=false
[ "$total" = "$made" ] || ok=false

{
	echo "## Sensor soak ($(date -u +%F), $(uname -r))"
	echo
	echo "\`bash bench/soak.sh\`: trail record -a -e $EVENTS --rotate-every $EVERY,$KEEP --stats-every 60 for $MIN min; churn $RATE processes/s."
	echo
	echo "| check | result |"
	echo "| --- | --- |"
	echo "| recorder RSS, mean of first 5 min / last 5 min | $first KiB / $last KiB ($drift%) |"
	echo "| files written / left / read alone (show, summary, report) | $written / $files / $readable |"
	echo "| events lost (record) | $lost |"
	echo "| churn's execs: made / counted over all files | $made / $total |"
	echo "| trail's exit status after SIGTERM | $st |"
	echo
	echo "RSS every minute (s: KiB): $(awk '$1 >= m { printf "%s%s: %s", (m ? ", " : ""), $1, $2; m += 60 }' "$D/rss.log")"
	echo
	echo "Result: $($ok && echo pass || echo FAIL)"
} | tee ${OUT:+"$OUT"}
$ok
