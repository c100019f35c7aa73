#!/bin/bash
# trail report: the HTML page of a real parallel build with a failing probe,
# opened in headless Chromium with the network cut off (report_check.js):
# summary numbers equal trail summary's, the tree is exactly the recorded
# processes, collapsing and the search box work, the failed calls are trail
# show --failed's; the caps; a recording full of markup stays text, and so
# do names with every byte (t_escape's scenario); the
# command line (no overwrite without --force, -o -, bad input).
. "$(dirname "$0")/lib.sh"
need hostile

T=report/setup
if [ ! -x /usr/bin/chromium ]; then
	fail "Debian's chromium is installed" "no /usr/bin/chromium: sh scripts/install-deps.sh --test"
	exit 1
fi
if ! out=$(sh "$ROOT/scripts/install-node-deps.sh" 2>&1); then
	fail "playwright-core installed from npm into build/node_modules" "$out"
	exit 1
fi
pass "chromium and playwright-core (build/node_modules) are there"

# page JSON: the data blob of a report, as jq reads it
page_json() {
	sed -n 's|^<script type="application/json" id="trail-data">\(.*\)</script>$|\1|p' "$1"
}
# jqtrue [jq options] EXPR FILE: EXPR is true over FILE (an empty file is not)
jqtrue() {
	[ "$(jq "$@" 2>&1)" = true ]
}
# browser MODE REPORT EXPECT [SCREENSHOT]: report_check.js's PASS/FAIL lines
browser() {
	local out st
	out=$(timeout -k 5 "$HANG_ONE" node "$E2E_DIR/report_check.js" "$1" "$2" "$3" "${4:-}" "$T" 2>&1)
	st=$?
	printf '%s\n' "$out" | grep '^\(PASS\|FAIL\) '
	if [ $st -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL '; then
		fail "the browser check ($1) ran" "exit $st: $(printf '%s' "$out" | tail -5)"
	fi
}

# ---- a small parallel build: nested processes, a probe that fails ----
P=$W/proj
mkdir -p "$P/inc1" "$P/inc2"
printf '#define CONF 1\n' >"$P/inc2/conf.h"
for f in a b c; do
	printf '#include "conf.h"\nint %s(void) { return CONF; }\n' $f >"$P/$f.c"
done
printf '#include "conf.h"\nint a(void), b(void);\nint main(void) { return a() + b() - 2 * CONF; }\n' >>"$P/c.c"
sed -i 's/^int c(void).*$//' "$P/c.c"
echo old >"$P/old.txt"
cat >"$P/Makefile" <<'MK'
OBJS := a.o b.o c.o
all: app probe tidy
app: $(OBJS)
	cc -o $@ $(OBJS)
%.o: %.c
	cc -Iinc1 -Iinc2 -c $< -o $@
probe:
	-sh -c 'test -e feature.h || exit 3'
tidy: app
	rm -f old.txt
MK

IN=$P record build -- make -j2
expect_status "$REC_STATUS" 0 "make -j2 succeeded under trail (the probe's failure ignored)"
BUILD=$TRACE
BUILD_JSON=$CUR

T=report/build
run_cmd report "$TRAIL" report -o "$W/build.html" "$BUILD"
expect_status "$CMD_STATUS" 0 "trail report exits 0"
WHY=$(cat "$W/report.stdout" "$W/report.stderr")
check "nothing on stdout or stderr" test ! -s "$W/report.stdout" -a ! -s "$W/report.stderr"
WHY=$(stat -c %a "$W/build.html" 2>&1)
check "the page is created mode 0600, as the recording" test "$(stat -c %a "$W/build.html")" = 600
WHY=$(grep -o '\(src\|href\)="[^"]*"' "$W/build.html" | sort -u | tr '\n' ' ')
check "nothing to fetch: no src= or href= but the empty data: icon" \
	test "$(grep -o '\(src\|href\)="[^"]*"' "$W/build.html" | sort -u)" = 'href="data:,"'
check "no URL to another host anywhere in the page" test -z "$(grep -Eo '(https?:)?//[a-z0-9.-]+\.[a-z]{2,}' "$W/build.html")"
page_json "$W/build.html" >"$W/build.data.json"
check "the data blob is one JSON object" jqtrue 'type == "object" and (.procs | length) > 0' "$W/build.data.json"

# expectations, from the other views of the same recording
"$TRAIL" summary "$BUILD" >"$W/sum.txt" 2>/dev/null
"$TRAIL" show --failed --json "$BUILD" >"$W/failed.json" 2>/dev/null
"$TRAIL" deps --format json --exclude '' "$BUILD" >"$W/deps.json" 2>/dev/null
"$TRAIL" lint --format json "$BUILD" >"$W/lint.json" 2>/dev/null
sumv() { sed -n "s/^$1 *//p" "$W/sum.txt"; }
jq -n -s \
	--arg processes "$(sumv processes: | cut -d' ' -f1)" \
	--arg events "$(sumv events: | cut -d' ' -f1)" \
	--arg nfailed "$(sumv failed: | cut -d' ' -f1)" \
	--arg lost "$(sumv lost: | cut -d' ' -f1)" \
	--arg started "$(sumv started: | sed 's/, lasted.*//')" \
	--arg lasted "$(sumv started: | sed 's/.*, lasted \([0-9.]*\) s.*/\1/')" \
	--arg status "$(sumv started: | sed 's/.*, lasted [0-9.]* s, //')" \
	--arg command "$(sumv command:)" \
	--slurpfile ev "$BUILD_JSON" --slurpfile failed "$W/failed.json" --slurpfile deps "$W/deps.json" \
	--slurpfile lint "$W/lint.json" \
	--arg P "$P" '
	# the processes as trail tree sees them: from forks, with the last argv
	($ev | reduce .[] as $e ({p: [], idx: {}};
		($e.pid | tostring) as $k
		| (if .idx[$k] == null then
			.p += [{pid: $e.pid, parent: null, argv: [], exec: false, status: "running"}]
			| .idx[$k] = (.p | length - 1) else . end)
		| if $e.event == "fork" and $e.child_pid != null and ($e.thread | not) then
			.p[.idx[$k]] as $par
			| .p += [{pid: $e.child_pid, parent: $e.pid, argv: $par.argv, exec: false, status: "running"}]
			| .idx[$e.child_pid | tostring] = (.p | length - 1)
		  elif $e.event == "exec" and $e.ret == 0 then
			.p[.idx[$k]] |= (.argv = $e.argv | .exec = true)
		  elif $e.event == "exit" and ($e.thread | not) then
			.p[.idx[$k]].status = (if $e.code != null then "exit \($e.code)"
				else $e.signal + (if $e.core_dumped then " (core)" else "" end) end)
			| .idx |= del(.[$k])
		  else . end) | .p) as $procs
	# every path of every command, with the commands (deps ids) that used it
	| $deps[0] as $d
	| ([$d.commands[] | .id as $id | (.inputs, .executables, .directories, .outputs, .missing, .deleted, .streams)[]
		| {p: ., id: $id}] | group_by(.p)
		| map({key: .[0].p, value: {cmds: (map(.id) | unique),
			run: [(if (.[0].p as $x | ($d.inputs + $d.executables + $d.directories) | index([$x])) then "input" else empty end),
			      (if (.[0].p as $x | $d.outputs | index([$x])) then "output" else empty end),
			      (if (.[0].p as $x | $d.temporaries | index([$x])) then "temporary" else empty end),
			      (if (.[0].p as $x | $d.missing | index([$x])) then "missing" else empty end),
			      (if (.[0].p as $x | $d.deleted | index([$x])) then "deleted" else empty end),
			      (if (.[0].p as $x | $d.streams | index([$x])) then "stream" else empty end)]}})
		| from_entries) as $files
	| {
		summary: {processes: ($processes | tonumber), events: ($events | tonumber),
			  failed: ($nfailed | tonumber), lost: ($lost | tonumber),
			  started: $started, lasted: $lasted, status: $status, command: $command},
		procs: $procs,
		collapse: ([$procs[] | select(.parent != null) | .pid as $x
			    | select(any($procs[]; .parent == $x and (.pid as $y | any($procs[]; .parent == $y))))][0].pid),
		files: $files,
		roles: [[$P + "/a.c", "read"], [$P + "/a.o", "create"], [$P + "/app", "write"],
			[$P + "/inc1/conf.h", "missing"], [$P + "/feature.h", "missing"], [$P + "/old.txt", "delete"],
			[([$ev[] | select(.event == "exec" and .ret == 0 and .argv[0] == "cc") | .abs][0]), "exec"]],
		fragments: ["proj/b", "INC1/", "conf.h"],
		failed: [$failed[] | {pid, comm, syscall: (.syscall // .event),
			path: (.abs // (if .event == "exec" then .filename else .path end) // ""), error}],
		lint: $lint[0]
	}' >"$W/expect.json" 2>"$W/expect.err"
WHY=$(cat "$W/expect.err")
check "expectations computed from trail summary, show --json, show --failed, deps" \
	jqtrue '(.procs | length) > 5 and (.failed | length) > 0 and .collapse != null and (.files | length) > 10' "$W/expect.json"

T=report/browser
mkdir -p "$ROOT/build/artifacts"
browser full "$W/build.html" "$W/expect.json" "$ROOT/build/artifacts/report.png"

# ---- hazards: a build with one (trail lint's write-write, tests/e2e/lint) ----
T=report/hazards
cp -r "$E2E_DIR/lint/make-write-write" "$W/ww"
IN=$W/ww record ww -- make -j2
"$TRAIL" report -o "$W/ww.html" "$TRACE" 2>"$W/ww.err"
expect_status "$?" 0 "trail report of a build with a hazard exits 0"
"$TRAIL" lint --format json "$TRACE" >"$W/ww.lint.json" 2>/dev/null
check "trail lint finds its one write-write" jqtrue '.total == 1 and .hazards[0].kind == "write-write"' "$W/ww.lint.json"
page_json "$W/ww.html" >"$W/ww.data.json"
check "the page's data holds trail lint's hazards" jqtrue --slurpfile l "$W/ww.lint.json" \
	'.lint == ($l[0] | del(.command, .project))' "$W/ww.data.json"
browser hazards "$W/ww.html" "$W/ww.lint.json"

# ---- caps: --max 3 keeps 3 of each and counts the rest ----
T=report/caps
"$TRAIL" report --max 3 -o "$W/caps.html" "$BUILD" 2>"$W/caps.err"
expect_status "$?" 0 "trail report --max 3 exits 0"
page_json "$W/caps.html" >"$W/caps.data.json"
jq -n --slurpfile e "$W/expect.json" --slurpfile d "$W/caps.data.json" \
	'{max: 3, procs_total: ($e[0].procs | length), files_total: ($e[0].files | length),
	  failed: $e[0].failed}' >"$W/caps.expect.json"
check "the data holds 3 processes, 3 files, 3 failed calls" \
	jqtrue '(.procs | length) == 3 and (.files | length) == 3 and (.failed_calls | length) == 3' "$W/caps.data.json"
browser caps "$W/caps.html" "$W/caps.expect.json"

# ---- a recording full of markup ----
HOSTILE='</script><img src=x onerror=alert(1)>'
LS=$(printf 'line\342\200\250sep')
record hostile -- sh -c ': > "f<b>bold.txt"; cat "f<b>bold.txt" "<!--</script>missing" 2>/dev/null; exit 0' \
	"$HOSTILE" "$LS"
expect_status "$REC_STATUS" 0 "the command made f<b>bold.txt and ran cat"
T=report/hostile
"$TRAIL" report -o "$W/hostile.html" "$TRACE" 2>"$W/hostile.err"
expect_status "$?" 0 "trail report exits 0"
WHY=$(grep -io '</script' "$W/hostile.html" | wc -l)
check "'</script' appears only where the page's two scripts end" test "$(grep -io '</script' "$W/hostile.html" | wc -l)" = 2
check "no '<img', '<b>' or '<!--<' from the recording in the page" \
	test -z "$(grep -o '<img\|<b>\|<!--<' "$W/hostile.html")"
check "no raw U+2028 in the page (escaped as \\u2028)" \
	sh -c "! grep -q \"\$(printf '\342\200\250')\" '$W/hostile.html' && grep -qF '\\u2028' '$W/hostile.html'"
page_json "$W/hostile.html" >"$W/hostile.data.json"
check "the data blob parses back to the exact argv" \
	jqtrue --arg h "$HOSTILE" --arg l "$LS" '.procs[0].argv[3] == $h and .procs[0].argv[4] == $l' "$W/hostile.data.json"
jq -n --arg h "$HOSTILE" --arg l "$LS" --arg W "$W" --slurpfile ev "$CUR" \
	"$JQ_ORDER"'($ev | first_that(.event == "exec" and .ret == 0).argv) as $argv
	| {argv: $argv, file: ($W + "/f<b>bold.txt"), missing: ($W + "/<!--</script>missing"), command: ($argv | join(" "))}' \
	>"$W/hostile.expect.json"
check "the recorded argv holds the markup" jqtrue --arg h "$HOSTILE" '.argv[3] == $h' "$W/hostile.expect.json"
browser hostile "$W/hostile.html" "$W/hostile.expect.json"

# ---- t_escape's names: every byte, markup, terminal sequences ----
T=report/names
mkdir "$W/names"
IN=$W/names record names -- "$S/hostile" x a
expect_status "$REC_STATUS" 0 "the scenario made every name"
T=report/names
"$TRAIL" report -o "$W/names.html" "$TRACE" 2>"$W/names.err"
expect_status "$?" 0 "trail report exits 0"
check "no '<img' from the names in the page" test -z "$(grep -o '<img' "$W/names.html")"
check "'</script' appears only where the page's two scripts end" \
	test "$(grep -io '</script' "$W/names.html" | wc -l)" = 2
browser names "$W/names.html" "$CUR"

# ---- the command line ----
T=report/cli
cp "$W/build.html" "$W/keep.html"
run_cmd again "$TRAIL" report -o "$W/build.html" "$BUILD"
expect_status "$CMD_STATUS" 1 "an existing OUT: exit 1"
check "... with one line saying to use --force" \
	test "$(cat "$W/again.stderr")" = "trail: '$W/build.html' exists: use --force to overwrite it"
check "... and the file untouched" cmp -s "$W/build.html" "$W/keep.html"
echo junk >"$W/old.html"
run_cmd force "$TRAIL" report --force -o "$W/old.html" "$BUILD"
expect_status "$CMD_STATUS" 0 "--force replaces it"
check "... with the same page" cmp -s "$W/old.html" "$W/keep.html"
"$TRAIL" report -o - "$BUILD" >"$W/stdout.html" 2>"$W/stdout.err"
expect_status "$?" 0 "-o - exits 0"
check "-o - writes the same page to stdout" cmp -s "$W/stdout.html" "$W/keep.html"
run_cmd noout "$TRAIL" report "$BUILD"
expect_status "$CMD_STATUS" 2 "no -o: usage error, exit 2"
check "... saying where to" grep -q "^trail: where to? -o OUT" "$W/noout.stderr"
run_cmd badmax "$TRAIL" report --max 0 -o "$W/x.html" "$BUILD"
expect_status "$CMD_STATUS" 2 "--max 0: usage error"
check "... and no page" test ! -e "$W/x.html"
run_cmd self "$TRAIL" report --force -o "$BUILD" "$BUILD"
expect_status "$CMD_STATUS" 1 "the recording itself as OUT, even with --force: refused"
check "... and the recording is still there" "$TRAIL" summary "$BUILD" >/dev/null 2>&1
ln -s "$W/target.html" "$W/link.html"
run_cmd link "$TRAIL" report -o "$W/link.html" "$BUILD"
expect_status "$CMD_STATUS" 1 "OUT a symlink: refused without --force"
check "... nothing written through it" test ! -e "$W/target.html"

# a corrupt recording: one error line, no page left behind
python3 - "$BUILD" "$W/corrupt.trail" "$W/cut.trail" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
hs = struct.unpack_from('<I', d, 12)[0]
c = bytearray(d)
c[hs + 24 + 200] ^= 0xff            # inside the first chunk's payload: its CRC fails
open(sys.argv[2], 'wb').write(c)
open(sys.argv[3], 'wb').write(d[:d.rfind(b'TRLC\x02\x00\x00\x00')])   # no trailer
PY
run_cmd corrupt "$TRAIL" report -o "$W/corrupt.html" "$W/corrupt.trail"
expect_status "$CMD_STATUS" 1 "a corrupt recording: exit 1"
check "... one error line naming it" \
	test "$(wc -l <"$W/corrupt.stderr")" = 1 -a -n "$(grep "^trail: '$W/corrupt.trail' is corrupt: " "$W/corrupt.stderr")"
check "... and no page left behind" test ! -e "$W/corrupt.html"
run_cmd cut "$TRAIL" report -o "$W/cut.html" "$W/cut.trail"
expect_status "$CMD_STATUS" 0 "a recording without its trailer: a page all the same"
check "... with the warning that it is incomplete" grep -q "^trail: warning: .*is incomplete" "$W/cut.stderr"
page_json "$W/cut.html" >"$W/cut.data.json"
check "... and the page says it is incomplete" jqtrue '.complete == false and .exit == null' "$W/cut.data.json"
run_cmd notrace "$TRAIL" report -o "$W/nt.html" "$W/no-such.trail"
expect_status "$CMD_STATUS" 1 "a missing recording: exit 1"
check "... and no page" test ! -e "$W/nt.html"
