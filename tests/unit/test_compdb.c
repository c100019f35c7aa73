// SPDX-License-Identifier: MIT
/* compile-commands' reading of an argv: which execs are compilations, of
 * which sources, to which output. */
#include <string.h>
#include "harness.h"
#include "export/export.h"

#define PARSE(cc, ...) ({						\
		char *v_[] = { __VA_ARGS__, NULL };			\
		compdb_parse(v_, (int)(sizeof(v_) / sizeof(v_[0])) - 1, cc); })

TEST(names)
{
	static const char *const yes[] = { "cc", "c++", "gcc", "g++", "clang", "clang++", "gcc-12",
		"g++-12", "clang-14", "clang++-14", "gcc-12.2", "x86_64-linux-gnu-gcc-12",
		"x86_64-linux-gnu-g++", "arm-none-eabi-gcc", NULL };
	static const char *const no[] = { "cc1", "cc1plus", "as", "collect2", "ld", "cpp", "gcc-ar",
		"x86_64-linux-gnu-gcc-ar-12", "clang-tidy", "c++filt", "ccache", "make", "xcc", "gcc-",
		"", NULL };
	int i;

	for (i = 0; yes[i]; i++)
		CHECK(compdb_is_compiler(yes[i]), yes[i]);
	for (i = 0; no[i]; i++)
		CHECK(!compdb_is_compiler(no[i]), no[i][0] ? no[i] : "(empty)");
}

TEST(calls)
{
	struct compile_call cc;

	CHECK(PARSE(&cc, "cc", "-DX=1", "-Iinc", "-c", "-o", "a.o", "a.c") && cc.nsrcs == 1 &&
	      cc.srcs[0] == 6 && cc.out == 5 && cc.stop == 'c' && cc.first == 0,
	      "cc -c -o a.o a.c: one source, the output");
	CHECK(PARSE(&cc, "/usr/bin/gcc", "-c", "x.c", "y.cpp") && cc.nsrcs == 2 && cc.out == -1,
	      "two sources, no -o");
	CHECK(PARSE(&cc, "ccache", "gcc", "-c", "x.c") && cc.first == 1 && cc.nsrcs == 1,
	      "ccache gcc: the wrapper skipped");
	CHECK(PARSE(&cc, "distcc", "ccache", "g++-12", "-c", "x.cc") && cc.first == 2,
	      "two wrappers skipped");
	CHECK(!PARSE(&cc, "ccache", "-s"), "ccache -s: no compiler");
	CHECK(PARSE(&cc, "cc", "-o", "app", "main.c") && cc.stop == 0 && cc.nsrcs == 1,
	      "compile and link: the source counts");
	CHECK(PARSE(&cc, "clang", "-S", "x.c") && cc.stop == 'S', "-S");
	CHECK(!PARSE(&cc, "cc", "-o", "app", "a.o", "b.o", "-lm"), "link only: not a compilation");
	CHECK(!PARSE(&cc, "cc", "-E", "x.c"), "-E: preprocessing only");
	CHECK(!PARSE(&cc, "cc", "-M", "-Iinc", "x.c"), "-M");
	CHECK(!PARSE(&cc, "cc", "-MM", "x.c"), "-MM");
	CHECK(PARSE(&cc, "cc", "-MD", "-MF", "x.d", "-c", "x.c") && cc.nsrcs == 1 && cc.srcs[0] == 5,
	      "-MD -MF x.d: a compilation; x.d is the value of -MF");
	CHECK(!PARSE(&cc, "clang", "-cc1", "-emit-obj", "x.c"), "clang -cc1: the driver's own child");
	CHECK(!PARSE(&cc, "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "x.c"), "cc1 is not a compiler driver");
	CHECK(!PARSE(&cc, "cc", "--version"), "--version");
	CHECK(PARSE(&cc, "cc", "-include", "pre.h", "-x", "c", "-c", "s.c") && cc.nsrcs == 1 &&
	      cc.srcs[0] == 6, "option values (-include pre.h, -x c) are not sources");
	CHECK(PARSE(&cc, "cc", "-c", "dir.c/x.S") && cc.nsrcs == 1, "an assembler source");
	CHECK(!PARSE(&cc, "cc", "-c", "dir.c/"), "a directory named .c is not a source");
	CHECK(!PARSE(&cc, "ar", "rcs", "x.a", "x.c"), "not a compiler");
}

int main(void)
{
	RUN(names);
	RUN(calls);
	return harness_done();
}
