#!/bin/bash
# Network events over loopback: TCP connect/accept with both ends' addresses
# (the local one from the kernel), a unix socket, UDP sendto recorded once
# per destination, a connected send not recorded, IPv6.
. "$(dirname "$0")/lib.sh"
need netops

record net -- "$S/netops"
expect_status "$REC_STATUS" 0 "the scenario ran (exit 0)"
fact() { awk -v k="$1" '$1 == k { print $2 }' "$W/facts"; }
for k in port client_port udp_port udp_port2; do jqargjson "$k" "$(fact $k)"; done
no_dup_keys "no event repeats a JSON key"
P='{event, syscall, fd, domain, type, protocol, addr, local, peer, backlog, flags, ret}'

expect_eq 'by($root) | from_to(.event == "socket"; .event == "unlink") | map(select(.event != "stat")) | proj('"$P"')' \
	'[{event: "socket", syscall: "socket", domain: "AF_INET", type: ["SOCK_STREAM"], protocol: 0, ret: 4},
	  {event: "bind", syscall: "bind", fd: 4, addr: {family: "AF_INET", address: "127.0.0.1", port: 0}, ret: 0},
	  {event: "listen", syscall: "listen", fd: 4, backlog: 4, local: {family: "AF_INET", address: "127.0.0.1", port: $port}, ret: 0},
	  {event: "socket", syscall: "socket", domain: "AF_INET", type: ["SOCK_STREAM"], protocol: 0, ret: 5},
	  {event: "connect", syscall: "connect", fd: 5, addr: {family: "AF_INET", address: "127.0.0.1", port: $port},
	   local: {family: "AF_INET", address: "127.0.0.1", port: $client_port}, ret: 0},
	  {event: "accept", syscall: "accept", fd: 4, peer: {family: "AF_INET", address: "127.0.0.1", port: $client_port}, ret: 6},
	  {event: "close", syscall: "close", ret: 0, fd: 6}, {event: "close", syscall: "close", ret: 0, fd: 5},
	  {event: "close", syscall: "close", ret: 0, fd: 4}]' \
	"TCP: socket, bind, listen (the port the kernel chose), connect (to it, from the client port), accept (peer = that client port)"

expect_eq 'by($root) | from(.event == "unlink") | map(select(.event == "bind" or .event == "connect" or .event == "accept" or .event == "listen")) | .[0:4] | proj('"$P"')' \
	'[{event: "bind", syscall: "bind", fd: 4, addr: {family: "AF_UNIX", path: "sock"}, ret: 0},
	  {event: "listen", syscall: "listen", fd: 4, backlog: 4, local: {family: "AF_UNIX", path: "sock"}, ret: 0},
	  {event: "connect", syscall: "connect", fd: 5, addr: {family: "AF_UNIX", path: "sock"}, local: {family: "AF_UNIX", unnamed: true}, ret: 0},
	  {event: "accept", syscall: "accept4", fd: 4, flags: ["SOCK_CLOEXEC"], peer: {family: "AF_UNIX", unnamed: true}, ret: 6}]' \
	"unix: bind and listen on the path, connect to it from an unnamed socket, accept4 with its flags"

expect_eq 'by($root) | kind("send") | proj({syscall, fd, length, addr, ret})' \
	'[{syscall: "sendto", fd: 6, length: 2, addr: {family: "AF_INET", address: "127.0.0.1", port: $udp_port}, ret: 2},
	  {syscall: "sendto", fd: 6, length: 2, addr: {family: "AF_INET", address: "127.0.0.1", port: $udp_port2}, ret: 2}]' \
	"UDP: three sendto to one destination and one to another are two events, one per destination; send() on a connected socket none"

if grep -q '^port6 ' "$W/facts"; then
	jqargjson port6 "$(fact port6)"
	jqargjson client_port6 "$(fact client_port6)"
	expect_eq 'by($root) | map(select(.event == "connect" and .addr.family == "AF_INET6")) | proj({addr, local, ret})' \
		'[{addr: {family: "AF_INET6", address: "::1", port: $port6}, local: {family: "AF_INET6", address: "::1", port: $client_port6}, ret: 0}]' \
		"IPv6: connect to [::1] with its local address"
fi
expect_none '.event == "send" and .addr == null' "no send without a destination"

T=net/text
"$TRAIL" show --event connect "$TRACE" >"$W/connect.txt"
check "text: connect shows destination and local address" \
	grep -q "connect(5, {AF_INET, 127.0.0.1:$(fact port)}, 16) = 0 <local {AF_INET, 127.0.0.1:$(fact client_port)}>" "$W/connect.txt"
