#!/bin/bash
# trail lint on small real builds (tests/e2e/lint/NAME), each with exactly
# the bug it demonstrates, and on clean ones: the exact hazards and nothing
# else (--format json), the processes named, the exit status contract
# (0 none, 1 hazards found, 2 error) and the ways to silence a hazard.
# Races are made certain, never left to the scheduler: a FIFO both sides
# wait on, or make -j1 with an order in the prerequisites.
. "$(dirname "$0")/lib.sh"

L=$E2E_DIR/lint
LINT_STATUS=

# proj NAME: a fresh copy of tests/e2e/lint/NAME in $W/NAME, as P
proj() {
	rm -rf "${W:?}/$1"
	cp -r "$L/$1" "$W/$1"
	P=$W/$1
}

# lint NAME [options]: trail lint --format json over TRACE into CUR
lint() {
	local name=$1
	shift
	CUR=$W/$name.lint.json
	"$TRAIL" lint --format json "$@" "$TRACE" >"$CUR" 2>"$W/$name.lint.err"
	LINT_STATUS=$?
}

# hazards WANT DESC: the hazards, as [kind, file, target], are exactly WANT
# (a jq array of such triples; $P is the project)
hazards() {
	JQV=(--arg W "$W" --arg S "$S" --arg P "$P" --arg peers "${PEERS:-[]}")
	expect_eq '[.[0].hazards[] | [.kind, (.file // .peer), .target]]' "$1" "$2"
}

# makedb: make's database of the project, as the docs say to take it
makedb() { (cd "$P" && make -pn >"$W/make.db" 2>/dev/null); }

T=lint/setup
for tool in make cc cmake ninja; do
	check "$tool is installed (scripts/install-deps.sh --test)" command -v "$tool"
done

# --- a Makefile missing a header prerequisite, found through make -pn
proj make-missing-header
IN=$P record missing-header -- make
expect_status "$REC_STATUS" 0 "the build succeeds under trail"
makedb
lint missing-header --makefile-db "$W/make.db"
expect_status "$LINT_STATUS" 1 "hazards found: exit status 1"
hazards '[["undeclared-input", $P + "/util.h", $P + "/main.o"]]' \
	"exactly one hazard: util.h, read for main.o, is not among its prerequisites"
expect '.[0].hazards[0].processes | length == 1 and (.[0].argv[0] | endswith("/cc1"))
	and (.[0].argv | index("main.c") != null) and .[0].access == "read"' \
	"the reader named: cc1 compiling main.c" '.[0].hazards[0].processes'
lint missing-header-nodb
expect_status "$LINT_STATUS" 0 "without the database nothing to hold the reads against: exit 0"
hazards '[]' "no hazard without a declaration"

# --- the same project with every prerequisite: clean
proj make-clean
IN=$P record clean -- make
makedb
lint clean --makefile-db "$W/make.db"
expect_status "$LINT_STATUS" 0 "a clean Makefile: exit status 0"
hazards '[]' "a clean Makefile: no hazard at all"
expect '.[0].total == 0 and ([.[0].counts[]] | add) == 0' "counts all zero" '.[0].counts'

# --- a rule writing a file no rule declares
proj make-undeclared-output
IN=$P record undeclared-output -- make
makedb
lint undeclared-output --makefile-db "$W/make.db"
expect_status "$LINT_STATUS" 1 "undeclared output: exit status 1"
hazards '[["undeclared-output", $P + "/build-info.txt", null]]' \
	"exactly one hazard: build-info.txt, written but declared by no rule"
expect '.[0].hazards[0].processes[0] | .access == "write" and (.argv[-1] | contains("build-info.txt"))' \
	"the writer named: the recipe's shell" '.[0].hazards[0].processes'

# --- two rules writing the same file under make -j2
proj make-write-write
IN=$P record write-write -- make -j2
lint write-write
expect_status "$LINT_STATUS" 1 "write-write: exit status 1"
hazards '[["write-write", $P + "/out.txt", null]]' "exactly one hazard: out.txt written by two rules"
expect_eq '[.[0].hazards[0].processes[] | [.access, .argv[-1]]] | sort' \
	'[["write", "echo a > out.txt"], ["write", "echo b > out.txt"]]' "both writers named, with their argv"
"$TRAIL" lint --json "$TRACE" >"$W/ww.json2" 2>/dev/null
check "--json is --format json" cmp -s "$W/ww.json2" "$W/write-write.lint.json"
lint write-write-ignored --ignore write-write
expect_status "$LINT_STATUS" 0 "--ignore write-write silences it"
lint write-write-allowed --allow "$P/out.txt"
expect_status "$LINT_STATUS" 0 "--allow PATH silences it"
"$TRAIL" lint "$TRACE" >"$W/ww.txt" 2>&1
expect_status "$?" 1 "text output: exit status 1"
WHY=$(cat "$W/ww.txt")
check "text output: the hazard, its two writers and a count" \
	test "$(grep -c '^  write   at .* by \[[0-9]*\] /bin/sh -c echo [ab] > out.txt$' "$W/ww.txt")" = 2 -a \
	"$(head -1 "$W/ww.txt")" = "write-write: \"$P/out.txt\"" -a "$(tail -1 "$W/ww.txt")" = "1 hazard: 1 write-write"

# --- a generated header read before the rule that regenerates it, no order
proj make-generated-header
touch -d @946684800 "$P/gen.h"	# older than gen.sh: make regenerates it after main.o
IN=$P record generated-header -- make
lint generated-header
expect_status "$LINT_STATUS" 1 "stale read: exit status 1"
hazards '[["stale-read", $P + "/gen.h", null]]' "exactly one hazard: gen.h read, then rewritten"
expect '.[0].hazards[0].processes as $p | ($p[0] | .access == "read" and (.argv[0] | endswith("/cc1")))
	and ($p[1:] | length > 0 and all(.access == "write" and .time_ns > $p[0].time_ns))
	and any($p[]; .argv[-1] == "sh gen.sh > gen.h")' \
	"cc1 read it first; the rule's shell wrote it later" '.[0].hazards[0].processes'

# --- a reader and a writer running at once (the FIFO makes it certain)
proj make-concurrent
mkfifo "$P/sync.fifo"
IN=$P record concurrent -- make -j2
lint concurrent --allow "$P/sync.fifo"
expect_status "$LINT_STATUS" 1 "concurrent read/write: exit status 1"
hazards '[["concurrent-rw", $P + "/data.txt", null]]' "exactly one hazard: data.txt read while rewritten"
expect '.[0].hazards[0].processes | length == 2 and (map(.access) | sort) == ["read", "write"]
	and .[0].start_ns < .[1].end_ns and .[1].start_ns < .[0].end_ns' \
	"the reader and the writer ran at the same time" '.[0].hazards[0].processes'

# --- a probe for a file an unrelated later step creates
proj make-probe
IN=$P record probe -- make
lint probe
expect_status "$LINT_STATUS" 1 "missing then created: exit status 1"
hazards '[["missing-then-created", $P + "/stamp", null]]' "exactly one hazard: stamp looked for, then made"
expect '.[0].hazards[0].processes | map(.access) == ["missing", "create"] and .[0].time_ns < .[1].time_ns' \
	"both events, in order" '.[0].hazards[0].processes'

# --- a script that reads ~/.config
proj script-home
mkdir -p "$W/home/.config/tool"
echo fast >"$W/home/.config/tool/settings"
HOME=$W/home IN=$P record home -- sh build.sh
lint home
expect_status "$LINT_STATUS" 1 "non-hermetic: exit status 1"
hazards '[["non-hermetic", $W + "/home/.config/tool/settings", null]]' \
	"exactly one hazard: the user's configuration read"
lint home-only-under --only-under "$W"
expect_status "$LINT_STATUS" 0 "--only-under a directory holding it: exit 0"

# --- network peers (t_net's scenario: TCP, UDP and IPv6 over loopback)
need netops
mkdir -p "$W/net"
P=$W/net
IN=$P record net -- "$S/netops"
expect_status "$REC_STATUS" 0 "the scenario ran"
lint net --allow "$S"	# the scenario binary itself is outside $P
expect_status "$LINT_STATUS" 1 "peers contacted: exit status 1"
facts() { sed -n "s/^$1 //p" "$P/facts"; }
PEERS="$( { echo "127.0.0.1:$(facts port)"; echo "127.0.0.1:$(facts udp_port)"
	echo "127.0.0.1:$(facts udp_port2)"; [ -n "$(facts port6)" ] && echo "[::1]:$(facts port6)"; } |
	LC_ALL=C sort | jq -R . | jq -s -c .)"
hazards '$peers | fromjson | map(["non-hermetic", ., null])' \
	"exactly one non-hermetic hazard per peer connected or sent to (no unix socket, no file)"
expect '[.[0].hazards[].processes[0].access] | unique == ["connect", "send"]' \
	"how each was reached: connect, send" '[.[0].hazards[].processes[0]]'

# cmake_build NAME: tests/e2e/lint/NAME configured for Ninja in its build/
# (not recorded), then its build recorded and linted against build/
cmake_build() {
	proj "$1"
	cmake -G Ninja -S "$P" -B "$P/build" >"$W/cmake.out" 2>&1
	IN=$P record "$1" -- ninja -C build
	expect_status "$REC_STATUS" 0 "ninja succeeds under trail"
	lint "$1" --ninja-dir "$P/build"
}

# --- CMake + Ninja, a custom command reading a header it does not declare
cmake_build cmake-missing
expect_status "$LINT_STATUS" 1 "cmake, undeclared input: exit status 1"
hazards '[["undeclared-input", $P + "/version.in.h", $P + "/build/version.h"]]' \
	"exactly one hazard: version.in.h is missing from the custom command's inputs"
expect '.[0].hazards[0].processes[0] | .argv == ["cat", $P + "/version.in.h"]' \
	"the reader named" '.[0].hazards[0].processes'

cmake_build cmake-clean
expect_status "$LINT_STATUS" 0 "a clean CMake+Ninja project: exit status 0"
hazards '[]' "a clean CMake+Ninja project: no hazard at all (headers from ninja -t deps count)"

# --- the bundled example (make demo): clean, with and without make's database
P=$W/example
mkdir -p "$P"
cp -r "$ROOT/examples/hello" "$P/hello"
make -s -C "$P/hello" clean
IN=$P record example -- make -C hello
lint example
expect_status "$LINT_STATUS" 0 "examples/hello lints clean"
(cd "$P/hello" && make -pn >"$W/make.db" 2>/dev/null)
lint example-db --makefile-db "$W/make.db"
expect_status "$LINT_STATUS" 0 "examples/hello lints clean against make -pn"

# --- errors: exit status 2, one line
T=lint/errors
printf 'all: x\n' >"$W/bad.db"
run_cmd baddb "$TRAIL" lint --makefile-db "$W/bad.db" "$TRACE"
expect_status "$CMD_STATUS" 2 "a file that is not make's database: exit status 2"
WHY=$(cat "$W/baddb.stderr")
check "one error line naming the file" test "$(wc -l <"$W/baddb.stderr")" = 1 -a \
	"$(grep -c "^trail: '$W/bad.db' is not a make database: " "$W/baddb.stderr")" = 1
mkdir -p "$W/nobuild"
run_cmd noninja "$TRAIL" lint --ninja-dir "$W/nobuild" "$TRACE"
expect_status "$CMD_STATUS" 2 "a ninja dir without build.ninja: exit status 2"
WHY=$(cat "$W/noninja.stderr")
check "one error line" test "$(wc -l <"$W/noninja.stderr")" = 1
printf 'build a: phony b\nbuild c d\n' >"$W/nobuild/build.ninja"
run_cmd badninja "$TRAIL" lint --ninja-dir "$W/nobuild" "$TRACE"
WHY=$(cat "$W/badninja.stderr")
check "a bad build.ninja: exit 2, its file and line said" test "$CMD_STATUS" = 2 -a \
	"$(grep -c 'build.ninja:2: ' "$W/badninja.stderr")" = 1
run_cmd both "$TRAIL" lint --makefile-db "$W/bad.db" --ninja-dir "$W/nobuild" "$TRACE"
expect_status "$CMD_STATUS" 2 "--makefile-db with --ninja-dir: exit status 2"
run_cmd nofile "$TRAIL" lint "$W/none.trail"
expect_status "$CMD_STATUS" 2 "no recording: exit status 2"
run_cmd kind "$TRAIL" lint --ignore no-such-kind "$TRACE"
expect_status "$CMD_STATUS" 2 "an unknown hazard kind: exit status 2"
