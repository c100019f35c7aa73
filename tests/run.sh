#!/bin/sh
# Runs the unit tests (build/tests/test_*), the function-length check
# (scripts/fnlen.py) and the end-to-end tests (tests/e2e/t_*.sh, root only),
# counts their PASS/FAIL lines, repeats the failures, and ends with the line
# "N passed, N failed".
# Exit status 1 if anything failed or nothing ran.
#
#   sh tests/run.sh              everything
#   sh tests/run.sh file tree    only the e2e suites t_file.sh and t_tree.sh
#                                (the unit tests and fnlen are then skipped)
#   KEEP=1 sh tests/run.sh ...   keep the e2e temp dirs
#   TRAIL_TEST_TIMEOUT=4 sh tests/run.sh ...   every timeout 4 times as long
#                                (emulated kernels: tests/kernels.sh)
#   HANG=600 sh tests/run.sh     seconds after which a test program counts as
#                                hung (a guard, not a speed check: default
#                                600, far beyond any suite on a slow machine)
#   sh tests/run.sh --repeat 20 loss
#                                hunting flakes: run the selection 20 times,
#                                then say how often each failing check failed

cd "$(dirname "$0")/.." || exit 1

if [ "${1:-}" = --repeat ]; then
	n=${2:-}
	case "$n" in
	''|*[!0-9]*|0) echo "run.sh: --repeat needs a count" >&2; exit 2 ;;
	esac
	shift 2
	tally=$(mktemp) || exit 1
	out=$(mktemp) || exit 1
	trap 'rm -f "$tally" "$out"' EXIT
	trap 'exit 130' INT TERM
	bad=0
	for i in $(seq 1 "$n"); do
		sh tests/run.sh "$@" >"$out" 2>&1
		# a check is its line up to its reason (the first " (")
		grep '^FAIL ' "$out" | sed 's/ (.*//' | sort -u >>"$tally"
		grep -q '^FAIL ' "$out" && bad=$((bad + 1))
		echo "round $i/$n: $(tail -1 "$out")"
		grep '^FAIL ' "$out" | sort -u | sed 's/^/  /'
	done
	echo
	if [ -s "$tally" ]; then
		echo "Checks that failed (rounds out of $n):"
		sort "$tally" | uniq -c | sort -rn | sed 's/^ *\([0-9]*\) /\1\t/'
		echo
	fi
	echo "$n rounds, $bad with failures"
	[ "$bad" -eq 0 ] || exit 1
	exit 0
fi

log=$(mktemp) || exit 1
one=$(mktemp) || exit 1
stf=$(mktemp) || exit 1
trap 'rm -f "$log" "$one" "$stf"' EXIT
trap 'exit 130' INT TERM

# run_one LABEL SECONDS COMMAND...: run, echo its output, record its lines.
# A program that dies, times out or prints no result line counts as a FAIL.
run_one() {
	label=$1 secs=$2
	shift 2
	{ timeout -k 5 "$secs" "$@" 2>&1; echo $? >"$stf"; } </dev/null | tee "$one"
	st=$(cat "$stf")
	cat "$one" >>"$log"
	if [ "$st" -eq 124 ] || [ "$st" -eq 137 ]; then
		echo "FAIL $label: timed out after ${secs}s" | tee -a "$log"
	elif [ "$st" -ne 0 ] && ! grep -q '^FAIL ' "$one"; then
		echo "FAIL $label: exited with status $st without a FAIL line" | tee -a "$log"
	elif ! grep -q '^\(PASS\|FAIL\) ' "$one"; then
		echo "FAIL $label: printed no PASS/FAIL line" | tee -a "$log"
	fi
}

if [ $# -eq 0 ]; then
	for t in "${UNIT_DIR:-build/tests}"/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		run_one "$(basename "$t")" "${HANG:-600}" "$t"
	done
	# no function in src/ over 120 lines (scripts/fnlen.allow: the ones
	# still to be split)
	run_one fnlen 60 python3 scripts/fnlen.py --allow scripts/fnlen.allow src
	suites=$(ls tests/e2e/t_*.sh 2>/dev/null)
else
	suites=
	for s in "$@"; do suites="$suites tests/e2e/t_${s#t_}.sh"; done
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "FAIL e2e: the end-to-end tests need root (run as root)" | tee -a "$log"
else
	for s in $suites; do
		if [ ! -f "$s" ]; then
			echo "FAIL $s: no such test" | tee -a "$log"
			continue
		fi
		run_one "$(basename "$s" .sh)" $((${HANG:-600} * ${TRAIL_TEST_TIMEOUT:-1})) bash "$s"
	done
fi

pass=$(grep -c '^PASS ' "$log")
fail=$(grep -c '^FAIL ' "$log")
if [ "$fail" -gt 0 ]; then
	echo
	echo "Failures:"
	grep '^FAIL ' "$log"
	echo
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ] || exit 1
exit 0
