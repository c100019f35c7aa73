#!/bin/bash
# What a traced program controls never reaches a terminal raw: a scenario
# makes files named with every byte 0x01-0xff but '/', overlong UTF-8, lone
# surrogates, C1 and bidirectional controls, a 255-byte name and a 4,095-byte
# path, runs a child with such argv and environment, renames a task and
# binds a socket to such a name.  Every text view (show, tree, deps,
# summary, diff, stat, watch) and the error lines must hold no raw control
# byte but their own line ends, only valid UTF-8, and must round-trip:
# unescaped (tests/e2e/textcheck.py, written from docs/json.md), the
# text gives the exact bytes the JSON gives.
. "$(dirname "$0")/lib.sh"
need hostile
TC="python3 $E2E_DIR/textcheck.py"

# view NAME [tab] -- COMMAND...: run a text view into $W/NAME.txt, check it
# exits 0 and holds no raw control byte
view() {
	local name=$1 tab=
	shift
	[ "$1" = tab ] && { tab=tab; shift; }
	shift
	"$@" >"$W/$name.txt" 2>"$W/$name.err"
	expect_status "$?" "${WANT_STATUS:-0}" "$name: exits ${WANT_STATUS:-0}"
	WHY=$($TC raw "$W/$name.txt" $tab 2>&1)
	check "$name: no raw control byte, DEL, C1 or bidi control; valid UTF-8" test -z "$WHY"
}

# roundtrip VIEW NAME JSON: the text view's strings are the JSON's bytes
roundtrip() {
	local out st
	out=$($TC "$1" "$W/$2.txt" "$3" 2>&1)
	st=$?
	WHY=$out
	check "$2: unescaped, every string is the exact bytes of the JSON${out:+ ($out)}" test "$st" = 0
}

mkdir "$W/in"
IN=$W/in record a -- "$S/hostile" x a
expect_status "$REC_STATUS" 0 "the scenario made every name"
expect_eq '[.[] | select(.event == "open" and .ret >= 0 and (.path | test("^b[0-9a-f]{2}-")))] | [length, (map(.path) | unique | length)]' \
	'[2 * 254, 254]' "every byte value but '/' is in a name, created and opened (JSON)"
expect 'any(.[]; .event == "open" and (.path | length) > 4000)' "the 4,095-byte path was opened"
A=$CUR
TA=$TRACE

T=escape/show
view show -- "$TRAIL" show "$TA"
roundtrip show show "$A"
view show-v -- "$TRAIL" show -v "$TA"
roundtrip show show-v "$A"
check "show: the kernel's path of the OSC name is escaped in <...>" \
	grep -qF '<'"$W"'/in/evil\x1b]0;pwned\x07\x1b[31mred.c-a>' "$W/show.txt"
check "show: '<' and '>' of a name in <...> as \\x3c \\x3e" \
	grep -qF '/\x3cimg src=x onerror=alert(1)\x3e.h-a>' "$W/show.txt"
check "show: as many lines as events" test "$(wc -l <"$W/show.txt")" = "$(wc -l <"$A")"

T=escape/tree
view tree -- "$TRAIL" tree "$TA"
roundtrip tree tree "$A"
view tree-v -- "$TRAIL" tree -v "$TA"
roundtrip tree tree-v "$A"
check "tree: one line per process" test "$(wc -l <"$W/tree.txt")" = 3

T=escape/deps
"$TRAIL" deps --format json "$TA" >"$W/deps.json"
view deps -- "$TRAIL" deps "$TA"
roundtrip deps deps "$W/deps.json"
view deps-make -- "$TRAIL" deps --format make "$TA"
check "deps make: a name make cannot hold is left out, said in a comment" \
	grep -qF '# trail: left out, make cannot hold this name: "'"$W"'/in/nl\nname-a"' "$W/deps-make.txt"
check "deps make: a plain name is a target" grep -q "^$W/in/b41-A-a:" "$W/deps-make.txt"

# DOT keeps its own escaping (control bytes as spaces); what is not UTF-8
# text becomes U+FFFD, so Graphviz reads the graph as UTF-8
T=escape/graph
view graph -- "$TRAIL" graph "$TA"
dot -Tsvg "$W/graph.txt" >"$W/graph.svg" 2>"$W/dot.err"
expect_status "$?" 0 "dot -Tsvg accepts the graph"
WHY=$(head -c 300 "$W/dot.err")
check "dot reads it as UTF-8 (no warning)" test ! -s "$W/dot.err"
WHY=$($TC svg "$W/graph.svg" 2>&1)
check "the SVG is well-formed, Graphviz's elements only, no event handler" test -z "$WHY"

T=escape/summary
view summary -- "$TRAIL" summary "$TA"
roundtrip summary summary "$A"

T=escape/diff
IN=$W/in record b -- "$S/hostile" x b
T=escape/diff
"$TRAIL" diff --json "$TA" "$TRACE" >"$W/diff.json"
WANT_STATUS=1 view diff tab -- "$TRAIL" diff "$TA" "$TRACE"
roundtrip diff diff "$W/diff.json"
check "diff: the only tabs are the header's two" test "$(tr -cd '\t' <"$W/diff.txt" | wc -c)" = 2

T=escape/stat
(cd "$W/in" && "$TRAIL" stat -n 0 --json -- "$S/hostile" x a) >"$W/stat.json" 2>/dev/null
(cd "$W/in" && exec "$TRAIL" stat -n 0 -- "$S/hostile" x a) >"$W/stat.txt" 2>"$W/stat.err"
expect_status "$?" 0 "stat: exits 0"
WHY=$($TC raw "$W/stat.txt" 2>&1)
check "stat: no raw control byte, DEL, C1 or bidi control; valid UTF-8" test -z "$WHY"
roundtrip stat stat "$W/stat.json"

T=escape/watch
(cd "$W/in" && exec "$TRAIL" watch -- "$S/hostile" x a) >"$W/watch.txt" 2>"$W/watch.err"
expect_status "$?" 0 "watch: exits 0"
WHY=$($TC raw "$W/watch.txt" 2>&1)
check "watch: no raw control byte, DEL, C1 or bidi control; valid UTF-8" test -z "$WHY"
roundtrip watch watch "$A"

T=escape/errors
BAD=$(printf '%s/no\033]0;x\007such\nfile\302\233.trail' "$W")
run_cmd err "$TRAIL" show "$BAD"
expect_status "$CMD_STATUS" 1 "a missing recording with a hostile name: exit 1"
check "... one line, the name escaped" test "$(cat "$W/err.stderr")" = \
	"trail: can't open '$W/no\\x1b]0;x\\x07such\\nfile\\xc2\\x9b.trail': No such file or directory"
run_cmd usage "$TRAIL" show --pid "$(printf '1\n2')"
check "a usage error quoting an argument: one line, escaped" \
	test "$(cat "$W/usage.stderr")" = "trail: bad pid '1\\n2' (see 'trail show --help')"
