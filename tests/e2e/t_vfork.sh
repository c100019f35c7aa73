#!/bin/bash
# Scenario 8: vfork()+exec and posix_spawn(): fork events with CLONE_VFORK and
# CLONE_VM, and each child's exec recorded under the child's pid.
. "$(dirname "$0")/lib.sh"
need vfork

record vfork -- "$S/vfork"
expect_status "$REC_STATUS" 0 "both children ran and exited 0"
expect_eq 'kind("fork") | proj(nflags | {pid, syscall, thread, flags})' \
	'[{pid: $root, syscall: "vfork", thread: false, flags: ["CLONE_VFORK", "CLONE_VM", "SIGCHLD"]},
	  {pid: $root, syscall: "clone3", thread: false, flags: ["CLONE_VFORK", "CLONE_VM", "SIGCHLD"]}]' \
	"vfork: flags CLONE_VFORK, CLONE_VM, SIGCHLD; posix_spawn: clone3 with the same"
expect_eq '(kind("fork") | map(.child_pid)) as $c | kind("exec") | proj({pid, ret, filename, argv})' \
	'(kind("fork") | map(.child_pid)) as $c |
	 [{pid: $root, ret: 0, filename: ($S + "/vfork"), argv: [$S + "/vfork"]},
	  {pid: $c[0], ret: 0, filename: "/bin/true", argv: ["true", "vforked"]},
	  {pid: $c[1], ret: 0, filename: "/bin/true", argv: ["true", "spawned"]}]' \
	"each child's exec is recorded under its child_pid, argv exact"
expect_eq '(kind("fork") | map(.child_pid)) as $c | kind("exit") | proj({pid, code, signal})' \
	'(kind("fork") | map(.child_pid)) as $c | [{pid: $c[0], code: 0}, {pid: $c[1], code: 0}, {pid: $root, code: 0}]' \
	"exits: vfork child, spawned child, root; all code 0"
expect 'kind("fork") | all(.[]; .child_pid != $root and .child_tid == .child_pid)' "children are new processes" 'kind("fork")'
