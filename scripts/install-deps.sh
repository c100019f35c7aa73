#!/bin/sh
# Installs, from Debian's packages, whatever trail needs to build and test
# and is not yet on this machine.  Called by the Makefile; safe to re-run.
set -eu

need="clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev libzstd-dev pkg-config make gcc jq strace libsqlite3-dev python3"
case "${1:-}" in
--test)  need="$need python3 graphviz time liburing-dev sqlite3 bear ccache mandoc chromium nodejs cmake ninja-build rsyslog"
	 # the report's browser test (scripts/install-node-deps.sh); NodeSource's nodejs has npm inside
	 command -v npm >/dev/null || need="$need npm" ;;
--fuzz)  need="$need libclang-rt-14-dev" ;;
--bench) need="$need python3 graphviz time linux-perf" ;;
# make check-kernels: QEMU boots of Debian's kernels (scripts/kernels/)
--kernels) need="$need qemu-system-x86 busybox-static xz-utils zstd cpio kmod" ;;
esac

missing=""
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing (run as root, or install them)" >&2
	exit 1
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
