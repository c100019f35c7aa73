#!/bin/sh
# SPDX-License-Identifier: MIT
# Generates the C project that workload W3 builds:  gen_project.sh DIR [NFILES]
#
# DIR gets NFILES source files (default 200) under src/, one header per ten
# sources plus a common one under include/, a main.c and a Makefile with
# automatic dependencies (-MMD) and a 'clean' target.  `make -j2` in DIR
# builds ./app; running it prints a checksum.  Deterministic: the same
# arguments always give the same files.
set -eu

dir=${1:?usage: gen_project.sh DIR [NFILES]}
n=${2:-200}
nh=$(( (n + 9) / 10 ))

rm -rf "$dir"
mkdir -p "$dir/src" "$dir/include"

cat >"$dir/include/common.h" <<'EOF'
#ifndef COMMON_H
#define COMMON_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
struct item { uint32_t key; uint32_t val; char name[24]; };
static inline uint32_t mix32(uint32_t x)
{
	x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16;
	return x;
}
#endif
EOF

h=0
while [ "$h" -lt "$nh" ]; do
	{
		echo "#ifndef MOD${h}_H"
		echo "#define MOD${h}_H"
		echo '#include "common.h"'
		i=$(( h * 10 ))
		while [ "$i" -lt $(( h * 10 + 10 )) ] && [ "$i" -lt "$n" ]; do
			echo "uint32_t f${i}_run(uint32_t seed);"
			i=$(( i + 1 ))
		done
		echo "#endif"
	} >"$dir/include/mod$h.h"
	h=$(( h + 1 ))
done

i=0
while [ "$i" -lt "$n" ]; do
	h=$(( i / 10 ))
	o=$(( (h + 1) % nh ))
	cat >"$dir/src/f$i.c" <<EOF
#include <stdio.h>
#include <stdlib.h>
#include "common.h"
#include "mod$h.h"
#include "mod$o.h"

static int cmp_$i(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	return (x->key > y->key) - (x->key < y->key);
}

static uint32_t table_$i(uint32_t seed, struct item *it, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		it[k].key = mix32(seed + (uint32_t)k * $((i + 3)));
		it[k].val = mix32(it[k].key ^ $i);
		snprintf(it[k].name, sizeof it[k].name, "f$i-%zu", k);
	}
	qsort(it, n, sizeof *it, cmp_$i);
	uint32_t acc = 0;
	for (size_t k = 0; k < n; k++)
		acc = acc * 31 + it[k].val + (uint32_t)strlen(it[k].name);
	return acc;
}

static uint32_t fold_$i(const uint32_t *v, size_t n)
{
	uint32_t a = 0, b = 1;
	for (size_t k = 0; k < n; k++) {
		a = (a + v[k]) % 65521;
		b = (b + a) % 65521;
		switch (v[k] & 7) {
		case 0: a ^= 0x$(printf '%x' $((i * 2654435761 % 4294967296))); break;
		case 1: b += a >> 3; break;
		case 2: a = mix32(a); break;
		case 3: b = mix32(b ^ a); break;
		case 4: a += b; break;
		case 5: b -= a; break;
		case 6: a = (a << 5) | (a >> 27); break;
		default: b = ~b; break;
		}
	}
	return (b << 16) | a;
}

uint32_t f${i}_run(uint32_t seed)
{
	struct item it[32];
	uint32_t v[64];
	for (size_t k = 0; k < 64; k++)
		v[k] = mix32(seed + (uint32_t)k);
	return table_$i(seed, it, 32) ^ fold_$i(v, 64);
}
EOF
	i=$(( i + 1 ))
done

{
	echo '#include <stdio.h>'
	h=0
	while [ "$h" -lt "$nh" ]; do echo "#include \"mod$h.h\""; h=$(( h + 1 )); done
	echo 'int main(void)'
	echo '{'
	echo '	uint32_t acc = 0;'
	i=0
	while [ "$i" -lt "$n" ]; do echo "	acc ^= f${i}_run(acc + $i);"; i=$(( i + 1 )); done
	printf '%s\n' '	printf("%08x\n", acc);'
	echo '	return 0;'
	echo '}'
} >"$dir/src/main.c"

cat >"$dir/Makefile" <<'EOF'
CC      ?= gcc
CFLAGS  := -O2 -g -Wall -Iinclude -MMD -MP
SRCS    := $(wildcard src/*.c)
OBJS    := $(patsubst src/%.c,obj/%.o,$(SRCS))

app: $(OBJS)
	$(CC) -o $@ $^

obj/%.o: src/%.c | obj
	$(CC) $(CFLAGS) -c -o $@ $<

obj:
	mkdir -p $@

clean:
	rm -rf obj app

.PHONY: clean
-include $(OBJS:.o=.d)
EOF
