#!/bin/sh
# make check-kernels: the end-to-end suites below on each of Debian's kernels
# (booted in QEMU by scripts/kernels/run.sh, the host's root shared read-only)
# and on the host's own kernel. One line per kernel with its counts and time,
# then "N passed, N failed" over all of them. Exit status 1 if anything failed.
#
#   sh tests/kernels.sh                       every kernel, the suites below
#   TRAIL_KERNELS="6.1 host" sh tests/kernels.sh
#   TRAIL_KERNEL_SUITES="file exec" sh tests/kernels.sh
#
# The suites (the declared subset, CI's): every event kind a suite checks
# (fork, exec, exit; open, close, stat, access, readlink, readdir; rename,
# link, symlink, unlink, mkdir, mknod, truncate, chmod, chown, utime, xattr;
# dup, fcntl, pipe, memfd; chdir, chroot; write; socket, connect, bind,
# listen, accept, send; cred, ns, mount, kill, cap, ident; uring; syscall;
# peer, with the job's boundaries: descendants, --scope, --follow-peers),
# the durations and -e in the kernel (strace), the policies' kernel
# filters (uid, failed-only, comm: policy),
# every target kind (command, -p, --cgroup, -a), the loss accounting (a
# smaller storm in the guests, TRAIL_LOSS_N), and in t_kernel what the
# kernel offers, the compat build against the full one and trail stat's
# object.  Under emulation each trail record spends seconds in the
# verifier, so the suites about views and exports (their kernel side is
# the same), the scale tests and the variations of one behaviour are left
# out: TRAIL_KERNEL_SUITES=all runs them too.
SUITES="exec file stat rename tree_ops fds chdir write net security uring syscall_generic targets
loss kernel job strace policy"
ALL="$SUITES tree exit vfork thread paths symlink shared isolation user stat_live sensor"
[ "${TRAIL_KERNEL_SUITES:-}" = all ] && TRAIL_KERNEL_SUITES=$ALL
SUITES=$(echo ${TRAIL_KERNEL_SUITES:-$SUITES})
KERNELS=${TRAIL_KERNELS:-5.10 6.1 6.12 host}

cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd -P)
TRAIL=${TRAIL:-$ROOT/build/trail}
# the suites' own timeouts (tests/run.sh) are for a real machine; emulation
# without KVM is slower
GUEST_SCALE=${TRAIL_KERNEL_TEST_SCALE:-4}
export TRAIL

log=$(mktemp) || exit 1
res=$(mktemp) || exit 1
trap 'exit 130' INT TERM

guests=
for k in $KERNELS; do [ "$k" = host ] || guests="$guests $k"; done
if [ -n "$guests" ]; then
	# shellcheck disable=SC2086
	sh scripts/kernels/fetch.sh $guests || { echo "0 passed, 1 failed"; exit 1; }
fi

# The matrix of docs/kernels.md, from this run: one column per kernel.
MATRIX=${TRAIL_KERNEL_MATRIX:-build/kernel-matrix.md}
mdir=$(mktemp -d) || exit 1
trap 'rm -rf "$log" "$res" "$mdir"' EXIT
feat() {	# feat NAME ROW: yes or no, from that kernel's version --features
	awk -v r="$2" 'index($0, r " ") == 1 { for (i = NF; i > 0; i--) if ($i == "yes" || $i == "no") { print $i; exit } }' \
		"$mdir/$1.features"
}
matrix() {
	printf '| | %s |\n|---|' "$(echo "$@" | sed 's/ / | /g')"
	for n; do printf -- '---|'; done
	printf '\n| BPF build |'
	for n; do printf ' %s |' "$(sed -n 's/^BPF object: \([a-z]*\).*/\1/p' "$mdir/$n.features")"; done
	for row in task_storage get_current_task_btf bpf_loop ringbuf_dynptr; do
		printf '\n| %s |' "$row"
		for n; do printf ' %s |' "$(feat "$n" "$row")"; done
	done
	printf '\n| processes, files, descriptors, network, namespaces, credentials, identity |'
	for n; do printf ' recorded |'; done
	printf '\n| capability checks (cap) |'
	for n; do
		[ "$(feat "$n" 'cap_capable tracepoint')" = yes ] && printf ' recorded |' ||
			printf ' unavailable: no capability:cap_capable tracepoint |'
	done
	printf '\n| io_uring (uring) |'
	for n; do
		s=$(sed -n 's/^io_uring: //p' "$mdir/$n.features")
		case $s in
		"not recorded") printf ' unavailable: no tracepoint passes the request |' ;;
		*"+ io_uring_complete"*) printf ' recorded (%s) |' "$s" ;;
		*) printf ' degraded: submissions without results (%s) |' "$s" ;;
		esac
	done
	printf '\n| tests (%s) |' "$(echo $SUITES | wc -w) suites"
	for n; do printf ' %s |' "$(cat "$mdir/$n.result")"; done
	printf '\n'
}

total_p=0 total_f=0 names=
for k in $KERNELS; do
	echo "=== kernel $k: $SUITES"
	t0=$(date +%s)
	# what the kernel offers (for the matrix), then the suites
	run="\"\$TRAIL\" version --features; sh tests/run.sh $SUITES"
	if [ "$k" = host ]; then
		name=$(uname -r)
		sh -c "$run" 2>&1 | tee "$log"
	else
		name=$(cat "${TRAIL_KERNEL_CACHE:-/var/cache/trail-kernels}/$k/kver" 2>/dev/null || echo "$k")
		TRAIL_TEST_TIMEOUT=$GUEST_SCALE TRAIL_LOSS_N=${TRAIL_LOSS_N:-3000} TRAIL_KERNEL_TIMEOUT=${TRAIL_KERNEL_TIMEOUT:-3600} \
			sh scripts/kernels/run.sh "$k" -- "$run" 2>&1 | tee "$log"
	fi
	sed -n '/^FEATURE /,/^io_uring: /p' "$log" >"$mdir/$name.features"
	secs=$(($(date +%s) - t0))
	counts=$(sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' "$log" | tail -1)
	if [ -z "$counts" ]; then
		# no summary: the boot failed or the run was cut short
		p=$(grep -c '^PASS ' "$log")
		f=$(($(grep -c '^FAIL ' "$log") + 1))
		why=" (no summary line: $(grep '^run: ' "$log" | tail -1))"
	else
		p=${counts% *} f=${counts#* } why=
	fi
	total_p=$((total_p + p)) total_f=$((total_f + f))
	echo "kernel $name: $p passed, $f failed in ${secs}s$why" >>"$res"
	echo "$p passed, $f failed" >"$mdir/$name.result"
	names="$names $name"
done
matrix $names >"$MATRIX"

echo
cat "$MATRIX"
echo
cat "$res"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ] && [ "$total_p" -gt 0 ]
