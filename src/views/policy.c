// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util/util.h"
#include "views/policy.h"

/* One directive's value, already without its blanks and comment. */
typedef int set_fn(struct policy *p, char *val, char *why, size_t whylen);

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Splits a list at commas and blanks ("a, b c"): calls each(p, item) for
 * each item; an empty item between two commas is an error. */
static int each_item(struct policy *p, char *val, const char *what, char *why, size_t whylen,
		     int (*each)(struct policy *p, const char *item, char *why, size_t whylen))
{
	char *s = val;

	for (;;) {
		size_t n;
		int err;

		while (blank(*s))
			s++;
		n = strcspn(s, ", \t");
		if (!n)
			return msgf(why, whylen, -EINVAL, "an empty %s in the list", what);
		if (s[n]) {
			char *next = s + n;

			while (blank(*next))
				next++;
			if (*next == ',')
				next++;
			s[n] = '\0';
			err = each(p, s, why, whylen);
			if (err)
				return err;
			s = next;
			continue;
		}
		return each(p, s, why, whylen);
	}
}

static int add_event(struct policy *p, const char *item, char *why, size_t whylen)
{
	return event_sel_parse(&p->sel, item, why, whylen);
}

static int set_event(struct policy *p, char *val, char *why, size_t whylen)
{
	return each_item(p, val, "event", why, whylen, add_event);
}

static int add_failed(struct policy *p, const char *item, char *why, size_t whylen)
{
	return event_sel_parse(&p->failed_sel, item, why, whylen);
}

/* failed-only: everything; failed-only LIST: those events only */
static int set_failed(struct policy *p, char *val, char *why, size_t whylen)
{
	if (!*val) {
		p->failed_all = true;
		return 0;
	}
	return each_item(p, val, "event", why, whylen, add_failed);
}

static int add_comm(struct policy *p, const char *item, char *why, size_t whylen)
{
	if (strlen(item) > POLICY_COMM_LEN)
		return msgf(why, whylen, -EINVAL, "comm '%s' is longer than the %d bytes the kernel "
			    "keeps of a name", item, POLICY_COMM_LEN);
	if (p->ncomms == POLICY_COMMS_MAX)
		return msgf(why, whylen, -EINVAL, "at most %d names in comm lines",
			    POLICY_COMMS_MAX);
	p->comms[p->ncomms++] = xstrdup(item);
	return 0;
}

static int set_comm(struct policy *p, char *val, char *why, size_t whylen)
{
	return each_item(p, val, "name", why, whylen, add_comm);
}

/* A uid: decimal, 0 to 4294967294 (-1 is no uid). */
static int parse_uid(const char *s, size_t n, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (!n || n > 10)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v >= 0xffffffffu)
		return -1;
	*out = v;
	return 0;
}

static int set_uid(struct policy *p, char *val, char *why, size_t whylen)
{
	size_t n = strcspn(val, "-");

	if (parse_uid(val, n, &p->uid_min) ||
	    parse_uid(val[n] ? val + n + 1 : val, strlen(val[n] ? val + n + 1 : val), &p->uid_max))
		return msgf(why, whylen, -EINVAL, "bad uid range '%s': UID or MIN-MAX, decimal, "
			    "0 to 4294967294", val);
	if (p->uid_min > p->uid_max)
		return msgf(why, whylen, -EINVAL, "bad uid range '%s': %u is more than %u", val,
			    p->uid_min, p->uid_max);
	return 0;
}

static int set_cgroup(struct policy *p, char *val, char *why, size_t whylen)
{
	if (p->all_line)
		return msgf(why, whylen, -EINVAL, "one target: 'all' is at line %u", p->all_line);
	p->cgroup = xstrdup(val);
	return 0;
}

static int set_all(struct policy *p, char *val, char *why, size_t whylen)
{
	if (p->cgroup_line)
		return msgf(why, whylen, -EINVAL, "one target: 'cgroup' is at line %u",
			    p->cgroup_line);
	return 0;
}

static int set_path(struct policy *p, char *val, char *why, size_t whylen)
{
	p->path_glob = xstrdup(val);
	return 0;
}

static int set_flag(struct policy *p, char *val, char *why, size_t whylen)
{
	return 0;
}

enum { VAL_NONE, VAL_ONE, VAL_LIST, VAL_OPT_LIST };

static const struct directive {
	const char *name;
	int val;                 /* VAL_* */
	bool repeat;             /* several lines add up */
	size_t line;             /* offsetof the line field in struct policy */
	set_fn *set;
	const char *needs;       /* what its value is, for messages */
} directives[] = {
	{ "event", VAL_LIST, true, offsetof(struct policy, events_line), set_event,
	  "a list of events, syscalls or %classes" },
	{ "comm", VAL_LIST, true, offsetof(struct policy, comm_line), set_comm,
	  "a list of task names" },
	{ "uid", VAL_ONE, false, offsetof(struct policy, uid_line), set_uid,
	  "a uid or a range MIN-MAX" },
	{ "cgroup", VAL_ONE, false, offsetof(struct policy, cgroup_line), set_cgroup,
	  "a cgroup v2 path" },
	{ "all", VAL_NONE, false, offsetof(struct policy, all_line), set_all, NULL },
	{ "failed-only", VAL_OPT_LIST, true, offsetof(struct policy, failed_line), set_failed,
	  NULL },
	{ "path", VAL_ONE, false, offsetof(struct policy, path_line), set_path, "a glob" },
	{ "first-per-process-path", VAL_NONE, false, offsetof(struct policy, first_line),
	  set_flag, NULL },
};

static unsigned int *line_of(struct policy *p, const struct directive *d)
{
	return (unsigned int *)((char *)p + d->line);
}

/* One line, its comment and blanks cut off: "" or "keyword [value]". */
static int parse_directive(struct policy *p, char *s, unsigned int lineno, char *why,
			   size_t whylen)
{
	size_t klen = strcspn(s, " \t");
	char *val = s + klen;
	const struct directive *d = NULL;
	unsigned int *line;
	size_t i;

	if (!*s)		/* a blank line or a comment */
		return 0;
	while (blank(*val))
		val++;
	for (i = 0; i < ARRAY_SIZE(directives); i++)
		if (strlen(directives[i].name) == klen && !strncmp(directives[i].name, s, klen))
			d = &directives[i];
	s[klen] = '\0';
	if (!d)
		return msgf(why, whylen, -EINVAL, "unknown directive '%s' (docs/policy.md lists "
			    "them)", s);
	line = line_of(p, d);
	if (*line && !d->repeat)
		return msgf(why, whylen, -EINVAL, "'%s' given twice (first at line %u)", d->name,
			    *line);
	if (d->val == VAL_NONE && *val)
		return msgf(why, whylen, -EINVAL, "'%s' takes no value", d->name);
	if ((d->val == VAL_ONE || d->val == VAL_LIST) && !*val)
		return msgf(why, whylen, -EINVAL, "'%s' needs %s", d->name, d->needs);
	if (!*line)
		*line = lineno;
	return d->set(p, val, why, whylen);
}

/* Cuts a comment (# at the start or after a blank: a glob may hold #)
 * and the blanks around what is left. */
static char *trim_line(char *s)
{
	char *end;
	size_t i;

	for (i = 0; s[i]; i++)
		if (s[i] == '#' && (i == 0 || blank(s[i - 1])))
			s[i] = '\0';
	while (blank(*s))
		s++;
	end = s + strlen(s);
	while (end > s && blank(end[-1]))
		*--end = '\0';
	return s;
}

/* The line's bytes: text only (a tab, printable ASCII, UTF-8's high bytes). */
static int check_bytes(const char *s, size_t n, char *why, size_t whylen)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return msgf(why, whylen, -EINVAL, "a control byte (0x%02x) at column %zu: "
				    "a policy is text", c, i + 1);
	}
	return 0;
}

static int parse_line(struct policy *p, const char *text, size_t n, unsigned int lineno,
		      char *why, size_t whylen)
{
	char buf[POLICY_LINE_MAX + 1];

	if (n && text[n - 1] == '\r')	/* a file written with CRLF line ends */
		n--;
	if (n > POLICY_LINE_MAX)
		return msgf(why, whylen, -EINVAL, "a line longer than %d bytes", POLICY_LINE_MAX);
	if (check_bytes(text, n, why, whylen))
		return -EINVAL;
	memcpy(buf, text, n);
	buf[n] = '\0';
	return parse_directive(p, trim_line(buf), lineno, why, whylen);
}

int policy_parse(struct policy *p, const char *name, const char *text, size_t len, char *err,
		 size_t errlen)
{
	char why[200];
	unsigned int lineno = 0;
	size_t off = 0;
	int ret = 0;

	memset(p, 0, sizeof(*p));
	snprintf(p->file, sizeof(p->file), "%s", name);
	if (len > POLICY_FILE_MAX) {
		snprintf(why, sizeof(why), "larger than %d bytes", POLICY_FILE_MAX);
		lineno = 1;
		ret = -EINVAL;
	}
	while (!ret && off < len) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (text + off)) : len - off;

		lineno++;
		ret = parse_line(p, text + off, n, lineno, why, sizeof(why));
		off += n + 1;
	}
	if (!ret)
		return 0;
	msgf(err, errlen, ret, "%s:%u: %s", p->file, lineno, why);
	policy_release(p);
	return -EINVAL;
}

int policy_load(struct policy *p, const char *path, char *err, size_t errlen)
{
	char *buf = xmalloc(POLICY_FILE_MAX + 1);
	size_t len = 0;
	ssize_t n;
	int fd, ret;

	memset(p, 0, sizeof(*p));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = msgf(err, errlen, -errno, "can't read policy '%s': %s", path, strerror(errno));
		goto cleanup;
	}
	/* one byte more than allowed: so that a longer file is told apart */
	while (len <= POLICY_FILE_MAX &&
	       (n = read(fd, buf + len, POLICY_FILE_MAX + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = msgf(err, errlen, -errno, "can't read policy '%s': %s", path,
				   strerror(errno));
			close(fd);
			goto cleanup;
		}
		len += n;
	}
	close(fd);
	ret = policy_parse(p, path, buf, len, err, errlen);
cleanup:
	free(buf);
	return ret;
}

void policy_release(struct policy *p)
{
	unsigned int i;

	for (i = 0; i < p->ncomms; i++)
		free(p->comms[i]);
	free(p->cgroup);
	free(p->path_glob);
	memset(p->comms, 0, sizeof(p->comms));
	p->ncomms = 0;
	p->cgroup = p->path_glob = NULL;
}
