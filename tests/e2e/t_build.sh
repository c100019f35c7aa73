#!/bin/bash
# A real build (examples/hello with make): the set of files it opened
# successfully must be the set strace -f sees for the same build.
. "$(dirname "$0")/lib.sh"

cp -r "$ROOT/examples/hello" "$W/proj"
make -s -C "$W/proj" clean >/dev/null
record make -- make -C "$W/proj"
expect_status "$REC_STATUS" 0 "trail exits with make's status"
expect_eq '[ok_execs[] | .argv[0]] | map(select(. == "make" or . == "cc")) | length' '5' "make and four cc execs"
expect_eq '[kind("exit")[] | select(.thread == false and .code != 0)] | length' '0' "every process exited 0"
expect 'any(.[]; .event == "open" and .ret >= 0 and .abs == $W + "/proj/greet.h")' "greet.h was read, with its absolute path"

# Normalise gcc's random temp names (/tmp/ccXXXXXX.s) on both sides.
norm() { sed -E 's#/cc[A-Za-z0-9]{6}(\.[a-z.]+)?$#/ccTEMP\1#' | sort -u; }
q 'map(select(.event == "open" and .ret >= 0) | .path) | .[]' | norm >"$W/trail.paths"

make -s -C "$W/proj" clean >/dev/null
strace -f -qq -e trace=open,openat,openat2,creat -e status=successful -o "$W/strace.out" \
	make -C "$W/proj" >/dev/null 2>&1
sed -nE 's/^[0-9]+ +(open|openat|openat2|creat)\((AT_FDCWD, |[0-9]+, )?"([^"]*)".*/\3/p' \
	"$W/strace.out" | norm >"$W/strace.paths"
n=$(wc -l <"$W/strace.paths")
WHY="strace saw only $n paths"
check "strace saw the build's opens" test "$n" -gt 20
WHY=$(diff "$W/strace.paths" "$W/trail.paths" | head -5)
check "successful opens: trail's set of paths equals strace's ($n)" cmp -s "$W/strace.paths" "$W/trail.paths"
