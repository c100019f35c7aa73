// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "views/filter.h"

void filter_init(struct filter *f)
{
	memset(f, 0, sizeof(*f));
	f->pid = -1;
}

int filter_parse_events(struct filter *f, const char *list, char *err, size_t errlen)
{
	return event_sel_parse(&f->sel, list, err, errlen);
}

static bool glob_tstr(const char *glob, const struct tstr *s)
{
	char buf[TRAIL_PATH_MAX + 1];

	if (!s->len || s->len > TRAIL_PATH_MAX)
		return false;
	memcpy(buf, s->p, s->len);
	buf[s->len] = '\0';
	return fnmatch(glob, buf, 0) == 0;
}

static bool path_match(const char *glob, const struct trail_event *ev)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (glob_tstr(glob, &ev->path[i]) || (ev->abs[i] && !fnmatch(glob, ev->abs[i], 0)))
			return true;
	}
	return glob_tstr(glob, &ev->real) || glob_tstr(glob, &ev->filename);
}

static bool pid_match(struct filter *f, const struct trail_event *ev)
{
	uint32_t pid = ev->hdr->pid;
	bool in = pid == (uint32_t)f->pid || (f->children && u32map_get(&f->tree, pid));

	/* follow the tree whatever the other filters say */
	if (in && f->children && ev->type == TE_fork && ev->fork->child_pid &&
	    ev->fork->child_pid != pid)
		u32map_put(&f->tree, ev->fork->child_pid, (void *)1);
	return in;
}

bool filter_match(struct filter *f, const struct trail_event *ev)
{
	if (f->pid >= 0 && !pid_match(f, ev))
		return false;
	if (!event_sel_match(&f->sel, ev))
		return false;
	/* comm is cut at 15 bytes by the kernel: a longer name matches its start */
	if (f->comm && (strlen(f->comm) >= TRAIL_COMM_LEN - 1 ?
			strncmp(f->comm, ev->comm, TRAIL_COMM_LEN - 1) : strcmp(f->comm, ev->comm)))
		return false;
	if (f->result == FR_FAILED && !(ev->has_ret && ev->ret < 0))
		return false;
	if (f->result == FR_SUCCESSFUL && ev->has_ret && ev->ret < 0)
		return false;
	if (f->path_glob && !path_match(f->path_glob, ev))
		return false;
	return true;
}

void filter_release(struct filter *f)
{
	u32map_release(&f->tree);
}
