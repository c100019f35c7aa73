// SPDX-License-Identifier: MIT
/* What trail lint learns from a build's declaration (views/builddecl.c):
 * make -pn's "# Files" section, build.ninja with its escapes, variables
 * and includes, ninja -t deps; and one error line, never a crash, on text
 * that is none of these. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "views/builddecl.h"

static bool is_target(struct build_decl *d, const char *path)
{
	struct bd_node *n = build_decl_node(d, path);

	return n && n->target;
}

/* Is pre in target's transitive prerequisites? */
static bool declares(struct build_decl *d, const char *target, const char *pre)
{
	struct u32map cl;
	bool in;

	build_decl_closure(d, target, &cl);
	in = build_decl_in(d, &cl, pre);
	u32map_release(&cl);
	return in;
}

static int make_db(struct build_decl *d, const char *text, char *err)
{
	build_decl_init(d);
	return build_decl_make(d, text, strlen(text), "/cwd", err, 256);
}

TEST(make_files)
{
	static const char db[] =
		"# Variables\nCURDIR := /src\n"
		"# Files\n"
		"# Not a target:\nmain.c:\n#  Implicit rule search has not been done.\n\n"
		"app: main.o util.o\n\tcc -o $@ $^\n\n"
		"main.o: CFLAGS += -O2\n"
		"main.o: main.c util.h | dir\n\tcc -c main.c\n\n"
		"%.o: %.c\n\n"
		"util.o: util.c\n\n"
		"all: app\n.PHONY: all\n"
		"# files hash-table stats:\n"
		"other: ignored\n";
	struct build_decl d;
	char err[256] = "";

	CHECK(make_db(&d, db, err) == 0, err);
	CHECK(is_target(&d, "/src/app") && is_target(&d, "/src/main.o") && is_target(&d, "/src/util.o"),
	      "rules are targets, made absolute against CURDIR");
	CHECK(!is_target(&d, "/src/main.c"), "'# Not a target:' is not a target");
	CHECK(!is_target(&d, "/src/all"), ".PHONY's prerequisites are not files made");
	CHECK(declares(&d, "/src/main.o", "/src/util.h"), "a prerequisite is declared");
	CHECK(!declares(&d, "/src/main.o", "/src/dir"), "an order-only prerequisite is not");
	CHECK(!declares(&d, "/src/main.o", "/src/CFLAGS"), "a target-specific variable is no rule");
	CHECK(declares(&d, "/src/app", "/src/util.c"), "prerequisites are transitive");
	CHECK(!build_decl_node(&d, "/src/other"), "nothing is read after the Files section");
	build_decl_release(&d);
}

TEST(make_errors)
{
	struct build_decl d;
	char err[256] = "";
	char *big;

	CHECK(make_db(&d, "all: x\n", err) == -EINVAL, "no Files section");
	CHECK_STR(err, "no '# Files' section: not the output of make -pn", "the error says why");
	build_decl_release(&d);
	CHECK(make_db(&d, "", err) == -EINVAL, "nothing at all");
	build_decl_release(&d);
	big = malloc(10000);
	memcpy(big, "# Files\na: ", 11);
	memset(big + 11, 'x', 9000);
	strcpy(big + 9011, "\n");
	CHECK(make_db(&d, big, err) == -EINVAL, "a prerequisite longer than PATH_MAX");
	CHECK(strstr(err, "(line 2)") != NULL, err);
	build_decl_release(&d);
	free(big);
}

struct files {
	const char *name[4], *text[4];
};

static int load(void *ctx, const char *path, char **text, size_t *len)
{
	struct files *f = ctx;
	int i;

	for (i = 0; i < 4 && f->name[i]; i++)
		if (!strcmp(f->name[i], path)) {
			*text = strdup(f->text[i]);
			*len = strlen(f->text[i]);
			return 0;
		}
	return -ENOENT;
}

static int ninja(struct build_decl *d, struct files *f, char *err)
{
	build_decl_init(d);
	return build_decl_ninja(d, "/b", load, f, err, 256);
}

TEST(ninja_files)
{
	struct files f = { { "build.ninja", "rules.ninja" }, {
		"# comment\nninja_required_version = 1.5\nwd = /b/\n"
		"include rules.ninja\n"
		"build out.o | ${wd}dep.d: CC /src/a$ b.c | gen.h || order $\n"
		"    /src/later.c |@ valid\n  FLAGS = -O2\n"
		"build gen.h: GEN /src/gen$:in\n"
		"build all: phony out.o\n"
		"default all\n",
		"rule CC\n  command = cc $in\npool p\n  depth = 1\n" } };
	static const char deps[] = "out.o: #deps 2, deps mtime 1 (VALID)\n    /src/a.h\n    inc/b.h\n\n";
	struct build_decl d;
	char err[256] = "";

	CHECK(ninja(&d, &f, err) == 0, err);
	CHECK(is_target(&d, "/b/out.o") && is_target(&d, "/b/dep.d") && is_target(&d, "/b/gen.h"),
	      "explicit and implicit outputs, a variable expanded, are targets");
	CHECK(!is_target(&d, "/b/all"), "a phony output is not a file made");
	CHECK(declares(&d, "/b/out.o", "/src/a b.c"), "'$ ' is a space in a path");
	CHECK(declares(&d, "/b/out.o", "/b/gen.h"), "an implicit input is declared");
	CHECK(declares(&d, "/b/out.o", "/src/gen:in"), "through a generated file, '$:' a colon");
	CHECK(!declares(&d, "/b/out.o", "/b/order") && !declares(&d, "/b/out.o", "/src/later.c"),
	      "order-only inputs, after a '$' line continuation, are not declared");
	CHECK(!declares(&d, "/b/out.o", "/b/valid"), "nor validations");
	CHECK(declares(&d, "/b/all", "/src/a b.c"), "a phony passes its inputs on");
	CHECK(build_decl_ninja_deps(&d, deps, strlen(deps), "/b", err, sizeof(err)) == 0, err);
	CHECK(declares(&d, "/b/out.o", "/src/a.h") && declares(&d, "/b/out.o", "/b/inc/b.h"),
	      "ninja -t deps: depfile headers are declared");
	build_decl_release(&d);
}

TEST(ninja_errors)
{
	struct files f = { { "build.ninja" }, { "build a b\n" } };
	struct build_decl d;
	char err[256] = "";

	CHECK(ninja(&d, &f, err) == -EINVAL, "a build line without ':'");
	CHECK_STR(err, "build.ninja:1: a build line needs outputs, ':' and a rule", "file and line said");
	build_decl_release(&d);
	f.text[0] = "x = 1\nbuild a: r $%\n";
	CHECK(ninja(&d, &f, err) == -EINVAL, "a bad escape");
	CHECK(strstr(err, "build.ninja:2: ") == err, err);
	build_decl_release(&d);
	f.text[0] = "include missing.ninja\n";
	CHECK(ninja(&d, &f, err) == -EINVAL, "an include that cannot be read");
	CHECK_STR(err, "can't read 'missing.ninja': No such file or directory", "which one said");
	build_decl_release(&d);
	f.name[1] = "self.ninja";
	f.text[0] = "include self.ninja\n";
	f.text[1] = "include self.ninja\n";
	CHECK(ninja(&d, &f, err) == -EINVAL, "an include of itself ends");
	CHECK(strstr(err, "nested more than 16 deep") != NULL, err);
	build_decl_release(&d);
	f.text[0] = "what is this\n";
	CHECK(ninja(&d, &f, err) == -EINVAL, "a line that is no statement");
	build_decl_release(&d);
	build_decl_init(&d);
	CHECK(build_decl_ninja_deps(&d, "    a.h\n", 8, "/b", err, sizeof(err)) == -EINVAL,
	      "ninja -t deps: a dependency before any target");
	build_decl_release(&d);
}

int main(void)
{
	RUN(make_files);
	RUN(make_errors);
	RUN(ninja_files);
	RUN(ninja_errors);
	return harness_done();
}
