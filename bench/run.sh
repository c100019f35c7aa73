#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# trail's benchmark: the cost of recording a command with trail, against
# running it untraced, under strace and under perf trace.
#
#   bash bench/run.sh [--runs N] [--workloads w0,w1,w2,w3,w4] [--quick] [--out FILE] [--keep]
#
# Workloads (all built or generated here, nothing is downloaded):
#   w0  /bin/true: the fixed cost of each tool (start-up and tear-down)
#   w1  file-syscall storm: bench/w1_files.c, N x (open/read/close + stat of
#       a missing path), a create/rename/unlink every 1000 iterations
#   w2  process storm: bench/w2_procs.c, N x fork+exec /bin/true, every 10th
#       with 300 arguments
#   w3  `make -j2` of a C project of ~200 files made by bench/gen_project.sh
#       (each run does an untimed `make clean` first)
#   w4  a real build: `make -j2` of trail itself (its Makefile, src/ and
#       scripts/ copied: ~70 C files with gcc -O2 -g, four BPF objects with
#       clang, skeletons with bpftool, the link), from an empty build
#       directory each run
# Modes, run in alternation (one run of each mode per round, same order each
# round, after one untimed warm-up run of the workload):
#   untraced, floor (bench/floor.c: an empty BPF program on each tracepoint
#   trail records from: the kernel's price for any tracer of that design,
#   the lower bound of trail's rows), trail (build/trail record),
#   strace (-f --seccomp-bpf), perf (perf trace -e <file and process syscalls>)
# Each run is timed by bench/runner.c: wall = CLOCK_MONOTONIC around the
# command, CPU = user+sys of the whole process tree, tracer included (from a
# cgroup v2 made for the run; getrusage(RUSAGE_CHILDREN) if there is no
# cgroup2 mount).  Ratios are taken per round against that round's untraced
# run.
#
# After the rounds, one more trail run of each workload, untimed, with the
# kernel's run-time stats on (TRAIL_BPF_STATS=1: bpf_enable_stats, as
# sysctl kernel.bpf_stats_enabled=1 does) gives each BPF program's runs
# and ns per run: where the nanoseconds of the trail rows go.  The stats
# cost some ns per run themselves, which is why they stay off in the rounds.
# The same run says (TRAIL_TIMING=1) the recorder's peak RSS and CPU, and
# for w0 its start-up and tear-down phase by phase.
#
# The table goes to stdout and, as Markdown with the machine, the versions and
# the exact commands, to docs/bench.md (or --out FILE).
#
# Default workloads: w0,w1,w2,w3,w4; with --quick: w1,w2,w3.
# --quick: 2 rounds and smaller workloads (a smoke test, under 2 minutes).
# Sizes can be overridden with W1_N, W2_N, W3_FILES; TRAIL=path picks another
# trail binary; RUN_TIMEOUT (seconds, default 900) bounds each run.
#
# Installs nothing but what is missing: it calls scripts/install-deps.sh
# (trail's own build dependencies, strace) and apt-get installs linux-perf
# when perf is absent.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench

RUNS=
WORKLOADS=
QUICK=0
OUT=$BENCH/../docs/bench.md
KEEP=0

usage() { sed -n '3,49p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
	case $1 in
	--runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
	--runs=*) RUNS=${1#*=}; shift ;;
	--workloads) WORKLOADS=${2:?--workloads needs a list}; shift 2 ;;
	--workloads=*) WORKLOADS=${1#*=}; shift ;;
	--quick) QUICK=1; shift ;;
	--out) OUT=${2:?--out needs a file}; shift 2 ;;
	--out=*) OUT=${1#*=}; shift ;;
	--keep) KEEP=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "bench: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
done

if [ "$QUICK" = 1 ]; then
	: "${RUNS:=2}" "${WORKLOADS:=w1,w2,w3}" "${W1_N:=20000}" "${W2_N:=300}" "${W3_FILES:=20}"
else
	: "${RUNS:=5}" "${WORKLOADS:=w0,w1,w2,w3,w4}" "${W1_N:=350000}" "${W2_N:=3000}" "${W3_FILES:=200}"
fi
RUN_TIMEOUT=${RUN_TIMEOUT:-900}
case $RUNS in ''|*[!0-9]*|0) echo "bench: --runs must be a positive integer" >&2; exit 2 ;; esac
IFS=, read -r -a WL <<<"$WORKLOADS"
for w in "${WL[@]}"; do
	case $w in w0|w1|w2|w3|w4) ;; *) echo "bench: unknown workload '$w' (w0, w1, w2, w3, w4)" >&2; exit 2 ;; esac
done

log() { printf 'bench: %s\n' "$*" >&2; }

# ---- machine state before we add any load ---------------------------------
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
cpu_busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }

# ---- dependencies -----------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }
if ! sh "$ROOT/scripts/install-deps.sh"; then
	log "scripts/install-deps.sh failed; going on with what is installed"
fi
if ! command -v perf >/dev/null 2>&1 && ! installed linux-perf; then
	log "installing linux-perf"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends linux-perf >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends linux-perf >/dev/null 2>&1; } ||
		log "could not install linux-perf"
fi
if ! command -v strace >/dev/null 2>&1 && ! installed strace; then
	log "installing strace"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends strace >/dev/null 2>&1 ||
		log "could not install strace"
fi

TRAIL=${TRAIL:-$ROOT/build/trail}
if [ ! -x "$TRAIL" ]; then
	log "building trail (make -C $ROOT)"
	make -C "$ROOT" >&2
fi

# ---- scratch space, the workloads -------------------------------------------
WORK=$(mktemp -d /tmp/trail-bench.XXXXXX)
cleanup() {
	if [ "$KEEP" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$WORK/bin" "$WORK/w1"
for p in runner w1_files w2_procs; do
	gcc -O2 -Wall -Wextra -o "$WORK/bin/$p" "$BENCH/$p.c"
done
ARCH=$(uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')
FLOOR_ERR=
if ! FLOOR_ERR=$({ clang -g -O2 -target bpf -D__TARGET_ARCH_$ARCH -I"$ROOT/src/bpf/vmlinux/$ARCH" \
		-c "$BENCH/floor.bpf.c" -o "$WORK/bin/floor.bpf.o" &&
	gcc -O2 -Wall -Wextra -o "$WORK/bin/floor" "$BENCH/floor.c" -lbpf; } 2>&1); then
	FLOOR_ERR="can't build bench/floor: $(printf '%s' "$FLOOR_ERR" | head -n1)"
fi
RUNNER=$WORK/bin/runner
# a private copy of trail: build/trail may be rebuilt by someone else mid-run
TRAIL_ID="$(sha256sum "$TRAIL" | cut -c1-12), built $(date -u -r "$TRAIL" '+%Y-%m-%d %H:%M UTC')"
cp "$TRAIL" "$WORK/bin/trail"
TRAIL_SHOWN=${TRAIL#"$ROOT"/}
TRAIL=$WORK/bin/trail
# a cgroup v2 per run gives the CPU time of the whole tree, reaped or not
CG2=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
CGARGS=()
CPU_HOW="getrusage(RUSAGE_CHILDREN) after the wait (no cgroup2 mount: processes nobody waited for are missed)"
if [ -n "$CG2" ] && mkdir "$CG2/trail-bench-$$" 2>/dev/null && rmdir "$CG2/trail-bench-$$"; then
	CGARGS=(-g "$CG2/trail-bench-$$")
	CPU_HOW="user+sys from the cpu.stat of a cgroup v2 made for the run (every process of the tree, reaped or not)"
fi
PROJ=$WORK/proj
case ",$WORKLOADS," in *,w3,*) sh "$BENCH/gen_project.sh" "$PROJ" "$W3_FILES" ;; esac
W4=$WORK/w4
case ",$WORKLOADS," in *,w4,*) mkdir -p "$W4" && cp -r "$ROOT/Makefile" "$ROOT/src" "$ROOT/scripts" "$W4/" ;; esac
# untimed, before each run of WORKLOAD: an empty build (w3: make clean; w4:
# a new build directory whose dependency stamp says the packages are there)
prepare() {
	case $1 in
	w3) make -C "$PROJ" clean >/dev/null 2>&1 ;;
	w4) rm -rf "$W4/out" && mkdir -p "$W4/out" && touch "$W4/out/.deps-ok" ;;
	esac
	return 0
}

# the command of each workload, as an array named CMD
set_cmd() {
	case $1 in
	w0) CMD=(/bin/true) ;;
	w1) CMD=("$WORK/bin/w1_files" "$W1_N" "$WORK/w1") ;;
	w2) CMD=("$WORK/bin/w2_procs" "$W2_N") ;;
	w3) CMD=(make -C "$PROJ" -j2) ;;
	w4) CMD=(make -s -C "$W4" -j2 OUT=out out/trail) ;;
	esac
}
describe() {
	case $1 in
	w0) echo "/bin/true: what each tool costs by itself (start-up, tear-down)" ;;
	w1) echo "file-syscall storm: $W1_N x (open/read/close + stat of a missing path), create/rename/unlink every 1000" ;;
	w2) echo "process storm: $W2_N x fork+exec /bin/true, every 10th with 300 args" ;;
	w3) echo "make -j2 of a generated C project, $W3_FILES sources + main.c, $(( (W3_FILES + 9) / 10 + 1 )) headers" ;;
	w4) echo "a real build: make -j2 of trail itself ($(find "$W4/src" -name '*.c' | wc -l) C files, BPF objects, skeletons, link)" ;;
	esac
}

# ---- the tracers, and whether each can run here -----------------------------
STRACE_SET='%file,%process,close'
PERF_SET=open,openat,openat2,creat,close,stat,lstat,newfstatat,statx,access,faccessat,faccessat2
PERF_SET+=,readlink,readlinkat,chdir,truncate,chmod,fchmodat,chown,lchown,fchownat,utimensat
PERF_SET+=,rename,renameat,renameat2,unlink,unlinkat,rmdir,mkdir,mkdirat,link,linkat,symlink,symlinkat
PERF_SET+=,execve,execveat,clone,clone3,fork,vfork,exit,exit_group,wait4,waitid

declare -A NA=()     # mode -> reason it cannot run
NOTES=()
MODES=(untraced floor trail strace perf)

if [ -n "$FLOOR_ERR" ]; then
	NA[floor]=$FLOOR_ERR
elif ! out=$("$WORK/bin/floor" "$WORK/bin/floor.bpf.o" -- true 2>&1); then
	NA[floor]="floor failed: $(printf '%s' "$out" | head -n1)"
fi
if ! out=$("$TRAIL" record -o "$WORK/pre.trail" --force -- true 2>&1); then
	NA[trail]="trail record failed: $(printf '%s' "$out" | grep -v '^trail: [0-9]' | head -n1)"
fi
STRACE_OPTS=(-f --seccomp-bpf -qq)
if ! command -v strace >/dev/null 2>&1; then
	NA[strace]="strace is not installed"
elif ! strace "${STRACE_OPTS[@]}" -e trace="$STRACE_SET" -o /dev/null true >/dev/null 2>&1; then
	STRACE_OPTS=(-f -qq)
	if strace "${STRACE_OPTS[@]}" -e trace="$STRACE_SET" -o /dev/null true >/dev/null 2>&1; then
		NOTES+=("strace $(strace -V | head -n1 | awk '{print $NF}') has no working --seccomp-bpf: strace ran without it (every syscall stops the tracee).")
	else
		NA[strace]="strace cannot trace here: $(strace -f -qq -o /dev/null true 2>&1 | head -n1)"
	fi
fi
if ! command -v perf >/dev/null 2>&1; then
	NA[perf]="perf is not installed"
elif ! out=$(perf trace -o "$WORK/pre.perf" -e "$PERF_SET" -- true 2>&1 >/dev/null); then
	NA[perf]="perf trace failed: $(printf '%s' "$out" | grep -v '^$' | head -n1)"
elif ! [ -s "$WORK/pre.perf" ]; then
	NA[perf]="perf trace recorded nothing for 'true'"
fi
rm -f "$WORK"/pre.*

# the command line of MODE around CMD, as an array named FULL
set_full() {
	case $1 in
	untraced) FULL=("${CMD[@]}") ;;
	floor) FULL=("$WORK/bin/floor" "$WORK/bin/floor.bpf.o" -- "${CMD[@]}") ;;
	trail) FULL=("$TRAIL" record -o "$WORK/x.trail" --force -- "${CMD[@]}") ;;
	strace) FULL=(strace "${STRACE_OPTS[@]}" -e trace="$STRACE_SET" -o "$WORK/strace.out" "${CMD[@]}") ;;
	perf) FULL=(perf trace -o "$WORK/perf.out" -e "$PERF_SET" -- "${CMD[@]}") ;;
	esac
}

# ---- one run ----------------------------------------------------------------
RAW=$WORK/raw.tsv
: >"$RAW"
# run_one WORKLOAD MODE ROUND: runs it, appends a line to $RAW
run_one() {
	local w=$1 m=$2 r=$3 events=- bytes=- lost=- note=
	set_cmd "$w"
	set_full "$m"
	prepare "$w"
	rm -f "$WORK/x.trail" "$WORK/strace.out" "$WORK/perf.out" "$WORK/res"
	sync
	timeout -k 10 "$RUN_TIMEOUT" "$RUNNER" "$WORK/res" "${CGARGS[@]}" -- "${FULL[@]}" \
		>"$WORK/run.out" 2>"$WORK/run.err" </dev/null || true
	local wall=- user=- sys=- rc=124 how ruser rsys
	[ -s "$WORK/res" ] && read -r wall user sys rc how ruser rsys <"$WORK/res"
	case $m in
	trail)
		events=$(sed -n 's/^trail: \([0-9]*\) records (events and identities) in.*/\1/p' "$WORK/run.err" | tail -n1)
		lost=$(sed -n 's/^trail: \([0-9]*\) events lost.*/\1/p' "$WORK/run.err" | tail -n1)
		bytes=$(stat -c %s "$WORK/x.trail" 2>/dev/null || echo -)
		: "${events:=-}" "${lost:=-}"
		;;
	strace)
		events=$(wc -l <"$WORK/strace.out" 2>/dev/null || echo -)
		bytes=$(stat -c %s "$WORK/strace.out" 2>/dev/null || echo -)
		lost=0
		;;
	perf)
		if [ -f "$WORK/perf.out" ]; then
			events=$(grep -vc 'LOST [0-9]* events' "$WORK/perf.out" || true)
			bytes=$(stat -c %s "$WORK/perf.out")
		fi
		lost=$(cat "$WORK/perf.out" "$WORK/run.err" 2>/dev/null |
			sed -n 's/.*LOST \([0-9]*\) events.*/\1/p' | awk '{s+=$1} END{print s+0}')
		if grep -qiE 'lost|chunk' "$WORK/run.err"; then
			note=$(grep -iE 'lost|chunk' "$WORK/run.err" | head -n1 | tr '\t' ' ')
		fi
		;;
	esac
	if [ "$rc" != 0 ]; then
		note="exit $rc: $(grep -v '^trail: [0-9]' "$WORK/run.err" | head -n1 | tr '\t' ' ')${note:+; $note}"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$w" "$m" "$r" "$wall" "$user" "$sys" "$rc" "$events" "$bytes" "$lost" "$note" \
		"$(awk -v a="${ruser:-0}" -v b="${rsys:-0}" 'BEGIN{print a + b}')" >>"$RAW"
	rm -f "$WORK/x.trail" "$WORK/strace.out" "$WORK/perf.out"
	printf '  %-3s %-8s round %d: wall %ss cpu %s+%ss events %s lost %s%s\n' \
		"$w" "$m" "$r" "$wall" "$user" "$sys" "$events" "$lost" "${note:+ ($note)}" >&2
}

# bpf_stats WORKLOAD: one untimed trail run with the programs' run-time
# stats; lines "w prog runs ns events" appended to $BPFSTATS
BPFSTATS=$WORK/bpfstats.tsv
PHASES=$WORK/phases.tsv
: >"$BPFSTATS"
: >"$PHASES"
bpf_stats() {
	local w=$1 events
	set_cmd "$w"
	prepare "$w"
	TRAIL_BPF_STATS=1 TRAIL_TIMING=1 timeout -k 10 "$RUN_TIMEOUT" "$TRAIL" record -o "$WORK/x.trail" --force -- \
		"${CMD[@]}" >/dev/null 2>"$WORK/stats.err" </dev/null || true
	events=$(sed -n 's/^trail: \([0-9]*\) records (events and identities) in.*/\1/p' "$WORK/stats.err" | tail -n1)
	awk -v w="$w" -v ev="${events:-0}" -v OFS='\t' \
		'/^trail: bpf: [^ ]+ [0-9]+ runs [0-9]+ ns/ {print w, $3, $4, $6, ev}' "$WORK/stats.err" >>"$BPFSTATS"
	# the phases: name (24 columns), ms since start, ms of the phase,
	# peak RSS (KiB), the recorder's CPU so far (ms)
	awk -v w="$w" -v OFS='\t' '/^trail: timing: / {
		name = substr($0, 16, 24); sub(/ +$/, "", name)
		rest = substr($0, 40); gsub(/[+]/, " ", rest)
		split(rest, f, " ")	# at ms +phase ms peak RSS kib KiB cpu ms ms
		print w, name, f[1], f[3], f[7], f[10]
	}' "$WORK/stats.err" >>"$PHASES"
	rm -f "$WORK/x.trail"
}

# ---- the rounds -------------------------------------------------------------
BUSY0=$(cpu_busy_ticks)
T0=$(date +%s)
log "$RUNS round(s) of ${WORKLOADS}; scratch dir $WORK; load average at start $LOAD_START"
for w in "${WL[@]}"; do
	log "$w: $(describe "$w") (warm-up run first)"
	set_cmd "$w"
	prepare "$w"
	"$RUNNER" "$WORK/res" "${CGARGS[@]}" -- "${CMD[@]}" >/dev/null 2>&1 </dev/null
	for ((r = 1; r <= RUNS; r++)); do
		for m in "${MODES[@]}"; do
			[ -n "${NA[$m]:-}" ] && continue
			run_one "$w" "$m" "$r"
		done
	done
	[ -z "${NA[trail]:-}" ] && bpf_stats "$w"
done
T1=$(date +%s)
BUSY1=$(cpu_busy_ticks)
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
# CPU time of this script and everything it waited for, against what the
# whole machine used meanwhile: the difference is other processes' load.
# (plus the CPU of processes that nobody reaped, which times cannot see)
OURS=$( { times; awk -F'\t' '$5 != "-" {x = $5 + $6 - $12; if (x > 0) s += x} END{print "0m" s + 0 "s"}' "$RAW"; } |
	awk '{for (i = 1; i <= NF; i++) { split($i, a, /[ms]/); s += a[1]*60 + a[2] }} END{print s}')
HZ=$(getconf CLK_TCK)
FOREIGN=$(awk -v b0="$BUSY0" -v b1="$BUSY1" -v hz="$HZ" -v ours="$OURS" -v t="$((T1 - T0))" \
	-v n="$(nproc)" 'BEGIN{f = (b1 - b0) / hz - ours; if (f < 0) f = 0;
	printf "%.0f", (t > 0 ? 100 * f / (t * n) : 0)}')

# ---- summary ----------------------------------------------------------------
# One line per workload x mode, tab-separated:
# w mode n wall_med cpu_med wr_med wr_min wr_max cr_med cr_min cr_max events bpe lost_max notes
SUMMARY=$WORK/summary.tsv
awk -F'\t' -v OFS='\t' '
function sortn(a, n,    i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t } }
function med(a, n) { sortn(a, n); return n == 0 ? "" : (n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2) }
function pick(key, kind, out,    k, n) { n = 0; for (k = 1; k <= cnt[key]; k++) if (val[key, k, kind] != "") out[++n] = val[key, k, kind] + 0; return n }
{
	w = $1; m = $2; r = $3; key = w SUBSEP m
	if (!(key in cnt)) { cnt[key] = 0; order[++nk] = key }
	k = ++cnt[key]
	ok = ($7 == 0 && $4 != "-")
	if (ok) { val[key, k, "wall"] = $4; val[key, k, "cpu"] = $5 + $6; nok[key]++ }
	if (m == "untraced" && ok) { uw[w, r] = $4; uc[w, r] = $5 + $6 }
	rec[key, k] = r
	if ($8 != "-" && $8 != "") { val[key, k, "ev"] = $8; if ($9 != "-" && $8 > 0) val[key, k, "bpe"] = $9 / $8 }
	if ($10 != "-" && $10 != "") { if (!((key) in lmax) || $10 + 0 > lmax[key]) lmax[key] = $10 + 0 }
	if ($11 != "" && !((key, $11) in seen)) { seen[key, $11] = 1; notes[key] = notes[key] (notes[key] == "" ? "" : "; ") "round " r ": " $11 }
	ok_[key, k] = ok
}
END {
	for (i = 1; i <= nk; i++) {
		key = order[i]; split(key, p, SUBSEP); w = p[1]
		for (k = 1; k <= cnt[key]; k++) {
			r = rec[key, k]
			if (ok_[key, k] && ((w, r) in uw) && uw[w, r] > 0) val[key, k, "wr"] = val[key, k, "wall"] / uw[w, r]
			if (ok_[key, k] && ((w, r) in uc) && uc[w, r] > 0) val[key, k, "cr"] = val[key, k, "cpu"] / uc[w, r]
		}
		n = pick(key, "wall", a); wm = n ? sprintf("%.3f", med(a, n)) : "-"
		n = pick(key, "cpu", a);  cm = n ? sprintf("%.3f", med(a, n)) : "-"
		n = pick(key, "wr", a);   if (n) { x = med(a, n); wr = sprintf("%.2f\t%.2f\t%.2f", x, a[1], a[n]) } else wr = "-\t-\t-"
		n = pick(key, "cr", a);   if (n) { x = med(a, n); cr = sprintf("%.2f\t%.2f\t%.2f", x, a[1], a[n]) } else cr = "-\t-\t-"
		n = pick(key, "ev", a);   ev = n ? sprintf("%.0f", med(a, n)) : "-"
		n = pick(key, "bpe", a);  bpe = n ? sprintf("%.1f", med(a, n)) : "-"
		lo = (key in lmax) ? lmax[key] : "-"
		print p[1], p[2], nok[key] + 0 "/" cnt[key], wm, cm, wr, cr, ev, bpe, lo, notes[key]
	}
}' "$RAW" >"$SUMMARY"

# n/a modes get a row too
for w in "${WL[@]}"; do
	for m in "${MODES[@]}"; do
		[ -n "${NA[$m]:-}" ] && printf '%s\t%s\t0/0\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\tn/a: %s\n' "$w" "$m" "${NA[$m]}" >>"$SUMMARY"
	done
done
# keep workload, then mode order
sort_summary() {
	awk -F'\t' -v wl="$WORKLOADS" 'BEGIN{n = split(wl, W, ","); for (i = 1; i <= n; i++) wi[W[i]] = i
		mi["untraced"] = 1; mi["floor"] = 2; mi["trail"] = 3; mi["strace"] = 4; mi["perf"] = 5}
		{ print wi[$1] * 10 + mi[$2] "\t" $0 }' "$SUMMARY" | sort -n -k1,1 | cut -f2-
}

text_table() {
	printf '%-3s %-8s %5s %9s %-25s %9s %-23s %10s %8s %8s\n' \
		wl mode runs "wall(s)" "wall ratio [range]" "cpu(s)" "cpu ratio [range]" events "B/event" lost
	sort_summary | while IFS=$'\t' read -r w m n wm cm wr wr0 wr1 cr cr0 cr1 ev bpe lo nt; do
		if [ "$wm" = - ] && [[ $nt == n/a* ]]; then
			printf '%-3s %-8s %s\n' "$w" "$m" "$nt"
			continue
		fi
		wrs=-; [ "$wr" != - ] && wrs="$wr [$wr0-$wr1]"
		crs=-; [ "$cr" != - ] && crs="$cr [$cr0-$cr1]"
		printf '%-3s %-8s %5s %9s %-25s %9s %-23s %10s %8s %8s\n' \
			"$w" "$m" "$n" "$wm" "$wrs" "$cm" "$crs" "$ev" "$bpe" "$lo"
	done
}

md_table() {
	echo '| workload | mode | runs ok | wall (s, median) | wall ratio: median [min–max] | CPU (s, median) | CPU ratio: median [min–max] | events (median) | bytes/event | lost (max) |'
	echo '|---|---|---:|---:|---|---:|---|---:|---:|---:|'
	sort_summary | while IFS=$'\t' read -r w m n wm cm wr wr0 wr1 cr cr0 cr1 ev bpe lo nt; do
		if [ "$wm" = - ] && [[ $nt == n/a* ]]; then
			echo "| $w | $m | – | n/a | ${nt#n/a: } | | | | | |"
			continue
		fi
		wrs=-; [ "$wr" != - ] && wrs="$wr [$wr0–$wr1]"
		crs=-; [ "$cr" != - ] && crs="$cr [$cr0–$cr1]"
		echo "| $w | $m | $n | $wm | $wrs | $cm | $crs | $ev | $bpe | $lo |"
	done
}

echo
text_table
notes_out=$(sort_summary | awk -F'\t' '$15 != "" && $15 !~ /^n\/a/ {print "  " $1 " " $2 ": " $15}')
[ -n "$notes_out" ] && { echo; echo "notes:"; echo "$notes_out"; }
for n in "${NOTES[@]}"; do echo "note: $n"; done
# where trail's BPF time goes: one row per workload and program that ran
bpf_table() {	# $1: text or md
	awk -F'\t' -v fmt="$1" '
	function total(w) {
		if (w == "") return
		x = (ev[w] > 0 ? ns[w] / ev[w] : 0)
		if (fmt == "md") printf "| %s | **all** | | | %.1f | **%.0f** |\n", w, ns[w] / 1e6, x
		else printf "%-3s %-22s %10s %8s %10.1f %12.0f\n", w, "all", "", "", ns[w] / 1e6, x
	}
	$3 > 0 {
		if ($1 != cur) { total(cur); cur = $1 }
		if (fmt == "md") printf "| %s | %s | %d | %.0f | %.1f | %.0f |\n", $1, $2, $3, $4 / $3, $4 / 1e6, ($5 > 0 ? $4 / $5 : 0)
		else printf "%-3s %-22s %10d %8.0f %10.1f %12.0f\n", $1, $2, $3, $4 / $3, $4 / 1e6, ($5 > 0 ? $4 / $5 : 0)
		ns[$1] += $4; ev[$1] = $5
	}
	END { total(cur) }' "$BPFSTATS"
}
# trail record -- /bin/true, phase by phase; and each workload's recorder alone
phase_table() {	# $1: text or md
	awk -F'\t' -v fmt="$1" '$1 == "w0" {
		if (fmt == "md") printf "| %s | %.1f | %.1f | %.1f | %.1f |\n", $2, $3, $4, $5 / 1024, $6
		else printf "%-24s %9.1f %9.1f %9.1f %9.1f\n", $2, $3, $4, $5 / 1024, $6
	}' "$PHASES"
}
recorder_table() {	# $1: text or md
	awk -F'\t' -v fmt="$1" '$2 == "free" {
		if (fmt == "md") printf "| %s | %.1f | %.3f |\n", $1, $5 / 1024, $6 / 1000
		else printf "%-3s %14.1f %16.3f\n", $1, $5 / 1024, $6 / 1000
	}' "$PHASES"
}
if [ -s "$PHASES" ]; then
	if grep -q '^w0' "$PHASES"; then
		echo
		echo "trail record -- /bin/true, phase by phase (one extra untimed run, TRAIL_TIMING=1):"
		printf '%-24s %9s %9s %9s %9s\n' phase "at(ms)" "took(ms)" "RSS(MiB)" "cpu(ms)"
		phase_table text
	fi
	echo
	echo "the recorder alone (same runs): peak RSS (VmHWM) and CPU time of its threads, not the command's:"
	printf '%-3s %14s %16s\n' wl "peak RSS(MiB)" "recorder cpu(s)"
	recorder_table text
fi
if [ -s "$BPFSTATS" ]; then
	echo
	echo "trail's BPF programs (one extra untimed run per workload, run-time stats on; runs count every task's syscalls, the filter is in the program):"
	printf '%-3s %-22s %10s %8s %10s %12s\n' wl program runs ns/run "total(ms)" "ns/rec.event"
	bpf_table text
fi
echo
echo "load average: $LOAD_START at start, $LOAD_END at end; other processes used ~$FOREIGN% of the machine's CPU during the runs"

# ---- results.md -------------------------------------------------------------
cpu_model=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || rev="$rev (src/ modified)"
# shell-quotes its arguments (only those that need it), $WORK shown as $tmp
q() {
	local a out=
	for a in "$@"; do
		a=${a//"$WORK"/\$tmp}
		if [[ $a =~ ^[-A-Za-z0-9_./=,%:+@\$]+$ ]]; then out+="$a "
		else out+="'${a//\'/\'\\\'\'}' "; fi
	done
	printf '%s' "${out% }"
}
{
	echo "# trail benchmark results"
	echo
	[ "$QUICK" = 1 ] && { echo '**Quick mode (smoke test): 2 rounds, small workloads — not for quoting.**'; echo; }
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- kernel: $(uname -r)"
	echo "- CPU: $cpu_model, $(nproc) cores"
	echo "- trail: $TRAIL_SHOWN (copied at the start: sha256 $TRAIL_ID), work tree at $rev; $(strace -V 2>/dev/null | head -n1 || echo 'strace: none'); $(perf version 2>/dev/null || echo 'perf: none'); $(gcc --version | head -n1)"
	echo "- rounds: $RUNS (alternating untraced, floor, trail, strace, perf in each round, after one untimed warm-up run of each workload)"
	echo "- load average: $LOAD_START at start, $LOAD_END at end; other processes used about $FOREIGN% of the machine's CPU time while the benchmark ran"
	if awk -v l="${LOAD_START%% *}" 'BEGIN{exit !(l > 1)}' || [ "$FOREIGN" -gt 10 ]; then
		echo "- **the machine was not idle** (load average above 1 at start, or other processes using more than 10% of the CPU): the numbers are noisier than they would be on an idle machine"
	fi
	echo "- command: \`bash bench/run.sh --runs $RUNS --workloads $WORKLOADS$([ "$QUICK" = 1 ] && echo ' --quick')\` (W1_N=$W1_N W2_N=$W2_N W3_FILES=$W3_FILES)"
	for n in "${NOTES[@]}"; do echo "- note: $n"; done
	echo
	md_table
	echo
	echo "Wall is measured around the command (bench/runner.c); CPU is the whole process tree's, the tracer's own included: $CPU_HOW. A run's ratio is taken against the untraced run of the same round; the median and the range across rounds are shown. Events: trail's own count (its 'records (events and identities)' line), the line count of strace's output, the line count of perf trace's output (both text tools write some extra lines: strace's 'unfinished/resumed' pairs and signals, perf's '[continued]' lines). Bytes/event: the output file's size over its events (trail's binary recording; the text output for strace and perf). Lost: trail's 'events lost' line; perf's 'LOST N events' records; strace loses nothing."
	echo
	echo "What these numbers leave for trail to gain, target by target, and why some cannot be reached on this kernel: [docs/performance.md](performance.md)."
	echo
	echo "floor is trail's lower bound, measured: bench/floor.c loads bench/floor.bpf.c with libbpf, an empty program (\`return 0\`) on each tracepoint trail records from (raw syscalls' sys_enter and sys_exit, sched_process_fork, _exec and _exit), and runs the command. Attaching to the raw syscall tracepoints sends every syscall of the machine through the kernel's slow entry and exit path, and each run through the BPF dispatch: what any tracer of this design pays before it records anything. Its w0 row is the start-up of the smallest libbpf tool on these tracepoints (libbpf parses the kernel's BTF to attach them)."
	case ",$WORKLOADS," in *,w0,*) echo
		echo "w0 runs /bin/true, which takes about a millisecond: its ratios mean nothing, its wall and CPU columns are each tool's fixed cost (start-up and tear-down), which the other workloads' wall times include." ;;
	esac
	if [ -n "$notes_out" ]; then
		echo
		echo "Notes from the runs:"
		echo
		sort_summary | awk -F'\t' '$15 != "" && $15 !~ /^n\/a/ {print "- " $1 " " $2 ": " $15}'
	fi
	if [ -s "$PHASES" ]; then
		echo
		echo "## The recorder alone"
		echo
		echo "From the same extra untimed run of each workload (\`TRAIL_TIMING=1\`): the recorder's own peak RSS (VmHWM; the ring buffer's pages are mapped twice and all at once, so it is about twice the ring plus ~7 MiB) and the CPU time of its threads (draining the ring, compressing, writing), without the command's."
		echo
		echo '| workload | peak RSS (MiB) | recorder CPU (s) |'
		echo '|---|---:|---:|'
		recorder_table md
		if grep -q '^w0' "$PHASES"; then
			echo
			echo "Start-up and tear-down of \`trail record -- /bin/true\`, phase by phase (w0's extra run): each phase's end, from the process's start (\`main\`: exec, dynamic linking and the clock tick of the start time), how long it took, the peak RSS and the recorder's CPU so far (a probe child's and the command's not included)."
			echo
			echo '| phase | at (ms) | took (ms) | peak RSS (MiB) | CPU so far (ms) |'
			echo '|---|---:|---:|---:|---:|'
			phase_table md
		fi
	fi
	if [ -s "$BPFSTATS" ]; then
		echo
		echo "## Where trail's BPF time goes"
		echo
		echo "One more trail run of each workload after the rounds, untimed, with the kernel's run-time statistics on (\`TRAIL_BPF_STATS=1\`: \`bpf_enable_stats()\`, the same as \`sysctl kernel.bpf_stats_enabled=1\`; they cost a few ns per run themselves, so the timed rounds run without them). Runs count every task's syscalls on the machine (the filter runs inside the programs); the last column is the program's total time over the events recorded in that run."
		echo
		echo '| workload | program | runs | ns/run | total (ms) | ns per recorded event |'
		echo '|---|---|---:|---:|---:|---:|'
		bpf_table md
	fi
	echo
	echo "## Workloads and commands"
	echo
	echo "\$tmp is a scratch directory (mktemp -d); the workload programs are built there with \`gcc -O2\` from bench/."
	echo
	for w in "${WL[@]}"; do
		set_cmd "$w"
		echo "- **$w**: $(describe "$w")"
		[ "$w" = w3 ] && echo "  - before each run, untimed: \`$(q make -C "$PROJ" clean)\` (project made by \`$(q sh bench/gen_project.sh "$PROJ" "$W3_FILES")\`)"
		[ "$w" = w4 ] && echo "  - before each run, untimed: an empty \`\$tmp/w4/out\` holding only the stamp \`.deps-ok\` (the packages are installed); \`\$tmp/w4\` is a copy of the repository's Makefile, src/ and scripts/"
		for m in "${MODES[@]}"; do
			set_full "$m"
			if [ -n "${NA[$m]:-}" ]; then echo "  - $m: n/a (${NA[$m]})"
			else echo "  - $m: \`$(q "${FULL[@]}" | sed "s|\$tmp/bin/trail|$TRAIL_SHOWN|; s|$ROOT/||g")\`"; fi
		done
	done
	echo
	echo "## Every run"
	echo
	echo '| workload | mode | round | wall (s) | user (s) | sys (s) | exit | events | output bytes | lost | note |'
	echo '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|'
	awk -F'\t' '{gsub(/\|/, "\\|", $11); print "| " $1 " | " $2 " | " $3 " | " $4 " | " $5 " | " $6 " | " $7 " | " $8 " | " $9 " | " $10 " | " $11 " |"}' "$RAW"
} >"$OUT"
log "wrote $OUT"
