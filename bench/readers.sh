#!/bin/bash
# Reader benchmark: a synthetic recording of EVENTS events (default 10 M,
# from bench/gen_trace, through the real writer), then the time of
# `show --json` (events per second) and the time and peak memory of
# `deps`.  Appends a section to docs/bench.md.
#   bash bench/readers.sh [EVENTS]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-10000000}
OUT=$ROOT/docs/bench.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$ROOT/build/gen_trace" "$tmp/big.trail" "$N" 2>"$tmp/gen.err"
events=$(sed -n 's/^gen_trace: \([0-9]*\) events.*/\1/p' "$tmp/gen.err")
size=$(stat -c %s "$tmp/big.trail")
t0=$(date +%s%N)
"$ROOT/build/trail" show --json "$tmp/big.trail" >/dev/null
t1=$(date +%s%N)
/usr/bin/time -f '%e %M' -o "$tmp/deps.time" "$ROOT/build/trail" deps --format make "$tmp/big.trail" >/dev/null
read -r dsec dkib <"$tmp/deps.time"
show_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
rate=$(awk -v n="$events" -v s="$show_s" 'BEGIN { printf "%.2f", n / s / 1e6 }')

table="| reader | events | file | time | rate / peak memory |
|---|---:|---:|---:|---|
| \`trail show --json\` | $events | $((size / 1048576)) MiB | ${show_s} s | **${rate} M events/s** (target >= 1) |
| \`trail deps --format make\` | $events | $((size / 1048576)) MiB | ${dsec} s | **$((dkib / 1024)) MiB peak RSS** (target < 256) |"
printf '%s\n' "$table"
{
	printf '\n## Readers (%s)\n\nA synthetic recording of a build (bench/gen_trace), read back:\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf '%s\n' "$table"
} >>"$OUT"
