#!/bin/bash
# trail deps and graph on a real parallel build of a generated project:
# every source and header gcc -MD lists, every object and the binary;
# gcc's temporaries marked temporary; renames followed; missing probes;
# the make rules equal gcc's own dependency files.
. "$(dirname "$0")/lib.sh"

P=$W/proj
mkdir -p "$P/src" "$P/inc1" "$P/inc2" "$P/sub"
for i in 1 2 3 4 5 6; do
	printf '#ifndef M%d_H\n#define M%d_H\n#include "common.h"\nint f%d(void);\n#endif\n' $i $i $i >"$P/inc2/m$i.h"
	printf '#include "m%d.h"\n#include <stdio.h>\nint f%d(void) { return %d + COMMON; }\n' $i $i $i >"$P/src/m$i.c"
done
printf '#define COMMON 1\n' >"$P/inc2/common.h"
printf '#include <stdio.h>\n#include "m1.h"\n#include "m2.h"\nint main(void) { printf("%%d\\n", f1() + f2()); return 0; }\n' >"$P/src/main.c"
cat >"$P/Makefile" <<'MK'
OBJS := src/main.o src/m1.o src/m2.o src/m3.o src/m4.o src/m5.o src/m6.o
all: app gen.txt
app: $(OBJS)
	cc -o $@ $(OBJS)
src/%.o: src/%.c
	cc -MD -Iinc1 -Iinc2 -c $< -o $@
gen.txt:
	echo generated > gen.txt.tmp && mv gen.txt.tmp gen.txt
	rm -f old.txt
MK
echo old >"$P/old.txt"

IN=$P record build -- make -j2
expect_status "$REC_STATUS" 0 "make -j2 succeeded under trail"

T=deps/json
"$TRAIL" deps --format json "$TRACE" >"$W/deps.json" 2>"$W/deps.err"
expect_status "$?" 0 "trail deps --format json exits 0"
CUR=$W/deps.json
check "deps --format json is one JSON object" jq -e 'type == "object"' "$CUR" >/dev/null
# every file gcc's .d files name, made absolute
for d in "$P"/src/*.d; do
	sed -e 's/^[^:]*://' -e 's/\\$//' "$d" | tr ' ' '\n' | sed '/^$/d'
done | while read -r f; do case $f in /*) echo "$f" ;; *) realpath -m "$P/$f" ;; esac; done |
	sort -u >"$W/gcc.deps"
jq -r '.inputs[]' "$CUR" | sort -u >"$W/trail.inputs"
WHY="not in trail's inputs: $(comm -23 "$W/gcc.deps" "$W/trail.inputs" | head -3 | tr '\n' ' ')"
check "every source and header gcc -MD names is an input ($(wc -l <"$W/gcc.deps"))" \
	test -z "$(comm -23 "$W/gcc.deps" "$W/trail.inputs")"
expect_eq '[.[0].outputs[] | select(startswith($W + "/proj/"))] | sort' \
	'[$W + "/proj/app", $W + "/proj/gen.txt"] + ([range(1;7)] | map("\($W)/proj/src/m\(.).d", "\($W)/proj/src/m\(.).o")) + [$W + "/proj/src/main.d", $W + "/proj/src/main.o"] | sort' \
	"outputs: every object, depfile, the binary and gen.txt (renamed from gen.txt.tmp)"
expect '.[0] | all(.outputs[]; endswith(".tmp") | not) and all(.temporaries[]; endswith("gen.txt.tmp") | not)' \
	"gen.txt.tmp is neither an output nor a temporary: it became gen.txt" '.[0] | {outputs, temporaries}'
expect '[.[0].temporaries[] | select(test("^/tmp/cc[A-Za-z0-9]{6}\\.s$"))] | length == 7' \
	"gcc's seven /tmp/cc*.s files are temporaries" '.[0].temporaries'
expect '.[0] | all(.outputs[]; test("^/tmp/cc") | not)' "no gcc temporary among the outputs" '.[0].outputs'
expect_eq '.[0].deleted' '[$W + "/proj/old.txt"]' "deleted: old.txt, which existed before"
expect '.[0].missing | index($W + "/proj/inc1/m1.h") != null' "missing: inc1/m1.h, probed before inc2" '.[0].missing'
expect '.[0] | all(.inputs[]; startswith($W + "/proj/src/") and endswith(".o") | not)' \
	"objects made by the run are not inputs of the run" '.[0].inputs'
expect '.[0] | all(.inputs[], .outputs[], .missing[]; startswith("/proc/") or startswith("/sys/") or startswith("/dev/") | not)' \
	"default --exclude leaves out /proc, /sys, /dev" '.[0].inputs'
expect '.[0].commands | map(select(.argv[0] == "cc" and (.argv | index("src/m3.c")))) | length == 1' \
	"one command per compilation, with its argv" '[.[0].commands[] | .argv[0:3]]'
expect '.[0].commands[] | select(.argv[0] == "cc" and (.argv | index("src/m3.c"))) | .cwd == $W + "/proj"' \
	"a command carries its cwd" '[.[0].commands[] | select(.argv[0] == "cc") | .cwd]'

T=deps/make
"$TRAIL" deps --format make --only-under "$P" "$TRACE" >"$W/deps.mk"
expect_status "$?" 0 "trail deps --format make exits 0"
for o in main m1 m2 m3 m4 m5 m6; do
	# gcc's rule for the object, absolute, project files only
	sed -e 's/^[^:]*://' -e 's/\\$//' "$P/src/$o.d" | tr ' ' '\n' | sed '/^$/d' |
		while read -r f; do case $f in /*) echo "$f" ;; *) realpath -m "$P/$f" ;; esac; done |
		grep "^$P/" | sort -u >"$W/want.$o"
	awk -v t="$P/src/$o.o:" '$1 == t { on = 1; next } on && /^[^ ]/ { on = 0 } on { gsub(/[ \\]/, ""); if ($0 != "") print }' \
		"$W/deps.mk" | sort -u >"$W/got.$o"
	WHY=$(diff "$W/want.$o" "$W/got.$o" | head -4 | tr '\n' ' ')
	check "make rule for src/$o.o equals gcc -MD's (project files)" cmp -s "$W/want.$o" "$W/got.$o"
done
WHY=$(grep -A8 "^$P/app:" "$W/deps.mk" | head -9 | tr '\n' ' ')
check "app depends on the seven objects" test "$(awk -v t="$P/app:" '$1 == t { on = 1; next } on && /^[^ ]/ { on = 0 } on && /\.o/' "$W/deps.mk" | wc -l)" = 7
check "the make rules are usable by make" make -s -n -f "$W/deps.mk" -C "$P" "$P/app"

T=deps/text
"$TRAIL" deps "$TRACE" >"$W/deps.txt"
check "text: a missing section" grep -q '^missing (' "$W/deps.txt"
check "text: a per-command section naming a compilation" grep -q "^\[[0-9]*\] cc -MD -Iinc1 -Iinc2 -c src/m3.c -o src/m3.o$" "$W/deps.txt"
"$TRAIL" deps --no-commands "$TRACE" >"$W/deps.nc.txt"
check "--no-commands: no per-command section" test -z "$(grep '^commands:' "$W/deps.nc.txt")"

T=graph
"$TRAIL" graph "$TRACE" >"$W/g.dot" 2>"$W/g.err"
expect_status "$?" 0 "trail graph exits 0"
check "dot -Tsvg accepts the graph" sh -c "dot -Tsvg '$W/g.dot' >'$W/g.svg'"
check "a box per command (make, cc, cc1, as, collect2, ld, sh, echo, mv, rm)" \
	test "$(grep -c 'shape=box' "$W/g.dot")" -ge 25
check "main.c is a file node read by its compilation" grep -q "label=\"$P/src/main.c\"" "$W/g.dot"
check "a missing lookup is a dashed file node" grep -q 'style=dashed, color=gray50, fontcolor' "$W/g.dot"
"$TRAIL" graph --no-files "$TRACE" >"$W/g2.dot"
check "--no-files: no file node" test -z "$(grep 'shape=ellipse' "$W/g2.dot")"
check "--no-files: still valid for dot" sh -c "dot -Tsvg '$W/g2.dot' >/dev/null"
"$TRAIL" graph --collapse-system "$TRACE" >"$W/g3.dot"
check "--collapse-system: one node for /usr" grep -q 'label="/usr/\.\.\. (' "$W/g3.dot"
check "--collapse-system: no /usr/include file node left" test -z "$(grep 'label="/usr/include/' "$W/g3.dot")"
check "--collapse-system: dot accepts it" sh -c "dot -Tsvg '$W/g3.dot' >/dev/null"
"$TRAIL" graph --only-under "$P" "$TRACE" >"$W/g4.dot"
check "--only-under: no file outside the project" test -z "$(grep 'shape=ellipse' "$W/g4.dot" | grep -v "label=\"$P\|files in $P")"
