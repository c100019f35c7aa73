// SPDX-License-Identifier: MIT
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/util.h"
#include "views/firstpath.h"

/* One process's (kind, path) pairs: open addressing on a 64-bit hash,
 * the bytes kept to compare (a hash collision must not hide an event). */
struct pathset {
	struct slot {
		uint64_t h;
		char *key;           /* kind byte, then the path; NULL: empty */
		size_t len;
	} *slots;
	size_t cap, len;         /* cap: a power of two */
};

struct firstpath {
	struct u32map procs;     /* tgid -> struct pathset */
	size_t total;
};

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--)
		h = (h ^ (unsigned char)*p++) * 0x100000001b3ull;
	return h;
}

static void set_free(struct pathset *s)
{
	size_t i;

	for (i = 0; s && i < s->cap; i++)
		free(s->slots[i].key);
	if (s)
		free(s->slots);
	free(s);
}

/* The slot of key, or the empty one where it goes. */
static struct slot *set_find(struct pathset *s, uint64_t h, const char *key, size_t len)
{
	size_t i = h & (s->cap - 1);

	while (s->slots[i].key && (s->slots[i].h != h || s->slots[i].len != len ||
				   memcmp(s->slots[i].key, key, len)))
		i = (i + 1) & (s->cap - 1);
	return &s->slots[i];
}

static void set_grow(struct pathset *s)
{
	struct pathset n = { .cap = s->cap ? s->cap * 2 : 8 };
	size_t i;

	n.slots = xcalloc(n.cap, sizeof(*n.slots));
	for (i = 0; i < s->cap; i++)
		if (s->slots[i].key)
			*set_find(&n, s->slots[i].h, s->slots[i].key, s->slots[i].len) = s->slots[i];
	free(s->slots);
	s->slots = n.slots;
	s->cap = n.cap;
}

/* The path an event is about, as the filters see it: absolute if the
 * replay knows it, else as given, else the kernel's; or none. */
static bool event_path(const struct trail_event *ev, const char **p, size_t *n)
{
	if (ev->abs[0]) {
		*p = ev->abs[0];
		*n = strlen(ev->abs[0]);
	} else if (ev->path[0].len) {
		*p = ev->path[0].p;
		*n = ev->path[0].len;
	} else if (ev->filename.len) {
		*p = ev->filename.p;
		*n = ev->filename.len;
	} else if (ev->real.len && !ev->real_addr) {
		*p = ev->real.p;
		*n = ev->real.len;
	} else {
		return false;
	}
	return *n <= TRAIL_PATH_MAX;
}

struct firstpath *firstpath__new(void)
{
	return xcalloc(1, sizeof(struct firstpath));
}

static void forget_all(struct firstpath *fp)
{
	size_t it = 0;
	uint32_t pid;
	void *v;

	while (u32map_next(&fp->procs, &it, &pid, &v))
		set_free(v);
	u32map_release(&fp->procs);
	memset(&fp->procs, 0, sizeof(fp->procs));
	fp->total = 0;
}

bool firstpath__first(struct firstpath *fp, const struct trail_event *ev)
{
	char key[TRAIL_PATH_MAX + 1];
	struct pathset *s;
	struct slot *sl;
	const char *p;
	size_t n;
	uint64_t h;

	if (!event_path(ev, &p, &n))
		return true;
	key[0] = (char)ev->type;
	memcpy(key + 1, p, n);
	h = fnv1a(key, n + 1);
	if (fp->total >= FIRSTPATH_MAX)
		forget_all(fp);
	s = u32map_get(&fp->procs, ev->hdr->pid);
	if (!s) {
		s = xcalloc(1, sizeof(*s));
		u32map_put(&fp->procs, ev->hdr->pid, s);
	}
	if ((s->len + 1) * 4 > s->cap * 3)
		set_grow(s);
	sl = set_find(s, h, key, n + 1);
	if (sl->key)
		return false;
	sl->h = h;
	sl->len = n + 1;
	sl->key = xmalloc(n + 1);
	memcpy(sl->key, key, n + 1);
	s->len++;
	fp->total++;
	return true;
}

void firstpath__see(struct firstpath *fp, const struct trail_event *ev)
{
	struct pathset *s;

	if (ev->type != TE_exit || !(ev->hdr->flags & TRAIL_F_GROUP_DEAD))
		return;
	s = u32map_del(&fp->procs, ev->hdr->pid);
	if (s)
		fp->total -= s->len;
	set_free(s);
}

size_t firstpath__size(const struct firstpath *fp)
{
	return fp->total;
}

void firstpath__free(struct firstpath *fp)
{
	if (!fp)
		return;
	forget_all(fp);
	free(fp);
}
