// SPDX-License-Identifier: MIT
/*
 * record --syscall: the TF_TLV_SYSCALL header field through the writer and
 * the reader (and every way a hand-made one can be wrong), the argument
 * formats taken from kernel types, and a generic record decoded and printed
 * once its description is registered (and skipped before).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"
#include "model/event.h"
#include "model/systab.h"
#include "tracefile/tracefile.h"
#include "views/print.h"

static char tmp_dir[] = "/tmp/trail-test-sc-XXXXXX";
static char path[256];
static char msg[512];

static const struct tf_syscall getrandom_sc = {
	.nr = 318, .nargs = 3, .name = "getrandom",
	.arg_type = { "char *", "size_t", "unsigned int" },
	.arg_name = { "ubuf", "len", "flags" },
};
static const struct tf_syscall sched_sc = {
	.nr = 145, .nargs = 1, .name = "sched_getscheduler",
	.arg_type = { "pid_t" }, .arg_name = { "pid" },
};

static void put_file(const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n) {
		perror(path);
		exit(1);
	}
	close(fd);
}

/* A header with these TLV values (type 0 ends the list), no chunks. */
struct tlv_in {
	uint16_t type;
	const void *v;
	size_t len;
};

static void put_header(const struct tlv_in *t)
{
	unsigned char buf[8192] = { 0 };
	struct tf_header h = { .version = TF_VERSION };
	size_t len = sizeof(h);

	for (; t->type; t++) {
		struct tf_tlv tl = { .type = t->type, .len = t->len };

		memcpy(buf + len, &tl, sizeof(tl));
		memcpy(buf + len + sizeof(tl), t->v, t->len);
		len += sizeof(tl) + ((t->len + 3) & ~3u);
	}
	len = (len + 7) & ~(size_t)7;
	memcpy(h.magic, TF_MAGIC, 8);
	h.header_size = len;
	memcpy(buf, &h, sizeof(h));
	put_file(buf, len);
}

/* A TF_TLV_SYSCALL value: nr, nargs, then the strings as given (with
 * their NULs: "getrandom\0char *\0ubuf" with its length). */
static size_t sc_value(unsigned char *out, uint16_t nr, uint8_t nargs, const char *strs, size_t slen)
{
	struct tf_tlv_syscall h = { .nr = nr, .nargs = nargs };

	memcpy(out, &h, sizeof(h));
	memcpy(out + sizeof(h), strs, slen);
	return sizeof(h) + slen;
}

#define STRS(s) s, sizeof(s)	/* with the last NUL */
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static int open_info(const struct tf_info **info, struct tf_reader **r, char *err, size_t errlen)
{
	int ret = tf_reader__open(r, path, err, errlen);

	*info = ret ? NULL : tf_reader__info(*r);
	return ret;
}

TEST(tlv_round_trip)
{
	struct tf_syscall scs[2] = { getrandom_sc, sched_sc };
	char *argv[] = { "x", NULL };
	struct tf_meta m = {
		.trail_version = "t", .kernel = "k", .hostname = "h", .cwd = "/",
		.argv = argv, .syscalls = scs, .nsyscalls = 2,
	};
	struct tf_writer *w = NULL;
	struct tf_reader *r = NULL;
	const struct tf_info *info;
	struct tf_stats st = { 0 };
	char err[256];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	CHECK(fd >= 0 && tf_writer__new(&w, fd, &m) == 0, "writer takes two syscall descriptions");
	if (!w)
		return;
	tf_writer__finish(w, &st);
	tf_writer__free(w);
	close(fd);
	CHECK(open_info(&info, &r, err, sizeof(err)) == 0, "the file reads");
	if (!info)
		return;
	CHECK(info->nsyscalls == 2, "two descriptions read back");
	CHECK(info->nsyscalls == 2 && !memcmp(&info->syscalls[0], &scs[0], sizeof(scs[0])) &&
	      !memcmp(&info->syscalls[1], &scs[1], sizeof(scs[1])),
	      "each read back equal: number, name, argument types and names, in order");
	CHECK_STR(info->command, "x", "the other fields still read");
	tf_reader__free(r);

	/* without --syscall: no field, none read */
	m.nsyscalls = 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	w = NULL;
	CHECK(tf_writer__new(&w, fd, &m) == 0, "writer without descriptions");
	tf_writer__free(w);
	close(fd);
	CHECK(open_info(&info, &r, err, sizeof(err)) == 0 && info->nsyscalls == 0 && !info->syscalls,
	      "a file without the field reads, with no descriptions");
	tf_reader__free(r);
}

TEST(tlv_writer_refuses)
{
	struct tf_syscall bad = getrandom_sc;
	char *argv[] = { "x", NULL };
	struct tf_meta m = {
		.trail_version = "t", .kernel = "k", .hostname = "h", .cwd = "/",
		.argv = argv, .syscalls = &bad, .nsyscalls = 1,
	};
	struct tf_writer *w = NULL;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	strcpy(bad.arg_name[1], "len");
	strcpy(bad.arg_name[2], "len");
	CHECK(tf_writer__new(&w, fd, &m) == -EINVAL && !w,
	      "writer refuses a description a reader would (two arguments named len)");
	close(fd);
}

TEST(tlv_valid_fields)
{
	unsigned char v[512], v2[512];
	size_t n = sc_value(v, 318, 3, STRS("getrandom\0char *\0ubuf\0size_t\0len\0unsigned int\0flags"));
	size_t n2 = sc_value(v2, 145, 1, STRS("sched_getscheduler\0pid_t\0pid"));
	struct tlv_in t[] = { { 99, "future", 6 }, { TF_TLV_SYSCALL, v, n },
			      { TF_TLV_KERNEL, "6.1", 3 }, { TF_TLV_SYSCALL, v2, n2 }, { 0 } };
	const struct tf_info *info;
	struct tf_reader *r;
	char err[256];

	put_header(t);
	CHECK(open_info(&info, &r, err, sizeof(err)) == 0, "a hand-made header with two descriptions and an unknown field opens");
	if (!info)
		return;
	CHECK(info->nsyscalls == 2 && info->syscalls[0].nr == 318 && info->syscalls[0].nargs == 3 &&
	      !strcmp(info->syscalls[0].arg_type[2], "unsigned int") &&
	      !strcmp(info->syscalls[0].arg_name[2], "flags") && info->syscalls[1].nr == 145,
	      "both parsed, the unknown field skipped");
	CHECK_STR(info->kernel, "6.1", "the field after them read");
	tf_reader__free(r);
}

/* Each bad TF_TLV_SYSCALL value must fail the open with the field's byte. */
static void expect_bad(const char *what, const struct tlv_in *t)
{
	const struct tf_info *info;
	struct tf_reader *r = NULL;
	char err[256] = "";
	int ret;

	put_header(t);
	ret = open_info(&info, &r, err, sizeof(err));
	snprintf(msg, sizeof(msg), "%s: refused with the field's offset (%d, \"%s\")", what, ret, err);
	CHECK(ret == -EINVAL && !r && strstr(err, "bad syscall description at byte "), msg);
	if (!ret)
		tf_reader__free(r);
}

TEST(tlv_damage)
{
	static const struct {
		const char *what;
		uint16_t nr;
		uint8_t nargs;
		const char *s;
		size_t len;
	} cases[] = {
		{ "shorter than its fixed part", 0, 0, "", 0 },	/* len 4 below: cut */
		{ "seven arguments", 318, 7, STRS("x\0int\0a\0int\0b\0int\0c\0int\0d\0int\0e\0int\0f\0int\0g") },
		{ "fewer strings than arguments", 318, 3, STRS("getrandom\0char *\0ubuf") },
		{ "a string without its NUL", 318, 1, "getrandom\0char *\0ubuf", 21 },
		{ "bytes after the last string", 318, 0, STRS("getrandom\0junk") },
		{ "a number past TRAIL_NR_MAX", 600, 0, STRS("getrandom") },
		{ "an empty name", 318, 0, STRS("") },
		{ "a name that is not an identifier", 318, 0, STRS("../../etc") },
		{ "an argument name with a quote", 318, 1, STRS("getrandom\0int\0a\"b") },
		{ "an argument name starting with a digit", 318, 1, STRS("getrandom\0int\0" "1a") },
		{ "a type with a semicolon", 318, 1, STRS("getrandom\0int;\0a") },
		{ "an empty type", 318, 1, STRS("getrandom\0\0a") },
		{ "two arguments of one name", 318, 2, STRS("getrandom\0int\0a\0int\0a") },
		{ "a name longer than 63", 318, 0,
		  STRS("a234567890123456789012345678901234567890123456789012345678901234") },
	};
	unsigned char v[512];
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		size_t n = sc_value(v, cases[i].nr, cases[i].nargs, cases[i].s, cases[i].len);
		struct tlv_in t[] = { { TF_TLV_SYSCALL, v, i == 0 ? 3 : n }, { 0 } };

		expect_bad(cases[i].what, t);
	}
	{
		size_t n = sc_value(v, 318, 0, STRS("getrandom"));
		unsigned char v2[64];
		size_t n2 = sc_value(v2, 318, 0, STRS("other"));
		struct tlv_in t[] = { { TF_TLV_SYSCALL, v, n }, { TF_TLV_SYSCALL, v2, n2 }, { 0 } };

		expect_bad("two descriptions of one number", t);
	}
	{
		static unsigned char vs[TRAIL_GENERIC_MAX + 1][32];
		struct tlv_in t[TRAIL_GENERIC_MAX + 2];

		for (i = 0; i <= TRAIL_GENERIC_MAX; i++) {
			t[i].type = TF_TLV_SYSCALL;
			t[i].v = vs[i];
			t[i].len = sc_value(vs[i], i, 0, STRS("s"));
		}
		t[i].type = 0;
		expect_bad("one description more than TRAIL_GENERIC_MAX", t);
	}
}

TEST(arg_formats)
{
	static const struct {
		const char *type, *name;
		enum sys_arg_fmt fmt;
		unsigned int bits;
	} cases[] = {
		{ "const char *", "filename", SAF_STR, 64 },
		{ "char *", "buf", SAF_STR, 64 },
		{ "const char __user *", "name", SAF_STR, 64 },
		{ "const char *const *", "argv", SAF_PTR, 64 },
		{ "unsigned char *", "vec", SAF_PTR, 64 },
		{ "struct new_utsname *", "name", SAF_PTR, 64 },
		{ "unsigned long", "addr", SAF_HEX, 64 },
		{ "unsigned int", "flags", SAF_HEX, 32 },
		{ "int", "flags", SAF_HEX, 32 },
		{ "unsigned long", "prot", SAF_HEX, 64 },
		{ "size_t", "len", SAF_UINT, 64 },
		{ "unsigned int", "fd", SAF_UINT, 32 },
		{ "int", "len", SAF_INT, 32 },
		{ "pid_t", "pid", SAF_INT, 32 },
		{ "uid_t", "ruid", SAF_UINT, 32 },
		{ "loff_t", "offset", SAF_INT, 64 },
		{ "long", "arg", SAF_INT, 64 },
		{ "umode_t", "mode", SAF_OCT, 16 },
		{ "cap_user_header_t", "header", SAF_HEX, 64 },
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		unsigned int bits = 0;
		enum sys_arg_fmt f = sys_arg_format(cases[i].type, cases[i].name, &bits);

		snprintf(msg, sizeof(msg), "'%s %s': format %d width %u (got %d, %u)",
			 cases[i].type, cases[i].name, cases[i].fmt, cases[i].bits, f, bits);
		CHECK(f == cases[i].fmt && bits == cases[i].bits, msg);
	}
}

/* A generic record of getrandom (or of nr) with these args and string. */
static size_t make_rec(unsigned char *out, unsigned int op, int64_t ret, const uint64_t *args,
		       unsigned int nargs, const char *s)
{
	struct trail_ev_sys e = { 0 };
	size_t n = sizeof(e);

	e.hdr.kind = TRAIL_EV_SYS;
	e.hdr.ts = 1000 + 2000;
	e.hdr.pid = e.hdr.tid = 42;
	memcpy(e.hdr.comm, "gen", 4);
	e.ret = ret;
	e.op = op;
	e.nargs = nargs;
	e.slen[0] = strlen(s);
	memcpy(out + n, args, 8 * nargs);
	n += 8 * nargs;
	memcpy(out + n, s, e.slen[0]);
	n += e.slen[0];
	e.hdr.size = n;
	memcpy(out, &e, sizeof(e));
	return n;
}

static char *print_one(const struct trail_event *ev, bool json)
{
	struct print_opts po = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (json)
		print_json(f, ev);
	else
		print_text(f, ev, &po);
	fclose(f);
	return buf;
}

TEST(decode_print)
{
	_Alignas(8) unsigned char rec[512];
	uint64_t args[3] = { 0x7ffd0000, 16, 0xffffffff00000001ull };
	uint64_t sargs[1] = { 0xffffffff };	/* pid -1 in a register's low half */
	struct trail_event ev;
	char err[128], *out;
	size_t n;

	n = make_rec(rec, TRAIL_SYS_GENERIC_BIT | 317, 16, args, 3, "ab");
	CHECK(trail_event_decode(&ev, rec, n, 1000, err, sizeof(err)) == DECODE_SKIP,
	      "a generic record of a number no description names is skipped");
	CHECK(systab_register(&getrandom_sc) == (TRAIL_SYS_GENERIC_BIT | 318) &&
	      systab_register(&sched_sc) == (TRAIL_SYS_GENERIC_BIT | 145),
	      "registering returns the op of the records");
	n = make_rec(rec, TRAIL_SYS_GENERIC_BIT | 318, 16, args, 3, "ab");
	CHECK(trail_event_decode(&ev, rec, n, 1000, err, sizeof(err)) == DECODE_OK &&
	      ev.type == TE_syscall && !strcmp(ev.sys->name, "getrandom") &&
	      !strcmp(ev.sys->args, "tix"), "decoded as a syscall event, letters t i x");
	out = print_one(&ev, true);
	CHECK_STR(out, "{\"time_ns\":2000,\"pid\":42,\"tid\":42,\"comm\":\"gen\",\"uid\":0,\"gid\":0,"
		  "\"event\":\"syscall\",\"syscall\":\"getrandom\",\"ret\":16,"
		  "\"ubuf\":\"ab\",\"len\":16,\"flags\":\"0x1\"}\n",
		  "JSON: the kernel's argument names, the string, a decimal size, 32-bit flags in hex");
	free(out);
	out = print_one(&ev, false);
	CHECK_STR(out, "     42 gen               0.000002 getrandom(\"ab\", 16, 0x1) = 16\n", "text: strace's form, with the task's name");
	free(out);

	args[0] = 0;
	n = make_rec(rec, TRAIL_SYS_GENERIC_BIT | 318, -14, args, 3, "");
	trail_event_decode(&ev, rec, n, 1000, err, sizeof(err));
	out = print_one(&ev, true);
	CHECK(strstr(out, "\"ret\":-14,\"error\":\"EFAULT\",\"ubuf\":null,"), "a NULL string is null, the error named");
	free(out);
	out = print_one(&ev, false);
	CHECK(strstr(out, "getrandom(NULL, 16, 0x1) = -1 EFAULT (Bad address)"), "text: NULL and the error");
	free(out);

	n = make_rec(rec, TRAIL_SYS_GENERIC_BIT | 145, 0, sargs, 1, "");
	trail_event_decode(&ev, rec, n, 1000, err, sizeof(err));
	out = print_one(&ev, true);
	CHECK(strstr(out, "\"ret\":0,\"arg_pid\":-1}"),
	      "an argument named like an event key (pid) becomes arg_pid; pid_t sign-extended from 32 bits");
	free(out);

	n = make_rec(rec, TRAIL_SYS_GENERIC_BIT | 318, 16, args, 3, "ab");
	((struct trail_ev_sys *)rec)->slen[0] = 200;
	CHECK(trail_event_decode(&ev, rec, n, 1000, err, sizeof(err)) == -EINVAL,
	      "a string length past the record is refused");
}

int main(void)
{
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/t.trail", tmp_dir);
	RUN(tlv_round_trip);
	RUN(tlv_writer_refuses);
	RUN(tlv_valid_fields);
	RUN(tlv_damage);
	RUN(arg_formats);
	RUN(decode_print);
	unlink(path);
	rmdir(tmp_dir);
	return harness_done();
}
