#!/bin/bash
# Scenario 11: bad input: missing or non-executable command, show/tree on a
# missing file, a directory, an empty or garbage file, and refusing to
# overwrite an output file without --force.
. "$(dirname "$0")/lib.sh"

T=errors/record
run_cmd nocmd "$TRAIL" record -o "$W/nocmd.trail" -- "$W/does-not-exist" arg
expect_status "$CMD_STATUS" 127 "missing command (path): exit 127"
WHY="stderr: $(head -c 200 "$W/nocmd.stderr")"
check "missing command (path): message" grep -qxF "trail: $W/does-not-exist: No such file or directory" "$W/nocmd.stderr"

run_cmd nocmd2 "$TRAIL" record -o "$W/nocmd2.trail" -- no-such-command-xyz
expect_status "$CMD_STATUS" 127 "missing command (PATH search): exit 127"
WHY="stderr: $(head -c 200 "$W/nocmd2.stderr")"
check "missing command (PATH search): message" grep -qxF "trail: no-such-command-xyz: No such file or directory" "$W/nocmd2.stderr"

printf '#!/bin/sh\nexit 0\n' >"$W/noexec"
chmod 644 "$W/noexec"
run_cmd noexec "$TRAIL" record -o "$W/noexec.trail" -- "$W/noexec"
expect_status "$CMD_STATUS" 126 "non-executable file: exit 126"
WHY="stderr: $(head -c 200 "$W/noexec.stderr")"
check "non-executable file: a 'trail: $W/noexec: ...' message" grep -q "^trail: $W/noexec: " "$W/noexec.stderr"

run_cmd dircmd "$TRAIL" record -o "$W/dircmd.trail" -- "$W"
expect_status "$CMD_STATUS" 126 "a directory as command: exit 126"

# show/tree on files that are not traces
mkdir "$W/adir"
: >"$W/empty.trail"
for i in $(seq 1 50); do echo "this is not a trail trace, line $i"; done >"$W/garbage.trail"
head -c 4096 /dev/zero | tr '\0' '\377' >"$W/ff.trail"
T=errors/show
for input in missing adir empty garbage ff; do
	f=$W/$input
	[ "$input" = adir ] || f=$W/$input.trail
	for mode in "show" "show --json" "tree"; do
		run_cmd bad "$TRAIL" $mode "$f"
		nerr=$(wc -l <"$W/bad.stderr")
		desc="trail $mode on $input: non-zero exit, no stdout, one 'trail: ' line on stderr"
		if [ "$CMD_STATUS" -eq 0 ]; then
			fail "$desc" "exit 0; stdout: $(head -c 100 "$W/bad.stdout")"
		elif [ "$CMD_STATUS" -ge 124 ]; then
			fail "$desc" "exit $CMD_STATUS (crash or timeout); stderr: $(head -c 150 "$W/bad.stderr")"
		elif [ -s "$W/bad.stdout" ]; then
			fail "$desc" "stdout: $(head -c 100 "$W/bad.stdout")"
		elif [ "$nerr" -ne 1 ] || ! grep -q '^trail: ' "$W/bad.stderr"; then
			fail "$desc" "stderr ($nerr lines): $(head -c 200 "$W/bad.stderr")"
		else
			pass "$desc"
		fi
	done
done

T=errors/overwrite
printf 'precious\n' >"$W/exists.trail"
cp "$W/exists.trail" "$W/exists.copy"
run_cmd exists "$TRAIL" record -o "$W/exists.trail" -- /bin/touch "$W/ran"
WHY="exit $CMD_STATUS"
check "existing output without --force: non-zero exit" test "$CMD_STATUS" -ne 0 -a "$CMD_STATUS" -lt 124
check "existing output without --force: file unchanged" cmp -s "$W/exists.trail" "$W/exists.copy"
WHY="stderr: $(head -c 200 "$W/exists.stderr")"
check "existing output without --force: a 'trail: ' message" grep -q '^trail: ' "$W/exists.stderr"
check "existing output without --force: the command is not run" test ! -e "$W/ran"

run_cmd force "$TRAIL" record -o "$W/exists.trail" --force -- /bin/touch "$W/ran"
expect_status "$CMD_STATUS" 0 "with --force: exit 0"
check "with --force: the command ran" test -e "$W/ran"
CUR=$W/force.json
"$TRAIL" show --json "$W/exists.trail" >"$CUR" 2>/dev/null
expect_eq 'ok_execs | map(.argv)' '[["/bin/touch", $W + "/ran"]]' "with --force: the file now holds the new trace"
