// SPDX-License-Identifier: MIT
/* trail stat's report from a hand-made reading: sorting, --top, names of
 * capabilities and addresses, the kinds summed from the syscalls. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/un.h>
#include "harness.h"
#include "views/statrep.h"

static char *render(const struct stat_snap *s, bool json, size_t top)
{
	struct stat_print_opts o = { .json = json, .top = top };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	stat_print(f, s, &o);
	fclose(f);
	return buf;
}

static void fill(struct stat_snap *s)
{
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(80) };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(443),
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "/run/x.sock" };
	char longp[STAT_PATH_LEN + 1];
	struct stat_file *f;
	struct stat_remote *r;

	memset(s, 0, sizeof(*s));
	s->seconds = 1.5;
	s->caps_traced = true;
	s->calls[TRAIL_SYS_openat] = 30;
	s->failed[TRAIL_SYS_openat] = 4;
	s->calls[TRAIL_SYS_open] = 5;
	s->failed[TRAIL_SYS_open] = 1;
	s->calls[TRAIL_SYS_execve] = 2;
	s->counters[STAT_C_TASK_EXIT] = 3;
	s->counters[STAT_C_TASK_NEW] = 4;
	s->counters[STAT_C_PROC_NEW] = 2;
	stat_snap__comm(s, "make")->calls = 7;
	stat_snap__comm(s, "cc")->calls = 30;
	stat_snap__file(s, "b", 1)->count = 5;
	stat_snap__file(s, "a", 1)->count = 5;
	f = stat_snap__file(s, "/etc/passwd", 11);
	f->count = 9;
	f->failed = 2;
	memset(longp, 'z', sizeof(longp));
	f = stat_snap__file(s, longp, sizeof(longp));	/* cut to the key's size */
	f->count = 1;
	f->truncated = true;
	stat_snap__cap(s, 18)->denied = 1;
	stat_snap__cap(s, 18)->granted = 2;	/* the same row */
	stat_snap__cap(s, 99)->granted = 1;
	a4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	r = stat_snap__remote(s, &a4, 8);
	r->count = 3;
	r->failed = 1;
	stat_snap__remote(s, &a6, 24)->count = 2;
	stat_snap__remote(s, &un, 2 + strlen(un.sun_path))->count = 1;
}

TEST(json)
{
	struct stat_snap s;
	char *out;

	fill(&s);
	out = render(&s, true, 0);
	CHECK(strstr(out, "\"seconds\":1.500,\"kinds\":[{\"kind\":\"open\",\"calls\":35,\"failed\":5},"
			  "{\"kind\":\"cap\",\"calls\":4,\"failed\":1},{\"kind\":\"exit\",\"calls\":3,\"failed\":0},"
			  "{\"kind\":\"exec\",\"calls\":2,\"failed\":0}]") != NULL,
	      "kinds: open family summed, caps and task exits added, most first");
	CHECK(strstr(out, "\"syscalls\":[{\"syscall\":\"openat\",\"calls\":30,\"failed\":4},"
			  "{\"syscall\":\"open\",\"calls\":5,\"failed\":1},"
			  "{\"syscall\":\"execve\",\"calls\":2,\"failed\":0}]") != NULL,
	      "syscalls: only those called, most first");
	CHECK(strstr(out, "\"comms\":[{\"comm\":\"cc\",\"calls\":30},{\"comm\":\"make\",\"calls\":7}]") != NULL,
	      "comms, most first");
	CHECK(strstr(out, "\"files\":[{\"path\":\"/etc/passwd\",\"count\":9,\"failed\":2,\"truncated\":false},"
			  "{\"path\":\"a\",\"count\":5,\"failed\":0,\"truncated\":false},"
			  "{\"path\":\"b\",\"count\":5,\"failed\":0,\"truncated\":false},"
			  "{\"path\":\"zzzz") != NULL,
	      "files: most first, ties by name");
	CHECK(strstr(out, "\"caps\":[{\"cap\":\"CAP_SYS_CHROOT\",\"cap_nr\":18,\"granted\":2,\"denied\":1},"
			  "{\"cap\":\"CAP_99\",\"cap_nr\":99,\"granted\":1,\"denied\":0}]") != NULL,
	      "caps: merged by number, named, an unknown one by number");
	CHECK(strstr(out, "\"remotes\":[{\"addr\":\"127.0.0.1:80\",\"family\":\"AF_INET\",\"count\":3,\"failed\":1},"
			  "{\"addr\":\"[::1]:443\",\"family\":\"AF_INET6\",\"count\":2,\"failed\":0},"
			  "{\"addr\":\"/run/x.sock\",\"family\":\"AF_UNIX\",\"count\":1,\"failed\":0}]") != NULL,
	      "remotes: v4, v6 and unix addresses");
	CHECK(strstr(out, "\"processes\":{\"started\":2,\"exited\":0,\"execs\":0,\"threads\":2}") != NULL,
	      "processes and threads");
	CHECK(strstr(out, "\"interval\"") == NULL, "no interval key for a whole run");
	CHECK(out[strlen(out) - 1] == '\n' && !strchr(out, '\n')[1], "one line");
	free(out);
	stat_snap__release(&s);
}

TEST(long_path)
{
	struct stat_snap s;
	char *out, want[STAT_PATH_LEN + 64];

	fill(&s);
	CHECK(strlen(s.files[3].path) == STAT_PATH_LEN, "a longer path is kept to the key's size");
	out = render(&s, true, 0);
	memset(want, 'z', STAT_PATH_LEN);
	strcpy(want + STAT_PATH_LEN, "\",\"count\":1,\"failed\":0,\"truncated\":true}");
	CHECK(strstr(out, want) != NULL, "... and marked truncated");
	free(out);
	stat_snap__release(&s);
}

TEST(top)
{
	struct stat_snap s;
	char *out;

	fill(&s);
	s.interval = 2;
	out = render(&s, true, 1);
	CHECK(strncmp(out, "{\"interval\":2,", 14) == 0, "the interval comes first");
	CHECK(strstr(out, "\"files\":[{\"path\":\"/etc/passwd\",\"count\":9,\"failed\":2,\"truncated\":false}]") != NULL,
	      "--top 1: the first row only");
	CHECK(strstr(out, "\"omitted\":{\"kinds\":3,\"syscalls\":2,\"comms\":1,\"files\":3,\"caps\":1,\"remotes\":2,\"time\":0}") != NULL,
	      "omitted rows counted per table");
	free(out);
	out = render(&s, false, 1);
	CHECK(strstr(out, "--- interval 2: 1.50 s ---\n") == out, "text: the interval heading");
	CHECK(strstr(out, "files (opened or executed, path as passed):\n       count     failed  path\n"
			  "           9          2  /etc/passwd\n  ... 3 more\n") != NULL,
	      "text: a table cut at --top, the rest counted");
	CHECK(strstr(out, "remote addresses (connect, sendto, sendmsg):\n       count     failed  addr\n"
			  "           3          1  127.0.0.1:80\n") != NULL, "text: an address");
	free(out);
	stat_snap__release(&s);
}

TEST(empty)
{
	struct stat_snap s = { .seconds = 0.25 };
	char *out = render(&s, false, 10);

	CHECK(strstr(out, "files (opened or executed, path as passed): none\n") != NULL, "text: an empty table says none");
	CHECK(strstr(out, "capability checks: not traced") != NULL, "text: no cap_capable tracepoint is said");
	free(out);
	out = render(&s, true, 10);
	CHECK(strstr(out, "\"kinds\":[],\"syscalls\":[],\"comms\":[],\"files\":[],\"caps\":[],\"remotes\":[]") != NULL,
	      "json: empty tables");
	CHECK(strstr(out, "\"caps_traced\":false") != NULL, "json: caps_traced false");
	free(out);
}

TEST(escape)
{
	struct stat_snap s = { .seconds = 1 };
	char *out;

	stat_snap__file(&s, "a\nb\\\xff", 5)->count = 1;
	out = render(&s, false, 10);
	CHECK(strstr(out, "  a\\nb\\\\\\xff\n") != NULL,
	      "text: a newline, a backslash and a stray byte in a path escaped, the line stays one");
	free(out);
	out = render(&s, true, 10);
	CHECK(strstr(out, "\"path\":\"a\\nb\\\\\\udcff\"") != NULL, "json: any bytes, valid JSON");
	free(out);
	stat_snap__release(&s);
}

int main(void)
{
	RUN(json);
	RUN(long_path);
	RUN(top);
	RUN(empty);
	RUN(escape);
	return harness_done();
}
