/* SPDX-License-Identifier: MIT */
/* Small helpers used everywhere: allocation, the CLI's error line, a map. */
#ifndef TRAIL_UTIL_H
#define TRAIL_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* n (its next NULL) at the end of the list first..last, linked by next. */
#define LIST_APPEND(first, last, n) do {				\
		if (last)						\
			(last)->next = (n);				\
		else							\
			(first) = (n);					\
		(last) = (n);						\
	} while (0)

/* free(arr[i].field) for each of the n elements, then free(arr). */
#define FREE_EACH(arr, n, field) do {					\
		size_t i_;						\
									\
		for (i_ = 0; i_ < (n); i_++)				\
			free((arr)[i_].field);				\
		free(arr);						\
	} while (0)

/* Serve the next few large allocations (libbpf's copies of the kernel's
 * BTF) from heap memory backed by transparent huge pages: see util.c. */
void heap_hugepages(size_t bytes);
/* Give the heap's free memory back (libbpf has freed its BTF by then),
 * and large blocks to mmap again. */
void heap_release(void);

/* Allocation failure is not recoverable for a CLI tool: these abort with
 * one line instead of returning NULL (git's xmalloc). */
void *xmalloc(size_t n) __attribute__((returns_nonnull));
void *xcalloc(size_t n, size_t size) __attribute__((returns_nonnull));
void *xrealloc(void *p, size_t n) __attribute__((returns_nonnull));
char *xstrdup(const char *s) __attribute__((returns_nonnull));
char *xstrndup(const char *s, size_t n) __attribute__((returns_nonnull));
/* open_memstream(3), never NULL. */
FILE *xopen_memstream(char **buf, size_t *len) __attribute__((returns_nonnull));
/* arr, of *cap elements of size bytes, grown if need be to hold element
 * index: *cap doubled (from first) until it does, the new elements zeroed.
 * Returns the array, perhaps moved. */
void *xgrow_zeroed(void *arr, uint32_t *cap, uint32_t index, size_t size, uint32_t first);

/* Writes a message into buf (a library function's "why") and returns err. */
int msgf(char *buf, size_t len, int err, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The one way the CLI reports an error: "trail: <message>" on stderr, one
 * line: the message is escaped as text output is (util/escape.h), so a
 * quoted path or argument cannot break it or reach the terminal raw. */
void trail_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void trail_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same with a head and a tail of trail's own ("trail: ", ""). */
void trail_vmsg(const char *head, const char *fmt, va_list ap, const char *tail);
extern int trail_verbose;
/* With TRAIL_TIMING=1 in the environment: one line on stderr per phase of
 * start-up and tear-down, the CLOCK_MONOTONIC time since the process
 * started and since the previous phase, the peak RSS so far (VmHWM) and
 * the CPU time of the recorder's threads (not its children's): where the
 * time and the memory go (docs/bench.md). */
void trail_phase(const char *what);

/* The mount point of a file system of this type (and, for cgroup v1,
 * with this option) from /proc/self/mountinfo: 0, or -ENOENT. */
int find_mount(const char *fstype, const char *opt, char *out, size_t outlen);

/* The first line of the file at path (a line of up to 4 KiB) that match
 * takes, having written its answer into out: 0, -ENOENT when no line
 * does, or -errno when the file cannot be opened. */
typedef bool line_match_fn(char *line, const void *arg, char *out, size_t outlen);
int find_line(const char *path, line_match_fn *match, const void *arg, char *out, size_t outlen);

/*
 * Creates the output file path exclusively, mode 0600 (it may hold argv and
 * environments), never through a planted symlink, never over an existing
 * file without force, which replaces only a regular file or a symlink
 * (never unlinks a device).  A device or FIFO (/dev/stdout, a pipe) is
 * opened as it is.  *created (if not NULL) says whether a file was made,
 * to be removed after a failure.  Returns the fd, or -errno.
 */
int output_open(const char *path, bool force, bool *created);
/* The new file itself: O_EXCL, O_NOFOLLOW, mode 0600, and under sudo given
 * to the sudo user (SUDO_UID, SUDO_GID) like the recording.  fd or -errno. */
int output_create(const char *path);
/* Run by sudo: real and effective uid 0 and SUDO_UID a plain non-zero
 * number (SUDO_GID too, else gid -1).  Anything else is not trusted. */
bool sudo_caller(unsigned int *uid, unsigned int *gid);

/* Open-addressing hash map from a 32-bit key to a pointer. */
struct u32map {
	uint32_t *keys;
	void **vals;
	size_t cap;	/* power of two */
	size_t len;
	size_t tombs;
};

void *u32map_get(const struct u32map *m, uint32_t key);
void u32map_put(struct u32map *m, uint32_t key, void *val);
void *u32map_del(struct u32map *m, uint32_t key);
void u32map_release(struct u32map *m);
/* Iterate: for (size_t i = 0; u32map_next(m, &i, &k, &v);) */
bool u32map_next(const struct u32map *m, size_t *it, uint32_t *key, void **val);



/* Interned strings: each distinct string gets a stable id from 1. */
struct strtab;
struct strtab *strtab_new(void);
uint32_t strtab_intern(struct strtab *t, const char *s, size_t len);
/* s's id if interned, else 0 (adds nothing). */
uint32_t strtab_find(const struct strtab *t, const char *s, size_t len);
const char *strtab_str(const struct strtab *t, uint32_t id);
void strtab_free(struct strtab *t);
#endif
