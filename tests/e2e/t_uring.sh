#!/bin/bash
# io_uring: opens, two reads and connects submitted through a ring never
# reach the openat/read/connect syscall tracepoints; trail records them
# from io_uring_submit_req (the read once per file, like a write), opens
# and connects with their results from io_uring_complete.
. "$(dirname "$0")/lib.sh"
need uringops

echo hello >"$W/uring.txt"
record uring -- "$S/uringops"
expect_status "$REC_STATUS" 0 "the scenario ran (exit 0)"
no_dup_keys "no event repeats a JSON key"
if ! kernel_gives uring; then
	kernel_limited uring
	exit 0
fi
fact() { awk -v k="$1" '$1 == k { print $2 }' "$W/uring.facts"; }
jqarg lport "$(fact listen)"
jqarg dport "$(fact refused)"
expect_eq 'by($root) | kind("uring") | proj({op, dirfd, path, abs, flags, fd, real, addr, user_data, ret, error, fixed})' \
	'[{op: "IORING_OP_OPENAT", dirfd: "AT_FDCWD", path: "uring.txt", abs: ($W + "/uring.txt"),
	   flags: ["O_RDONLY", "O_LARGEFILE"], user_data: 7, ret: 4},
	  {op: "IORING_OP_READ", fd: 4, real: ($W + "/uring.txt"), user_data: 8},
	  {op: "IORING_OP_OPENAT", dirfd: "AT_FDCWD", path: "missing.txt", abs: ($W + "/missing.txt"),
	   flags: ["O_RDONLY", "O_LARGEFILE"], user_data: 10, ret: -2, error: "ENOENT"},
	  {op: "IORING_OP_CONNECT", fd: 7, addr: {family: "AF_INET", address: "127.0.0.1", port: ($lport | tonumber)},
	   user_data: 11, ret: 0},
	  {op: "IORING_OP_CONNECT", fd: 8, addr: {family: "AF_INET", address: "127.0.0.1", port: ($dport | tonumber)},
	   user_data: 12, ret: -111, error: "ECONNREFUSED"}]' \
	"opens with their results (fd 4; ENOENT), the first read only (no result: submission), connects with their results"
expect_none '.event == "connect"' "the connects are not connect syscalls: only the ring saw them"
expect_none '(.event == "open" and (.path // "" | endswith("uring.txt")))' \
	"the open is not an openat syscall: only the ring saw it"

run_cmd text "$TRAIL" show "$TRACE"
check "text: the open's result" line_has "$W/text.stdout" 'io_uring IORING_OP_OPENAT(AT_FDCWD, "uring.txt", O_RDONLY|O_LARGEFILE) = 4'
check "text: the failed open's error" line_has "$W/text.stdout" \
	'io_uring IORING_OP_OPENAT(AT_FDCWD, "missing.txt", O_RDONLY|O_LARGEFILE) = -1 ENOENT (No such file or directory)'
check "text: the refused connect" line_has "$W/text.stdout" \
	"io_uring IORING_OP_CONNECT(8, {AF_INET, 127.0.0.1:$(fact refused)}) = -1 ECONNREFUSED (Connection refused)"

T=uring/deps
"$TRAIL" deps --format json "$TRACE" >"$W/deps.json"
check "deps lists the file opened through the ring as an input" \
	jq -e --arg f "$W/uring.txt" '.inputs | index($f) != null' "$W/deps.json"
check "deps lists the name the ring did not find as missing" \
	jq -e --arg f "$W/missing.txt" '.missing | index($f) != null' "$W/deps.json"
check "deps: the missing name is not an input" \
	jq -e --arg f "$W/missing.txt" '.inputs | index($f) == null' "$W/deps.json"
run_cmd sum "$TRAIL" summary "$TRACE"
check "summary: the ring's connect to the listener is a network peer" \
	line_has "$W/sum.stdout" "connect 127.0.0.1:$(fact listen)"
WHY="$(grep -A3 network "$W/sum.stdout")"
check "summary: the refused connect is not a peer" \
	test "$(grep -c "127.0.0.1:$(fact refused)" "$W/sum.stdout")" = 0
