# trail — a plain Makefile in the libbpf-bootstrap style.
#   make            build build/trail (installs missing Debian packages first)
#   make demo       record the build of examples/hello and show it
#   make check      unit + end-to-end tests; last line "N passed, N failed"
#   make check-repeat N=20 [SUITES="loss"]   the same N times: each failing check's count
#   make check SANITIZE=1   the same, built with ASan and UBSan (in build/asan)
#   make check-kernels  e2e suites on Debian's 5.10, 6.1, 6.12 (QEMU) and the host
#   make fuzz       libFuzzer over the reader and every view (FUZZ_TIME=60)
#   make bench      trail against strace and perf trace (bench/)
#   make soak       the sensor for SOAK_MIN=30 minutes under process churn (bench/soak.sh)
#   make V=1        show full commands

OUT       := build
ifeq ($(SANITIZE),1)
OUT       := build/asan
endif
CC        ?= gcc
CLANG     ?= clang
BPFTOOL   ?= bpftool
# the BPF's __TARGET_ARCH_$(ARCH) (src/bpf/arch.bpf.h) and its vmlinux.h
# (src/bpf/vmlinux/$(ARCH)/): x86 or arm64
ARCH      := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')
VERSION   := 0.1.0

CFLAGS    ?= -O2 -g
CFLAGS    += -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
             -Wno-missing-field-initializers -I$(OUT) -Isrc -Isrc/shared \
             -DTRAIL_VERSION='"$(VERSION)"' -D_GNU_SOURCE
LDLIBS    := -lbpf -lelf -lz -lzstd -lsqlite3 -lpthread
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Isrc/bpf/vmlinux/$(ARCH) -Isrc/shared -Wall -Werror

ifeq ($(SANITIZE),1)
CFLAGS    += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS   += -fsanitize=address,undefined
endif

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

DEPS_STAMP := $(OUT)/.deps-ok

LIB_SRCS  := $(wildcard src/tracefile/*.c src/model/*.c src/views/*.c src/util/*.c src/export/*.c)
REC_SRCS  := $(wildcard src/record/*.c)
STAT_SRCS := $(wildcard src/stat/*.c)
CLI_SRCS  := $(wildcard src/cli/*.c)
LIB_OBJS  := $(patsubst src/%.c,$(OUT)/obj/%.o,$(LIB_SRCS))
REC_OBJS  := $(patsubst src/%.c,$(OUT)/obj/%.o,$(REC_SRCS))
STAT_OBJS := $(patsubst src/%.c,$(OUT)/obj/%.o,$(STAT_SRCS))
CLI_OBJS  := $(patsubst src/%.c,$(OUT)/obj/%.o,$(CLI_SRCS))
BPF_HDRS  := $(wildcard src/bpf/*.h src/shared/*.h) src/shared/syscalls.def \
             src/bpf/vmlinux/$(ARCH)/vmlinux.h scripts/bpf-stack-check.py

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(UNIT_SRCS))
SCEN_SRCS := $(wildcard tests/e2e/scenarios/*.c)
SCEN_LIBS_uringops := -luring
SCEN_BINS := $(patsubst tests/e2e/scenarios/%.c,$(OUT)/scenarios/%,$(SCEN_SRCS))

.PHONY: all docs deps demo check check-kernels check-repeat test-deps clean install uninstall fuzz fuzz-deps bench soak
.DELETE_ON_ERROR:
.SECONDARY: $(OUT)/trail.bpf.o $(OUT)/trail.compat.bpf.o $(OUT)/stat.bpf.o $(OUT)/stat.compat.bpf.o

GEN_DOCS  := docs/syscalls.md docs/json.md

all: $(OUT)/trail $(patsubst docs/%,$(OUT)/docs/%,$(GEN_DOCS))

# The docs' parts that say what syscalls.def says are generated from it:
# the build writes them to build/docs/, `make docs` puts them in docs/, and
# test_docs fails while the committed pages differ.
$(OUT)/gendocs: scripts/gendocs.c $(LIB_OBJS)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< $(LIB_OBJS) $(LDLIBS) -o $@

$(OUT)/docs/%.md: docs/%.md $(OUT)/gendocs
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(OUT)/gendocs $< $@

docs: $(patsubst docs/%,$(OUT)/docs/%,$(GEN_DOCS))
	$(Q)for f in $(GEN_DOCS); do cmp -s $(OUT)/$$f $$f || { cp $(OUT)/$$f $$f; echo "  DOCS     $$f"; }; done

$(DEPS_STAMP): scripts/install-deps.sh
	$(Q)mkdir -p $(OUT)
	$(Q)sh scripts/install-deps.sh
	$(Q)touch $@

deps: $(DEPS_STAMP)

# Each BPF object twice, from the same sources (src/bpf/compat.bpf.h): for
# kernels with bpf_loop and ring buffer dynptrs, and TRAIL_COMPAT for older
# ones; the loader picks one at run time.  Both are checked for call chains
# over the 512-byte stack that kernels without private stacks allow, and
# their skeletons must have the same shape (one loader serves both).
$(OUT)/%.bpf.o: src/bpf/%.bpf.c $(BPF_HDRS) | $(DEPS_STAMP)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@
	$(Q)python3 scripts/bpf-stack-check.py $@

$(OUT)/%.compat.bpf.o: src/bpf/%.bpf.c $(BPF_HDRS) | $(DEPS_STAMP)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DTRAIL_COMPAT -c $< -o $@
	$(Q)python3 scripts/bpf-stack-check.py $@

$(OUT)/%.skel.h: $(OUT)/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $*_bpf > $@

$(OUT)/%.compat.skel.h: $(OUT)/%.compat.bpf.o $(OUT)/%.skel.h
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name $*_compat_bpf > $@
	$(Q)sh scripts/skel-same.sh $(OUT)/$*.skel.h $@ $*

$(REC_OBJS): $(OUT)/trail.skel.h $(OUT)/trail.compat.skel.h $(OUT)/sysnames.h

# syscall numbers by name, for record --syscall (x86_64)
$(OUT)/sysnames.h: | $(DEPS_STAMP)
	$(call msg,GEN,$@)
	$(Q)echo '#include <asm/unistd_64.h>' | $(CC) -dM -E - | \
		sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9][0-9]*\)$$/SYSNAME(\1, \2)/p' > $@ && test -s $@

# trail stat's own object (in-kernel counters, no ring buffer): the same rules
$(STAT_OBJS): $(OUT)/stat.skel.h $(OUT)/stat.compat.skel.h

$(OUT)/obj/%.o: src/%.c | $(DEPS_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# the report's page is assembled into its object (.incbin)
$(OUT)/obj/export/report.o: src/export/report.html

$(OUT)/trail: $(CLI_OBJS) $(REC_OBJS) $(STAT_OBJS) $(LIB_OBJS)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(OUT)/tests/%: tests/unit/%.c $(LIB_OBJS) tests/unit/harness.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Itests/unit $(LDFLAGS) $< $(LIB_OBJS) $(LDLIBS) -o $@

$(OUT)/scenarios/%: tests/e2e/scenarios/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) -O1 -g -Wall -D_GNU_SOURCE -pthread $< -o $@ $(SCEN_LIBS_$*)

test-deps:
	$(Q)sh scripts/install-deps.sh --test
	$(Q)sh scripts/install-node-deps.sh

demo: $(OUT)/trail
	$(Q)sh examples/demo.sh

check: test-deps $(OUT)/trail $(UNIT_BINS) $(SCEN_BINS)
	$(Q)TRAIL=$(abspath $(OUT)/trail) UNIT_DIR=$(OUT)/tests sh tests/run.sh

# the e2e suites listed in tests/kernels.sh on each of Debian's kernels, booted
# in QEMU with this machine's root shared read-only (scripts/kernels/)
check-kernels: test-deps $(OUT)/trail $(SCEN_BINS)
	$(Q)TRAIL=$(abspath $(OUT)/trail) sh tests/kernels.sh

# hunting flakes: make check-repeat N=20 [SUITES="loss file"]: the tests N
# times, then how often each failing check failed
N ?= 10
check-repeat: test-deps $(OUT)/trail $(UNIT_BINS) $(SCEN_BINS)
	$(Q)TRAIL=$(abspath $(OUT)/trail) UNIT_DIR=$(OUT)/tests sh tests/run.sh --repeat $(N) $(SUITES)

# libFuzzer over the reader and every view, FUZZ_TIME seconds (default 60),
# starting from the checked-in corpus of small real recordings.  Built
# with FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION (the OSS-Fuzz convention):
# the reader does not stop at a chunk's CRC, so that mutated zlib and zstd
# streams reach the decompressors and what they put out reaches the views.
FUZZ_TIME ?= 60
FUZZ_CFLAGS := -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
               -Isrc -Isrc/shared -D_GNU_SOURCE -DTRAIL_VERSION='"$(VERSION)"' \
               -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
$(OUT)/fuzz/fuzz_views: tests/fuzz/fuzz_views.c $(LIB_SRCS) | $(DEPS_STAMP)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $^ -lz -lzstd -lsqlite3 -lpthread -o $@

fuzz-deps:
	$(Q)sh scripts/install-deps.sh --fuzz

$(OUT)/fuzz/fuzz_views: | fuzz-deps

fuzz: $(OUT)/fuzz/fuzz_views
	$(Q)mkdir -p $(OUT)/fuzz/corpus
	$(Q)cp tests/fuzz/corpus/* $(OUT)/fuzz/corpus/
	$(OUT)/fuzz/fuzz_views -max_total_time=$(FUZZ_TIME) -max_len=65536 -timeout=10 \
		-rss_limit_mb=1024 $(OUT)/fuzz/corpus

$(OUT)/gen_trace: bench/gen_trace.c $(LIB_OBJS)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< $(LIB_OBJS) $(LDLIBS) -o $@

soak: $(OUT)/trail
	$(Q)sh scripts/install-deps.sh --test
	$(Q)bash bench/soak.sh $(SOAK_ARGS)

bench: $(OUT)/trail $(OUT)/gen_trace
	$(Q)sh scripts/install-deps.sh --bench
	$(Q)bash bench/run.sh $(BENCH_ARGS)
	$(Q)bash bench/readers.sh

# make install [PREFIX=/usr/local] [DESTDIR=] [MANGZ=1]: the binary, the man
# pages (man/*.1, gzipped with MANGZ=1), the bash completion, which is
# generated from the binary's --help texts, and the default policy
# (SYSCONFDIR/trail/sensor.policy: kept if there, removed by uninstall only
# if unchanged, as an edited configuration file should be).
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
SYSCONFDIR  ?= /etc
POLICY      := $(DESTDIR)$(SYSCONFDIR)/trail/sensor.policy
# the sensor's systemd unit (dist/trail-sensor.service, docs/sensor.md)
UNITDIR     ?= $(PREFIX)/lib/systemd/system
MAN_PAGES   := $(wildcard man/*.1)

$(OUT)/trail.bash: $(OUT)/trail scripts/gen-completion.sh
	$(call msg,GEN,$@)
	$(Q)sh scripts/gen-completion.sh $(OUT)/trail > $@

install: $(OUT)/trail $(OUT)/trail.bash
	install -D -m 0755 $(OUT)/trail $(DESTDIR)$(BINDIR)/trail
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man1/
ifeq ($(MANGZ),1)
	gzip -9nf $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN_PAGES)))
endif
	install -D -m 0644 $(OUT)/trail.bash $(DESTDIR)$(BASHCOMPDIR)/trail
	test -e $(POLICY) || install -D -m 0644 policies/sensor.policy $(POLICY)
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|@BINDIR@|$(BINDIR)|' dist/trail-sensor.service >$(DESTDIR)$(UNITDIR)/trail-sensor.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/trail-sensor.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/trail $(DESTDIR)$(BASHCOMPDIR)/trail
	rm -f $(DESTDIR)$(UNITDIR)/trail-sensor.service
	rm -f $(foreach p,$(notdir $(MAN_PAGES)),$(DESTDIR)$(MANDIR)/man1/$(p) $(DESTDIR)$(MANDIR)/man1/$(p).gz)
	! cmp -s policies/sensor.policy $(POLICY) || rm -f $(POLICY)
	-rmdir $(dir $(POLICY)) 2>/dev/null

clean:
	rm -rf $(OUT)

-include $(wildcard $(OUT)/obj/*/*.d)
