// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/systab.h"
#include "util/util.h"
#include "views/select.h"

/*
 * strace's classes, from what the table says of each syscall (its
 * argument kinds and its event), not from lists by hand: a new row is in
 * the classes it belongs to.
 */
static bool has_kind(const struct sys_info *si, const char *kinds)
{
	return strpbrk(si->args, kinds) != NULL;
}

static bool is_file(const struct sys_info *si)
{
	return has_kind(si, "p");	/* takes a file name */
}

static bool is_desc(const struct sys_info *si)
{
	return has_kind(si, "fwdneP") || si->real == TRAIL_REAL_RETFD;
}

static bool is_network(const struct sys_info *si)
{
	return si->type == TE_socket || si->type == TE_connect || si->type == TE_bind ||
	       si->type == TE_listen || si->type == TE_accept || si->type == TE_send ||
	       si->op == TRAIL_SYS_socketpair;
}

static bool is_process(const struct sys_info *si)
{
	return si->type == TE_fork || si->type == TE_exec || si->type == TE_kill;
}

static bool is_creds(const struct sys_info *si)
{
	return si->type == TE_cred;
}

static bool is_signal(const struct sys_info *si)
{
	return si->type == TE_kill;
}

static bool is_memory(const struct sys_info *si)
{
	return si->op == TRAIL_SYS_mmap;
}

static const struct sel_class {
	const char *name;
	bool (*has)(const struct sys_info *si);
	int also;		/* an event type that is no syscall, or -1 */
} classes[] = {
	{ "file", is_file, -1 },
	{ "desc", is_desc, -1 },
	{ "network", is_network, -1 },
	{ "net", is_network, -1 },
	{ "process", is_process, TE_exit },
	{ "creds", is_creds, -1 },
	{ "signal", is_signal, -1 },
	{ "memory", is_memory, -1 },
};

const char *const event_sel_classes[] = {
	"%file: syscalls that take a file name", "%desc: syscalls on file descriptors",
	"%network (%net): sockets", "%process: fork, exec, exit, kill",
	"%creds: set*id, setgroups, capset", "%signal: kill and friends", "%memory: mmap",
	NULL,
};

static void set_op(struct event_sel *s, unsigned int op)
{
	s->ops[op / 8] |= 1u << (op % 8);
}

static bool add_class(struct event_sel *s, const char *name)
{
	unsigned int op;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(classes); i++) {
		if (strcmp(name, classes[i].name))
			continue;
		for (op = 0; op < TRAIL_SYS_MAX; op++)
			if (classes[i].has(systab_get(op)))
				set_op(s, op);
		if (classes[i].also >= 0)
			s->types |= 1ull << classes[i].also;
		return true;
	}
	return false;
}

static bool add_name(struct event_sel *s, const char *name)
{
	int t = event_type_parse(name);
	unsigned int op;

	if (!strcmp(name, "all")) {
		s->types = ~0ull;
		return true;
	}
	if (t >= 0) {
		s->types |= 1ull << t;
		return true;
	}
	for (op = 0; op < TRAIL_SYS_MAX; op++)
		if (!strcmp(systab_get(op)->name, name)) {
			set_op(s, op);
			return true;
		}
	return name[0] == '%' && add_class(s, name + 1);
}

/* Edit distance, for "did you mean": names are short (at most 64). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev[65], cur[65];

	if (la > 64 || lb > 64)
		return 99;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, sizeof(prev));
	}
	return prev[lb];
}

static void consider(const char *bad, const char *name, const char *prefix, size_t *best,
		     char *out, size_t outlen)
{
	char full[80];
	size_t d;

	snprintf(full, sizeof(full), "%s%s", prefix, name);
	d = distance(bad, full);
	if (d < *best) {
		*best = d;
		snprintf(out, outlen, "%s", full);
	}
}

/* The known name nearest to bad, if near enough to be a typo. */
static const char *nearest(const char *bad, char *out, size_t outlen)
{
	size_t best = strlen(bad) / 3 + 2, i;
	unsigned int op;
	int t;

	out[0] = '\0';
	for (t = 0; t < TE__MAX; t++)
		consider(bad, event_type_name(t), "", &best, out, outlen);
	for (op = 0; op < TRAIL_SYS_MAX; op++)
		consider(bad, systab_get(op)->name, "", &best, out, outlen);
	for (i = 0; i < ARRAY_SIZE(classes); i++)
		consider(bad, classes[i].name, "%", &best, out, outlen);
	return out[0] ? out : NULL;
}

int event_sel_parse(struct event_sel *s, const char *list, char *err, size_t errlen)
{
	char *copy, *tok, *save = NULL, near[80];
	int ret = 0, n = 0;

	if (!strncmp(list, "trace=", 6))	/* strace's -e trace=SET */
		list += 6;
	copy = xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); tok && !ret; tok = strtok_r(NULL, ",", &save)) {
		n++;
		if (add_name(s, tok))
			continue;
		if (nearest(tok, near, sizeof(near)))
			snprintf(err, errlen, "unknown event or syscall '%s' (did you mean '%s'?)",
				 tok, near);
		else
			snprintf(err, errlen, "unknown event or syscall '%s'", tok);
		ret = -EINVAL;
	}
	free(copy);
	if (!ret && !n) {
		snprintf(err, errlen, "no event or syscall in '%s'", list);
		ret = -EINVAL;
	}
	s->any = s->any || !ret;
	return ret;
}

bool event_sel_op(const struct event_sel *s, unsigned int op)
{
	const struct sys_info *si = systab_get(op);

	return !s->any || (si && (s->types & (1ull << si->type))) ||
	       (op < TRAIL_SYS_MAX && (s->ops[op / 8] & (1u << (op % 8))));
}

bool event_sel_match(const struct event_sel *s, const struct trail_event *ev)
{
	if (!s->any || (s->types & (1ull << ev->type)))
		return true;
	return ev->sys && ev->sys->op < TRAIL_SYS_MAX &&
	       (s->ops[ev->sys->op / 8] & (1u << (ev->sys->op % 8)));
}

void event_sel_ops(const struct event_sel *s, bool *ops)
{
	unsigned int op;

	for (op = 0; op < TRAIL_SYS_MAX; op++)
		ops[op] = event_sel_op(s, op);
}

void event_sel_types(const struct event_sel *s, bool *types)
{
	unsigned int op;
	int t;

	for (t = 0; t < TE__MAX; t++)
		types[t] = !s->any || (s->types & (1ull << t));
	for (op = 0; op < TRAIL_SYS_MAX; op++)
		if (s->ops[op / 8] & (1u << (op % 8)))
			types[systab_get(op)->type] = true;
}
