// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <unistd.h>
#include <malloc.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include "util/escape.h"
#include "util/util.h"

int trail_verbose;

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The process's start, from /proc/self/stat's starttime (clock ticks
 * since boot, the same clock as CLOCK_MONOTONIC's but for suspend). */
static double start_ms(void)
{
	char buf[1024], *p;
	unsigned long long ticks = 0;
	FILE *f = fopen("/proc/self/stat", "re");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	int i;

	if (f)
		fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');
	for (i = 0; p && i < 20; i++)	/* field 22, counted from the state's */
		p = strchr(p + 1, ' ');
	if (p)
		ticks = strtoull(p + 1, NULL, 10);
	return ticks ? ticks * 1e3 / sysconf(_SC_CLK_TCK) : mono_ms();
}

/* The process's peak resident set, VmHWM in /proc/self/status (KiB). */
static long peak_rss_kib(void)
{
	char line[256];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmHWM:", 6))
			kib = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kib;
}

void trail_phase(const char *what)
{
	static int on = -1;
	static double t0, last;
	struct rusage ru;
	double now;

	if (on < 0) {
		on = getenv("TRAIL_TIMING") != NULL;
		if (on)
			t0 = last = start_ms();
	}
	if (!on)
		return;
	now = mono_ms();
	getrusage(RUSAGE_SELF, &ru);	/* every thread of ours, no child */
	fprintf(stderr, "trail: timing: %-24s %8.1f ms  +%7.1f ms  peak RSS %ld KiB  cpu %.1f ms\n",
		what, now - t0, now - last, peak_rss_kib(),
		(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
	last = now;
}

static void __attribute__((noreturn)) oom(size_t n)
{
	fprintf(stderr, "trail: out of memory (allocating %zu bytes)\n", n);
	abort();
}

FILE *xopen_memstream(char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);

	if (!f)
		oom(BUFSIZ);
	return f;
}

/*
 * Each first touch of a fresh 4 KiB page is a fault, and on a virtual
 * machine with shadow paging (PVM) a fault costs ~12 us: libbpf's parse of
 * the kernel's BTF (a 5-6 MiB read into one buffer, copied into another)
 * spent ~35 ms of each start there.  Large blocks come from the brk heap
 * instead of mmap, stay there once freed, and the heap's top is marked for
 * huge pages: a fault per 2 MiB.  Where THP is off, nothing changes.
 */
void heap_hugepages(size_t bytes)
{
	const uintptr_t huge = 2u << 20;
	static bool done;
	uintptr_t a, e;
	char *p;

	if (done)
		return;
	done = true;
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	p = malloc(bytes);
	if (!p)
		return;
	a = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	e = ((uintptr_t)p + bytes) & ~(huge - 1);
	if (e > a)
		madvise((void *)a, e - a, MADV_HUGEPAGE);
	free(p);
}

void heap_release(void)
{
	/* glibc's starting values: a long recording (watch) allocates and
	 * frees as usual, and gives back what it frees */
	mallopt(M_MMAP_THRESHOLD, 128 << 10);
	mallopt(M_TRIM_THRESHOLD, 128 << 10);
	malloc_trim(0);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void *xgrow_zeroed(void *arr, uint32_t *cap, uint32_t index, size_t size, uint32_t first)
{
	uint32_t n;

	if (index < *cap)
		return arr;
	n = *cap ? *cap * 2 : first;
	while (n <= index)
		n *= 2;
	arr = xrealloc(arr, n * size);
	memset((char *)arr + *cap * size, 0, (n - *cap) * size);
	*cap = n;
	return arr;
}

int msgf(char *buf, size_t len, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return err;
}

void trail_vmsg(const char *head, const char *fmt, va_list ap, const char *tail)
{
	char *msg = NULL;
	int n = vasprintf(&msg, fmt, ap);

	fflush(stdout);
	fputs(head, stderr);
	if (n >= 0)
		esc_write(stderr, msg, n, ESC_BARE);	/* one line, whatever it quotes */
	fputs(tail, stderr);
	fputc('\n', stderr);
	free(msg);
}

void trail_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	trail_vmsg("trail: ", fmt, ap, "");
	va_end(ap);
}

void trail_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	trail_vmsg("trail: warning: ", fmt, ap, "");
	va_end(ap);
}

/* u32map: linear probing; a NULL value marks an empty slot and a
 * private address marks a deleted one, so any key is allowed. */
#define EMPTY_VAL NULL
static char tomb_marker;
#define TOMB_VAL ((void *)&tomb_marker)

static size_t slot_of(uint32_t key, size_t cap)
{
	uint32_t h = key * 2654435761u;

	return (h ^ (h >> 16)) & (cap - 1);
}

/* The slot that holds key, or SIZE_MAX. */
static inline size_t find_slot(const struct u32map *m, uint32_t key)
{
	size_t i;

	if (!m->cap)
		return SIZE_MAX;
	for (i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->vals[i] == EMPTY_VAL)
			return SIZE_MAX;
		if (m->vals[i] != TOMB_VAL && m->keys[i] == key)
			return i;
	}
}

void *u32map_get(const struct u32map *m, uint32_t key)
{
	size_t i = find_slot(m, key);

	return i == SIZE_MAX ? NULL : m->vals[i];
}

static void grow(struct u32map *m)
{
	struct u32map n = { 0 };
	size_t i;

	n.cap = m->cap ? m->cap * 2 : 64;
	if (m->len * 4 < m->cap)	/* mostly tombstones: rehash in place size */
		n.cap = m->cap;
	n.keys = xcalloc(n.cap, sizeof(*n.keys));
	n.vals = xcalloc(n.cap, sizeof(*n.vals));
	for (i = 0; i < m->cap; i++)
		if (m->vals[i] != EMPTY_VAL && m->vals[i] != TOMB_VAL)
			u32map_put(&n, m->keys[i], m->vals[i]);
	free(m->keys);
	free(m->vals);
	*m = n;
}

void u32map_put(struct u32map *m, uint32_t key, void *val)
{
	size_t i, slot = SIZE_MAX;

	if ((m->len + m->tombs + 1) * 4 > m->cap * 3)
		grow(m);
	for (i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->vals[i] == EMPTY_VAL)
			break;
		if (m->vals[i] == TOMB_VAL) {
			if (slot == SIZE_MAX)
				slot = i;
		} else if (m->keys[i] == key) {
			m->vals[i] = val;
			return;
		}
	}
	if (slot == SIZE_MAX)
		slot = i;
	else
		m->tombs--;
	m->keys[slot] = key;
	m->vals[slot] = val;
	m->len++;
}

void *u32map_del(struct u32map *m, uint32_t key)
{
	size_t i = find_slot(m, key);
	void *v;

	if (i == SIZE_MAX)
		return NULL;
	v = m->vals[i];
	m->vals[i] = TOMB_VAL;
	m->len--;
	m->tombs++;
	return v;
}

bool u32map_next(const struct u32map *m, size_t *it, uint32_t *key, void **val)
{
	for (; *it < m->cap; (*it)++) {
		if (m->vals[*it] != EMPTY_VAL && m->vals[*it] != TOMB_VAL) {
			*key = m->keys[*it];
			*val = m->vals[*it];
			(*it)++;
			return true;
		}
	}
	return false;
}

void u32map_release(struct u32map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

struct strtab {
	uint32_t *slots;	/* id, 0 empty */
	size_t cap;
	const char **strs;	/* by id */
	uint32_t *lens;
	uint32_t n;		/* ids used, id 0 unused */
	size_t cap_ids;
};

struct strtab *strtab_new(void)
{
	struct strtab *t = xcalloc(1, sizeof(*t));

	t->n = 1;
	return t;
}

static void strtab_grow(struct strtab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024, i, j;
	uint32_t *slots = xcalloc(cap, sizeof(*slots));

	for (i = 0; i < t->cap; i++) {
		uint32_t id = t->slots[i];

		if (!id)
			continue;
		for (j = hash_bytes(t->strs[id], t->lens[id]) & (cap - 1); slots[j]; j = (j + 1) & (cap - 1))
			;
		slots[j] = id;
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
}

/* The slot holding s, or the empty one where it would go (cap > 0). */
static size_t strtab_slot(const struct strtab *t, const char *s, size_t len)
{
	size_t i;

	for (i = hash_bytes(s, len) & (t->cap - 1); t->slots[i]; i = (i + 1) & (t->cap - 1)) {
		uint32_t id = t->slots[i];

		if (t->lens[id] == len && !memcmp(t->strs[id], s, len))
			break;
	}
	return i;
}

uint32_t strtab_find(const struct strtab *t, const char *s, size_t len)
{
	return t->cap ? t->slots[strtab_slot(t, s, len)] : 0;
}

uint32_t strtab_intern(struct strtab *t, const char *s, size_t len)
{
	size_t i;

	if ((t->n + 1) * 4 > t->cap * 3)
		strtab_grow(t);
	i = strtab_slot(t, s, len);
	if (t->slots[i])
		return t->slots[i];
	if (t->n >= t->cap_ids) {
		t->cap_ids = t->cap_ids ? t->cap_ids * 2 : 1024;
		t->strs = xrealloc(t->strs, t->cap_ids * sizeof(*t->strs));
		t->lens = xrealloc(t->lens, t->cap_ids * sizeof(*t->lens));
	}
	t->strs[t->n] = xstrndup(s, len);
	t->lens[t->n] = len;
	t->slots[i] = t->n;
	return t->n++;
}

void strtab_free(struct strtab *t)
{
	uint32_t i;

	if (!t)
		return;
	for (i = 1; i < t->n; i++)
		free((char *)t->strs[i]);
	free(t->strs);
	free(t->lens);
	free(t->slots);
	free(t);
}

const char *strtab_str(const struct strtab *t, uint32_t id)
{
	return id && id < t->n ? t->strs[id] : NULL;
}

int find_line(const char *path, line_match_fn *match, const void *arg, char *out, size_t outlen)
{
	FILE *f = fopen(path, "re");
	char line[4096];
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (match(line, arg, out, outlen)) {
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

struct mount_want {
	const char *fstype, *opt;
};

static bool mount_line(char *line, const void *arg, char *out, size_t outlen)
{
	const struct mount_want *w = arg;
	char mnt[PATH_MAX], type[64], opts[1024];
	char *sep = strstr(line, " - ");

	if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
	    sscanf(sep + 3, "%63s %*s %1023s", type, opts) != 2)
		return false;
	if (strcmp(type, w->fstype) || (w->opt && !strstr(opts, w->opt)))
		return false;
	snprintf(out, outlen, "%s", mnt);
	return true;
}

int find_mount(const char *fstype, const char *opt, char *out, size_t outlen)
{
	struct mount_want w = { fstype, opt };

	return find_line("/proc/self/mountinfo", mount_line, &w, out, outlen);
}

int output_open(const char *path, bool force, bool *created)
{
	struct stat sb;
	int fd;

	if (created)
		*created = false;
	if (!lstat(path, &sb) && (S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode))) {
		fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	if (!lstat(path, &sb) && S_ISDIR(sb.st_mode))
		return -EISDIR;		/* not "exists: use --force" */
	if (force && !lstat(path, &sb) && (S_ISREG(sb.st_mode) || S_ISLNK(sb.st_mode)) &&
	    unlink(path))
		return -errno;
	fd = output_create(path);
	if (fd >= 0 && created)
		*created = true;
	return fd;
}

/* A decimal id as sudo writes it: digits only, below (uid_t)-1. */
static bool parse_id(const char *s, unsigned int *out)
{
	unsigned long long v = 0;

	if (!s || !*s || strlen(s) > 10)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
	}
	if (v >= UINT32_MAX)
		return false;
	*out = v;
	return true;
}

bool sudo_caller(unsigned int *uid, unsigned int *gid)
{
	/* sudo runs us with real and effective uid 0; anyone else who sets
	 * SUDO_UID gets nothing from it (and could not chown anyway) */
	if (getuid() != 0 || geteuid() != 0 || !parse_id(getenv("SUDO_UID"), uid) || !*uid)
		return false;
	if (!parse_id(getenv("SUDO_GID"), gid))
		*gid = (unsigned int)-1;
	return true;
}

int output_create(const char *path)
{
	unsigned int uid, gid;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return -errno;
	/* the file is the sudo user's, as if they had made it; 0600 stays */
	if (sudo_caller(&uid, &gid) && fchown(fd, uid, gid))
		trail_warn("can't give '%s' to the sudo user: %s", path, strerror(errno));
	return fd;
}
