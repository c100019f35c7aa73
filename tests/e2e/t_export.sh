#!/bin/bash
# trail export on a real build of a generated C/C++ project: jsonl equals
# show --json; the five documented SQLite queries (taken from
# docs/export.md) give what the events say; the Chrome trace is well formed
# and its process slices nest; compile_commands.json equals Bear's for the
# same build; bad inputs give one error line.
. "$(dirname "$0")/lib.sh"

DOC=$ROOT/docs/export.md
P=$W/proj
mkdir -p "$P/src" "$P/inc1" "$P/inc2" "$P/gen" "$P/lib" "$P/other"
for i in 1 2 3; do
	printf '#ifndef M%d_H\n#define M%d_H\nint f%d(void);\n#endif\n' $i $i $i >"$P/inc2/m$i.h"
	printf '#include "m%d.h"\nint f%d(void) { return %d + LEVEL; }\n' $i $i $i >"$P/src/m$i.c"
done
printf '#include "m1.h"\n#include "m2.h"\nint main(void) { return f1() + f2() - 3 - 2 * LEVEL; }\n' >"$P/src/main.c"
printf 'int a(void) { return 1; }\n' >"$P/src/a.c"
printf 'int b(void) { return 2; }\n' >"$P/src/b.c"
printf '#ifndef GEN\n#error GEN\n#endif\nint g(void) { return 0; }\n' >"$P/gen/g.c"
printf 'int x(void) { return NO_O; }\n' >"$P/other/x.c"
printf '#include "m3.h"\nnamespace u { int util() { return CPP; } }\n' >"$P/lib/util.cpp"
# recipes in Bear's argument order (flags, -c, -o, the source: GNU make's own)
cat >"$P/Makefile" <<'MK'
CC = cc
CFLAGS = -O1 -DLEVEL=2
CPPFLAGS = -Iinc1 -Iinc2
OBJS = src/main.o src/m1.o src/m2.o src/m3.o
all: app lib/util.o other/x.o multi pre log
app: $(OBJS) gen/g.o
	$(CC) -o app $(OBJS) gen/g.o
src/%.o: src/%.c
	$(CC) $(CFLAGS) $(CPPFLAGS) -c -o $@ $<
gen/g.o: gen/g.c
	cd gen && $(CC) -DGEN -c -o g.o g.c
lib/util.o: lib/util.cpp
	$(MAKE) -s -C lib
other/x.o: other/x.c
	cd other && $(CC) -DNO_O=1 -c x.c
multi: src/a.c src/b.c
	$(CC) -DMULTI -c src/a.c src/b.c
	touch multi
pre:
	$(CC) -E $(CPPFLAGS) src/main.c > main.i
	$(CC) -MM $(CPPFLAGS) src/main.c > deps.mk
log:
	echo one >> log.txt
	echo two >> log.txt
	-false
	-sh -c 'exit 3'
clean:
	rm -f app multi main.i deps.mk log.txt a.o b.o src/*.o gen/*.o lib/*.o other/*.o compile_commands.json
MK
printf 'util.o: util.cpp\n\t$(CXX) -DCPP=1 -I../inc2 -c -o util.o util.cpp\n' >"$P/lib/Makefile"

T=export/bear
(cd "$P" && timeout "$HANG_ONE" bear --output "$W/bear.json" -- make -s) >"$W/bear.out" 2>&1
expect_status "$?" 0 "the project builds under bear"
(cd "$P" && make -s clean) >/dev/null 2>&1
check "make clean left no object" test -z "$(find "$P" -name '*.o')"

IN=$P record build -- make -s
expect_status "$REC_STATUS" 0 "make succeeded under trail"
BUILD=$TRACE
BUILDJ=$CUR

# ---- jsonl ----
T=export/jsonl
"$TRAIL" export --format jsonl "$BUILD" >"$W/x.jsonl" 2>"$W/x.err"
expect_status "$?" 0 "export --format jsonl exits 0"
check "jsonl: nothing on stderr" test ! -s "$W/x.err"
WHY="$(wc -l <"$W/x.jsonl") lines, show --json has $(wc -l <"$BUILDJ")"
check "jsonl: as many lines as show --json ($(wc -l <"$BUILDJ"))" test "$(wc -l <"$W/x.jsonl")" -eq "$(wc -l <"$BUILDJ")"
# where the events come from, first on every line (docs/json.md)
out=$(jq -n -r --arg host "$(hostname)" --arg boot "$(cat /proc/sys/kernel/random/boot_id)" \
	--slurpfile a "$W/x.jsonl" '[$a[] | keys_unsorted[0:3]] | unique | tojson,
	([$a[] | [.host, .recording, .boot_id]] | unique | length),
	([$a[] | select(.host == $host and .boot_id == $boot and (.recording | test("^[0-9a-f]{32}$")))] | length)' 2>&1)
WHY=$out
check "jsonl: every line starts with host, recording, boot_id, the same on every line, this machine's" \
	test "$out" = "$(printf '[["host","recording","boot_id"]]\n1\n%s' "$(wc -l <"$W/x.jsonl")")"
# the rest of each line: show --json's, byte for byte
unorigin() { sed -E 's/^\{"host":"[^"]*","recording":"[0-9a-f]{32}",("boot_id":"[0-9a-f-]{36}",)?/{/' "$@"; }
unorigin "$W/x.jsonl" >"$W/xs.jsonl"
out=$(jq -n -r --slurpfile a "$W/xs.jsonl" --slurpfile b "$BUILDJ" \
	'if ($a | length) != ($b | length) then "counts \($a | length) vs \($b | length)"
	 else [range($a | length) | select($a[.] != $b[.])] as $d
	 | if ($d | length) == 0 then "ok" else "line \($d[0] + 1) differs: \($a[$d[0]] | tojson | .[0:200])" end end' 2>&1)
WHY=$out
check "jsonl: every line the same object as show --json's, in order, after those three" test "$out" = ok
check "jsonl: byte for byte show --json after them" cmp -s "$W/xs.jsonl" "$BUILDJ"
"$TRAIL" export --format jsonl --event exec --failed "$BUILD" | unorigin >"$W/xf.jsonl"
"$TRAIL" show --json --event exec --failed "$BUILD" >"$W/sf.jsonl"
check "jsonl: --event exec --failed gives what show gives ($(wc -l <"$W/sf.jsonl") lines)" \
	sh -c "cmp -s '$W/xf.jsonl' '$W/sf.jsonl' && test -s '$W/sf.jsonl'"
check "jsonl: the filtered lines are only failed execs" \
	sh -c "jq -e -s 'length > 0 and all(.[]; .event == \"exec\" and .ret < 0)' '$W/xf.jsonl' >/dev/null"

# ---- sqlite: the five documented queries ----
T=export/sqlite
DB=$W/build.db
"$TRAIL" export --format sqlite -o "$DB" "$BUILD" 2>"$W/db.err"
expect_status "$?" 0 "export --format sqlite exits 0"
check "sqlite: nothing on stderr" test ! -s "$W/db.err"
# query N: the Nth sql block under "### Example queries" in docs/export.md
query() {
	awk -v n="$1" '/^### Example queries/ { on = 1 } on && /^```sql/ { k++; if (k == n) { p = 1; next } }
		p && /^```/ { exit } p' "$DOC"
}
sq() { # sq N [.parameter lines]: the query's rows as a JSON array
	local n=$1
	shift
	{ printf '%s\n' "$@"; query "$n"; } | sqlite3 -json "$DB" >"$W/q$n.rows" 2>"$W/q$n.err"
	# one row a line, so that expect* see the rows as the array "."
	if [ -s "$W/q$n.rows" ]; then jq -c '.[]' "$W/q$n.rows" >"$W/q$n.json"; else : >"$W/q$n.json"; fi
}
for n in 1 2 3 4 5; do
	WHY="no query $n in $DOC"
	check "docs/export.md has example query $n" test -n "$(query $n)"
done
check "sqlite: events has a row per event" \
	test "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM events')" -eq "$(wc -l <"$BUILDJ")"
WHY=$(sqlite3 "$DB" "SELECT seq FROM events WHERE json != json(json) LIMIT 1" 2>&1)
check "sqlite: each events.json is the show --json line" \
	test "$(sqlite3 "$DB" 'SELECT json FROM events ORDER BY seq' | cmp - "$BUILDJ" && echo same)" = same
check "sqlite: processes has a row per process (forks + the first)" \
	test "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM processes')" -eq \
	"$(jq -s '[.[] | select(.event == "fork" and .thread == false)] | length + 1' "$BUILDJ")"
check "sqlite: every index is there" test "$(sqlite3 "$DB" "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")" -eq 10

cc_args() { printf 'cc -O1 -DLEVEL=2 -Iinc1 -Iinc2 -c -o src/%s.o src/%s.c' "$1" "$1"; }
sq 1 ".parameter set :path \"'$P/inc2/m1.h'\""
CUR=$W/q1.json
jqarg m "$(cc_args main)"
jqarg m1 "$(cc_args m1)"
T=export/query1
expect_eq '.' '[{reader: "cc1", run_by: $m}, {reader: "cc1", run_by: $m1},
	{reader: "cc1", run_by: "cc -E -Iinc1 -Iinc2 src/main.c"}, {reader: "cc1", run_by: "cc -MM -Iinc1 -Iinc2 src/main.c"}]' \
	"which commands read inc2/m1.h: cc1 of main.c and m1.c compiled, preprocessed (-E) and scanned (-MM)"

T=export/query2
sq 2
CUR=$W/q2.json
# from the events: each compiler exec with -c, to its process's exit
jq -s -c "$JQ_ORDER"'. as $all | [to_entries[] | .key as $i | .value
	| select(.event == "exec" and .ret == 0 and (.argv[0] | IN("cc","c++","gcc","g++","clang","clang++")) and (.argv | index("-c")))
	| .pid as $p | .time_ns as $t
	| {args: (.argv | join(" ")), ns: (($all | after($i; .pid == $p and .event == "exit" and .thread == false)).time_ns - $t), t: $t}]
	| sort_by(-.ns, .t) | map(del(.t)) | .[0:10]' "$BUILDJ" >"$W/q2.want"
jqargjson want2 "$(cat "$W/q2.want")"
expect_eq '.' '$want2' "slowest compilations: the -c compiler commands, exec to exit, slowest first"
expect 'length == 8 and (map(.args) | index("cc -DMULTI -c src/a.c src/b.c") != null)
	and (map(.args) | index("g++ -DCPP=1 -I../inc2 -c -o util.o util.cpp") != null)
	and all(.[]; .args | test(" -c ")) and all(.[]; .ns > 0)' \
	"the eight compilations (four src, gen, lib's g++, other, the two-source one), none a link or -E" '.'

T=export/query3
sq 3
CUR=$W/q3.json
expect_eq "map(select(.path | startswith(\$W + \"/proj/\")))" \
	"[{path: (\$W + \"/proj/deps.mk\"), processes: 2}, {path: (\$W + \"/proj/log.txt\"), processes: 2},
	  {path: (\$W + \"/proj/main.i\"), processes: 2}]" \
	"written by two processes: log.txt (two echo >>), main.i and deps.mk (the shell's > and cc1)"
expect 'all(.[]; .processes >= 2)' "every row counts two processes or more" '.'
expect 'map(.path) | index($W + "/proj/src/m1.o") == null and index($W + "/proj/app") == null' \
	"an object or the binary, written by one process, is not there" '.'

T=export/query4
sq 4
CUR=$W/q4.json
jq -s -c '[.[] | select((.error == "ENOENT" or .error == "ENOTDIR") and .abs != null) | .abs]
	| group_by(.) | map({path: .[0], probes: length}) | sort_by(-.probes, .path) | .[0:10]' "$BUILDJ" >"$W/q4.want"
jqargjson want4 "$(cat "$W/q4.want")"
expect_eq '.' '$want4' "missing files probed most: the failed lookups of the events, by path"
jq -s '[.[] | select(.abs == $p and .error == "ENOENT")] | length' --arg p "$P/inc1/m1.h" "$BUILDJ" >"$W/m1.n"
jqargjson n "$(cat "$W/m1.n")"
sqlite3 -json "$DB" "SELECT path, COUNT(*) AS probes FROM events WHERE error = 'ENOENT' AND path = '$P/inc1/m1.h' GROUP BY path" | jq -c '.[]' >"$W/q4b.json"
CUR=$W/q4b.json
expect_eq '.' '[{path: ($W + "/proj/inc1/m1.h"), probes: $n}]' "inc1/m1.h was probed (before inc2) by each of its $(cat "$W/m1.n") readers"
expect '$n >= 4' "four compilations or scans looked for inc1/m1.h" '$n'

T=export/query5
sq 5
CUR=$W/q5.json
jq -s -c "$JQ_ORDER"'. as $all | [to_entries[] | .key as $i | .value | select(.event == "exit" and .thread == false and (.signal != null or .code != 0))
	| .pid as $p | {pid: .pid, args: ($all | last_before($i; .pid == $p and .event == "exec" and .ret == 0) | if . then .argv | join(" ") else null end),
	  exit_code: .code, signal: .signal}]' "$BUILDJ" >"$W/q5.want"
jqargjson want5 "$(cat "$W/q5.want")"
expect_eq 'map(with_entries(select(.value != null)))' '$want5 | map(with_entries(select(.value != null)))' \
	"failed processes: those whose exit event says so, with their last argv"
expect '(map(.args) | index("false") != null) and (map(select(.exit_code == 3)) | length >= 1)' \
	"false (exit 1) and sh -c 'exit 3' are among them" '.'
expect 'all(.[]; .args != "make -s")' "make itself succeeded" '.'

# ---- chrome ----
T=export/chrome
"$TRAIL" export --format chrome "$BUILD" >"$W/c.json" 2>"$W/c.err"
expect_status "$?" 0 "export --format chrome exits 0"
CUR=$W/c.json
expect '.[0] | (.traceEvents | type) == "array" and .displayTimeUnit == "ms"' "one object with traceEvents and displayTimeUnit ms" '.[0] | keys'
expect '.[0].traceEvents | all(.[]; (.name | type) == "string" and (.ph | type) == "string"
	and (.ts | type) == "number" and (.pid | type) == "number" and (.tid | type) == "number")' \
	"every event has name, ph, ts, pid and tid" '.[0].traceEvents | map(select((.ts | type) != "number"))[0]'
expect '.[0].traceEvents | all(.[] | select(.ph == "X"); (.dur | type) == "number" and .dur >= 0)' "every X event has a dur" '.'
expect_none '.traceEvents[] | select(.ph == "i")' "no instant event without --with-files"
NPROC=$(sqlite3 "$DB" 'SELECT COUNT(*) FROM processes')
jqargjson nproc "$NPROC"
expect '.[0].traceEvents | map(select(.ph == "X" and .cat == "process")) | length == $nproc and (map(.pid) | unique | length) == $nproc' \
	"one lifetime slice per process ($NPROC), each its own pid" '.[0].traceEvents | map(select(.ph == "X" and .cat == "process")) | length'
expect '.[0].traceEvents | map(select(.name == "process_name")) | length == $nproc' "a process_name for each process" '.'
expect '.[0].traceEvents | map(select(.ph == "X" and .cat == "process")) as $s | INDEX($s[]; .pid) as $by
	| all($s[] | select(.args.parent_pid != null); $by[(.args.parent_pid | tostring)] as $p
	  | $p != null and $p.ts <= .ts and $p.ts + $p.dur >= .ts + .dur)' \
	"every child's lifetime slice lies within its parent's" \
	'.[0].traceEvents | map(select(.ph == "X" and .cat == "process")) as $s | INDEX($s[]; .pid) as $by
	| [$s[] | select(.args.parent_pid != null) | $by[(.args.parent_pid | tostring)] as $p
	   | select($p == null or $p.ts > .ts or $p.ts + $p.dur < .ts + .dur) | {c: ., p: $p}][0]'
expect '.[0].traceEvents | (map(select(.name == "process_sort_index")) | INDEX(.[]; .pid | tostring)) as $ix
	| all(.[] | select(.cat == "process" and .args.parent_pid != null);
	  $ix[.pid | tostring].args.sort_index > $ix[.args.parent_pid | tostring].args.sort_index)' \
	"each child sorts after its parent (depth-first order)" '.'
# the m1.c compilation's slice: label, pid, start and end from the events
jq -s -c --arg a "$(cc_args m1)" "$JQ_ORDER"'. as $all | first_that(.event == "exec" and .ret == 0 and (.argv | join(" ")) == $a)
	| .pid as $p | {pid: $p, name: $a,
	  ts: (($all | first_that(.event == "fork" and .child_pid == $p)).time_ns / 1000),
	  end: (($all | first_that(.pid == $p and .event == "exit" and .thread == false)).time_ns / 1000)}' "$BUILDJ" >"$W/m1.want"
jqargjson wantm1 "$(cat "$W/m1.want")"
expect_eq '.[0].traceEvents | map(select(.cat == "process" and .pid == $wantm1.pid))[0]
	| {pid, name, ts, end: (.ts + .dur)} | .ts |= (. * 1000 | round / 1000) | .end |= (. * 1000 | round / 1000)' \
	'$wantm1 | .ts |= (. * 1000 | round / 1000) | .end |= (. * 1000 | round / 1000)' \
	"the m1.c compilation: its slice is named 'cc' + args, from its fork to its exit, in microseconds"
expect '.[0].traceEvents | map(select(.cat == "exec" and .name == "false")) | length == 1' "an exec slice for false" '.'

"$TRAIL" export --format chrome --with-files "$BUILD" >"$W/cf.json"
NOPEN=$(jq -s '[.[] | select(.event == "open")] | length' "$BUILDJ")
CUR=$W/cf.json
jqargjson nopen "$NOPEN"
expect '.[0].traceEvents | map(select(.ph == "i")) | length == $nopen and all(.[]; .cat == "file" and .s == "t")' \
	"--with-files: an instant event per open ($NOPEN)" '.[0].traceEvents | map(select(.ph == "i")) | length'
expect '.[0].traceEvents | any(.[]; .ph == "i" and .name == ($W + "/proj/src/m1.c") and .args.ret >= 0)' \
	"--with-files: the open of src/m1.c, by its absolute path" '.'
expect '.[0].traceEvents | any(.[]; .ph == "i" and .name == ($W + "/proj/inc1/m1.h") and .args.error == "ENOENT")' \
	"--with-files: a failed open has its error" '.'

# ---- compile-commands against Bear ----
T=export/compdb
"$TRAIL" export --format compile-commands -o "$W/cc.json" "$BUILD" 2>"$W/cc.err"
expect_status "$?" 0 "export --format compile-commands exits 0"
# Bear writes arguments[0] as the compiler's full path, trail as run: both by basename
norm='map(.arguments[0] |= (split("/") | last)) | sort_by(.file, .output // "")'
jq -c "$norm | map({directory, file, arguments})" "$W/cc.json" >"$W/cc.n"
jq -c "$norm | map({directory, file, arguments})" "$W/bear.json" >"$W/bear.n"
WHY="$(diff "$W/bear.n" "$W/cc.n" | head -c 600)"
check "directory, file and arguments equal Bear's ($(jq length "$W/bear.json") entries)" \
	sh -c "cmp -s '$W/bear.n' '$W/cc.n' && test \$(jq length '$W/bear.json') -eq 9"
jq -c "$norm | map(select(.output) | {file, output})" "$W/bear.json" >"$W/bear.o"
jq -c --slurpfile b "$W/bear.json" "$norm | map(select(.file as \$f | .output as \$o | any(\$b[0][]; .file == \$f and .output == \$o)) | {file, output})" "$W/cc.json" >"$W/cc.o"
WHY="$(diff "$W/bear.o" "$W/cc.o" | head -c 600)"
check "output equals Bear's wherever Bear has one" cmp -s "$W/bear.o" "$W/cc.o"
jq -c '.[]' "$W/cc.json" >"$W/cc.lines"
CUR=$W/cc.lines
expect_eq ' map(select(.directory == ($W + "/proj/other")))' \
	'[{directory: ($W + "/proj/other"), arguments: ["cc", "-DNO_O=1", "-c", "x.c"], file: ($W + "/proj/other/x.c"), output: ($W + "/proj/other/x.o")}]' \
	"no -o: output is the default x.o in the directory (Bear has none)"
expect_eq 'map(select(.arguments | index("-DMULTI"))) | map({arguments, file, output})' \
	'[{arguments: ["cc", "-DMULTI", "-c", "src/a.c"], file: ($W + "/proj/src/a.c"), output: ($W + "/proj/a.o")},
	  {arguments: ["cc", "-DMULTI", "-c", "src/b.c"], file: ($W + "/proj/src/b.c"), output: ($W + "/proj/b.o")}]' \
	"two sources, two entries, each without the other source"
expect 'all(.[]; .arguments | index("-E") == null and index("-MM") == null)' "no -E or -MM run" 'map(.arguments)'
expect 'all(.[]; .arguments[0] | IN("cc", "g++"))' "no cc1, as, collect2 or ld entry: only the compilers as run" 'map(.arguments[0])'
expect 'all(.[]; .file | test("\\.(c|cpp)$")) and length == 9' "no link-only entry: nine entries, every file a source" 'map(.file)'
expect 'map(select(.file == ($W + "/proj/lib/util.cpp")))
	| . == [{directory: ($W + "/proj/lib"), arguments: ["g++", "-DCPP=1", "-I../inc2", "-c", "-o", "util.o", "util.cpp"], file: ($W + "/proj/lib/util.cpp"), output: ($W + "/proj/lib/util.o")}]' \
	"the C++ file compiled by make -C lib: its directory, g++" 'map(select(.file | endswith(".cpp")))'

# ccache: explicit and masquerading; the real compiler it runs is not an entry
T=export/compdb
cat >"$P/Makefile.w" <<'MK'
all:
	ccache cc -DW=1 -c -o w1.o src/a.c
	ccache cc -DW=1 -c -o w1.o src/a.c
	PATH=/usr/lib/ccache:$$PATH cc -DW=2 -c -o w2.o src/b.c
MK
export CCACHE_DIR=$W/ccache-bear
(cd "$P" && bear --output "$W/bearw.json" -- make -s -f Makefile.w) >"$W/bearw.out" 2>&1
expect_status "$?" 0 "ccache build under bear"
rm -f "$P/w1.o" "$P/w2.o"
export CCACHE_DIR=$W/ccache-trail	# a fresh cache: ccache runs the compiler
IN=$P record wrapped -- make -s -f Makefile.w
expect_status "$REC_STATUS" 0 "ccache build under trail"
expect '[.[] | select(.event == "exec" and .ret == 0 and .argv[0] == "/usr/bin/cc" and (.argv | index("w1.o")))] | length >= 1' \
	"ccache ran the real compiler itself (a cache miss)" '[.[] | select(.event == "exec") | .argv[0:3]]'
"$TRAIL" export --format compile-commands "$TRACE" >"$W/ccw.json"
jq -c "$norm | map({directory, file, arguments, output})" "$W/ccw.json" >"$W/ccw.n"
jq -c "$norm | map({directory, file, arguments, output})" "$W/bearw.json" >"$W/bearw.n"
WHY="$(diff "$W/bearw.n" "$W/ccw.n" | head -c 600)"
check "equal to Bear's: one entry each, the wrapper dropped, the repeat written once" \
	sh -c "cmp -s '$W/bearw.n' '$W/ccw.n' && test \$(jq length '$W/ccw.json') -eq 2"
unset CCACHE_DIR

# ---- bad inputs ----
T=export/errors
one_error() { # DESC STATUS COMMAND...: exit STATUS, exactly one "trail: " line on stderr, nothing on stdout
	local desc=$1 want=$2
	shift 2
	run_cmd err "$@"
	if [ "$CMD_STATUS" = "$want" ] && [ "$(wc -l <"$W/err.stderr")" -eq 1 ] &&
		grep -q '^trail: ' "$W/err.stderr" && [ ! -s "$W/err.stdout" ]; then
		pass "$desc"
	else
		fail "$desc" "exit $CMD_STATUS (want $want); stderr: $(head -c 200 "$W/err.stderr"); stdout: $(head -c 100 "$W/err.stdout")"
	fi
}
one_error "unknown format: exit 2, one line" 2 "$TRAIL" export --format xml "$BUILD"
check "unknown format: the line names it" grep -q "unknown format 'xml'" "$W/err.stderr"
one_error "no format: exit 2, one line" 2 "$TRAIL" export "$BUILD"
one_error "sqlite without -o: exit 2, one line" 2 "$TRAIL" export --format sqlite "$BUILD"
one_error "a filter with sqlite: exit 2" 2 "$TRAIL" export --format sqlite -o "$W/f.db" --failed "$BUILD"
one_error "--with-files without chrome: exit 2" 2 "$TRAIL" export --format jsonl --with-files "$BUILD"
one_error "missing recording: exit 1, one line" 1 "$TRAIL" export --format jsonl "$W/nonexistent.trail"
head -c 5000 /dev/urandom >"$W/garbage.trail"
one_error "not a recording: exit 1, one line" 1 "$TRAIL" export --format chrome "$W/garbage.trail"
chmod 000 "$BUILD.copy" 2>/dev/null
cp "$BUILD" "$W/unreadable.trail" && chmod 000 "$W/unreadable.trail"
if [ -r "$W/unreadable.trail" ] && [ "$(id -u)" -eq 0 ]; then
	# root reads mode 000 files: a directory stands for an unreadable file
	one_error "a directory as the recording: exit 1, one line" 1 "$TRAIL" export --format jsonl "$W"
else
	one_error "unreadable recording: exit 1, one line" 1 "$TRAIL" export --format jsonl "$W/unreadable.trail"
fi
# a real recording with bytes overwritten in the middle of its data
cp "$BUILD" "$W/corrupt.trail"
size=$(stat -c %s "$W/corrupt.trail")
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
	dd of="$W/corrupt.trail" bs=1 seek=$((size / 2)) conv=notrunc status=none
for fmt in jsonl chrome compile-commands; do
	run_cmd err "$TRAIL" export --format $fmt -o "$W/corrupt.$fmt" "$W/corrupt.trail"
	WHY="exit $CMD_STATUS; stderr: $(head -c 300 "$W/err.stderr")"
	check "corrupt recording, $fmt: exit 1, one error line, no output left" \
		sh -c "test $CMD_STATUS -eq 1 && test \$(grep -c '^trail: ' '$W/err.stderr') -eq 1 && test \$(wc -l <'$W/err.stderr') -eq 1 && test ! -e '$W/corrupt.$fmt'"
done
run_cmd err "$TRAIL" export --format sqlite -o "$W/corrupt.db" "$W/corrupt.trail"
WHY="exit $CMD_STATUS; stderr: $(head -c 300 "$W/err.stderr")"
check "corrupt recording, sqlite: exit 1, one error line, no database left" \
	sh -c "test $CMD_STATUS -eq 1 && test \$(wc -l <'$W/err.stderr') -eq 1 && grep -q 'is corrupt' '$W/err.stderr' && test ! -e '$W/corrupt.db'"
# existing outputs
cp "$DB" "$W/keep.db"
one_error "sqlite over an existing file: exit 1, one line" 1 "$TRAIL" export --format sqlite -o "$DB" "$BUILD"
check "the line says to use --force" grep -q -- "--force" "$W/err.stderr"
check "the existing database is untouched" cmp -s "$DB" "$W/keep.db"
echo old >"$W/old.json"
one_error "chrome over an existing file: exit 1, one line" 1 "$TRAIL" export --format chrome -o "$W/old.json" "$BUILD"
check "the existing file is untouched" test "$(cat "$W/old.json")" = old
"$TRAIL" export --format sqlite --force -o "$DB" "$BUILD" 2>"$W/force.err"
expect_status "$?" 0 "--force replaces the database"
check "the new database is complete" test "$(sqlite3 "$DB" 'SELECT COUNT(*) FROM events')" -eq "$(wc -l <"$BUILDJ")"
mkfifo "$W/fifo"
one_error "--force does not replace a fifo" 1 "$TRAIL" export --format jsonl --force -o "$W/fifo" "$BUILD"
check "the fifo is still there" test -p "$W/fifo"
ln -s "$W/target.json" "$W/link.json"
one_error "no writing through a symlink" 1 "$TRAIL" export --format jsonl -o "$W/link.json" "$BUILD"
check "the symlink's target was not made" test ! -e "$W/target.json"
