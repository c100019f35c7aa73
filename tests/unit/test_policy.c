// SPDX-License-Identifier: MIT
/* The policy parser (views/policy.c): every directive, the way lines add
 * up, and each refusal with its FILE:LINE message; the first-per-process
 * set (views/firstpath.c) on synthetic events. */
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "model/systab.h"
#include "views/firstpath.h"
#include "views/policy.h"

static char err[512];

static int parse(struct policy *p, const char *text)
{
	err[0] = '\0';
	return policy_parse(p, "t.policy", text, strlen(text), err, sizeof(err));
}

/* The text is refused with exactly this message. */
static void refused(const char *text, const char *want, const char *what)
{
	struct policy p;
	int ret = parse(&p, text);

	CHECK(ret == -22, what);
	CHECK_STR(err, want, what);
}

TEST(directives)
{
	struct policy p;
	const char *text =
		"# a comment\n"
		"\n"
		"event exec, connect   # two\n"
		"  event setns,unshare\t\n"
		"comm sshd, sudo\n"
		"comm cron\n"
		"uid 1000-60000\n"
		"cgroup system.slice/x#y.service\n"
		"failed-only\n"
		"path /etc/**\n"
		"first-per-process-path\r\n";

	CHECK(parse(&p, text) == 0, "a policy with every directive but all parses");
	CHECK(p.events_line == 3, "event: the first line that gave it");
	CHECK(p.sel.any && (p.sel.types >> TE_exec & 1) && (p.sel.types >> TE_connect & 1),
	      "event lines add up: exec, connect");
	CHECK(event_sel_op(&p.sel, TRAIL_SYS_setns) && event_sel_op(&p.sel, TRAIL_SYS_unshare) &&
	      !event_sel_op(&p.sel, TRAIL_SYS_openat), "syscalls by name: setns, unshare, not openat");
	CHECK(p.ncomms == 3 && !strcmp(p.comms[0], "sshd") && !strcmp(p.comms[1], "sudo") &&
	      !strcmp(p.comms[2], "cron") && !p.comms[3], "comm lines add up, NULL-terminated");
	CHECK(p.uid_line == 7 && p.uid_min == 1000 && p.uid_max == 60000, "uid range");
	CHECK_STR(p.cgroup, "system.slice/x#y.service", "a # inside a value is no comment");
	CHECK(p.failed_line == 9 && p.path_line == 10 && p.first_line == 11, "the switches");
	CHECK_STR(p.path_glob, "/etc/**", "path glob");
	CHECK(p.failed_all && !p.failed_sel.any, "failed-only without a list: everything");
	CHECK(!p.all_line, "no all");
	policy_release(&p);

	CHECK(parse(&p, "uid 0\nall") == 0 && p.uid_min == 0 && p.uid_max == 0 && p.all_line == 2,
	      "one uid; all on a last line without a newline");
	policy_release(&p);
	CHECK(parse(&p, "uid 4294967294") == 0 && p.uid_max == 4294967294u, "the largest uid");
	policy_release(&p);
	CHECK(parse(&p, "") == 0 && !p.sel.any && !p.ncomms, "an empty policy keeps everything");
	policy_release(&p);
	CHECK(parse(&p, "failed-only cap, openat\nfailed-only unlink") == 0 && !p.failed_all &&
	      (p.failed_sel.types >> TE_cap & 1) && event_sel_op(&p.failed_sel, TRAIL_SYS_openat) &&
	      event_sel_op(&p.failed_sel, TRAIL_SYS_unlink) &&
	      !event_sel_op(&p.failed_sel, TRAIL_SYS_open) && p.failed_line == 1,
	      "failed-only LIST: the lists add up, by kind and by syscall");
	policy_release(&p);
		CHECK(parse(&p, "comm 123456789012345") == 0, "a 15-byte comm");
	policy_release(&p);
}

TEST(refusals)
{
	char big[POLICY_LINE_MAX + 16];
	struct policy p;
	char *huge;

	refused("event exec\nevnt open\n", "t.policy:2: unknown directive 'evnt' (docs/policy.md lists them)",
		"an unknown directive");
	refused("Event exec\n", "t.policy:1: unknown directive 'Event' (docs/policy.md lists them)",
		"directives are lower case");
	refused("uid 5-2\n", "t.policy:1: bad uid range '5-2': 5 is more than 2", "a reversed range");
	refused("uid 1000-\n", "t.policy:1: bad uid range '1000-': UID or MIN-MAX, decimal, "
		"0 to 4294967294", "a range without its end");
	refused("uid -1\n", "t.policy:1: bad uid range '-1': UID or MIN-MAX, decimal, "
		"0 to 4294967294", "a negative uid");
	refused("uid 4294967295\n", "t.policy:1: bad uid range '4294967295': UID or MIN-MAX, "
		"decimal, 0 to 4294967294", "uid -1 as a number");
	refused("uid 0x10\n", "t.policy:1: bad uid range '0x10': UID or MIN-MAX, decimal, "
		"0 to 4294967294", "hex");
	refused("uid 1\nuid 2\n", "t.policy:2: 'uid' given twice (first at line 1)", "uid twice");
	refused("path /a\npath /b\n", "t.policy:2: 'path' given twice (first at line 1)",
		"path twice");
	refused("event\n", "t.policy:1: 'event' needs a list of events, syscalls or %classes",
		"event without a value");
	refused("first-per-process-path yes\n", "t.policy:1: 'first-per-process-path' takes no value",
		"a switch with a value");
	refused("failed-only cap,\n", "t.policy:1: an empty event in the list",
		"failed-only's list ends in a comma");
	refused("event exec,,open\n", "t.policy:1: an empty event in the list", "an empty item");
	refused("event opn\n", "t.policy:1: unknown event or syscall 'opn' (did you mean 'open'?)",
		"an unknown event, with select.c's suggestion");
	refused("comm 1234567890123456\n", "t.policy:1: comm '1234567890123456' is longer than the "
		"15 bytes the kernel keeps of a name", "a 16-byte comm");
	refused("comm a,b,c,d,e,f,g,h\ncomm i,j,k,l,m,n,o,p\ncomm q\n",
		"t.policy:3: at most 16 names in comm lines", "17 names");
	refused("all\ncgroup x\n", "t.policy:2: one target: 'all' is at line 1", "two targets");
	refused("cgroup x\nall\n", "t.policy:2: one target: 'cgroup' is at line 1", "two targets, the other way");
	refused("event exec\n\x01\x02garbage", "t.policy:2: a control byte (0x01) at column 1: a policy is text",
		"binary garbage");
	CHECK(policy_parse(&p, "t.policy", "event exec\0\n", 12, err, sizeof(err)) == -22, "a NUL byte");
	CHECK_STR(err, "t.policy:1: a control byte (0x00) at column 11: a policy is text", "a NUL byte");

	memset(big, 'x', sizeof(big));
	memcpy(big, "path /", 6);
	big[POLICY_LINE_MAX + 1] = '\0';
	refused(big, "t.policy:1: a line longer than 1024 bytes", "a line of 1025 bytes");
	big[POLICY_LINE_MAX] = '\0';
	CHECK(parse(&p, big) == 0, "a line of 1024 bytes");
	policy_release(&p);

	huge = malloc(POLICY_FILE_MAX + 2);
	memset(huge, '\n', POLICY_FILE_MAX + 1);
	huge[POLICY_FILE_MAX + 1] = '\0';
	refused(huge, "t.policy:1: larger than 65536 bytes", "a file over 64 KiB");
	huge[POLICY_FILE_MAX] = '\0';
	CHECK(parse(&p, huge) == 0, "a file of 64 KiB of blank lines");
	policy_release(&p);
	free(huge);
}

TEST(load)
{
	struct policy p;

	CHECK(policy_load(&p, "/nonexistent/x.policy", err, sizeof(err)) == -2, "a missing file");
	CHECK_STR(err, "can't read policy '/nonexistent/x.policy': No such file or directory",
		  "a missing file's message");
	CHECK(policy_load(&p, "/", err, sizeof(err)) == -21, "a directory");
}

static struct trail_event ev_of(struct trail_ev_hdr *h, enum trail_event_type type, uint32_t pid,
				const char *abs)
{
	struct trail_event ev = { .hdr = h, .type = type };

	memset(h, 0, sizeof(*h));
	h->pid = h->tid = pid;
	ev.abs[0] = abs;
	return ev;
}

TEST(firstpath)
{
	struct firstpath *fp = firstpath__new();
	struct trail_ev_hdr h;
	struct trail_event ev;

	ev = ev_of(&h, TE_open, 10, "/etc/passwd");
	CHECK(firstpath__first(fp, &ev), "a process's first open of a path");
	CHECK(!firstpath__first(fp, &ev), "its second is not");
	ev = ev_of(&h, TE_stat, 10, "/etc/passwd");
	CHECK(firstpath__first(fp, &ev), "another kind on the same path is");
	ev = ev_of(&h, TE_open, 11, "/etc/passwd");
	CHECK(firstpath__first(fp, &ev), "another process's open of it is");
	ev = ev_of(&h, TE_fork, 10, NULL);
	CHECK(firstpath__first(fp, &ev) && firstpath__first(fp, &ev), "events without a path pass");
	CHECK(firstpath__size(fp) == 3, "three paths held");
	ev = ev_of(&h, TE_exit, 10, NULL);
	firstpath__see(fp, &ev);
	CHECK(firstpath__size(fp) == 3, "a thread's exit frees nothing");
	h.flags |= TRAIL_F_GROUP_DEAD;
	firstpath__see(fp, &ev);
	CHECK(firstpath__size(fp) == 1, "the process's exit frees its two");
	ev = ev_of(&h, TE_open, 10, "/etc/passwd");
	CHECK(firstpath__first(fp, &ev), "a new process with the pid starts afresh");
	for (int i = 0; i < 5000; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/f%d", i);
		ev = ev_of(&h, TE_open, 12, path);
		firstpath__first(fp, &ev);
	}
	ev = ev_of(&h, TE_open, 12, "/f4999");
	CHECK(!firstpath__first(fp, &ev) && firstpath__size(fp) == 5002, "5000 paths kept exactly");
	firstpath__free(fp);
}

int main(void)
{
	RUN(directives);
	RUN(refusals);
	RUN(load);
	RUN(firstpath);
	return harness_done();
}
