#!/bin/bash
# Security events: namespaces (unshare, setns resolved to type and inode,
# compared with /proc/PID/ns), a private mount, a user namespace with its
# owner, a setuid drop from root, a capability check that fails, kill,
# fileless exec from a memfd, and a set-uid binary's exec.
. "$(dirname "$0")/lib.sh"
need nsops
# capability checks: only where the kernel has their tracepoint (6.14+)
if kernel_gives cap; then capk=true; else capk=false; fi
jqargjson capk "$capk"
# root's effective set here (the scenario's before it drops it), as trail
# prints sets: hex without leading zeros
jqarg rootcaps "$(awk '$1 == "CapEff:" { sub(/^0+/, "", $2); print "0x" ($2 == "" ? "0" : $2) }' /proc/self/status)"

record ns -- "$S/nsops"
expect_status "$REC_STATUS" 0 "the scenario ran (exit 0)"
fact() { awk -v k="$1" '$1 == k { print $2 }' "$W/facts"; }
for k in child_net child_mnt parent_net parent_mnt joined_net userns victim; do
	jqargjson "$k" "$(fact $k)"
done
no_dup_keys "no event repeats a JSON key"

# the child: unshare, then its identity shows the new namespaces
JQV+=(--argjson ch "$(q 'first_that(.event == "ns" and .syscall == "unshare" and (.flags | index("CLONE_NEWNET"))).pid // 0')")
expect_eq 'byall($ch) | map(select(.event == "ns")) | proj({event, syscall, flags, ret})' \
	'[{event: "ns", syscall: "unshare", flags: ["CLONE_NEWNS", "CLONE_NEWNET"], ret: 0}]' \
	"unshare(CLONE_NEWNS|CLONE_NEWNET): flags decoded"
expect_eq 'byall($ch) | map(select(.event == "ident" and .changed)) | .[0] | {changed, mnt: .ns.mnt, net: .ns.net, mnt_before: .ns_before.mnt, net_before: .ns_before.net}' \
	'{changed: ["ns"], mnt: $child_mnt, net: $child_net, mnt_before: $parent_mnt, net_before: $parent_net}' \
	"after unshare: the identity's mnt and net namespaces are the child's /proc/PID/ns inodes, the old ones before"
expect_eq 'byall($ch) | map(select(.event == "ident" and .changed)) | length' 1 \
	"exactly one identity change in the child"
expect 'byall($ch) | map(select(.event == "mount")) | .[0].netns == $child_net and .[0].mntns == $child_mnt' \
	"the child's later events carry its new namespace inodes"
expect_eq 'byall($ch) | map(select(.event == "mount")) | proj({syscall, source, path, abs, fstype, flags, ret})' \
	'[{syscall: "mount", source: "none", path: "/", abs: "/", fstype: "", flags: ["MS_REC", "MS_PRIVATE"], ret: 0},
	  {syscall: "mount", source: "trailtest", path: "mnt", abs: ($W + "/mnt"), fstype: "tmpfs",
	   flags: ["MS_NOSUID", "MS_NODEV"], ret: 0}]' \
	"mount in the private mount namespace: source, target (made absolute), fstype, MS_* flags"

# the parent: setns into the child's net namespace
expect_eq 'by($root) | map(select(.event == "ns")) | proj({syscall, fd, flags, ns_type, ns_inode, ret})' \
	'[{syscall: "setns", fd: 8, flags: ["CLONE_NEWNET"], ns_type: "net", ns_inode: $child_net, ret: 0}]' \
	"setns: the fd resolved in the kernel to namespace type net and the child's net inode"
expect '$joined_net == $child_net' "(the scenario saw itself join that namespace)"
expect_eq 'byall($root) | map(select(.event == "ident" and .changed)) | map({changed, net: .ns.net, before: .ns_before.net})' \
	'[{changed: ["ns"], net: $child_net, before: $parent_net}]' \
	"the parent's identity changes once: net namespace, from its own to the child's"
expect 'by($root) | map(select(.time_ns > ($all | first_that(.event == "ns" and .syscall == "setns")).time_ns)) | all(.netns == $child_net)' \
	"every later event of the parent carries the joined net namespace"

# the setuid drop, the failed capability check, the user namespace
JQV+=(--argjson dr "$(q 'first_that(.event == "cred" and .syscall == "setresuid").pid // 0')")
expect_eq 'byall($dr) | map(select(.event == "cred")) | proj({syscall, set_ruid, set_euid, set_suid, set_rgid, set_egid, set_sgid, ret})' \
	'[{syscall: "setresgid", set_rgid: 65534, set_egid: 65534, set_sgid: 65534, ret: 0},
	  {syscall: "setresuid", set_ruid: 65534, set_euid: 65534, set_suid: 65534, ret: 0}]' \
	"setresgid then setresuid to 65534, arguments named"
expect_eq 'byall($dr) | map(select(.event == "ident" and .changed)) | map({changed, uid: .creds.uid, euid: .creds.euid, gid: .creds.gid, cap_eff: .creds.cap_eff, before: .creds_before.euid})' \
	'[{changed: ["gid"], uid: 0, euid: 0, gid: 65534, cap_eff: $rootcaps, before: 0},
	  {changed: ["uid", "caps"], uid: 65534, euid: 65534, gid: 65534, cap_eff: "0", before: 0},
	  {changed: ["caps", "ns", "userns"], uid: 65534, euid: 65534, gid: 65534, cap_eff: "0x1ffffffffff", before: 65534}]' \
	"identity: gid, then uid and capabilities dropped, then the user namespace (full caps inside)"
expect_eq 'byall($dr) | map(select(.event == "cap" and .ret != 0)) | proj({cap, cap_nr, ret, error})' \
	'if $capk then [{cap: "CAP_SYS_CHROOT", cap_nr: 18, ret: -1, error: "EPERM"}] else [] end' \
	"the one failed capability check: CAP_SYS_CHROOT, EPERM"
expect_eq 'byall($dr) | map(select(.event == "chroot")) | proj({path, ret, error})' \
	'[{path: "/", ret: -1, error: "EPERM"}]' "and the chroot it was for failed"
expect_eq 'byall($dr) | map(select(.event == "ident" and .changed and (.changed | index("userns")))) | .[0] | {owner: .userns_owner, group: .userns_group, level: .userns_level, user: .ns.user}' \
	'{owner: 65534, group: 65534, level: 1, user: $userns}' \
	"the new user namespace: owner 65534:65534, level 1, inode as /proc/self/ns/user"
expect 'byall($dr) | map(select(.event == "cap" and .cap == "CAP_SETUID")) | length == (if $capk then 1 else 0 end)' \
	"a capability checked in a loop would be one record: CAP_SETUID once"

# kill
expect_eq 'by($root) | map(select(.event == "kill")) | proj({syscall, target_pid, signal, ret})' \
	'[{syscall: "kill", target_pid: $victim, signal: "SIGTERM", ret: 0}]' "kill(victim, SIGTERM)"
expect_eq 'map(select(.pid == $victim and .event == "exit")) | proj({signal})' '[{signal: "SIGTERM"}]' \
	"the victim was killed by SIGTERM"

# fileless exec
expect_eq 'ok_execs | map(select(.argv[0] == "payload")) | proj({syscall, filename, real, fileless, argv, at_flags})' \
	'[{syscall: "execveat", filename: "/dev/fd/8", real: "/memfd:payload", fileless: true,
	   argv: ["payload", "--fileless"], at_flags: ["AT_EMPTY_PATH"]}]' \
	"exec of a memfd: flagged fileless, the binary is /memfd:payload"
expect_none '.event == "exec" and .fileless and .argv[0] != "payload"' "no other exec is flagged fileless"

# a set-uid binary run by an unprivileged user
chmod 711 "$W"		# nobody may run what is in it
cp /usr/bin/id "$W/suid-id" && chmod 4755 "$W/suid-id"
record setuid -u nobody -- "$W/suid-id" -u
expect_status "$REC_STATUS" 0 "the set-uid binary ran as nobody"
check "it printed euid 0" grep -qx 0 "$REC_OUT"
expect_eq 'ok_execs | map(select(.filename | endswith("suid-id"))) | proj({setid, before: .creds_before.euid, after: .creds_after.euid, ruid: .creds_after.uid})' \
	'[{setid: true, before: 65534, after: 0, ruid: 65534}]' \
	"exec of a set-uid binary: flagged, euid 65534 before, 0 after, real uid kept"
expect_none '.event == "exec" and .setid and (.filename | endswith("suid-id") | not)' \
	"no other exec is flagged set-uid"

# The kernel's overcommit heuristic asks capable(CAP_SYS_ADMIN), unaudited,
# at every exec: not a request for privilege, so not recorded.  A real
# CAP_SYS_ADMIN check (unshare of a mount namespace) still is.
record unpriv -u nobody -- sh -c 'unshare -m true; /bin/true'
expect_status "$REC_STATUS" 0 "sh, unshare (fails) and true ran as nobody"
expect_eq 'map(select(.event == "cap" and .cap == "CAP_SYS_ADMIN")) | proj({comm, ret, error})' \
	'if $capk then [{comm: "unshare", ret: -1, error: "EPERM"}] else [] end' \
	"one CAP_SYS_ADMIN check: unshare's, denied; none from exec's overcommit check (sh, true)"
expect_eq 'map(select(.event == "ns")) | proj({syscall, flags, ret, error})' \
	'[{syscall: "unshare", flags: ["CLONE_NEWNS"], ret: -1, error: "EPERM"}]' "the unshare it was for failed"
run_cmd unpriv_sum "$TRAIL" summary "$TRACE"
if [ "$capk" = true ]; then
	check "summary: denied CAP_SYS_ADMIN (unshare's)" grep -q '^denied: .*CAP_SYS_ADMIN' "$W/unpriv_sum.stdout"
else
	kernel_limited cap
fi
