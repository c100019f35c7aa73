#!/bin/bash
# io_uring: an open and two reads submitted through a ring never reach the
# openat/read syscall tracepoints; trail records them from
# io_uring_submit_req (the read once per file, like a write).
. "$(dirname "$0")/lib.sh"
need uringops

echo hello >"$W/uring.txt"
record uring -- "$S/uringops"
expect_status "$REC_STATUS" 0 "the scenario ran (exit 0)"
no_dup_keys "no event repeats a JSON key"
expect_eq 'by($root) | kind("uring") | proj({op, dirfd, path, abs, flags, fd, real, user_data})' \
	'[{op: "IORING_OP_OPENAT", dirfd: "AT_FDCWD", path: "uring.txt", abs: ($W + "/uring.txt"),
	   flags: ["O_RDONLY", "O_LARGEFILE"], user_data: 7},
	  {op: "IORING_OP_READ", fd: 4, real: ($W + "/uring.txt"), user_data: 8}]' \
	"the ring's open (name, made absolute, flags) and its first read (the fd's path); the second read is not recorded"
expect_none '(.event == "open" and (.path // "" | endswith("uring.txt")))' \
	"the open is not an openat syscall: only the ring saw it"

T=uring/deps
"$TRAIL" deps --format json "$TRACE" >"$W/deps.json"
check "deps lists the file opened through the ring as an input" \
	jq -e --arg f "$W/uring.txt" '[.. | strings] | index($f) != null' "$W/deps.json"
