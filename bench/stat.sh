#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The cost of `trail stat` against `trail record` and no tracing, on an
# open storm (bench/open_storm.c: N x open+close of one file).
#
#   bash bench/stat.sh [N] [ROUNDS]      default 1000000 opens, 5 rounds
#
# Modes run in alternation, one of each per round, after one untimed
# warm-up; wall time (CLOCK_MONOTONIC around the whole command, trail's
# start-up and tear-down included); prints the median of each mode and its
# ratio to the untraced median.  TRAIL=path picks another binary.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRAIL=${TRAIL:-$ROOT/build/trail}
N=${1:-1000000}
ROUNDS=${2:-5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

gcc -O2 -Wall -o "$WORK/open_storm" "$ROOT/bench/open_storm.c"
: >"$WORK/data"
STORM=("$WORK/open_storm" "$N" "$WORK/data")

run() {
	case $1 in
	untraced) "${STORM[@]}" ;;
	stat)     "$TRAIL" stat --top 3 -- "${STORM[@]}" >"$WORK/stat.out" ;;
	record)   "$TRAIL" record -f -o "$WORK/rec.trail" -- "${STORM[@]}" 2>"$WORK/rec.err"
		  rm -f "$WORK/rec.trail" ;;
	esac
}

MODES=(untraced stat record)
declare -A T
for m in "${MODES[@]}"; do run "$m"; done		# warm-up
for ((r = 1; r <= ROUNDS; r++)); do
	for m in "${MODES[@]}"; do
		s=$(date +%s%N)
		run "$m"
		e=$(date +%s%N)
		T[$m]+="$(( (e - s) / 1000000 )) "
	done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
base=$(echo "${T[untraced]}" | median)
echo "open storm: $N x open+close, $ROUNDS rounds, median wall time"
for m in "${MODES[@]}"; do
	med=$(echo "${T[$m]}" | median)
	printf '  %-9s %7d ms  %5.2fx   (runs: %s)\n' "$m" "$med" \
		"$(echo "$med $base" | awk '{ printf "%.2f", $1 / $2 }')" "${T[$m]% }"
done
grep -q "$WORK/data" "$WORK/stat.out" && grep "$WORK/data" "$WORK/stat.out" | sed 's/^/  stat counted: /'
grep 'events lost' "$WORK/rec.err" | sed 's/^/  record: /' || true
