#!/bin/sh
# skel-same.sh MAIN.skel.h COMPAT.skel.h NAME: the loader opens the compat
# object through NAME's skeleton (src/record/skel.h), which binds maps and
# programs by name and global data by its layout: both builds must have
# the same names and the same global data structs.
set -eu
shape() {
	# map and program names (global data maps are named after the object
	# at open time, so "trail_bp.rodata" either way), in any order
	sed -n 's/^	s->\(maps\|progs\)\[[0-9]*\]\.name = \(.*\);$/\1 \2/p' "$1" |
		sed 's/"[^".]*\.\(rodata\|data\|bss\|kconfig\)"/"OBJ.\1"/' | sort
	# the layout of each global data section
	sed -n "/^	struct $2__[a-z0-9_]* {/,/^	} \*/p" "$1" | sed "s/$2/NAME/g"
}
a=$(mktemp) b=$(mktemp)
trap 'rm -f "$a" "$b"' EXIT
shape "$1" "${3}_bpf" >"$a"
shape "$2" "${3}_compat_bpf" >"$b"
if [ ! -s "$a" ] || ! cmp -s "$a" "$b"; then
	echo "skel-same: $2 differs in shape from $1:" >&2
	diff "$a" "$b" >&2 || true
	exit 1
fi
