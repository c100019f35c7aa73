// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "model/replay.h"
#include "util/util.h"

struct replay {
	struct tf_reader *rd;
	struct model *m;
	uint64_t lost;
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

const struct tf_info *replay__info(const struct replay *r)
{
	return tf_reader__info(r->rd);
}

int replay__next(struct replay *r, struct trail_event *ev)
{
	const void *rec;
	size_t size;
	char why[128];
	int ret;

	for (;;) {
		ret = tf_reader__next(r->rd, &rec, &size);
		if (ret <= 0) {
			if (ret < 0)
				snprintf(r->err, sizeof(r->err), "%s", tf_reader__error(r->rd));
			return ret;
		}
		ret = trail_event_decode(ev, rec, size, tf_reader__info(r->rd)->mono_start_ns,
					 why, sizeof(why));
		if (ret == DECODE_SKIP)
			continue;
		if (ret < 0) {
			snprintf(r->err, sizeof(r->err), "%s, ending before byte %llu", why,
				 (unsigned long long)tf_reader__offset(r->rd));
			return ret;
		}
		if (ev->type == TE_LOST)
			r->lost += ev->lost;
		model__apply(r->m, ev);
		/* an identity record that changes nothing (every exec makes
		 * new credentials; a child starts as its parent) is news to
		 * nobody */
		if (ev->type == TE_ident && ev->id_before && !ev->id_changed)
			continue;
		return 1;
	}
}

const char *replay__error(const struct replay *r)
{
	return r->err;
}

bool replay__complete(const struct replay *r)
{
	return tf_reader__complete(r->rd);
}

uint64_t replay__offset(const struct replay *r)
{
	return tf_reader__offset(r->rd);
}

uint64_t replay__lost(const struct replay *r)
{
	return r->lost;
}

const struct tf_stats *replay__stats(const struct replay *r)
{
	return tf_reader__stats(r->rd);
}

void replay__free(struct replay *r)
{
	if (!r)
		return;
	model__free(r->m);
	tf_reader__free(r->rd);
	free(r);
}
