#!/bin/bash
# Credentials: -u USER, the sudo default (the invoking user), -u root, and
# the refusals that must come before the command starts.
. "$(dirname "$0")/lib.sh"

chmod 0777 "$W"
record nobody -u nobody -- sh -c 'id -u; touch made-by-nobody'
expect_status "$REC_STATUS" 0 "trail exits 0"
expect 'ok_execs | length > 0 and all(.[]; .uid == 65534 and .gid == 65534)' "every exec runs as uid/gid 65534" 'ok_execs | map({uid, gid})'
WHY="stdout: $(cat "$REC_OUT")"
check "the command saw uid 65534" grep -qx 65534 "$REC_OUT"
WHY=$(stat -c %u "$W/made-by-nobody" 2>&1)
check "files it creates belong to nobody" test "$(stat -c %u "$W/made-by-nobody" 2>/dev/null)" = 65534
expect 'ok_execs[0].env | any(. == "HOME=/nonexistent") and any(. == "USER=nobody")' "HOME and USER are nobody's" 'ok_execs[0].env | map(select(startswith("HOME=") or startswith("USER=")))'

# Under sudo (SUDO_UID set) the default is the invoking user, and the
# recording is given to them.
T=user/sudo
rm -f "$W/sudo.trail"
(cd "$W" && SUDO_UID=65534 SUDO_GID=65534 SUDO_USER=nobody "$TRAIL" record -o sudo.trail -- id -u) \
	>"$W/sudo.out" 2>"$W/sudo.err"
expect_status "$?" 0 "trail exits 0 under sudo"
WHY="stdout: $(cat "$W/sudo.out")"
check "under sudo the command runs as the invoking user" grep -qx 65534 "$W/sudo.out"
WHY=$(stat -c '%u %a' "$W/sudo.trail")
check "the recording belongs to the sudo user, mode 0600" test "$(stat -c '%u %a' "$W/sudo.trail")" = "65534 600"

T=user/sudo-root
(cd "$W" && SUDO_UID=65534 SUDO_GID=65534 SUDO_USER=nobody "$TRAIL" record -o sudoroot.trail -u root -- id -u) \
	>"$W/sudoroot.out" 2>"$W/sudoroot.err"
WHY="stdout: $(cat "$W/sudoroot.out")"
check "-u root keeps root under sudo" grep -qx 0 "$W/sudoroot.out"

T=user/no-root
run_cmd noroot setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$TRAIL" record -o "$W/noroot.trail" -- touch "$W/noroot-ran"
expect_status "$CMD_STATUS" 2 "without root: exit 2"
WHY=$(cat "$W/noroot.stderr")
check "without root: one line saying root is needed" \
	test "$(wc -l <"$W/noroot.stderr")" = 1 -a -n "$(grep '^trail: .*needs root' "$W/noroot.stderr")"
check "without root: the command was not started" test ! -e "$W/noroot-ran"
check "without root: no recording left behind" test ! -e "$W/noroot.trail"

T=user/bad-output
run_cmd badout "$TRAIL" record -o "$W/no/such/dir/x.trail" -- touch "$W/badout-ran"
expect_status "$CMD_STATUS" 2 "uncreatable output: exit 2"
WHY=$(cat "$W/badout.stderr")
check "uncreatable output: one error line naming the file" \
	test "$(wc -l <"$W/badout.stderr")" = 1 -a -n "$(grep "^trail: can't create '$W/no/such/dir/x.trail'" "$W/badout.stderr")"
check "uncreatable output: the command was not started" test ! -e "$W/badout-ran"

T=user/symlink
ln -s "$W/victim" "$W/planted.trail"
run_cmd planted "$TRAIL" record -f -o "$W/planted.trail" -- true
WHY="victim exists: $(ls -l "$W/victim" 2>&1)"
check "--force replaces a planted symlink, never writes through it" test ! -e "$W/victim" -a -f "$W/planted.trail" -a ! -L "$W/planted.trail"

T=user/unknown
run_cmd unknown "$TRAIL" record -u no-such-user-xyz -o "$W/unknown.trail" -- true
expect_status "$CMD_STATUS" 2 "unknown user: exit 2"
WHY=$(cat "$W/unknown.stderr")
check "unknown user: one error line" grep -q "^trail: unknown user 'no-such-user-xyz'" "$W/unknown.stderr"
