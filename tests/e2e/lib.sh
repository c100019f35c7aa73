# Shared helpers for the end-to-end tests (bash; sourced by tests/e2e/t_*.sh).
#
# Every check prints exactly one line:
#   PASS <test>: <what>
#   FAIL <test>: <what> (<short reason>)
# <test> is "<suite>/<recording>", e.g. "file/rw"; the suite is the script's
# name without "t_" and ".sh".
#
# Variables a test can use:
#   ROOT   repository root          TRAIL  the binary under test
#   S      build/scenarios          W      this suite's temp dir (realpath)
#   TRACE  the last trace file      CUR    its `trail show --json` output
#   REC_STATUS, REC_ERR, REC_OUT    trail record's exit status, stderr, stdout files
#   HANG_ONE   seconds after which one command counts as hung (a guard, not a
#              speed check; 300 unless set)
#
# jq expressions given to expect*/q run over the slurped events (an array),
# with $W, $S, $root (pid of the first successful exec) and $all bound, plus
# the helpers in JQ_DEFS below and any jqarg/jqargjson variables.
#
# Set KEEP=1 to keep the temp dirs for inspection.

set -u

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$E2E_DIR/../.." && pwd -P)
TRAIL=${TRAIL:-$ROOT/build/trail}
S=$ROOT/build/scenarios
SUITE=$(basename "$0" .sh)
SUITE=${SUITE#t_}
T=$SUITE
TRACE=
CUR=/dev/null
REC_STATUS=
REC_ERR=/dev/null
REC_OUT=/dev/null
BG_PIDS=()
HANG_ONE=${HANG_ONE:-300}

pass() { printf 'PASS %s: %s\n' "$T" "$1"; }
fail() {
	local why
	why=$(printf '%s' "$2" | tr '\n\t' '  ')
	[ ${#why} -gt 400 ] && why="${why:0:400}..."
	printf 'FAIL %s: %s (%s)\n' "$T" "$1" "$why"
}

# A check about something other than the events: check DESC COMMAND...
check() {
	local desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc" "${WHY:-command failed: $*}"; fi
	WHY=
}

cleanup() {
	local p
	for p in "${BG_PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	[ -n "${KEEP:-}" ] || rm -rf "$W"
}

if [ "$(id -u)" -ne 0 ]; then
	fail "setup" "the end-to-end tests need root"
	exit 1
fi
if [ ! -x "$TRAIL" ]; then
	fail "setup" "$TRAIL not found; run make"
	exit 1
fi
if ! command -v jq >/dev/null; then
	fail "setup" "jq not installed"
	exit 1
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/trail-e2e-$SUITE.XXXXXX") || exit 1
W=$(realpath "$W")
trap cleanup EXIT

# kernel_gives KIND: does the running kernel give trail KIND events in full
# (cap, uring: see trail version --features and docs/kernels.md)?  A test
# of such a kind checks, where it does not, that the recording says so and
# holds none.
kernel_gives() {
	local f
	f=$("$TRAIL" version --features 2>/dev/null) || return 1
	case $1 in
	cap) grep -q '^cap_capable tracepoint .* yes ' <<<"$f" ;;
	uring) grep -q '^io_uring submission tracepoint .* yes ' <<<"$f" &&
	       grep -q '^io_uring_complete with the request .* yes ' <<<"$f" ;;
	*) return 0 ;;
	esac
}

# kernel_limited KIND: where the kernel does not give KIND, the current
# recording (TRACE) has none of it and its summary says why.
kernel_limited() {
	expect_none ".event == \"$1\"" "no $1 event: this kernel cannot give them"
	"$TRAIL" summary "$TRACE" >"$W/limited.sum" 2>/dev/null
	WHY=$(grep -A2 '^kernel:' "$W/limited.sum")
	check "summary says this kernel limits $1 events" grep -q "^\(kernel:\)\? *$1: " "$W/limited.sum"
}

# need NAME...: make sure build/scenarios/NAME is built from its source.
need() {
	local n
	mkdir -p "$S"
	for n in "$@"; do
		if [ ! -x "$S/$n" ] || [ "$E2E_DIR/scenarios/$n.c" -nt "$S/$n" ]; then
			local libs=
			[ "$n" = uringops ] && libs=-luring
			if ! gcc -O1 -g -Wall -D_GNU_SOURCE -pthread "$E2E_DIR/scenarios/$n.c" \
				-o "$S/$n" $libs 2>"$W/gcc.err"; then
				fail "setup" "scenario $n does not compile: $(head -3 "$W/gcc.err")"
				exit 1
			fi
		fi
	done
}

# Event order, for any jq over an array of events (JQ_DEFS has these too):
# a slice by the first event that matches, rather than by index arithmetic.
JQ_ORDER='
# the index of the first event that is f, null if none
def idx(f): [to_entries[] | select(.value | f) | .key][0];
# the events from the first that is f on
def from(f): .[idx(f):];
# the events from the first that is f to the first that is g, g left out
# (both first in the whole array: nothing when g comes before f)
def from_to(f; g): .[idx(f):idx(g)];
# the same with the first that is g
def from_through(f; g): .[idx(f):idx(g) + 1];
# the events after the first that is f
def past(f): .[idx(f) + 1:];
# the events before the first that is g
def upto(g): .[:idx(g)];
# the first event that is f, null if none
def first_that(f): [.[] | select(f)][0];
# the first event after the one at index $i that is f (nothing if none):
# a process exit after its exec
def after($i; f): first(.[$i + 1:][] | select(f));
# the last event before the one at index $i that is f, null if none
def last_before($i; f): [.[0:$i][] | select(f)] | last;
'
JQ_DEFS="$JQ_ORDER"'
def root: first_that(.event == "exec" and .ret == 0).pid;
# the events of process $p, without its capability checks and identity changes
# (every exec and mmap may check one; t_security looks at those)
def by($p): map(select(.pid == $p and .event != "cap" and .event != "ident"));
def byall($p): map(select(.pid == $p));
# the keys every event of a task with a known identity carries
def noid: del(.nspid, .cgroup_id, .mntns, .pidns, .netns, .userns);
def kind($k): map(select(.event == $k));
def ok_execs: map(select(.event == "exec" and .ret == 0));
# the events, each reduced to the keys given (keys absent stay absent)
def proj(f): map(f | with_entries(select(.value != null)));
# flags in a canonical order: an open keeps its access mode first and sorts
# the rest; other events sort them all
def nflags: if (.flags | type) != "array" then .
  elif .event == "open" then .flags |= (.[0:1] + (.[1:] | sort)) else .flags |= sort end;
# $p and every process forked below it
def descendants($p): . as $e |
  def step: . as $s | ($s + [$e[] | select(.event == "fork" and .child_pid != null
      and (.pid as $x | any($s[]; . == $x))) | .child_pid] | unique);
  [$p] | until(. == step; step);
def hint($g; $w):
  if ($g | type) == "array" and ($w | type) == "array" then
    ([range([($g | length), ($w | length)] | min)] | map(select($g[.] != $w[.]))[0]) as $i
    | "got \($g | length) items, want \($w | length)"
      + (if $i != null then "; first difference at [\($i)]: " + hint($g[$i]; $w[$i])
         elif ($g | length) > ($w | length) then "; extra: \($g[$w | length] | tojson)"
         elif ($g | length) < ($w | length) then "; missing: \($w[$g | length] | tojson)"
         else "" end)
  elif ($g | type) == "object" and ($w | type) == "object" then
    [($g + $w) | keys[] | select($g[.] != $w[.])] as $k
    | ($k[0:4] | map("\(.): got \($g[.] // "(absent)" | tojson), want \($w[.] // "(absent)" | tojson)") | join("; "))
      + " in " + ($g | tojson)
  else "got \($g | tojson), want \($w | tojson)" end;
. as $all | root as $root |
'
JQV=(--arg W "$W" --arg S "$S")

jqarg() { JQV+=(--arg "$1" "$2"); }
jqargjson() { JQV+=(--argjson "$1" "$2"); }

# q EXPR: print the raw value of EXPR over the current events.
q() { jq -r -s "${JQV[@]}" "$JQ_DEFS ($1)" "$CUR"; }

# expect EXPR DESC [SHOW]: pass when EXPR is true; on failure show SHOW's value.
expect() {
	local out
	if out=$(jq -e -s "${JQV[@]}" "$JQ_DEFS ($1)" "$CUR" 2>&1); then
		pass "$2"
	else
		[ $# -ge 3 ] && out=$(jq -c -s "${JQV[@]}" "$JQ_DEFS ($3)" "$CUR" 2>&1)
		fail "$2" "$out"
	fi
}

# expect_eq EXPR WANT DESC: pass when EXPR == WANT (both jq expressions).
expect_eq() {
	local out
	out=$(jq -r -s "${JQV[@]}" "$JQ_DEFS ($1) as \$got | ($2) as \$want |
		if \$got == \$want then \"ok\" else hint(\$got; \$want) end" "$CUR" 2>&1)
	if [ "$out" = ok ]; then pass "$3"; else fail "$3" "$out"; fi
}

# expect_count N FILTER DESC: exactly N events satisfy FILTER (per event).
expect_count() {
	local out
	out=$(jq -r -s "${JQV[@]}" "$JQ_DEFS [.[] | select($2)] as \$m |
		if (\$m | length) == $1 then \"ok\" else \"found \(\$m | length), want $1\" +
		(if (\$m | length) > 0 then \": \" + (\$m[0:2] | map(tojson) | join(\" \")) else \"\" end) end" \
		"$CUR" 2>&1)
	if [ "$out" = ok ]; then pass "$3"; else fail "$3" "$out"; fi
}
expect_none() { expect_count 0 "$1" "$2"; }
expect_one() { expect_count 1 "$1" "$2"; }

# expect_status GOT WANT DESC
expect_status() {
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3" "exit status $1, want $2"; fi
}

# record NAME [trail record options] -- COMMAND...
# Runs trail record in ${IN:-$W} into $W/NAME.trail, then trail show --json
# into $W/NAME.json (CUR). Checks (two lines): the trace shows as valid JSON
# Lines; trail reported "0 events lost" and no lost event is in the trace.
record() {
	local name=$1 opts=() st n lines
	shift
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	T="$SUITE/$name"
	TRACE=$W/$name.trail
	CUR=$W/$name.json
	REC_ERR=$W/$name.err
	REC_OUT=$W/$name.out
	(cd "${IN:-$W}" && exec timeout -k 5 "$HANG_ONE" "$TRAIL" record -o "$TRACE" "${opts[@]}" -- "$@") \
		>"$REC_OUT" 2>"$REC_ERR" </dev/null
	REC_STATUS=$?
	"$TRAIL" show --json "$TRACE" >"$CUR" 2>"$W/$name.show.err"
	st=$?
	if [ $st -ne 0 ]; then
		fail "trace recorded and shown as JSON Lines" "show --json exit $st: $(head -c 200 "$W/$name.show.err"); record exit $REC_STATUS: $(head -c 200 "$REC_ERR")"
	elif ! n=$(jq -s 'if all(.[]; type == "object") then length else error("not all objects") end' "$CUR" 2>&1); then
		fail "trace recorded and shown as JSON Lines" "invalid JSON: $n"
	elif lines=$(wc -l <"$CUR") && [ "$lines" -ne "$n" ]; then
		fail "trace recorded and shown as JSON Lines" "$lines lines but $n objects"
	elif [ "$n" -eq 0 ]; then
		fail "trace recorded and shown as JSON Lines" "no events"
	else
		pass "trace recorded and shown as JSON Lines ($n events)"
	fi
	if ! grep -qx 'trail: 0 events lost' "$REC_ERR"; then
		fail "no events lost" "stderr: $(head -c 200 "$REC_ERR")"
	else
		expect_none '.event == "lost"' "no events lost"
	fi
}

# no_dup_keys DESC: no JSON object of the current events repeats a key
# (jq and most parsers silently keep the last one).
no_dup_keys() {
	local out
	out=$(jq -n -r --stream 'foreach inputs as $e ({s: {}, d: [], n: 1, out: null};
		.out = null
		| if ($e | length) == 2 then
			($e[0] | tojson) as $k | (if .s[$k] then .d += [$e[0][0]] else . end) | .s[$k] = true
		  else . end
		| if ($e | length) == 1 and ($e[0] | length) == 1 then
			.out = (if (.d | length) > 0 then "\(.n) \(.d | unique | join(","))" else null end)
			| .s = {} | .d = [] | .n += 1
		  else . end;
		.out // empty)' "$CUR" 2>&1)
	if [ -z "$out" ]; then
		pass "$1"
	else
		set -- "$1" "$(printf '%s\n' "$out" | wc -l)" "$(printf '%s\n' "$out" | head -1)"
		fail "$1" "$2 lines with a repeated key; first: line ${3%% *} repeats ${3#* }: $(sed -n "${3%% *}p" "$CUR" | sed 's/"env":\[[^]]*\]/"env":[...]/')"
	fi
}

# Output checks of a plain command: run_cmd NAME COMMAND... stores status in
# CMD_STATUS, stdout in $W/NAME.stdout, stderr in $W/NAME.stderr.
run_cmd() {
	local name=$1
	shift
	timeout -k 5 "$HANG_ONE" "$@" >"$W/$name.stdout" 2>"$W/$name.stderr" </dev/null
	CMD_STATUS=$?
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds (1 if it never
# did in time).
wait_for() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ $SECONDS -ge "$end" ] && return 1
		sleep 0.05
	done
}

# The cgroup2 mount point, from /proc/self/mountinfo ("" if none).
cgroup2_mount() {
	awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup2") print $5; break } }' \
		/proc/self/mountinfo | head -1
}

# line_has FILE STRING...: some line of FILE contains every STRING (fixed).
line_has() {
	local f=$1
	shift
	awk -v n=$# 'BEGIN { for (i = 1; i < ARGC; i++) s[i] = ARGV[i]; ARGC = 1 }
		{ ok = 1; for (i = 1; i <= n; i++) if (index($0, s[i]) == 0) ok = 0; if (ok) { found = 1; exit } }
		END { exit !found }' "$@" <"$f"
}
