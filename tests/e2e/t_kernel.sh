#!/bin/bash
# Portability (docs/kernels.md): what the running kernel offers and which
# BPF build trail loads, what a recording says it could not get, and that
# the compat build (which older kernels load) records exactly what the full
# one does.  Run on every kernel of the matrix by make check-kernels.
. "$(dirname "$0")/lib.sh"
need paths execmissing

T=kernel/features
"$TRAIL" version --features >"$W/feat" 2>"$W/feat.err"
WHY=$(cat "$W/feat.err")
check "version --features runs" test $? -eq 0
row() { grep "^$1 " "$W/feat" | awk '{ for (i = 1; i <= NF; i++) if ($i == "yes" || $i == "no") { print $i; exit } }'; }
for f in btf ringbuf task_storage get_current_task_btf bpf_loop ringbuf_dynptr; do
	WHY=$(cat "$W/feat")
	check "the feature table has a row for $f" test -n "$(row "$f")"
done
full=yes
for f in task_storage get_current_task_btf bpf_loop ringbuf_dynptr; do
	[ "$(row "$f")" = yes ] || full=no
done
want=full
[ "$full" = no ] || [ "${TRAIL_BPF:-}" = compat ] && want=compat
WHY=$(grep '^BPF object' "$W/feat")
check "the BPF build is $want, as the probed features say" grep -q "^BPF object: $want " "$W/feat"

# what is missing is said at record time, kept in the header, repeated by summary
record feat -- /bin/true
expect_status "$REC_STATUS" 0 "/bin/true ran"
"$TRAIL" summary "$TRACE" >"$W/sum" 2>"$W/sum.err"
WHY=$(grep '^host' "$W/sum")
check "summary names the BPF build that recorded ($want)" grep -q "^host: .*($want BPF build)$" "$W/sum"
missing() {
	# the event kinds the table says are lost: cap without its tracepoint,
	# uring without a submission tracepoint, or with one but no results
	[ "$(grep -c '^cap_capable tracepoint .* no ' "$W/feat")" = 1 ] && echo cap
	if grep -q '^io_uring submission tracepoint .* no ' "$W/feat" ||
	   grep -q '^io_uring_complete with the request .* no ' "$W/feat"; then
		echo uring
	fi
}
exp=$(missing | sort | tr '\n' ' ')
got=$(sed -n 's/^\(kernel:\)\? *\([a-z]*\): .*/\2/p' "$W/sum" | grep -x 'cap\|uring' | sort | tr '\n' ' ')
WHY="summary lists '$got', the features table '$exp'"
check "the recording lists exactly the event kinds this kernel cannot give" test "$got" = "$exp"
n=$(grep -c '^trail: warning: this kernel limits ' "$REC_ERR")
WHY=$(cat "$REC_ERR")
check "record said so once per kind ($(echo $exp | wc -w))" test "$n" -eq "$(echo $exp | wc -w)"
n=$(grep -c '^trail: warning: the recording kernel limited ' "$W/sum.err")
WHY=$(cat "$W/sum.err")
check "summary warns once per kind too" test "$n" -eq "$(echo $exp | wc -w)"

# the compat build records what the full build does (on a kernel that
# loads both; where only compat loads, both runs are compat)
T=kernel/compat
norm='[.[] | del(.time, .time_ns, .duration_ns, .pid, .tid, .ppid, .child_pid, .child_tid, .nspid, .nstid,
		  .env, .envc, .fd, .ret) | select(.event != "ident")]'
for b in full compat; do
	e=
	[ $b = compat ] && e=compat
	(cd "$W" && TRAIL_BPF=$e "$TRAIL" record --no-env -o "$b.trail" -- sh -c \
		"$S/paths >/dev/null 2>&1; $S/execmissing >/dev/null 2>&1; cat /etc/hostname >/dev/null") \
		>"$W/$b.out" 2>"$W/$b.err"
	"$TRAIL" show --json "$W/$b.trail" | jq -s -c "$norm" >"$W/$b.json"
done
WHY=$(diff "$W/full.json" "$W/compat.json" | head -5)
check "the same events, field for field, from both builds" cmp -s "$W/full.json" "$W/compat.json"
n=$(jq 'length' "$W/compat.json")
check "... and not none ($n)" test "$n" -gt 100

# trail stat's object, built twice like the recorder's: it loads here and
# counts (its suite, stat_live, checks the counts exactly)
T=kernel/stat
"$TRAIL" stat -- /bin/true >"$W/stat.out" 2>"$W/stat.err"
st=$?
WHY=$(cat "$W/stat.err")
check "trail stat loads and runs a command (exit 0)" test "$st" -eq 0
WHY=$(head -5 "$W/stat.out")
check "... and counts its execve" grep -q 'execve' "$W/stat.out"

# CO-RE against a cut of the kernel's BTF (record/corebtf.c) patches every
# instruction as against the whole BTF (TRAIL_CORE_BTF=full): libbpf's log
# of each relocation, the patched value included, is the same line for
# line, for both builds of the recorder's object and for trail stat's
T=kernel/core_btf
relos() {	# FILE: libbpf's relocation lines, without the candidates' ids
	grep -E "^libbpf: prog '[a-z_0-9]+': relo #[0-9]+: " "$1" | grep -v 'matching candidate'
}
for job in record record-compat stat; do
	for how in cut full; do
		e= c=
		[ $how = full ] && e=full
		[ $job = record-compat ] && c=compat
		case $job in
		record*) set -- record -v -v --no-env -o "$W/cb-$job-$how.trail" -- /bin/true ;;
		stat) set -- stat -v -v -- /bin/true ;;
		esac
		TRAIL_CORE_BTF=$e TRAIL_BPF=$c "$TRAIL" "$@" >/dev/null 2>"$W/cb-$job-$how.log"
		relos "$W/cb-$job-$how.log" >"$W/cb-$job-$how.relos"
	done
	n=$(grep -c 'patched insn' "$W/cb-$job-cut.relos")
	WHY=$(diff "$W/cb-$job-full.relos" "$W/cb-$job-cut.relos" | head -5)
	check "$job: every CO-RE relocation patched as against the whole BTF ($n patched)" \
		cmp -s "$W/cb-$job-full.relos" "$W/cb-$job-cut.relos"
	check "... and not none" test "$n" -gt 20
	# no cut is right only where libbpf would look in modules' BTF
	WHY=$(grep -m1 "CO-RE against the kernel's whole BTF" "$W/cb-$job-cut.log")
	[ -n "$(ls /sys/kernel/btf | grep -vx vmlinux)" ] &&
		[ "$WHY" = "trail: CO-RE against the kernel's whole BTF (no cut: a relocated type is not in vmlinux's BTF, and modules have BTF)" ] &&
		WHY=
	check "... and the cut was used (no fallback to the whole BTF)" test -z "$WHY"
done
