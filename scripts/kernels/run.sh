#!/bin/sh
# Boots one of Debian's kernels in QEMU (software emulation, no KVM needed) with
# the host's root shared read-only, runs a command in it and exits with the
# command's status.
#
#   sh scripts/kernels/run.sh KERNEL -- COMMAND...     KERNEL: 5.10 6.1 6.12
#
#   run.sh 6.1 -- uname -r                  several words: run as that argv
#   run.sh 6.1 -- 'uname -r; id'            one word: a shell command line
#
# The command runs under /bin/sh -c in the host's root (9p, read-only; fresh
# tmpfs on /tmp /run /var/tmp /root /dev/shm), as root, in the caller's working
# directory, with the caller's TRAIL* variables (and KEEP), stdin /dev/null.
# Its output (stdout and stderr together) is streamed; the kernel's console
# goes to a log file that is named when the kernel warned or the boot failed.
# Exit status: the command's, or 125 with one error line when the guest did not
# report one (boot failure, kernel panic, timeout).
#
# Environment: TRAIL_KERNEL_TIMEOUT (seconds for the whole boot, default 600),
# TRAIL_KERNEL_SMP (2), TRAIL_KERNEL_MEM (2G), TRAIL_KERNEL_CACHE (fetch.sh),
# TRAIL_KERNEL_LOGDIR (where console logs worth a look are kept, default /tmp),
# TRAIL_KERNEL_APPEND (more kernel parameters, e.g. "loglevel=7").
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${TRAIL_KERNEL_CACHE:-/var/cache/trail-kernels}
TIMEOUT=${TRAIL_KERNEL_TIMEOUT:-600}

usage() { echo "usage: run.sh KERNEL -- COMMAND..." >&2; exit 2; }
err() { echo "run: $*" >&2; exit 125; }

[ $# -ge 3 ] && [ "$2" = -- ] || usage
K=$1
shift 2
d=$CACHE/$K

# q WORD: WORD quoted for sh
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

if [ $# -eq 1 ]; then
	cmd=$1
else
	cmd=
	for a in "$@"; do cmd="$cmd $(q "$a")"; done
fi

# fetch.sh names the initramfs so
rd=$d/initramfs-$(cat "$HERE/init" "$HERE/fetch.sh" | cksum | cut -d' ' -f1).cpio
if [ ! -s "$d/vmlinux" ] || [ ! -s "$rd" ]; then
	sh "$HERE/fetch.sh" "$K" >&2 || err "kernel $K: fetch.sh failed"
fi
kver=$(cat "$d/kver")

tmp=$(mktemp -d /tmp/trail-kernel.XXXXXX) || exit 125
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# the run's parameters: a second cpio archive after the initramfs (the kernel
# unpacks concatenated archives one over the other)
mkdir -p "$tmp/rd/trail"
{
	env | sed -n 's/^\(TRAIL[A-Za-z0-9_]*\|KEEP\)=.*/\1/p' | while read -r v; do
		eval "echo \"export $v=\$(q \"\$$v\")\""
	done
	echo "cd $(q "$PWD") || exit 125"
	echo "exec /bin/sh -c $(q "$cmd")"
} >"$tmp/rd/trail/cmd"
(cd "$tmp/rd" && find . | cpio -o -H newc --quiet -R 0:0) >"$tmp/run.cpio" || exit 125
cat "$rd" "$tmp/run.cpio" >"$tmp/initrd"

console=$tmp/console
start=$(date +%s.%N)
# -nodefaults: no NIC (its option ROM), no VGA; the first three serial ports
# are the console, the command's output and its status (see init).
# no_timer_check: on a busy host the emulated timer can miss the kernel's
# early IO-APIC check, which then panics ("IO-APIC + timer doesn't work").
# A guest that died before the command started is booted once more.
for attempt in 1 2; do
	: >"$tmp/status"
	timeout -k 10 "$TIMEOUT" qemu-system-x86_64 -nodefaults -no-user-config \
		-machine pc,accel=tcg -cpu max -smp "${TRAIL_KERNEL_SMP:-2}" -m "${TRAIL_KERNEL_MEM:-2G}" \
		-kernel "$d/vmlinux" -initrd "$tmp/initrd" \
		-append "console=ttyS0 rdinit=/init panic=-1 quiet loglevel=3 mitigations=off no_timer_check ${TRAIL_KERNEL_APPEND:-}" \
		-display none -monitor none -no-reboot \
		-serial "file:$console" -serial stdio -serial "file:$tmp/status" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		</dev/null
	qst=$?
	[ "$qst" -eq 124 ] || [ "$qst" -eq 137 ] || grep -q '^TRAIL-GUEST-' "$tmp/status" && break
	[ "$attempt" -eq 1 ] && echo "run: kernel $kver: the guest died while booting; booting it again" >&2
done
end=$(date +%s.%N)

st=$(sed -n 's/^TRAIL-GUEST-EXIT=\([0-9]*\).*/\1/p' "$tmp/status" | tail -1)
up=$(sed -n 's/^TRAIL-GUEST-UPTIME=\([0-9.]*\).*/\1/p' "$tmp/status" | tail -1)
gerr=$(sed -n 's/^TRAIL-GUEST-ERROR=//p' "$tmp/status" | tail -1)
wall=$(echo "$start $end" | awk '{ printf "%.1f", $2 - $1 }')
# keep_console: copy the console log out of the temp dir, set $console to it
keep_console() {
	kept=$(mktemp --suffix=.console "${TRAIL_KERNEL_LOGDIR:-/tmp}/trail-kernel-$K.XXXXXX") &&
		cp "$console" "$kept" && console=$kept
}
if grep -q -E 'Kernel panic|BUG:|WARNING:|Oops|Call Trace' "$console" 2>/dev/null; then
	keep_console
	echo "run: kernel $kver logged warnings or errors: see $console" >&2
fi
if [ -z "$st" ]; then
	case $console in "$tmp"/*) keep_console ;; esac
	if [ -n "$gerr" ]; then
		err "kernel $kver: guest setup failed: $gerr (console: $console)"
	elif [ "$qst" -eq 124 ] || [ "$qst" -eq 137 ]; then
		err "kernel $kver: timed out after ${TIMEOUT}s (TRAIL_KERNEL_TIMEOUT; console: $console)"
	else
		err "kernel $kver: the guest reported no exit status (qemu status $qst; console: $console)"
	fi
fi
[ -n "${TRAIL_KERNEL_QUIET:-}" ] ||
	echo "run: kernel $kver: command started ${up:-?}s after boot, exit $st, ${wall}s in all" >&2
exit "$st"
