#!/bin/sh
# Downloads Debian's kernels that trail is tested on and prepares each for a
# QEMU boot (scripts/kernels/run.sh): the uncompressed vmlinux, booted through
# its PVH entry, which under TCG starts in seconds where the bzImage's own
# decompressor takes much longer; and a small initramfs with busybox, the
# 9p-over-virtio modules and scripts/kernels/init.
#
#   sh scripts/kernels/fetch.sh [KERNEL...]   KERNEL: 5.10 6.1 6.12 (default: these)
#                                             or 6.18 (trixie-backports)
#
# Nothing is installed into /boot or /lib/modules: the packages are fetched with
# `apt-get download` and unpacked with `dpkg -x` into the cache,
# ${TRAIL_KERNEL_CACHE:-/var/cache/trail-kernels}/KERNEL/. The releases other
# than the host's (bullseye, bookworm-backports) are read through a private
# sources list and lists directory there, so the host's apt setup is untouched.
# Idempotent: a kernel already in the cache is kept (its package version is
# printed); TRAIL_KERNEL_REFRESH=1 looks for a newer one.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${TRAIL_KERNEL_CACHE:-/var/cache/trail-kernels}
MIRROR=${TRAIL_DEBIAN_MIRROR:-http://deb.debian.org}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

say() { echo "fetch: $*" >&2; }
die() { echo "fetch: $*" >&2; exit 1; }

# sources KERNEL: the apt sources a kernel comes from ("" = the host's own)
sources() {
	case $1 in
	5.10) echo "deb [signed-by=$KEYRING] $MIRROR/debian bullseye main
deb [signed-by=$KEYRING] $MIRROR/debian-security bullseye-security main" ;;
	6.1) echo "" ;;
	6.12) echo "deb [signed-by=$KEYRING] $MIRROR/debian bookworm-backports main" ;;
	# not in the matrix: the host's series, which trail loads on while the
	# older ones refuse it, to tell the harness's faults from trail's and to
	# time the suites under emulation
	6.18) echo "deb [signed-by=$KEYRING] $MIRROR/debian trixie-backports main" ;;
	*) die "unknown kernel '$1' (known: 5.10 6.1 6.12 6.18)" ;;
	esac
}

# kapt KERNEL CMD ARGS...: apt-get/apt-cache over that kernel's sources
kapt() {
	k=$1 cmd=$2
	shift 2
	src=$(sources "$k")
	if [ -z "$src" ]; then
		"$cmd" "$@"
		return
	fi
	a=$CACHE/apt/$k
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
	[ -f "$a/sources.list" ] && [ "$(cat "$a/sources.list")" = "$src" ] ||
		printf '%s\n' "$src" >"$a/sources.list"
	"$cmd" -o Dir::Etc::sourcelist="$a/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" \
		"$@"
}

UPDATED=
kapt_update() {
	case " $UPDATED " in *" $1 "*) return ;; esac
	say "apt-get update for $1"
	kapt "$1" apt-get update -qq >/dev/null || die "apt-get update failed for kernel $1"
	UPDATED="$UPDATED $1"
}

# image_pkg KERNEL: the linux-image-VERSION-amd64 package that the metapackage
# linux-image-amd64 of that release points to (the newest of its series), or
# else the newest of that series in the release (backports move on)
image_pkg() {
	p=$(kapt "$1" apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -1)
	case $p in
	linux-image-"$1".*|linux-image-"$1"-*) echo "$p"; return ;;
	esac
	p=$(kapt "$1" apt-cache search --names-only "^linux-image-$1[.][0-9.-]*(\+deb[0-9]+)?-amd64\$" |
		cut -d' ' -f1 | sort -V | tail -1)
	[ -n "$p" ] || die "no linux-image-$1.*-amd64 package found"
	echo "$p"
}

# extract_vmlinux BZIMAGE OUT: find the compressed kernel inside the bzImage by
# its magic, decompress it with the standard tool and keep the result that is
# an ELF file (like the kernel's scripts/extract-vmlinux).
extract_vmlinux() {
	img=$1 out=$2
	for c in 'xz -dc:\3757zXZ' 'gzip -dc:\037\213\010' 'zstd -dcq:\050\265\057\375' \
		'lz4 -dc:\002\041\114\030' 'bzip2 -dc:BZh'; do
		tool=${c%%:*} magic=$(printf "${c#*:}")
		command -v "${tool%% *}" >/dev/null || continue
		for off in $(LC_ALL=C grep -obUaF -- "$magic" "$img" 2>/dev/null | cut -d: -f1); do
			# the stream is followed by the rest of the bzImage: the tools
			# complain about that trailing data, the output is whole anyway
			tail -c +"$((off + 1))" "$img" | $tool >"$out.tmp" 2>/dev/null || true
			if [ "$(head -c 4 "$out.tmp" | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
				mv "$out.tmp" "$out"
				return 0
			fi
		done
	done
	rm -f "$out.tmp"
	return 1
}

# modules the guest loads, with their dependencies, when they are not built in
GUEST_MODULES="virtio_pci 9pnet_virtio 9p"

# The initramfs is named by a checksum of the init script and of this script,
# so that work trees with different versions can share the cache (run.sh
# computes the same name).
RD_ID=$(cat "$HERE/init" "$HERE/fetch.sh" | cksum | cut -d' ' -f1)

# initramfs KERNEL: $CACHE/KERNEL/initramfs-$RD_ID.cpio: busybox, the modules
# (plain .ko, in load order, listed in /modules) and the init script
initramfs() {
	d=$CACHE/$1 kver=$(cat "$CACHE/$1/kver")
	r=$(mktemp -d "$d/initramfs.XXXXXX") || die "can't make a temp dir in $d"
	mkdir -p "$r/bin" "$r/lib/modules" "$r/dev" "$r/proc" "$r/sys" "$r/newroot"
	cp /bin/busybox "$r/bin/busybox"
	: >"$r/modules"
	: >"$d/modules.order"
	for m in $GUEST_MODULES; do
		# a module that is neither in modules.dep nor in modules.builtin
		# (which 7.x's packages lack) is taken as built in: if it is not,
		# the guest fails at mounting the host's root and says so
		modprobe -d "$d/root" -S "$kver" --show-depends "$m" >>"$d/modules.order" 2>/dev/null ||
			echo "builtin? $m" >>"$d/modules.order"
	done
	# "insmod PATH [PARAMS]" in dependency order, or "builtin NAME"
	awk '$1 == "insmod" { print $2 }' "$d/modules.order" | while read -r ko; do
		name=$(basename "$ko")
		name=${name%.xz}
		name=${name%.zst}
		name=${name%.gz}
		[ -e "$r/lib/modules/$name" ] && continue
		case $ko in
		*.xz) xz -dc "$ko" >"$r/lib/modules/$name" ;;
		*.zst) zstd -dcq "$ko" >"$r/lib/modules/$name" ;;
		*.gz) gzip -dc "$ko" >"$r/lib/modules/$name" ;;
		*) cp "$ko" "$r/lib/modules/$name" ;;
		esac
		echo "$name" >>"$r/modules"
	done
	cp "$HERE/init" "$r/init"
	chmod 755 "$r/init" "$r/bin/busybox"
	(cd "$r" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) >"$r.cpio"
	mv "$r.cpio" "$d/initramfs-$RD_ID.cpio"
	rm -rf "$r"
}

fetch_one() {
	k=$1 d=$CACHE/$1
	sources "$k" >/dev/null
	if [ -s "$d/vmlinux" ] && [ -s "$d/pkg" ] && [ -z "${TRAIL_KERNEL_REFRESH:-}" ]; then
		:
	else
		kapt_update "$k"
		pkg=$(image_pkg "$k")
		ver=$(kapt "$k" apt-cache show --no-all-versions "$pkg" | sed -n 's/^Version: //p' | head -1)
		if [ "$(cat "$d/pkg" 2>/dev/null)" != "$pkg $ver" ] || [ ! -s "$d/vmlinux" ]; then
			say "downloading $pkg $ver"
			rm -rf "$d"
			mkdir -p "$d/deb"
			# newer kernels (7.x) split the image into linux-binary-* (the
			# vmlinuz) and linux-modules-*, which the image package depends on
			parts=$(kapt "$k" apt-cache show --no-all-versions "$pkg" | sed -n 's/^Depends: //p' |
				tr ',' '\n' | sed -n 's/^ *\(linux-\(binary\|modules\)-[^ ]*\).*/\1/p')
			# shellcheck disable=SC2086
			(cd "$d/deb" && kapt "$k" apt-get download -qq -o APT::Sandbox::User=root "$pkg" $parts >/dev/null) ||
				die "apt-get download $pkg $parts failed"
			for deb in "$d"/deb/*.deb; do dpkg -x "$deb" "$d/root"; done
			# trixie's packages ship /usr/lib/modules; depmod -b and
			# modprobe -d look in /lib/modules
			[ -e "$d/root/lib" ] || ln -s usr/lib "$d/root/lib"
			kver=$(ls "$d/root/lib/modules" | head -1)
			# /boot/vmlinuz-KVER, or /usr/lib/modules/KVER/vmlinuz (7.x)
			img=$d/root/boot/vmlinuz-$kver
			[ -f "$img" ] || img=$d/root/lib/modules/$kver/vmlinuz
			[ -f "$img" ] || die "no vmlinuz for $kver in $pkg"
			depmod -b "$d/root" "$kver"
			extract_vmlinux "$img" "$d/vmlinux" ||
				die "no ELF vmlinux found inside vmlinuz-$kver"
			echo "$kver" >"$d/kver"
			echo "$pkg $ver" >"$d/pkg"
			rm -rf "$d/deb"
		fi
	fi
	[ -s "$d/initramfs-$RD_ID.cpio" ] || initramfs "$k"
	echo "kernel $k: $(cat "$d/pkg") ($(cat "$d/kver"))"
}

[ "$(id -u)" -eq 0 ] || die "run as root (apt-get, and the cache in $CACHE)"
sh "$HERE/../install-deps.sh" --kernels
mkdir -p "$CACHE"
[ $# -gt 0 ] || set -- 5.10 6.1 6.12
for k in "$@"; do
	fetch_one "$k"
done
