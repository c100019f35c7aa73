#!/bin/bash
# Scenario 2: a fork+exec chain three deep (chain 3 -> 2 upper -> 1 middle -> 0 leaf):
# argv exact per level, forks link the pids, exit codes, and `trail tree`.
. "$(dirname "$0")/lib.sh"
need chain

record chain -- "$S/chain" 3
expect_status "$REC_STATUS" 23 "trail exits with the root's status (23)"
expect_eq 'kind("exec") | proj({ret, argv, filename, cwd})' \
	'[{ret: 0, argv: [$S + "/chain", "3"], filename: ($S + "/chain"), cwd: $W},
	  {ret: 0, argv: [$S + "/chain", "2", "upper"], filename: ($S + "/chain"), cwd: $W},
	  {ret: 0, argv: [$S + "/chain", "1", "middle"], filename: ($S + "/chain"), cwd: $W},
	  {ret: 0, argv: [$S + "/chain", "0", "leaf"], filename: ($S + "/chain"), cwd: $W}]' \
	"four execs, argv exact at each level, no failed exec"
expect 'ok_execs | map(.pid) | unique | length == 4' "each level is its own process" 'ok_execs | map(.pid)'
expect_eq '(ok_execs | map(.pid)) as $p | kind("fork") | proj({pid, child_pid, thread})' \
	'(ok_execs | map(.pid)) as $p | [range(3) | {pid: $p[.], child_pid: $p[. + 1], thread: false}]' \
	"forks link each level to the next (parent pid -> child_pid), thread false"
expect_eq 'kind("fork") | proj(nflags | {syscall, flags, ret, error})' \
	'[range(3) | {syscall: "clone", flags: ["CLONE_CHILD_CLEARTID", "CLONE_CHILD_SETTID", "SIGCHLD"]}] as $w
	 | kind("fork") | [range(length) as $i | $w[$i] + {ret: .[$i].child_tid}]' \
	"fork events: syscall clone, glibc fork flags + SIGCHLD, ret = child tid"
expect 'kind("fork") | all(.[]; .child_tid == .child_pid)' "fork child_tid == child_pid for a process"
expect_eq '(ok_execs | map(.pid)) as $p | kind("exit") | proj({pid, code, signal, thread: (.thread // false)})' \
	'(ok_execs | map(.pid)) as $p | [{pid: $p[3], code: 20}, {pid: $p[2], code: 21}, {pid: $p[1], code: 22}, {pid: $p[0], code: 23}] | map(. + {thread: false})' \
	"one exit per process, leaf first, codes 20..23, no signal, thread false/absent"
expect '(ok_execs | map(.pid)) as $p | all(.[]; .pid as $x | any($p[]; . == $x))' \
	"every event comes from one of the four processes" '(ok_execs | map(.pid)) as $p | map(select(.pid as $x | any($p[]; . == $x) | not))[0]'

T=tree/chain-tree
pids=($(q 'ok_execs | map(.pid) | .[]'))
"$TRAIL" tree "$TRACE" >"$W/tree.txt" 2>"$W/tree.err"
expect_status "$?" 0 "trail tree exits 0"
n=$(grep -c . "$W/tree.txt")
WHY="$n lines: $(head -c 300 "$W/tree.txt")"
check "trail tree prints one line per process (4)" test "$n" -eq 4
words=("chain" "upper" "middle" "leaf")
prev_indent=-1 prev_line=0 ok=1 why=
for lv in 0 1 2 3; do
	p=${pids[$lv]:-none}
	ln=$(grep -nw -- "$p" "$W/tree.txt" | head -1)
	if [ -z "$ln" ]; then ok=0 why="no line with pid $p (level $lv)"; break; fi
	num=${ln%%:*} text=${ln#*:}
	indent=$(printf '%s' "$text" | sed -E 's/^([^[:alnum:]]*).*/\1/' | wc -c)
	if [ "$num" -le "$prev_line" ] || [ "$indent" -le "$prev_indent" ]; then
		ok=0 why="level $lv (pid $p) at line $num indent $indent, level above at line $prev_line indent $prev_indent"
		break
	fi
	case "$text" in *"${words[$lv]}"*) ;; *) ok=0 why="line of pid $p lacks argv word ${words[$lv]}: $text"; break ;; esac
	if ! printf '%s\n' "$text" | sed "s/\b$p\b//" | grep -qw "$((23 - lv))"; then
		ok=0 why="line of pid $p lacks exit status $((23 - lv)): $text"; break
	fi
	prev_indent=$indent prev_line=$num
done
if [ $ok = 1 ]; then pass "tree: 4 levels in order, indent grows with depth, pid, argv and exit status on each line"
else fail "tree: 4 levels in order, indent grows with depth, pid, argv and exit status on each line" "$why"; fi
