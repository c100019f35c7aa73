#!/bin/bash
# trail diff on real recordings: a make build recorded three times in three
# directories (twice unchanged, once with one include and one -O changed),
# and a shell script whose second version runs one command more, one
# command fails and one variable differs.  What must be reported is checked
# exactly, in text and JSON, and so is what must not (gcc's temporaries,
# pids, the directories the runs were in).
. "$(dirname "$0")/lib.sh"

# make -s: make writes nothing to its stdout, which record() sends to a
# file of a different name each run (an output of the run, rightly).
# ---- the build: A, A2 identical; B with main.c including b.h instead of
# a.h, and util.c built with -O2 instead of -O1
A=$W/a A2=$W/a2 B=$W/b
mkdir -p "$A"
cat >"$A/Makefile" <<'MK'
all: app
app: main.o util.o
	cc -o $@ main.o util.o
main.o: main.c
	cc -O1 -c main.c -o main.o
util.o: util.c
	cc -O1 -c util.c -o util.o
MK
printf '#include "a.h"\nint u(void);\nint main(void) { return A + u(); }\n' >"$A/main.c"
printf '#include "u.h"\nint u(void) { return U; }\n' >"$A/util.c"
echo '#define A 0' >"$A/a.h"
echo '#define A 0' >"$A/b.h"
echo '#define U 0' >"$A/u.h"
cp -r "$A" "$A2"
cp -r "$A" "$B"
sed -i 's/"a\.h"/"b.h"/' "$B/main.c"
sed -i 's/cc -O1 -c util/cc -O2 -c util/' "$B/Makefile"

IN=$A record build_a -- make -s -j2
expect_status "$REC_STATUS" 0 "make -s -j2 in a/ succeeded"
TA=$TRACE
IN=$A2 record build_a2 -- make -s -j2
expect_status "$REC_STATUS" 0 "make -s -j2 in a2/ succeeded"
TA2=$TRACE
IN=$B record build_b -- make -s -j2
expect_status "$REC_STATUS" 0 "make -s -j2 in b/ succeeded"
TB=$TRACE

T=diff/same
run_cmd self "$TRAIL" diff "$TA" "$TA"
expect_status "$CMD_STATUS" 0 "a recording against itself: exit 0"
check "a recording against itself: no output" test ! -s "$W/self.stdout" -a ! -s "$W/self.stderr"
run_cmd again "$TRAIL" diff "$TA" "$TA2"
expect_status "$CMD_STATUS" 0 "two runs of the same build in two directories: exit 0"
WHY=$(head -c 300 "$W/again.stdout")
check "two identical runs: no output (temporaries, pids and directories normalised)" \
	test ! -s "$W/again.stdout" -a ! -s "$W/again.stderr"
run_cmd again_json "$TRAIL" diff --json "$TA" "$TA2"
expect_status "$CMD_STATUS" 0 "--json, identical runs: exit 0"
CUR=$W/again_json.stdout
expect_eq '.[0] | {equal, commands, files: (.files | map_values(map_values(length)) | [.[][]] | add)}' \
	'{equal: true, commands: {removed: [], added: [], changed: []}, files: 0}' \
	"--json, identical runs: equal, no command and no file listed"
expect_eq '[.[0].a.cwd, .[0].b.cwd]' '[$W + "/a", $W + "/a2"]' "--json names each recording's directory"

T=diff/build
run_cmd ab "$TRAIL" diff "$TA" "$TB"
expect_status "$CMD_STATUS" 1 "one include and one option changed: exit 1"
check "nothing on stderr" test ! -s "$W/ab.stderr"
check "header: --- A and +++ B with the commands" \
	test "$(head -2 "$W/ab.stdout")" = "$(printf -- '--- %s\tmake -s -j2\n+++ %s\tmake -s -j2' "$TA" "$TB")"
# every line but the header and the '~ [pid -> pid] argv' lines, which
# name the matched commands; the COLLECT_GCC_OPTIONS value is checked in JSON
tail -n +3 "$W/ab.stdout" | grep -v '^~ \[' |
	sed 's/^    ~ env COLLECT_GCC_OPTIONS=.* -> .*/    ~ env COLLECT_GCC_OPTIONS/' | sort >"$W/ab.got"
sort >"$W/ab.want" <<EOF
commands:
    - arg -O1
    - arg -O1
    + arg -O2
    + arg -O2
    ~ env COLLECT_GCC_OPTIONS
    ~ env COLLECT_GCC_OPTIONS
    - input $A/a.h
    + input $B/b.h
    - missing $A/a.h.gch
    + missing $B/b.h.gch
inputs:
- $A/a.h
+ $B/b.h
missing:
- $A/a.h.gch
+ $B/b.h.gch
EOF
WHY=$(diff "$W/ab.want" "$W/ab.got" | head -8 | tr '\n' ' ')
check "text: exactly the include and the option, nothing else" cmp -s "$W/ab.want" "$W/ab.got"
WHY=$(grep '^~ \[' "$W/ab.stdout" | tr '\n' ' ')
check "text: four matched commands differ (cc and cc1 of util.c, cc1 of main.c, as of util.c)" \
	test "$(grep -c '^~ \[[0-9]* -> [0-9]*\] ' "$W/ab.stdout")" = 4
check "text: the -O1 compilation is shown with its argv in A" \
	grep -qx '~ \[[0-9]* -> [0-9]*\] cc -O1 -c util.c -o util.o' "$W/ab.stdout"

run_cmd ab_json "$TRAIL" diff --json "$TA" "$TB"
expect_status "$CMD_STATUS" 1 "--json: exit 1"
CUR=$W/ab_json.stdout
check "--json is one JSON object" jq -e 'type == "object"' "$CUR" >/dev/null
expect_eq '.[0] | {equal, removed: .commands.removed, added: .commands.added}' \
	'{equal: false, removed: [], added: []}' "--json: no command only in one run"
expect_eq '[.[0].commands.changed[] |
	{name: ((.a.argv[0] | split("/") | last) + " " + ([.a.argv[] | select(. == "main.c" or . == "util.c" or . == "util.o")][0])),
	 match, differences, args,
	 env: (.env | map_values(keys)),
	 files: (.files | with_entries(select(.value.removed != [] or .value.added != [])))}] | sort_by(.name)' \
	'[{name: "as util.o", match: "exact", differences: ["env"],
	   args: {removed: [], added: [], reordered: false},
	   env: {removed: [], added: [], changed: ["COLLECT_GCC_OPTIONS"]}, files: {}},
	  {name: "cc util.c", match: "operands", differences: ["args"],
	   args: {removed: ["-O1"], added: ["-O2"], reordered: false},
	   env: {removed: [], added: [], changed: []}, files: {}},
	  {name: "cc1 main.c", match: "exact", differences: ["files"],
	   args: {removed: [], added: [], reordered: false},
	   env: {removed: [], added: [], changed: []},
	   files: {inputs: {removed: [$W + "/a/a.h"], added: [$W + "/b/b.h"]},
		   missing: {removed: [$W + "/a/a.h.gch"], added: [$W + "/b/b.h.gch"]}}},
	  {name: "cc1 util.c", match: "operands", differences: ["args", "env"],
	   args: {removed: ["-O1"], added: ["-O2"], reordered: false},
	   env: {removed: [], added: [], changed: ["COLLECT_GCC_OPTIONS"]}, files: {}}]' \
	"--json: exactly four changed commands, with their argument, env and file changes"
expect '.[0].commands.changed | map(.env.changed.COLLECT_GCC_OPTIONS | select(.)) |
	length == 2 and all(.[]; (.a | contains("'"'"'-O1'"'"'")) and .b == (.a | sub("'"'"'-O1'"'"'"; "'"'"'-O2'"'"'")))' \
	"--json: COLLECT_GCC_OPTIONS differs by -O1 -> -O2 only" '[.[0].commands.changed[].env.changed]'
expect_eq '.[0].files' \
	'{inputs: {removed: [$W + "/a/a.h"], added: [$W + "/b/b.h"]},
	  executables: {removed: [], added: []}, directories: {removed: [], added: []},
	  outputs: {removed: [], added: []},
	  missing: {removed: [$W + "/a/a.h.gch"], added: [$W + "/b/b.h.gch"], now_found: [], was_found: []},
	  deleted: {removed: [], added: []}}' \
	"--json: whole run: a.h out, b.h in, and their .gch probes; nothing else"
expect '[.[0].files, .[0].commands.removed, .[0].commands.added, (.[0].commands.changed[] | .args, .env, .files)]
	| [.. | strings | select(test("/tmp/cc"))] | length == 0' \
	"--json: no temporary of gcc among the differences" '.[0].commands.changed | map([.args, .files])'

# ---- a script: B runs cat in.txt once more, cat flag fails (no flag in
# B's directory), and FOO (and the volatile SHLVL) differ
SA=$W/sa SB=$W/sb
mkdir -p "$SA" "$SB"
echo data >"$SA/in.txt"
echo data >"$SB/in.txt"
echo flag >"$SA/flag"
printf 'cat in.txt >/dev/null\ncat flag >/dev/null 2>&1\nexit 0\n' >"$SA/run.sh"
printf 'cat in.txt >/dev/null\ncat in.txt >/dev/null\ncat flag >/dev/null 2>&1\nexit 0\n' >"$SB/run.sh"
FOO=1 SHLVL=5 LC_ALL=C IN=$SA record script_a -- sh run.sh
expect_status "$REC_STATUS" 0 "script in sa/ exits 0"
TSA=$TRACE
FOO=2 SHLVL=6 LC_ALL=C IN=$SB record script_b -- sh run.sh
expect_status "$REC_STATUS" 0 "script in sb/ exits 0"
TSB=$TRACE

T=diff/script
run_cmd s "$TRAIL" diff "$TSA" "$TSB"
expect_status "$CMD_STATUS" 1 "a command more, an exit status, a variable: exit 1"
tail -n +3 "$W/s.stdout" | sed 's/\[[0-9]*\]/[PID]/; s/\[[0-9]* -> [0-9]*\]/[PID -> PID]/' >"$W/s.got"
cat >"$W/s.want" <<EOF
commands:
~ [PID -> PID] sh run.sh
    ~ env FOO=1 -> 2
~ [PID -> PID] cat flag
    ~ exit 0 -> exit 1
    - input $SA/flag
    + missing $SB/flag
+ [PID] cat in.txt
inputs:
- $SA/flag
missing:
+ $SB/flag  (was found)
EOF
WHY=$(diff "$W/s.want" "$W/s.got" | head -8 | tr '\n' ' ')
check "text: the extra cat, the failed cat, FOO (inherited by the cats: said once), nothing else" \
	cmp -s "$W/s.want" "$W/s.got"
run_cmd s_json "$TRAIL" diff --json "$TSA" "$TSB"
CUR=$W/s_json.stdout
expect_eq '.[0].commands | {removed, added: (.added | map({argv, cwd, status})),
	changed: (.changed | map({argv: .a.argv, differences, sa: .a.status, sb: .b.status, env,
				  files: (.files | with_entries(select(.value.removed != [] or .value.added != [])))}))}' \
	'{removed: [], added: [{argv: ["cat", "in.txt"], cwd: ($W + "/sb"), status: {code: 0}}],
	  changed: [{argv: ["sh", "run.sh"], differences: ["env"], sa: {code: 0}, sb: {code: 0},
		     env: {removed: {}, added: {}, changed: {FOO: {a: "1", b: "2"}}}, files: {}},
		    {argv: ["cat", "flag"], differences: ["status", "files"], sa: {code: 0}, sb: {code: 1},
		     env: {removed: {}, added: {}, changed: {}},
		     files: {inputs: {removed: [$W + "/sa/flag"], added: []},
			     missing: {removed: [], added: [$W + "/sb/flag"]}}}]}' \
	"--json: one command added (the second cat in.txt), cat flag's exit 0 -> 1, FOO on the root only"
expect_eq '.[0].files.missing' '{removed: [], added: [$W + "/sb/flag"], now_found: [], was_found: [$W + "/sb/flag"]}' \
	"--json: flag missing in B, and found in A"
run_cmd s_all "$TRAIL" diff --json --all-env "$TSA" "$TSB"
CUR=$W/s_all.stdout
expect_eq '[.[0].commands.changed[] | select(.env.changed != {}) | {argv: .a.argv, env: .env.changed}]' \
	'[{argv: ["sh", "run.sh"], env: {FOO: {a: "1", b: "2"}, SHLVL: {a: "5", b: "6"}}}]' \
	"--all-env: SHLVL too, on the root only"
FOO=1 SHLVL=5 LC_ALL=C IN=$SA record script_noenv --no-env -- sh run.sh
TSN=$TRACE
T=diff/script
run_cmd s_noenv "$TRAIL" diff --json "$TSN" "$TSB"
CUR=$W/s_noenv.stdout
expect_eq '[.[0].commands.changed[] | {argv: .a.argv, differences}]' '[{argv: ["cat", "flag"], differences: ["status", "files"]}]' \
	"A recorded with --no-env: environments not compared, the rest as before"
run_cmd s_rev "$TRAIL" diff --json "$TSB" "$TSA"
CUR=$W/s_rev.stdout
expect_eq '.[0].commands | {removed: (.removed | map(.argv)), added}' \
	'{removed: [["cat", "in.txt"]], added: []}' "reversed: the extra cat is removed"
run_cmd s_ex "$TRAIL" diff --exclude "$SA,$SB" "$TSA" "$TSB"
check "--exclude: no path under the excluded directories" \
	test -z "$(grep -e "$SA/" -e "$SB/" "$W/s_ex.stdout")"

# ---- trouble: one error line, exit 2
T=diff/errors
bad() {	# DESC ARGS...: exit 2, exactly one line on stderr, starting "trail: "
	local desc=$1
	shift
	run_cmd bad "$TRAIL" diff "$@"
	if [ "$CMD_STATUS" -eq 2 ] && [ "$(wc -l <"$W/bad.stderr")" -eq 1 ] &&
		grep -q '^trail: ' "$W/bad.stderr" && [ ! -s "$W/bad.stdout" ]; then
		pass "$desc"
	else
		fail "$desc" "exit $CMD_STATUS, stdout $(head -c 100 "$W/bad.stdout"), stderr $(head -c 200 "$W/bad.stderr")"
	fi
}
bad "a missing file" "$TA" "$W/nonexistent.trail"
bad "a missing first file" "$W/nonexistent.trail" "$TA"
bad "a file that is no recording" /etc/passwd "$TA"
cp "$TA" "$W/corrupt.trail"
printf 'GARBAGEGARBAGEGARBAGE' | dd of="$W/corrupt.trail" bs=1 seek=$(($(stat -c %s "$TA") / 2)) conv=notrunc 2>/dev/null
bad "a corrupt file (B)" "$TA" "$W/corrupt.trail"
bad "a corrupt file (A)" "$W/corrupt.trail" "$TA"
check "the error names the corrupt file" grep -q "corrupt.trail' is corrupt" "$W/bad.stderr"
bad "one recording only" "$TA"
bad "three recordings" "$TA" "$TA" "$TA"
bad "an unknown option" --bogus "$TA" "$TA"
bad "a directory" "$W" "$TA"
