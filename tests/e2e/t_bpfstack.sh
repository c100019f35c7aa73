#!/bin/bash
# The stack budget of every BPF call chain (docs/kernels.md): kernels
# without private BPF stacks add up a chain's frames, 32-byte rounded, and
# refuse more than 512 bytes.  scripts/bpf-stack-check.py fails the build
# on such a chain; here it must refuse one and pass trail's own objects.
. "$(dirname "$0")/lib.sh"

T=bpfstack
obj=$W/over.bpf.o
if clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$ROOT/src/bpf/vmlinux/x86" \
	-c "$ROOT/tests/bpf/overbudget.bpf.c" -o "$obj" 2>"$W/clang.err"; then
	python3 "$ROOT/scripts/bpf-stack-check.py" "$obj" >"$W/over.out" 2>&1
	st=$?
	WHY=$(cat "$W/over.out")
	check "a chain of 3 x 192 bytes is refused" test "$st" -eq 1
	check "... naming the chain and its size" \
		grep -q "over 512: .*: over: 576 bytes (over 192 -> middle 192 -> leaf 192)" "$W/over.out"
else
	# clang is a build dependency: its absence (a test run on another
	# machine than the build) is no failure of trail's
	pass "no clang here: the build's own check covers the objects"
fi
for o in "$ROOT"/build/trail.bpf.o "$ROOT"/build/trail.compat.bpf.o \
	 "$ROOT"/build/stat.bpf.o "$ROOT"/build/stat.compat.bpf.o; do
	[ -f "$o" ] || continue
	WHY=$(python3 "$ROOT/scripts/bpf-stack-check.py" "$o" 2>&1)
	check "$(basename "$o"): every chain within 512 bytes" test -z "$WHY"
done

