#!/bin/bash
# Files trail writes with recorded data are as private as the recording:
# every export format and the report are made mode 0600 whatever the umask,
# under sudo they belong to the invoking user, a SUDO_UID that sudo did not
# set is ignored, and export --no-env drops the environments.
. "$(dirname "$0")/lib.sh"

SECRET=s3cr3t-$$-token
export TRAIL_TEST_TOKEN=$SECRET	# in the environment, not in any argv
record env -- sh -c 'cat /etc/hostname >/dev/null; exit 0'
unset TRAIL_TEST_TOKEN
expect_status "$REC_STATUS" 0 "the command ran"
expect 'ok_execs | any(.env | any(. == "TRAIL_TEST_TOKEN='$SECRET'"))' "the recording holds the secret in an environment"
REC=$TRACE
mkdir "$W/log"

# out NAME ARGS...: trail export --format ARGS into $W/NAME under umask 022
out() {
	local name=$1
	shift
	(umask 022 && exec "$TRAIL" "$@") >"$W/log/$name.stdout" 2>"$W/log/$name.stderr"
}

T=private/modes
for f in jsonl sqlite chrome compile-commands; do
	out "x.$f" export --format $f -o "$W/x.$f" "$REC"
	expect_status "$?" 0 "export --format $f exits 0"
	WHY=$(stat -c '%a %U' "$W/x.$f" 2>&1)
	check "export --format $f: made mode 0600 under umask 022" test "$(stat -c %a "$W/x.$f")" = 600
done
out report report -o "$W/x.html" "$REC"
WHY=$(stat -c '%a' "$W/x.html" 2>&1)
check "report: made mode 0600 under umask 022" test "$(stat -c %a "$W/x.html")" = 600
check "no file in the directory is readable by others" \
	test -z "$(find "$W" -maxdepth 1 -type f -perm /o=r \( -name 'x.*' -o -name '*.trail' \))"
echo old >"$W/forced.json"
chmod 644 "$W/forced.json"
out forced export --format jsonl --force -o "$W/forced.json" "$REC"
WHY=$(stat -c '%a' "$W/forced.json" 2>&1)
check "export --force over a 0644 file: the new one is 0600" test "$(stat -c %a "$W/forced.json")" = 600

T=private/sudo
sudo_out() {
	local name=$1
	shift
	(umask 022 && SUDO_UID=65534 SUDO_GID=65534 SUDO_USER=nobody exec "$TRAIL" "$@") \
		>"$W/log/$name.stdout" 2>"$W/log/$name.stderr"
}
for f in jsonl sqlite; do
	sudo_out "s.$f" export --format $f -o "$W/s.$f" "$REC"
	WHY=$(stat -c '%u:%g %a' "$W/s.$f" 2>&1)
	check "under sudo, export --format $f belongs to the sudo user, 0600" \
		test "$(stat -c '%u:%g %a' "$W/s.$f")" = "65534:65534 600"
done
sudo_out s.html report -o "$W/s.html" "$REC"
WHY=$(stat -c '%u:%g %a' "$W/s.html" 2>&1)
check "under sudo, the report belongs to the sudo user, 0600" test "$(stat -c '%u:%g %a' "$W/s.html")" = "65534:65534 600"
(SUDO_UID=65534x SUDO_GID=65534 "$TRAIL" export --format jsonl -o "$W/junk.jsonl" "$REC") 2>/dev/null
WHY=$(stat -c '%u' "$W/junk.jsonl" 2>&1)
check "a SUDO_UID that is not a number is ignored (root keeps the file)" test "$(stat -c %u "$W/junk.jsonl")" = 0
(SUDO_UID=0 SUDO_GID=0 "$TRAIL" export --format jsonl -o "$W/zero.jsonl" "$REC") 2>/dev/null
check "SUDO_UID=0 gives nothing away" test "$(stat -c %u "$W/zero.jsonl")" = 0
# effective root without real root (a set-uid wrapper, not sudo): the
# variable is the caller's to set, so it is not trusted
SUDO_UID=65534 SUDO_GID=65534 setpriv --ruid=65534 "$TRAIL" export --format jsonl -o "$W/setuid.jsonl" "$REC" 2>/dev/null
WHY=$(stat -c '%u' "$W/setuid.jsonl" 2>&1)
check "SUDO_UID from a caller whose real uid is not 0: ignored" test "$(stat -c %u "$W/setuid.jsonl")" = 0

T=private/no-env
out noenv export --format jsonl --no-env -o "$W/noenv.jsonl" "$REC"
expect_status "$?" 0 "export --no-env exits 0"
check "--no-env: the secret is nowhere in the export" sh -c "! grep -q '$SECRET' '$W/noenv.jsonl'"
check "without it, the export has it (the test can see it)" grep -q "$SECRET" "$W/x.jsonl"
CUR=$W/noenv.jsonl
expect_none 'has("env") or has("envc")' "--no-env: no event has env or envc"
expect 'ok_execs | length > 0 and all(.[]; (.argv | length) > 0)' "--no-env: the execs keep their argv"
check "--no-env changes nothing else" \
	cmp -s <(jq -c 'del(.env, .envc)' "$W/x.jsonl") <(jq -c . "$W/noenv.jsonl")
