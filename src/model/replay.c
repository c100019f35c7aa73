// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/replay.h"
#include "util/util.h"

struct replay {
	struct tf_reader *rd;          /* NULL when live */
	struct tf_info live;           /* the info of a live replay */
	struct tf_stats live_st;
	struct model *m;
	uint64_t lost;
	uint64_t kernel, quiet;        /* replay__kernel_records, replay__quiet */
	char err[320];
};

int replay__open(struct replay **out, const char *path, char *err, size_t errlen)
{
	struct replay *r = xcalloc(1, sizeof(*r));
	int ret = tf_reader__open(&r->rd, path, err, errlen);
	const struct tf_info *info;
	unsigned int i;

	if (ret) {
		free(r);
		return ret;
	}
	/* --syscall: the file says what its generic records are (the reader
	 * checked each description) */
	info = tf_reader__info(r->rd);
	for (i = 0; i < info->nsyscalls; i++)
		systab_register(&info->syscalls[i]);
	r->m = model__new(tf_reader__info(r->rd));
	*out = r;
	return 0;
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

struct replay *replay__open_live(const struct tf_meta *meta)
{
	struct replay *r = xcalloc(1, sizeof(*r));
	struct tf_info *in = &r->live;
	size_t n = 0, len = 1, i;

	in->version = TF_VERSION;
	in->flags = meta->flags;
	in->mono_start_ns = meta->mono_start_ns;
	in->wall_start_ns = meta->wall_start_ns;
	in->trail_version = dup_or_empty(meta->trail_version);
	in->kernel = dup_or_empty(meta->kernel);
	in->hostname = dup_or_empty(meta->hostname);
	in->cwd = dup_or_empty(meta->cwd);
	in->target = dup_or_empty(meta->target);
	in->boot_id = dup_or_empty(meta->boot_id);
	if (meta->recording_id)
		tf_id_hex(meta->recording_id, in->recording_id);
	while (meta->argv && meta->argv[n])
		len += strlen(meta->argv[n++]) + 1;
	in->argv = xcalloc(n + 1, sizeof(char *));
	in->command = xcalloc(1, len);
	for (i = 0; i < n; i++) {
		in->argv[i] = xstrdup(meta->argv[i]);
		if (i)
			strcat(in->command, " ");
		strcat(in->command, meta->argv[i]);
	}
	r->live_st.exit_status = -1;
	r->m = model__new(in);
	return r;
}

const struct tf_info *replay__info(const struct replay *r)
{
	return r->rd ? tf_reader__info(r->rd) : &r->live;
}

/* The part of replay__next after reading: decode, count, model. */
static int take(struct replay *r, const void *rec, size_t size, struct trail_event *ev)
{
	char why[128];
	int ret;

	ret = trail_event_decode(ev, rec, size, replay__info(r)->mono_start_ns, why, sizeof(why));
	if (ret == DECODE_SKIP)
		return 0;
	if (ret < 0) {
		if (r->rd)
			snprintf(r->err, sizeof(r->err), "%s, ending before byte %llu", why,
				 (unsigned long long)tf_reader__offset(r->rd));
		else
			snprintf(r->err, sizeof(r->err), "%s", why);
		return ret;
	}
	if (ev->type == TE_lost)
		r->lost += ev->lost;
	else if (!(ev->hdr->flags & TRAIL_F_LATE))
		r->kernel++;
	ev->wall_ns = replay__info(r)->wall_start_ns ? replay__info(r)->wall_start_ns + ev->time_ns : 0;
	model__apply(r->m, ev);
	/* an identity record that changes nothing (every exec makes new
	 * credentials; a child starts as its parent) is news to nobody */
	if (ev->type == TE_ident && ev->id_before && !ev->id_changed) {
		r->quiet += !(ev->hdr->flags & TRAIL_F_LATE);
		return 0;
	}
	return 1;
}

uint64_t replay__kernel_records(const struct replay *r)
{
	return r->kernel;
}

uint64_t replay__quiet(const struct replay *r)
{
	return r->quiet;
}

int replay__feed(struct replay *r, const void *rec, size_t size, struct trail_event *ev)
{
	return take(r, rec, size, ev);
}

int replay__next(struct replay *r, struct trail_event *ev)
{
	const void *rec;
	size_t size;
	int ret;

	if (!r->rd)
		return 0;
	for (;;) {
		ret = tf_reader__next(r->rd, &rec, &size);
		if (ret <= 0) {
			if (ret < 0)
				snprintf(r->err, sizeof(r->err), "%s", tf_reader__error(r->rd));
			return ret;
		}
		ret = take(r, rec, size, ev);
		if (ret)
			return ret;
	}
}

const char *replay__error(const struct replay *r)
{
	return r->err;
}

bool replay__complete(const struct replay *r)
{
	return r->rd ? tf_reader__complete(r->rd) : true;
}

uint64_t replay__offset(const struct replay *r)
{
	return r->rd ? tf_reader__offset(r->rd) : 0;
}

uint64_t replay__lost(const struct replay *r)
{
	return r->lost;
}

const struct tf_stats *replay__stats(const struct replay *r)
{
	return r->rd ? tf_reader__stats(r->rd) : &r->live_st;
}

void replay__free(struct replay *r)
{
	if (!r)
		return;
	model__free(r->m);
	tf_reader__free(r->rd);
	if (!r->rd) {
		struct tf_info *in = &r->live;
		size_t i;

		for (i = 0; in->argv && in->argv[i]; i++)
			free(in->argv[i]);
		free(in->argv);
		free(in->command);
		free(in->trail_version);
		free(in->kernel);
		free(in->hostname);
		free(in->cwd);
		free(in->target);
		free(in->boot_id);
	}
	free(r);
}
