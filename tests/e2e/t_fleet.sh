#!/bin/bash
# trail export over many recordings: three machines (three UTS namespaces,
# each with its own host name) each record a command that execs known
# binaries a known number of times; one jsonl and one sqlite export of the
# three; the fleet queries of docs/export.md, in DuckDB (@duckdb/node-api)
# over the JSON Lines and in sqlite3 over the database, give exactly those
# counts and nothing else.  Then the errors: a bad recording among several
# stops the export with one line naming it and leaves no output.
. "$(dirname "$0")/lib.sh"

DOC=$ROOT/docs/export.md
base() { basename "$(readlink -f "$1")"; }
SH=$(base /bin/sh)	# dash on Debian: the binary the kernel runs
TRUE=$(base /bin/true)
ECHO=$(base /bin/echo)
LS=$(base /bin/ls)

T=fleet/setup
if ! out=$(sh "$ROOT/scripts/install-node-deps.sh" 2>&1); then
	fail "@duckdb/node-api installed from npm into build/node_modules" "$out"
	exit 0
fi
pass "@duckdb/node-api (build/node_modules) is there"

# machine HOST FILE SCRIPT: record /bin/sh -c SCRIPT as host HOST
machine() {
	T=fleet/$1
	mkdir -p "$W/$1"
	timeout -k 5 "$HANG_ONE" unshare --uts /bin/sh -c 'hostname "$1" && exec "$2" record -o "$3" -- /bin/sh -c "$4"' \
		sh "$1" "$TRAIL" "$W/$1/$2" "$3" >"$W/$1.out" 2>"$W/$1.err" </dev/null
	expect_status "$?" 0 "recorded as host $1"
	check "no events lost" grep -qx 'trail: 0 events lost' "$W/$1.err"
}
machine fleet-a trail.data '/bin/true; /bin/true; /bin/echo a >/dev/null'
machine fleet-b trail.data.1 '/bin/true; /bin/ls / >/dev/null; /bin/ls / >/dev/null; /bin/ls / >/dev/null'
machine fleet-c trail.data.2 '/bin/echo 1; /bin/echo 2; /bin/echo 3; /bin/echo 4'
T=fleet/setup
WHY="$(hostname)"
check "this machine's host name is not one of theirs" sh -c "! hostname | grep -q '^fleet-'"
FILES=("$W/fleet-a/trail.data" "$W/fleet-b/trail.data.1" "$W/fleet-c/trail.data.2")

# what the three should give, "host program execs" sorted
printf '%s\n' "fleet-a $ECHO 1" "fleet-a $SH 1" "fleet-a $TRUE 2" \
	"fleet-b $LS 3" "fleet-b $SH 1" "fleet-b $TRUE 1" \
	"fleet-c $ECHO 4" "fleet-c $SH 1" | sort >"$W/want.txt"

# ---- jsonl ----
T=fleet/jsonl
"$TRAIL" export --format jsonl -o "$W/week.jsonl" "${FILES[@]}" 2>"$W/x.err"
expect_status "$?" 0 "export --format jsonl of three recordings exits 0"
check "nothing on stderr" test ! -s "$W/x.err"
check "the output is mode 0600" test "$(stat -c %a "$W/week.jsonl")" = 600
n=0
for f in "${FILES[@]}"; do
	"$TRAIL" show --json "$f" >"$W/one.json"
	n=$((n + $(wc -l <"$W/one.json")))
done
check "as many lines as the three show --json ($n)" test "$(wc -l <"$W/week.jsonl")" -eq "$n"
out=$(jq -r -s '[.[] | .host] | unique | join(" ")' "$W/week.jsonl")
WHY=$out
check "every line has one of the three hosts" test "$out" = "fleet-a fleet-b fleet-c"
out=$(jq -r -s 'group_by(.host) | map([.[].recording] | unique | length) | join(" ")' "$W/week.jsonl")
WHY=$out
check "one recording id per host" test "$out" = "1 1 1"
out=$(jq -r -s '[.[].recording] | unique | length' "$W/week.jsonl")
check "three recording ids in all" test "$out" = 3
out=$(jq -r -s --arg b "$(cat /proc/sys/kernel/random/boot_id)" '[.[] | select(.boot_id != $b)] | length' "$W/week.jsonl")
check "every line has this boot's id" test "$out" = 0
out=$(jq -r -s '[.[] | select(.event == "exec") | .host] | join(" ")' "$W/week.jsonl")
WHY=$out
check "the recordings come in the order given" sh -c "echo '$out' | tr ' ' '\n' | sort -c"

# the DuckDB query: the first sql block under "## Many recordings"
fleet_query() { # N: the Nth sql block of that section
	awk -v n="$1" '/^## Many recordings/ { on = 1 } on && /^## [^M]/ { exit }
		on && /^```sql/ { k++; if (k == n) { p = 1; next } } p && /^```/ { exit } p' "$DOC"
}
T=fleet/duckdb
WHY="no sql block with read_json_auto under '## Many recordings' in $DOC"
check "docs/export.md has the DuckDB query, over week.jsonl" test -n "$(fleet_query 1 | grep "read_json_auto(.week.jsonl.)")"
fleet_query 1 | timeout -k 5 "$HANG_ONE" node "$E2E_DIR/duckdb_query.js" "$W" >"$W/duck.json" 2>"$W/duck.err"
expect_status "$?" 0 "the query runs in DuckDB"
WHY=$(head -c 300 "$W/duck.err")
jq -r '"\(.host) \(.program) \(.execs)"' "$W/duck.json" >"$W/duck.txt" 2>&1
WHY="got: $(tr '\n' ',' <"$W/duck.txt") want: $(tr '\n' ',' <"$W/want.txt")"
check "execs per host and binary: exactly the expected rows, nothing else" cmp -s "$W/duck.txt" "$W/want.txt"
out=$(jq -s '[.[] | select(.event == "exec" and .ret == 0)] | length' "$W/week.jsonl")
sum=$(jq -s 'map(.execs) | add' "$W/duck.json")
WHY="jq counts $out execs, the rows $sum"
check "the rows add up to every successful exec in the export (14)" test "$out" = 14 -a "$sum" = 14

# ---- sqlite ----
T=fleet/sqlite
DB=$W/week.db
"$TRAIL" export --format sqlite -o "$DB" "${FILES[@]}" 2>"$W/db.err"
expect_status "$?" 0 "export --format sqlite of three recordings exits 0"
check "nothing on stderr" test ! -s "$W/db.err"
fleet_query 2 | sqlite3 -separator ' ' "$DB" >"$W/sq.txt" 2>&1
WHY="got: $(tr '\n' ',' <"$W/sq.txt") want: $(tr '\n' ',' <"$W/want.txt")"
check "the same query in SQLite: exactly the expected rows, nothing else" cmp -s "$W/sq.txt" "$W/want.txt"
out=$(sqlite3 -separator ' ' "$DB" "SELECT id, host, file, complete, events FROM recordings ORDER BY id")
want=""
i=0
for f in "${FILES[@]}"; do
	i=$((i + 1))
	want="$want$i $(basename "$(dirname "$f")") $f 1 $("$TRAIL" show --json "$f" | wc -l)
"
done
WHY="$out"
check "recordings: one row per file, host, name, complete, its events" test "$out" = "${want%?}"
out=$(sqlite3 "$DB" "SELECT group_concat(recording, ' ') FROM (SELECT recording FROM recordings ORDER BY id)")
want=$(jq -r '.recording' "$W/week.jsonl" | uniq | paste -sd ' ')
WHY="sqlite $out; jsonl $want"
check "recordings.recording are the jsonl's recording ids, in order" test "$out" = "$want"
out=$(sqlite3 "$DB" "SELECT
	(SELECT COUNT(*) FROM events e JOIN processes p ON p.id = e.process WHERE p.recording != e.recording) +
	(SELECT COUNT(*) FROM events e JOIN commands c ON c.id = e.command WHERE c.recording != e.recording) +
	(SELECT COUNT(*) FROM commands c JOIN processes p ON p.id = c.process WHERE p.recording != c.recording) +
	(SELECT COUNT(*) FROM files f JOIN commands c ON c.id = f.command WHERE c.recording != f.recording) +
	(SELECT COUNT(*) FROM processes c JOIN processes p ON p.id = c.parent WHERE p.recording != c.recording)")
WHY=$out
check "no key joins rows of two recordings (pids repeat; ids do not)" test "$out" = 0
out=$(sqlite3 "$DB" "SELECT COUNT(*) FROM processes")
n=0
for f in "${FILES[@]}"; do
	"$TRAIL" export --format sqlite -o "$W/one.db" --force "$f" 2>/dev/null
	n=$((n + $(sqlite3 "$W/one.db" "SELECT COUNT(*) FROM processes")))
done
WHY="$out, the three alone: $n"
check "processes: as many as the three exported alone" test "$out" = "$n"
out=$(sqlite3 "$DB" "SELECT group_concat(key) FROM meta")
WHY=$out
check "meta of several: the schema's version only (2)" test "$out" = schema_version -a "$(sqlite3 "$DB" "SELECT value FROM meta")" = 2
out=$(sqlite3 "$W/one.db" "SELECT value FROM meta WHERE key = 'hostname'")
check "meta of one: its keys as before (hostname)" test "$out" = fleet-c

# ---- errors ----
T=fleet/errors
run_one_error() { # DESC STATUS OUT COMMAND...: exit STATUS, one trail: line, OUT not made
	local desc=$1 want=$2 o=$3
	shift 3
	rm -f "$o"
	run_cmd err "$@"
	if [ "$CMD_STATUS" = "$want" ] && [ "$(wc -l <"$W/err.stderr")" -eq 1 ] &&
		grep -q '^trail: ' "$W/err.stderr" && [ ! -e "$o" ]; then
		pass "$desc"
	else
		fail "$desc" "exit $CMD_STATUS (want $want); stderr: $(head -c 300 "$W/err.stderr"); output there: $(ls "$o" 2>&1)"
	fi
}
head -c 5000 /dev/urandom >"$W/garbage.trail"
for fmt in jsonl sqlite; do
	run_one_error "$fmt: not a recording among three: exit 1, one line, no output" 1 "$W/o.$fmt" \
		"$TRAIL" export --format "$fmt" -o "$W/o.$fmt" "${FILES[0]}" "$W/garbage.trail" "${FILES[2]}"
	check "$fmt: the line names it" grep -q "garbage.trail" "$W/err.stderr"
	run_one_error "$fmt: a missing one: exit 1, one line, no output" 1 "$W/o.$fmt" \
		"$TRAIL" export --format "$fmt" -o "$W/o.$fmt" "${FILES[@]}" "$W/nonexistent.trail"
	cp "${FILES[1]}" "$W/copy.trail"
	run_one_error "$fmt: a copy of one (the same recording): exit 1, one line, no output" 1 "$W/o.$fmt" \
		"$TRAIL" export --format "$fmt" -o "$W/o.$fmt" "${FILES[@]}" "$W/copy.trail"
	check "$fmt: the line says which two are the same" \
		grep -q "'$W/copy.trail' is the same recording as '${FILES[1]}'" "$W/err.stderr"
done
# corrupt past its header: found while reading, after the first was written
cp "${FILES[1]}" "$W/bad.trail"
size=$(stat -c %s "$W/bad.trail")
printf 'XXXXXXXX' | dd of="$W/bad.trail" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
for fmt in jsonl sqlite; do
	run_one_error "$fmt: one corrupt inside: exit 1, one line, the output removed" 1 "$W/o.$fmt" \
		"$TRAIL" export --format "$fmt" -o "$W/o.$fmt" "${FILES[0]}" "$W/bad.trail" "${FILES[2]}"
	check "$fmt: the line names it, corrupt" grep -q "'$W/bad.trail' is corrupt" "$W/err.stderr"
done
"$TRAIL" export --format jsonl "${FILES[0]}" "$W/bad.trail" >"$W/partial.jsonl" 2>"$W/partial.err"
expect_status "$?" 1 "on stdout: exit 1 (what was written stays)"
WHY="$(jq -r .host "$W/partial.jsonl" | uniq -c | paste -sd ' ')"
check "on stdout: the first recording was written whole" \
	test "$(jq -r 'select(.host == "fleet-a") | .host' "$W/partial.jsonl" | wc -l)" -eq "$("$TRAIL" show --json "${FILES[0]}" | wc -l)"
for fmt in chrome compile-commands; do
	run_one_error "$fmt takes one recording: exit 2" 2 "$W/o.$fmt" \
		"$TRAIL" export --format "$fmt" -o "$W/o.$fmt" "${FILES[0]}" "${FILES[1]}"
done
# the file a sensor is writing: no trailer yet; exported up to where it stops
head -c $((size - 40)) "${FILES[1]}" >"$W/open.trail"
"$TRAIL" export --format jsonl -o "$W/o.jsonl" "${FILES[0]}" "$W/open.trail" 2>"$W/open.err"
expect_status "$?" 0 "a recording still being written among them: exit 0"
check "with a warning naming it" grep -q "'$W/open.trail' is incomplete" "$W/open.err"
check "its events are in" test "$(jq -r -s '[.[].host] | unique | join(" ")' "$W/o.jsonl")" = "fleet-a fleet-b"
