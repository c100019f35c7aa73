#!/bin/bash
# make install into a DESTDIR: exactly the binary, a man page per command,
# the bash completion, the default policy (kept when edited) and the
# sensor's systemd unit; every page renders without a warning and names
# every option its command's --help shows; the completion, sourced in bash,
# completes commands, options and values as the --help texts say.
. "$(dirname "$0")/lib.sh"

T=install/files
D=$W/dest
# install the binary under test (build/asan when that is the one)
san=
case $TRAIL in "$ROOT"/build/asan/*) san=1 ;; esac
make -s -C "$ROOT" install DESTDIR="$D" PREFIX=/usr SANITIZE=$san >"$W/install.out" 2>&1
st=$?
expect_status "$st" 0 "make install DESTDIR=... PREFIX=/usr exits 0"
[ $st -eq 0 ] || { fail "make install" "$(tail -5 "$W/install.out")"; exit 1; }

cmds=$("$TRAIL" --help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit } on { print $1 }')
check "trail --help lists commands" test -n "$cmds"
{
	echo etc/trail/sensor.policy
	echo usr/bin/trail
	echo usr/lib/systemd/system/trail-sensor.service
	echo usr/share/bash-completion/completions/trail
	echo usr/share/man/man1/trail.1
	for c in $cmds; do echo "usr/share/man/man1/trail-$c.1"; done
} | sort >"$W/want.files"
(cd "$D" && find . -type f -o -type l | sed 's|^\./||' | sort) >"$W/got.files"
WHY=$(diff "$W/want.files" "$W/got.files" | tr '\n' ' ')
check "exactly the binary, trail.1, one page per command ($(echo $cmds | wc -w)) and the completion" \
	cmp -s "$W/want.files" "$W/got.files"
check "the binary is mode 0755" test "$(stat -c %a "$D/usr/bin/trail")" = 755
U=$D/usr/lib/systemd/system/trail-sensor.service
check "the unit runs the installed binary with the default policy" \
	grep -qx 'ExecStart=/usr/bin/trail record -a --policy /etc/trail/sensor.policy --no-env -o /var/lib/trail/sensor.trail --rotate 256M,8 --rotate-every 1d --stats-every 60' "$U"
if command -v systemd-analyze >/dev/null; then
	# with the binary and the man pages where the unit says they are
	sed "s|/usr/bin/trail|$D/usr/bin/trail|" "$U" >"$W/trail-sensor.service"
	WHY=$(MANPATH=$D/usr/share/man systemd-analyze verify "$W/trail-sensor.service" 2>&1)
	check "systemd-analyze verify: the unit is valid" test -z "$WHY"
fi
check "the default policy is policies/sensor.policy" cmp -s "$ROOT/policies/sensor.policy" "$D/etc/trail/sensor.policy"
WHY=$(cd "$D" && find usr/share etc -type f ! -perm 0644)
check "the pages and the completion are mode 0644" test -z "$WHY"
check "the installed binary runs" sh -c "'$D/usr/bin/trail' --version | grep -q '^trail [0-9]'"
make -s -C "$ROOT" uninstall DESTDIR="$D" PREFIX=/usr SANITIZE=$san >/dev/null 2>&1
WHY=$(cd "$D" && find . -type f)
check "make uninstall removes every file it installed" test -z "$WHY"
mkdir -p "$D/etc/trail" && echo 'event exec' >"$D/etc/trail/sensor.policy"
make -s -C "$ROOT" install DESTDIR="$D" PREFIX=/usr SANITIZE=$san >/dev/null 2>&1
check "make install keeps an edited policy" grep -qx 'event exec' "$D/etc/trail/sensor.policy"
make -s -C "$ROOT" uninstall DESTDIR="$D" PREFIX=/usr SANITIZE=$san >/dev/null 2>&1
check "make uninstall keeps an edited policy" grep -qx 'event exec' "$D/etc/trail/sensor.policy"
rm -rf "$D/etc"
make -s -C "$ROOT" install DESTDIR="$D" PREFIX=/usr SANITIZE=$san MANGZ=1 >/dev/null 2>&1
check "MANGZ=1: gzipped pages" test -f "$D/usr/share/man/man1/trail-diff.1.gz" -a ! -e "$D/usr/share/man/man1/trail-diff.1"
make -s -C "$ROOT" uninstall DESTDIR="$D" PREFIX=/usr SANITIZE=$san >/dev/null 2>&1
check "make uninstall removes gzipped pages too" test -z "$(cd "$D" && find . -type f)"
make -s -C "$ROOT" install DESTDIR="$D" PREFIX=/usr SANITIZE=$san >/dev/null 2>&1
M=$D/usr/share/man/man1

T=install/man
for p in trail $(for c in $cmds; do echo "trail-$c"; done); do
	f=$M/$p.1
	[ -f "$f" ] || { fail "$p.1 exists" "no $f"; continue; }
	groff -man -Tutf8 -ww -z "$f" >"$W/groff.out" 2>&1
	WHY=$(head -3 "$W/groff.out")
	check "$p.1: groff -man -ww renders it without a warning" test ! -s "$W/groff.out"
	if command -v mandoc >/dev/null; then
		mandoc -Tlint -W warning "$f" >"$W/mandoc.out" 2>&1
		WHY=$(head -3 "$W/mandoc.out")
		check "$p.1: mandoc -Tlint finds nothing" test ! -s "$W/mandoc.out"
	else
		fail "$p.1: mandoc -Tlint" "mandoc not installed (scripts/install-deps.sh --test)"
	fi
	MANWIDTH=100 man --warnings -l "$f" >"$W/$p.txt" 2>"$W/man.err"
	WHY=$(head -3 "$W/man.err")
	check "$p.1: man -l renders it, no warning" test -s "$W/$p.txt" -a ! -s "$W/man.err"
	check "$p.1: NAME says $p" grep -q "^ *$p - " "$W/$p.txt"
done

# every option a command's --help shows is in its page (rendered without
# hyphenation, wide: an option is never split)
for c in $cmds; do
	f=$M/trail-$c.1
	[ -f "$f" ] || continue
	groff -man -Tascii -P-cbou -rLL=300n -rHY=0 "$f" 2>/dev/null >"$W/$c.wide"
	"$TRAIL" "$c" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z][a-z0-9-]*' |
		grep -oE -- '--?[a-zA-Z][a-z0-9-]*' | sort -u >"$W/$c.opts"
	missing=
	while read -r o; do
		grep -qE -- "(^|[^a-z-])$o([^a-z0-9-]|\$)" "$W/$c.wide" || missing="$missing $o"
	done <"$W/$c.opts"
	WHY="not in trail-$c.1:$missing"
	check "trail-$c.1 names every option of 'trail $c --help' ($(wc -l <"$W/$c.opts"))" \
		test -z "$missing"
done
groff -man -Tascii -P-cbou -rLL=300n -rHY=0 "$M/trail.1" 2>/dev/null >"$W/trail.wide"
missing=
for c in $cmds; do
	grep -qE "^ {7}$c( |\$)" "$W/trail.wide" || missing="$missing $c"
	grep -q "trail-$c(1)" "$W/trail.wide" || missing="$missing trail-$c(1)"
done
WHY="not in trail.1:$missing"
check "trail.1 lists every command and its page" test -z "$missing"

# the value list shown for show --event (and completed) is every event kind
kinds=$(sed -n '/#define TRAIL_EVENT_TYPES/,/^$/p' "$ROOT/src/model/systab.h" | grep -oE 'X\([a-z]+\)' |
	sed 's/X(\(.*\))/\1/' | sort | tr '\n' ' ')
shown=$("$TRAIL" show --help | awk '/--event/ { on = 1; next } on && /^ *$|^  -/ { exit } on' |
	tr -d ' \n' | sed 's/.*://' | tr ',' '\n' | sort | tr '\n' ' ')
WHY="systab.h: $kinds; show --help: $shown"
check "show --help lists every event kind of the model" test -n "$kinds" -a "$kinds" = "$shown"
# and trail-show.1's, written by hand: the paragraph under -e, --event
paged=$(awk '/^ +-e, --event/ { on = 1; next } on && /^ *$/ { exit } on' "$W/show.wide" |
	sed 's/.*: //; s/ (.*//' | tr -d ' \n' | tr ',' '\n' | sort | tr '\n' ' ')
WHY="systab.h: $kinds; trail-show.1: $paged"
check "trail-show.1 lists every event kind of the model" test -n "$kinds" -a "$kinds" = "$paged"

T=install/completion
C=$D/usr/share/bash-completion/completions/trail
mkdir -p "$W/files"
# comp WORD...: the completions bash would offer for the last word
comp() {
	bash -c 'source "$1" || exit 1; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _trail
		printf "%s\n" "${COMPREPLY[@]}"' comp "$C" "$@" 2>&1 | sort | tr '\n' ' ' | sed 's/ $//'
}
# expect_comp WANT DESC WORD...
expect_comp() {
	local want=$1 desc=$2 got
	shift 2
	got=$(cd "$W/files" && comp "$@")
	if [ "$got" = "$want" ]; then pass "$desc"; else fail "$desc" "got '$got', want '$want'"; fi
}
check "sources in bash without errors" bash -c "source '$C' && complete -p trail | grep -q _trail"
expect_comp "show" "trail sh<TAB> -> show" trail sh
expect_comp "--event" "trail show --ev<TAB> -> --event" trail show --ev
expect_comp "$(echo $cmds help | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
	"trail <TAB>: every command of trail --help, and help" trail ""
expect_comp "exec exit" "trail show --event ex<TAB>: event kinds" trail show --event ex
expect_comp "fork,exec fork,exit" "trail show -e fork,ex<TAB>: the list's last item" trail show -e fork,ex
expect_comp "json make text" "trail deps --format <TAB>: the formats" trail deps --format ""
expect_comp "json" "trail deps --format=j<TAB> (split at =)" trail deps --format = j
expect_comp "root" "trail record -u ro<TAB>: users" trail record -u ro
mkdir -p "$W/files"
touch "$W/files/rec1.trail" "$W/files/rec2.trail"
expect_comp "rec1.trail rec2.trail" "trail diff a.trail rec<TAB>: files" trail diff a.trail rec
expect_comp "rec1.trail rec2.trail" "trail record -o rec<TAB>: files" trail record -o rec
got=$(cd "$W/files" && comp trail record -- mak)
check "trail record -- mak<TAB>: commands (make)" grep -qw make <<<"$got"
expect_comp "rec1.trail rec2.trail" "trail record -- make rec<TAB>: files again" trail record -- make rec
for c in $cmds; do
	want=$( ("$TRAIL" "$c" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z][a-z0-9-]*' |
		grep -oE -- '--?[a-zA-Z][a-z0-9-]*'; echo --help) | sort -u | tr '\n' ' ' | sed 's/ $//')
	expect_comp "$want" "trail $c -<TAB>: exactly the options of its --help" trail "$c" -
done
