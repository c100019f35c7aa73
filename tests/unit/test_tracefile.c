// SPDX-License-Identifier: MIT
/*
 * Trace file writer/reader: a round trip through real files, then every
 * kind of damage a file can have.  Damage must give a negative return and
 * a message (with the byte offset where it was found), never a crash or a
 * hang; a file cut short by a killed recorder is not damage and reads up to
 * its last complete chunk.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include "harness.h"
#include "tracefile/tracefile.h"
#include "model/replay.h"

#define HDR_SIZE sizeof(struct trail_ev_hdr)
#define CHUNK_SIZE sizeof(struct tf_chunk)
/* tf_reader__next calls allowed per file before we call it a hang */
#define NEXT_LIMIT 1000000

static char tmp_dir[] = "/tmp/trail-test-tf-XXXXXX";
static char tmp_path[256];	/* scratch trace file, rewritten by each case */
static char msg[512];		/* CHECK descriptions built at run time */

/* ------------------------------------------------------------------ */
/* helpers                                                            */

static void die(const char *what)
{
	printf("FAIL %s: setup: %s: %s\n", harness_test, what, strerror(errno));
	fflush(stdout);
	exit(1);
}

static void on_alarm(int sig)
{
	static const char m[] = "FAIL watchdog: test hung (no progress in 300 s)\n";
	ssize_t k;

	(void)sig;
	k = write(1, m, sizeof(m) - 1);
	(void)k;
	_exit(1);
}

struct buf {
	unsigned char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("realloc");
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static void put_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	const char *c = p;

	if (fd < 0)
		die("open for writing");
	while (n) {
		ssize_t k = write(fd, c, n);

		if (k <= 0)
			die("write");
		c += k;
		n -= k;
	}
	close(fd);
}

static unsigned char *get_file(const char *path, size_t *n)
{
	struct stat sb;
	unsigned char *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	if (fd < 0 || fstat(fd, &sb))
		die("open for reading");
	p = malloc(sb.st_size + 1);
	if (!p)
		die("malloc");
	while (got < (size_t)sb.st_size) {
		ssize_t k = read(fd, p + got, sb.st_size - got);

		if (k <= 0)
			die("read");
		got += k;
	}
	close(fd);
	*n = got;
	return p;
}

/* A record of any kind and size with recognisable contents. */
static void fill_rec(unsigned char *p, uint16_t kind, uint32_t size, uint32_t seed)
{
	struct trail_ev_hdr h;
	uint32_t x = seed * 2654435761u + 12345u;
	size_t i;

	for (i = 0; i < size; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = x >> 16;
	}
	memset(&h, 0, sizeof(h));
	h.kind = kind;
	h.flags = seed & 0x7f;
	h.size = size;
	h.ts = 1000000ull * seed + 7;
	h.pid = 100 + seed % 13;
	h.tid = 100 + seed % 29;
	h.uid = 1000;
	h.gid = 1000;
	snprintf(h.comm, sizeof(h.comm), "rec%u", seed);
	memcpy(p, &h, sizeof(h));
}

/* A set of records kept for comparison. */
struct recset {
	unsigned char **rec;
	size_t *size;
	size_t n, cap;
};

static const unsigned char *recset_add(struct recset *s, uint16_t kind, uint32_t size)
{
	unsigned char *p = malloc(size);

	if (!p)
		die("malloc");
	fill_rec(p, kind, size, (uint32_t)s->n + 1);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->rec = realloc(s->rec, s->cap * sizeof(*s->rec));
		s->size = realloc(s->size, s->cap * sizeof(*s->size));
		if (!s->rec || !s->size)
			die("realloc");
	}
	s->rec[s->n] = p;
	s->size[s->n] = size;
	s->n++;
	return p;
}

static void recset_free(struct recset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->rec[i]);
	free(s->rec);
	free(s->size);
	memset(s, 0, sizeof(*s));
}

static char *const small_argv[] = { "make", "-j4", "all", NULL };

static struct tf_meta small_meta(void)
{
	struct tf_meta m = {
		.mono_start_ns = 123456789ull,
		.wall_start_ns = 1700000000123456789ull,
		.flags = TF_HF_NO_ENV,
		.trail_version = "0.1.0-test",
		.kernel = "6.1.0-13-amd64",
		.hostname = "buildhost",
		.cwd = "/home/user/src/project",
		.argv = small_argv,
	};
	return m;
}

/* Writes the records of s to path; flush_after[i] ends a chunk after
 * record i (NULL: chunks only as the writer decides).  Trailer if finish. */
static int write_trace(const char *path, const struct tf_meta *m, const struct recset *s,
		       const bool *flush_after, bool finish, struct tf_stats *st)
{
	struct tf_writer *w = NULL;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int err;
	size_t i;

	if (fd < 0)
		die("open trace for writing");
	err = tf_writer__new(&w, fd, m);
	for (i = 0; !err && i < s->n; i++) {
		err = tf_writer__add(w, s->rec[i], s->size[i]);
		if (!err && flush_after && flush_after[i])
			err = tf_writer__flush(w);
	}
	if (!err && finish)
		err = tf_writer__finish(w, st);
	else if (!err)
		err = tf_writer__flush(w);
	tf_writer__free(w);
	close(fd);
	return err;
}

/* What reading a whole file gave. */
struct rd {
	int open_ret;
	char open_err[256];
	int ret;		/* what ended the loop: 0 or < 0 */
	int again;		/* the call after that */
	size_t n;		/* records returned */
	bool match;		/* ... and each equal to the expected one, in order */
	bool bad_rec;		/* a record broke the API contract */
	bool hang;
	bool complete;
	uint64_t offset;
	char err[256];
	struct tf_stats st;
};

static bool rec_contract_ok(const void *rec, size_t size)
{
	struct trail_ev_hdr h;

	if (!rec || ((uintptr_t)rec & 7) || size < HDR_SIZE)
		return false;
	memcpy(&h, rec, sizeof(h));
	return h.size == size;
}

static void read_trace(const char *path, const struct recset *ex, struct rd *o)
{
	struct tf_reader *r = NULL;
	const void *rec;
	size_t size, guard;

	memset(o, 0, sizeof(*o));
	o->open_ret = tf_reader__open(&r, path, o->open_err, sizeof(o->open_err));
	if (o->open_ret)
		return;
	o->match = true;
	for (guard = 0;; guard++) {
		int ret;

		if (guard == NEXT_LIMIT) {
			o->hang = true;
			break;
		}
		rec = NULL;
		size = 0;
		ret = tf_reader__next(r, &rec, &size);
		if (ret != 1) {
			o->ret = ret;
			break;
		}
		if (!rec_contract_ok(rec, size))
			o->bad_rec = true;
		else if (ex && (o->n >= ex->n || size != ex->size[o->n] ||
				memcmp(rec, ex->rec[o->n], size)))
			o->match = false;
		else if (!ex)
			o->match = false;
		o->n++;
	}
	o->again = tf_reader__next(r, &rec, &size);
	snprintf(o->err, sizeof(o->err), "%s", tf_reader__error(r) ? tf_reader__error(r) : "");
	o->complete = tf_reader__complete(r);
	o->offset = tf_reader__offset(r);
	o->st = *tf_reader__stats(r);
	tf_reader__free(r);
}

/* Does s say "byte N" for N == a or N == b? */
static bool says_byte(const char *s, uint64_t a, uint64_t b)
{
	const char *p = s;

	while ((p = strstr(p, "byte ")) != NULL) {
		char *end;
		unsigned long long v;

		p += 5;
		v = strtoull(p, &end, 10);
		if (end != p && (v == a || v == b))
			return true;
	}
	return false;
}

/* Chunk offsets of a file (from its header_size on); returns their count. */
static size_t walk_chunks(const unsigned char *f, size_t len, size_t *offs, size_t max)
{
	struct tf_header h;
	size_t off, n = 0;

	memcpy(&h, f, sizeof(h));
	for (off = h.header_size; off + CHUNK_SIZE <= len && n < max;) {
		struct tf_chunk c;

		memcpy(&c, f + off, sizeof(c));
		offs[n++] = off;
		off += CHUNK_SIZE + c.len;
	}
	return n;
}

static struct tf_chunk get_chunk(const unsigned char *f, size_t off)
{
	struct tf_chunk c;

	memcpy(&c, f + off, sizeof(c));
	return c;
}

static void set_chunk(unsigned char *f, size_t off, const struct tf_chunk *c)
{
	memcpy(f + off, c, sizeof(*c));
}

/* Recomputes the CRC of the chunk at off after its payload was changed. */
static void fix_crc(unsigned char *f, size_t off)
{
	struct tf_chunk c = get_chunk(f, off);

	c.crc = crc32(crc32(0, NULL, 0), f + off + CHUNK_SIZE, c.len);
	set_chunk(f, off, &c);
}

static void add_chunk(struct buf *b, uint32_t type, const void *payload, uint32_t len,
		      uint32_t nrec)
{
	struct tf_chunk c = {
		.magic = TF_CHUNK_MAGIC, .type = type, .len = len, .nrec = nrec,
		.crc = crc32(crc32(0, NULL, 0), payload, len), .codec = 0,
	};

	buf_add(b, &c, sizeof(c));
	buf_add(b, payload, len);
}

/*
 * The base file for damage: three RECORDS chunks of 3, 2 and 4 records,
 * then the trailer.
 */
static struct recset base_recs;
static unsigned char *base;
static size_t base_len, base_hsize, base_chunk[4];

static void make_base(void)
{
	static const uint32_t sizes[9] = { 56, 61, 48, 93, 80, 72, 49, 103, 200 };
	static const uint16_t kinds[9] = { TRAIL_EV_EXIT, TRAIL_EV_SYS, TRAIL_EV_LOST,
					   TRAIL_EV_SYS, TRAIL_EV_FORK, TRAIL_EV_SYS,
					   TRAIL_EV_EXIT, TRAIL_EV_SYS, TRAIL_EV_EXEC };
	bool flush[9] = { [2] = true, [4] = true };
	struct tf_meta m = small_meta();
	struct tf_stats st;
	struct tf_header h;
	size_t i;

	memset(&st, 0, sizeof(st));
	st.exit_status = 0;
	st.end_mono_ns = 5555;
	st.drops[TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX + TRAIL_EV_SYS] = 2;
	for (i = 0; i < 9; i++)
		recset_add(&base_recs, kinds[i], sizes[i]);
	if (write_trace(tmp_path, &m, &base_recs, flush, true, &st))
		die("writing the base file");
	base = get_file(tmp_path, &base_len);
	memcpy(&h, base, sizeof(h));
	base_hsize = h.header_size;
	if (walk_chunks(base, base_len, base_chunk, 4) != 4)
		die("base file does not have 4 chunks");
}

static unsigned char *base_copy(void)
{
	unsigned char *p = malloc(base_len + 64);

	if (!p)
		die("malloc");
	memcpy(p, base, base_len);
	return p;
}

/* The first n records of the base file. */
static struct recset base_prefix(size_t n)
{
	struct recset s = base_recs;

	s.n = n;
	return s;
}

/*
 * Reads f[0..len) and checks it fails in tf_reader__next after exactly
 * nrec good records, with an error naming byte off1 (or off2).
 */
static void expect_next_fail(const char *what, const void *f, size_t len,
			     size_t nrec, uint64_t off1, uint64_t off2)
{
	struct recset ex = base_prefix(nrec);
	struct rd o;

	put_file(tmp_path, f, len);
	read_trace(tmp_path, &ex, &o);
	snprintf(msg, sizeof(msg), "%s: header opens (%d: %s)", what, o.open_ret, o.open_err);
	CHECK(o.open_ret == 0, msg);
	snprintf(msg, sizeof(msg), "%s: next() fails after the %zu good records (got %zu, ret %d)",
		 what, nrec, o.n, o.ret);
	CHECK(o.ret < 0 && o.n == nrec && o.match && !o.hang, msg);
	snprintf(msg, sizeof(msg), "%s: the error stays (again %d)", what, o.again);
	CHECK(o.again < 0, msg);
	snprintf(msg, sizeof(msg), "%s: error names byte %" PRIu64 " (\"%s\")", what, off1, o.err);
	CHECK(o.err[0] && says_byte(o.err, off1, off2), msg);
	snprintf(msg, sizeof(msg), "%s: not complete", what);
	CHECK(!o.complete, msg);
}

/* Checks tf_reader__open refuses f[0..len); off: a byte the message must
 * name, or UINT64_MAX for "just a message". */
static void expect_open_fail(const char *what, const void *f, size_t len, uint64_t off)
{
	struct rd o;

	put_file(tmp_path, f, len);
	read_trace(tmp_path, NULL, &o);
	snprintf(msg, sizeof(msg), "%s: open fails (%d)", what, o.open_ret);
	CHECK(o.open_ret < 0, msg);
	if (off == UINT64_MAX) {
		snprintf(msg, sizeof(msg), "%s: with a message (\"%s\")", what, o.open_err);
		CHECK(o.open_err[0] != '\0', msg);
	} else {
		snprintf(msg, sizeof(msg), "%s: message names byte %" PRIu64 " (\"%s\")", what,
			 off, o.open_err);
		CHECK(says_byte(o.open_err, off, off), msg);
	}
}

/* Checks f[0..len) reads as a file cut short: nrec records, then 0,
 * not complete, no error, data stopping at byte stop. */
static void expect_cut(const char *what, const void *f, size_t len, size_t nrec, uint64_t stop)
{
	struct recset ex = base_prefix(nrec);
	struct rd o;

	put_file(tmp_path, f, len);
	read_trace(tmp_path, &ex, &o);
	snprintf(msg, sizeof(msg), "%s: opens (%d: %s)", what, o.open_ret, o.open_err);
	CHECK(o.open_ret == 0, msg);
	snprintf(msg, sizeof(msg), "%s: %zu records then 0 (got %zu, ret %d, err \"%s\")",
		 what, nrec, o.n, o.ret, o.err);
	CHECK(o.ret == 0 && o.n == nrec && o.match && !o.hang, msg);
	snprintf(msg, sizeof(msg), "%s: 0 again, no error", what);
	CHECK(o.again == 0 && o.err[0] == '\0', msg);
	snprintf(msg, sizeof(msg), "%s: not complete", what);
	CHECK(!o.complete, msg);
	snprintf(msg, sizeof(msg), "%s: data stops at byte %" PRIu64 " (offset %" PRIu64 ")",
		 what, stop, o.offset);
	CHECK(o.offset == stop, msg);
}

/* ------------------------------------------------------------------ */
/* round trip                                                         */

TEST(round_trip)
{
	struct recset s = { 0 };
	struct tf_meta m = small_meta();
	struct tf_stats st, wst;
	struct tf_writer *w = NULL;
	uint64_t want_count[TRAIL_EV_KIND_MAX] = { 0 };
	unsigned char *f, bad[HDR_SIZE + 16];
	size_t flen, i, nchunks, offs[64];
	const struct tf_info *info;
	struct tf_reader *r = NULL;
	char err[256];
	struct rd o;
	struct tf_header h;
	bool rejects_ok = true;
	int fd, ret;

	/* small, odd sizes first, and every kind */
	recset_add(&s, TRAIL_EV_FORK, sizeof(struct trail_ev_fork));
	recset_add(&s, TRAIL_EV_EXEC, sizeof(struct trail_ev_exec) + 5);
	recset_add(&s, TRAIL_EV_EXIT, sizeof(struct trail_ev_exit));
	recset_add(&s, TRAIL_EV_SYS, sizeof(struct trail_ev_sys) + 4 * 8 + 13);
	recset_add(&s, TRAIL_EV_LOST, sizeof(struct trail_ev_lost));
	recset_add(&s, TRAIL_EV_SYS, HDR_SIZE);
	recset_add(&s, TRAIL_EV_SYS, HDR_SIZE + 1);
	recset_add(&s, TRAIL_EV_SYS, HDR_SIZE + 7);
	/* enough to span several 1 MiB chunks, sizes 48..448 */
	for (i = 0; i < 12000; i++)
		recset_add(&s, 1 + i % 5, HDR_SIZE + (i * 37) % 401);
	/* the largest records the ABI allows, one of an odd size */
	recset_add(&s, TRAIL_EV_EXEC, TRAIL_REC_MAX - 3);
	recset_add(&s, TRAIL_EV_EXEC, TRAIL_REC_MAX);
	for (i = 0; i < 8000; i++)
		recset_add(&s, 1 + (i * 3) % 5, HDR_SIZE + (i * 53) % 333);
	/* (600 KiB is more than TRAIL_REC_MAX: the writer refuses it, below) */
	recset_add(&s, TRAIL_EV_EXEC, TRAIL_REC_MAX - 1);
	recset_add(&s, TRAIL_EV_EXIT, sizeof(struct trail_ev_exit));
	for (i = 0; i < s.n; i++) {
		struct trail_ev_hdr hh;

		memcpy(&hh, s.rec[i], sizeof(hh));
		want_count[hh.kind]++;
	}

	memset(&st, 0, sizeof(st));
	st.end_mono_ns = 987654321ull;
	st.exit_status = 1 << 8;
	st.records = 424242;		/* the writer counts these itself */
	st.drops[TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX + TRAIL_EV_SYS] = 7;
	st.drops[TRAIL_DROP_STASH * TRAIL_EV_KIND_MAX + TRAIL_EV_FORK] = 5;
	st.drops[TRAIL_DROP_STRING * TRAIL_EV_KIND_MAX + TRAIL_EV_EXEC] = 3;
	st.drops[TRAIL_DROPS_OP0 + TRAIL_SYS_close] = 9;	/* a syscall record lost, by op */
	st.drops[TRAIL_DROPS_LEN - 1] = 1ull << 40;

	fd = open(tmp_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die("open");
	ret = tf_writer__new(&w, fd, &m);
	CHECK(ret == 0 && w, "tf_writer__new succeeds");
	if (ret || !w) {
		close(fd);
		recset_free(&s);
		return;
	}
	for (i = 0; i < s.n; i++) {
		ret = tf_writer__add(w, s.rec[i], s.size[i]);
		if (ret) {
			snprintf(msg, sizeof(msg), "tf_writer__add of record %zu (size %zu) returns %d",
				 i, s.size[i], ret);
			CHECK(0, msg);
			break;
		}
		/* records the writer must refuse, in the middle of the stream */
		if (i == 5 || i == 9000) {
			fill_rec(bad, TRAIL_EV_SYS, HDR_SIZE + 16, 1);
			if (tf_writer__add(w, bad, HDR_SIZE + 8) != -EINVAL)	/* hdr.size != size */
				rejects_ok = false;
			fill_rec(bad, TRAIL_EV_SYS, HDR_SIZE - 1, 1);
			if (tf_writer__add(w, bad, HDR_SIZE - 1) != -EINVAL)	/* smaller than hdr */
				rejects_ok = false;
		}
		if (i == 7) {
			unsigned char *big = calloc(1, 600 * 1024);

			if (!big)
				die("calloc");
			fill_rec(big, TRAIL_EV_EXEC, TRAIL_REC_MAX + 1, 2);
			if (tf_writer__add(w, big, TRAIL_REC_MAX + 1) != -EINVAL)
				rejects_ok = false;
			fill_rec(big, TRAIL_EV_EXEC, 600 * 1024, 3);
			if (tf_writer__add(w, big, 600 * 1024) != -EINVAL)
				rejects_ok = false;
			free(big);
		}
	}
	CHECK(i == s.n, "every record added");
	CHECK(rejects_ok, "writer rejects size != hdr.size, size < header, size > TRAIL_REC_MAX "
	      "(TRAIL_REC_MAX + 1, 600 KiB) with -EINVAL");
	CHECK(tf_writer__stats(w)->records == s.n, "writer counts the records it took");
	ret = tf_writer__finish(w, &st);
	CHECK(ret == 0, "tf_writer__finish succeeds");
	CHECK(st.records == s.n, "finish fills in the writer's record count");
	CHECK(st.count[TRAIL_EV_SYS] == want_count[TRAIL_EV_SYS] &&
	      st.count[TRAIL_EV_EXEC] == want_count[TRAIL_EV_EXEC],
	      "finish fills in the writer's per-kind counts");
	wst = *tf_writer__stats(w);
	CHECK(wst.drops[TRAIL_DROP_STRING * TRAIL_EV_KIND_MAX + TRAIL_EV_EXEC] == 3 &&
	      wst.exit_status == 1 << 8 && wst.end_mono_ns == 987654321ull,
	      "writer stats keep the caller's drops, exit status and end time");
	{
		uint64_t bytes = tf_writer__bytes(w);

		tf_writer__free(w);
		close(fd);
		f = get_file(tmp_path, &flen);
		snprintf(msg, sizeof(msg), "tf_writer__bytes (%" PRIu64 ") is the file size (%zu)",
			 bytes, flen);
		CHECK(bytes == flen, msg);
	}

	/* the layout on disk */
	memcpy(&h, f, sizeof(h));
	CHECK(!memcmp(h.magic, TF_MAGIC, 8) && h.version == TF_VERSION, "magic and version on disk");
	CHECK(h.header_size % 8 == 0 && h.header_size > sizeof(h) && h.header_size < flen,
	      "header_size a multiple of 8 inside the file");
	nchunks = walk_chunks(f, flen, offs, 64);
	{
		size_t end = offs[nchunks - 1] + CHUNK_SIZE + get_chunk(f, offs[nchunks - 1]).len;
		bool chunks_ok = end == flen;
		uint64_t nrec = 0;

		for (i = 0; i < nchunks; i++) {
			struct tf_chunk c = get_chunk(f, offs[i]);

			if (c.magic != TF_CHUNK_MAGIC || c.codec != 0 || c.len > TF_CHUNK_MAX ||
			    c.type != (i + 1 == nchunks ? TF_CHUNK_TRAILER : TF_CHUNK_RECORDS) ||
			    c.crc != crc32(crc32(0, NULL, 0), f + offs[i] + CHUNK_SIZE, c.len) ||
			    (c.type == TF_CHUNK_RECORDS && (c.len % 8 || offs[i] % 8)))
				chunks_ok = false;
			if (c.type == TF_CHUNK_RECORDS)
				nrec += c.nrec;
		}
		snprintf(msg, sizeof(msg), "%zu chunks (want >= 5), well formed, trailer last, ending at EOF",
			 nchunks);
		CHECK(nchunks >= 5 && chunks_ok, msg);
		CHECK(nrec == s.n, "chunk nrec fields add up to the records written");
	}
	free(f);

	/* read it back */
	ret = tf_reader__open(&r, tmp_path, err, sizeof(err));
	CHECK(ret == 0 && r, "tf_reader__open succeeds");
	if (ret || !r) {
		recset_free(&s);
		return;
	}
	info = tf_reader__info(r);
	CHECK(info->version == TF_VERSION, "info version");
	CHECK(info->flags == TF_HF_NO_ENV, "info flags");
	CHECK(info->mono_start_ns == 123456789ull, "info mono_start_ns");
	CHECK(info->wall_start_ns == 1700000000123456789ull, "info wall_start_ns");
	CHECK_STR(info->trail_version, "0.1.0-test", "info trail_version");
	CHECK_STR(info->kernel, "6.1.0-13-amd64", "info kernel");
	CHECK_STR(info->hostname, "buildhost", "info hostname");
	CHECK_STR(info->cwd, "/home/user/src/project", "info cwd");
	CHECK_STR(info->command, "make -j4 all", "info command");
	CHECK(info->argv && info->argv[0] && info->argv[1] && info->argv[2] && !info->argv[3],
	      "info argv has 3 entries");
	if (info->argv && info->argv[0] && info->argv[1] && info->argv[2]) {
		CHECK_STR(info->argv[0], "make", "argv[0]");
		CHECK_STR(info->argv[1], "-j4", "argv[1]");
		CHECK_STR(info->argv[2], "all", "argv[2]");
	}
	{
		size_t n = 0, first_bad = SIZE_MAX;
		const void *rec;
		size_t size;

		for (;;) {
			ret = tf_reader__next(r, &rec, &size);
			if (ret != 1)
				break;
			if (first_bad == SIZE_MAX &&
			    (!rec_contract_ok(rec, size) || n >= s.n || size != s.size[n] ||
			     memcmp(rec, s.rec[n], size)))
				first_bad = n;
			n++;
		}
		snprintf(msg, sizeof(msg), "read loop ends with 0 (ret %d: %s)", ret,
			 tf_reader__error(r));
		CHECK(ret == 0, msg);
		snprintf(msg, sizeof(msg), "%zu records read back (want %zu)", n, s.n);
		CHECK(n == s.n, msg);
		snprintf(msg, sizeof(msg), "every record byte-identical, aligned, in order (first bad: %zu)",
			 first_bad);
		CHECK(first_bad == SIZE_MAX, msg);
		CHECK(tf_reader__next(r, &rec, &size) == 0, "next after the end returns 0 again");
	}
	CHECK(tf_reader__complete(r), "complete: the trailer was read");
	CHECK(tf_reader__error(r)[0] == '\0', "no error message");
	CHECK(tf_reader__offset(r) == flen, "offset at the end is the file size");
	{
		const struct tf_stats *rs = tf_reader__stats(r);
		bool counts = true, drops = true;

		for (i = 1; i < TRAIL_EV_KIND_MAX; i++)
			if (rs->count[i] != want_count[i])
				counts = false;
		for (i = 0; i < TRAIL_DROPS_LEN; i++)
			if (rs->drops[i] != st.drops[i])
				drops = false;
		snprintf(msg, sizeof(msg), "stats records %" PRIu64 " (want %zu)", rs->records, s.n);
		CHECK(rs->records == s.n, msg);
		CHECK(counts, "stats count per kind");
		CHECK(rs->count[TRAIL_EV_EXEC] == want_count[TRAIL_EV_EXEC] && want_count[TRAIL_EV_EXEC] > 3,
		      "stats count of exec records");
		CHECK(drops, "stats drops carried through, each (reason, kind)");
		CHECK(rs->drops[TRAIL_DROP_STASH * TRAIL_EV_KIND_MAX + TRAIL_EV_FORK] == 5,
		      "stats drop of stash/fork is 5");
		CHECK(rs->exit_status == 1 << 8, "stats exit_status");
		CHECK(rs->end_mono_ns == 987654321ull, "stats end_mono_ns");
	}
	tf_reader__free(r);

	/* the same through read_trace (used by the damage tests) */
	read_trace(tmp_path, &s, &o);
	CHECK(o.open_ret == 0 && o.ret == 0 && o.n == s.n && o.match && !o.bad_rec && o.complete,
	      "read_trace agrees");
	recset_free(&s);
}

/* Empty argv and strings, no records; an empty string argument. */
TEST(round_trip_empty)
{
	struct recset s = { 0 };
	struct tf_meta m = {
		.trail_version = "", .kernel = "", .hostname = "", .cwd = "", .argv = NULL,
	};
	char *const argv2[] = { "sh", "-c", "", "x y", NULL };
	struct tf_stats st;
	struct tf_reader *r = NULL;
	const void *rec;
	size_t size;
	char err[256];
	int ret;

	memset(&st, 0, sizeof(st));
	st.exit_status = -1;
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0, "write with no argv, no records");
	ret = tf_reader__open(&r, tmp_path, err, sizeof(err));
	CHECK(ret == 0, "opens");
	if (ret)
		return;
	CHECK(tf_reader__info(r)->argv && !tf_reader__info(r)->argv[0], "argv is empty");
	CHECK_STR(tf_reader__info(r)->command, "", "command is empty");
	CHECK_STR(tf_reader__info(r)->hostname, "", "hostname is empty");
	CHECK(tf_reader__next(r, &rec, &size) == 0, "no records");
	CHECK(tf_reader__complete(r), "complete");
	CHECK(tf_reader__stats(r)->records == 0 && tf_reader__stats(r)->exit_status == -1,
	      "stats: 0 records, exit status -1");
	tf_reader__free(r);

	m.argv = argv2;
	recset_add(&s, TRAIL_EV_EXIT, sizeof(struct trail_ev_exit));
	CHECK(write_trace(tmp_path, &m, &s, NULL, false, NULL) == 0, "write with an empty argument, no trailer");
	ret = tf_reader__open(&r, tmp_path, err, sizeof(err));
	CHECK(ret == 0, "opens");
	if (!ret) {
		const struct tf_info *in = tf_reader__info(r);

		CHECK(in->argv && in->argv[0] && in->argv[1] && in->argv[2] && in->argv[3] &&
		      !in->argv[4], "argv has 4 entries, the empty one included");
		if (in->argv && in->argv[0] && in->argv[1] && in->argv[2] && in->argv[3]) {
			CHECK_STR(in->argv[2], "", "argv[2] is empty");
			CHECK_STR(in->argv[3], "x y", "argv[3] keeps its space");
		}
		CHECK_STR(in->command, "sh -c  x y", "command joined by spaces");
		CHECK(tf_reader__next(r, &rec, &size) == 1 && size == s.size[0] &&
		      !memcmp(rec, s.rec[0], size), "the one record");
		CHECK(tf_reader__next(r, &rec, &size) == 0 && !tf_reader__complete(r),
		      "then 0, not complete (no trailer)");
		tf_reader__free(r);
	}
	recset_free(&s);
}

/* A command line longer than a TLV holds must not break the file. */
TEST(long_command)
{
	struct recset s = { 0 };
	struct tf_meta m = small_meta();
	char **argv = calloc(2001, sizeof(char *));
	struct tf_reader *r = NULL;
	struct tf_stats st;
	char err[256];
	size_t i;
	int ret;

	if (!argv)
		die("calloc");
	for (i = 0; i < 2000; i++) {
		argv[i] = malloc(64);
		if (!argv[i])
			die("malloc");
		snprintf(argv[i], 64, "argument-%04zu-%s", i, "0123456789012345678901234567890123");
	}
	m.argv = argv;
	recset_add(&s, TRAIL_EV_SYS, 100);
	memset(&st, 0, sizeof(st));
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0,
	      "write with 2000 long arguments (over 64 KiB)");
	ret = tf_reader__open(&r, tmp_path, err, sizeof(err));
	CHECK(ret == 0, "opens");
	if (!ret) {
		const struct tf_info *in = tf_reader__info(r);
		const void *rec;
		size_t size, n;
		bool prefix = true;

		for (n = 0; in->argv && in->argv[n]; n++)
			if (n >= 2000 || strcmp(in->argv[n], argv[n]))
				prefix = false;
		snprintf(msg, sizeof(msg), "argv read back is a prefix of the original (%zu of 2000)", n);
		CHECK(in->argv && n > 0 && prefix, msg);
		CHECK(tf_reader__next(r, &rec, &size) == 1 && size == 100 && !memcmp(rec, s.rec[0], 100),
		      "the record after the long header");
		CHECK(tf_reader__next(r, &rec, &size) == 0 && tf_reader__complete(r), "then the trailer");
		tf_reader__free(r);
	}
	for (i = 0; i < 2000; i++)
		free(argv[i]);
	free(argv);
	recset_free(&s);
}

TEST(writer_errors)
{
	struct tf_meta m = small_meta();
	struct tf_writer *w = NULL;
	int p[2], fd, ret;

	fd = open(tmp_path, O_RDONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		die("open");
	ret = tf_writer__new(&w, fd, &m);
	snprintf(msg, sizeof(msg), "tf_writer__new on a read-only fd: -EBADF (got %d)", ret);
	CHECK(ret == -EBADF, msg);
	close(fd);

	if (pipe(p))
		die("pipe");
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	ret = tf_writer__new(&w, p[1], &m);
	snprintf(msg, sizeof(msg), "tf_writer__new on a pipe without reader: -EPIPE (got %d)", ret);
	CHECK(ret == -EPIPE, msg);
	close(p[1]);
	signal(SIGPIPE, SIG_DFL);
}

/* ------------------------------------------------------------------ */
/* opening                                                            */

TEST(open_errors)
{
	struct tf_reader *r = NULL;
	char err[256], path[300];
	int ret;

	ret = tf_reader__open(&r, tmp_dir, err, sizeof(err));
	snprintf(msg, sizeof(msg), "a directory: -EISDIR (got %d)", ret);
	CHECK(ret == -EISDIR, msg);
	snprintf(path, sizeof(path), "%s/does-not-exist", tmp_dir);
	ret = tf_reader__open(&r, path, err, sizeof(err));
	snprintf(msg, sizeof(msg), "a missing file: -ENOENT (got %d)", ret);
	CHECK(ret == -ENOENT, msg);
	expect_open_fail("empty file", "", 0, UINT64_MAX);
}

TEST(bad_header)
{
	unsigned char *f = base_copy();
	struct tf_header h;
	size_t len, fails = 0, msgs = 0, tlv_last = 0, pos;
	struct rd o;

	/* every truncation of the header */
	for (len = 1; len < base_hsize; len++) {
		put_file(tmp_path, base, len);
		read_trace(tmp_path, NULL, &o);
		if (o.open_ret < 0)
			fails++;
		if (o.open_err[0])
			msgs++;
	}
	snprintf(msg, sizeof(msg), "every truncated header (1..%zu bytes) refused: %zu of %zu",
		 base_hsize - 1, fails, base_hsize - 1);
	CHECK(fails == base_hsize - 1, msg);
	CHECK(msgs == base_hsize - 1, "... each with a message");
	/* the header alone, no chunks, is a valid (cut) recording */
	expect_cut("header only", base, base_hsize, 0, base_hsize);

	memcpy(f, base, base_len);
	f[0] = 'X';
	expect_open_fail("bad magic", f, base_len, 0);
	memcpy(f, base, base_len);
	f[6] = '\n';	/* text-mode damage: CRLF -> LF */
	expect_open_fail("magic with CR lost", f, base_len, 0);
	expect_open_fail("bad magic, 4 bytes", "TRAX", 4, UINT64_MAX);
	expect_open_fail("text file", "hello world, this is not a trace at all.....................\n",
			 62, 0);

#define WITH_HEADER(field, value, what, off) do {		\
		memcpy(f, base, base_len);			\
		memcpy(&h, f, sizeof(h));			\
		h.field = (value);				\
		memcpy(f, &h, sizeof(h));			\
		expect_open_fail(what, f, base_len, off);	\
	} while (0)
	WITH_HEADER(version, 0, "version 0", 8);
	WITH_HEADER(version, TF_VERSION + 1, "version 2", 8);
	WITH_HEADER(version, 0xffffffffu, "version 0xffffffff", 8);
	WITH_HEADER(header_size, 0, "header_size 0", 12);
	WITH_HEADER(header_size, sizeof(struct tf_header) - 8, "header_size too small", 12);
	WITH_HEADER(header_size, base_hsize - 4, "header_size not a multiple of 8", 12);
	WITH_HEADER(header_size, base_hsize + 1, "header_size odd", 12);
	WITH_HEADER(header_size, (base_len + 8) & ~7ul, "header_size past the end of the file", 12);
	WITH_HEADER(header_size, TF_HEADER_MAX + 8, "header_size over TF_HEADER_MAX", 12);
	WITH_HEADER(header_size, 0xfffffff8u, "header_size huge", 12);
#undef WITH_HEADER

	/* TLV lengths past the header: the first one, and the last one */
	for (pos = sizeof(h); pos + sizeof(struct tf_tlv) <= base_hsize;) {
		struct tf_tlv t;

		memcpy(&t, base + pos, sizeof(t));
		if (!t.type)
			break;
		tlv_last = pos;
		pos += sizeof(t) + ((t.len + 3u) & ~3u);
	}
	{
		struct tf_tlv t = { .type = TF_TLV_KERNEL, .len = 0xfff0 };

		memcpy(f, base, base_len);
		memcpy(f + sizeof(h), &t, sizeof(t));
		expect_open_fail("first TLV length past the header", f, base_len, sizeof(h));
		memcpy(f, base, base_len);
		memcpy(&t, f + tlv_last, sizeof(t));
		t.len = base_hsize - tlv_last - sizeof(t) + 1;
		memcpy(f + tlv_last, &t, sizeof(t));
		snprintf(msg, sizeof(msg), "last TLV (at %zu) one byte past the header", tlv_last);
		expect_open_fail(msg, f, base_len, tlv_last);
		/* a field type this reader does not know is skipped */
		memcpy(f, base, base_len);
		memcpy(&t, f + sizeof(h), sizeof(t));
		t.type = 999;
		memcpy(f + sizeof(h), &t, sizeof(t));
		put_file(tmp_path, f, base_len);
		{
			struct recset ex = base_prefix(9);

			read_trace(tmp_path, &ex, &o);
		}
		CHECK(o.open_ret == 0 && o.ret == 0 && o.n == 9 && o.match && o.complete,
		      "unknown TLV type skipped, file reads whole");
	}
	free(f);
}

/* ------------------------------------------------------------------ */
/* damaged chunks                                                     */

TEST(bad_chunks)
{
	unsigned char *f = base_copy();
	size_t c2 = base_chunk[1], c3 = base_chunk[2], tr = base_chunk[3];
	struct tf_chunk c;

	/* sanity of the base file itself */
	{
		struct recset ex = base_prefix(9);
		struct rd o;

		put_file(tmp_path, base, base_len);
		read_trace(tmp_path, &ex, &o);
		CHECK(o.open_ret == 0 && o.ret == 0 && o.n == 9 && o.match && o.complete,
		      "base file reads whole");
		CHECK(o.st.drops[TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX + TRAIL_EV_SYS] == 2 &&
		      o.st.records == 9 && o.st.count[TRAIL_EV_SYS] == 4 && o.st.end_mono_ns == 5555,
		      "base file stats");
	}

#define WITH_CHUNK(at, field, value, what, nrec) do {			\
		memcpy(f, base, base_len);				\
		c = get_chunk(f, at);					\
		c.field = (value);					\
		set_chunk(f, at, &c);					\
		expect_next_fail(what, f, base_len, nrec, at, at + CHUNK_SIZE); \
	} while (0)
	WITH_CHUNK(c2, magic, 0x434c5255u, "chunk 2 bad magic", 3);
	WITH_CHUNK(base_chunk[0], magic, 0, "chunk 1 magic 0", 0);
	WITH_CHUNK(c2, type, 7, "chunk 2 unknown type", 3);
	WITH_CHUNK(c2, type, 0, "chunk 2 type 0", 3);
	WITH_CHUNK(c2, codec, 1, "chunk 2 codec 1", 3);
	WITH_CHUNK(c2, codec, 0x80000000u, "chunk 2 codec huge", 3);
	WITH_CHUNK(c2, len, TF_CHUNK_MAX + 1, "chunk 2 len TF_CHUNK_MAX + 1", 3);
	WITH_CHUNK(c2, len, 0xffffffffu, "chunk 2 len 0xffffffff", 3);
	WITH_CHUNK(c2, crc, get_chunk(base, c2).crc ^ 1, "chunk 2 crc field wrong", 3);
	WITH_CHUNK(tr, magic, 0x12345678u, "trailer bad magic", 9);
	WITH_CHUNK(tr, crc, get_chunk(base, tr).crc + 1, "trailer crc wrong", 9);
	/* record counts that do not match the payload */
	WITH_CHUNK(c2, nrec, 3, "chunk 2 says 3 records, holds 2", 5);
	WITH_CHUNK(c2, nrec, 1, "chunk 2 says 1 record, holds 2", 5);
	WITH_CHUNK(c2, nrec, 0, "chunk 2 says 0 records, holds 2", 5);
	WITH_CHUNK(c2, nrec, 0xffffffffu, "chunk 2 says 2^32-1 records", 5);
	WITH_CHUNK(c3, nrec, 5, "chunk 3 (last before trailer) says 5, holds 4", 9);
#undef WITH_CHUNK

	/* a payload byte flipped: the CRC catches it */
	memcpy(f, base, base_len);
	f[c2 + CHUNK_SIZE + 20] ^= 0x10;
	expect_next_fail("chunk 2 payload byte flipped", f, base_len, 3, c2, c2 + CHUNK_SIZE);
	memcpy(f, base, base_len);
	f[c3 - 1] ^= 0x01;	/* the padding at the end of chunk 2 */
	expect_next_fail("chunk 2 last padding byte flipped", f, base_len, 3, c2, c2 + CHUNK_SIZE);
	memcpy(f, base, base_len);
	f[tr + CHUNK_SIZE + 40] ^= 0x80;
	expect_next_fail("trailer payload byte flipped", f, base_len, 9, tr, tr + CHUNK_SIZE);

	/* nrec wrong in the last chunk of a file without trailer */
	memcpy(f, base, base_len);
	c = get_chunk(f, c3);
	c.nrec = 3;
	set_chunk(f, c3, &c);
	expect_next_fail("last chunk, no trailer, says 3 holds 4", f, tr, 9, c3, c3 + CHUNK_SIZE);
	free(f);
}

/* A file: the base header, then a RECORDS chunk holding payload. */
static void records_file(struct buf *b, const void *payload, uint32_t len, uint32_t nrec)
{
	b->len = 0;
	buf_add(b, base, base_hsize);
	add_chunk(b, TF_CHUNK_RECORDS, payload, len, nrec);
}

TEST(bad_records)
{
	struct buf b = { 0 }, pl = { 0 };
	unsigned char rec[256];
	struct trail_ev_hdr h;
	uint64_t p0 = base_hsize + CHUNK_SIZE;	/* payload of the first chunk */
	static const uint32_t sizes[] = { 0, 1, 8, HDR_SIZE - 8, HDR_SIZE - 1 };
	size_t i;

	/* record 0 is base record 0 (56 bytes); record 1 is damaged */
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		pl.len = 0;
		buf_add(&pl, base_recs.rec[0], 56);
		fill_rec(rec, TRAIL_EV_SYS, 64, 99);
		memcpy(&h, rec, sizeof(h));
		h.size = sizes[i];
		memcpy(rec, &h, sizeof(h));
		buf_add(&pl, rec, 64);
		records_file(&b, pl.p, pl.len, 2);
		snprintf(msg, sizeof(msg), "record of size %u", sizes[i]);
		expect_next_fail(msg, b.p, b.len, 1, p0 + 56, p0 + 56);
	}

	/* size past the end of the chunk, by one byte and by a lot */
	{
		static const uint32_t past[] = { 65, 72, 4096, 0x7fffffffu, 0xffffffffu };

		for (i = 0; i < sizeof(past) / sizeof(past[0]); i++) {
			pl.len = 0;
			buf_add(&pl, base_recs.rec[0], 56);
			fill_rec(rec, TRAIL_EV_SYS, 64, 98);
			memcpy(&h, rec, sizeof(h));
			h.size = past[i];
			memcpy(rec, &h, sizeof(h));
			buf_add(&pl, rec, 64);
			records_file(&b, pl.p, pl.len, 2);
			snprintf(msg, sizeof(msg), "record of size %u in 64 bytes left", past[i]);
			expect_next_fail(msg, b.p, b.len, 1, p0 + 56, p0 + 56);
		}
	}
	/* the first record of a chunk already past its end */
	fill_rec(rec, TRAIL_EV_SYS, 64, 97);
	memcpy(&h, rec, sizeof(h));
	h.size = 200;
	memcpy(rec, &h, sizeof(h));
	records_file(&b, rec, 64, 1);
	expect_next_fail("only record, size 200 in a 64-byte chunk", b.p, b.len, 0, p0, p0);

	/* bytes left at the end of a payload, fewer than a record header */
	pl.len = 0;
	buf_add(&pl, base_recs.rec[0], 56);
	memset(rec, 0, sizeof(rec));
	buf_add(&pl, rec, 16);
	records_file(&b, pl.p, pl.len, 1);
	expect_next_fail("16 stray bytes after the last record", b.p, b.len, 1, p0 + 56, p0 + 56);

	/* an empty RECORDS chunk that claims records */
	records_file(&b, "", 0, 2);
	buf_add(&b, base + base_chunk[0], base_chunk[1] - base_chunk[0]);	/* 3 good ones */
	{
		struct recset ex = base_prefix(3);
		struct rd o;

		put_file(tmp_path, b.p, b.len);
		read_trace(tmp_path, &ex, &o);
		snprintf(msg, sizeof(msg),
			 "empty chunk with nrec 2 is an error (ret %d after %zu records, err \"%s\")",
			 o.ret, o.n, o.err);
		CHECK(o.open_ret == 0 && o.ret < 0 && o.n == 0 && o.err[0], msg);
	}
	/* while an empty chunk with nrec 0 is harmless */
	records_file(&b, "", 0, 0);
	buf_add(&b, base + base_chunk[0], base_len - base_chunk[0]);
	{
		struct recset ex = base_prefix(9);
		struct rd o;

		put_file(tmp_path, b.p, b.len);
		read_trace(tmp_path, &ex, &o);
		CHECK(o.open_ret == 0 && o.ret == 0 && o.n == 9 && o.match && o.complete,
		      "empty chunk with nrec 0, then the base chunks: reads whole");
	}
	buf_free(&b);
	buf_free(&pl);
}

TEST(bad_trailer)
{
	struct buf b = { 0 };
	unsigned char *f = base_copy();
	size_t tr = base_chunk[3], prefix = base_chunk[3];	/* header + 3 chunks */
	struct tf_trailer t;
	unsigned char pl[4096];

	/* too short: 0, 16 and 31 bytes */
	{
		static const uint32_t lens[] = { 0, 16, 31 };
		size_t i;

		for (i = 0; i < 3; i++) {
			memset(pl, 0, sizeof(pl));
			b.len = 0;
			buf_add(&b, base, prefix);
			add_chunk(&b, TF_CHUNK_TRAILER, pl, lens[i], 0);
			snprintf(msg, sizeof(msg), "trailer of %u bytes", lens[i]);
			expect_next_fail(msg, b.p, b.len, 9, tr, tr + CHUNK_SIZE);
		}
	}
#define WITH_TRAILER(field, value, what) do {					\
		memcpy(pl, base + tr + CHUNK_SIZE, get_chunk(base, tr).len);	\
		memcpy(&t, pl, sizeof(t));					\
		t.field = (value);						\
		memcpy(pl, &t, sizeof(t));					\
		b.len = 0;							\
		buf_add(&b, base, prefix);					\
		add_chunk(&b, TF_CHUNK_TRAILER, pl, get_chunk(base, tr).len, 0); \
		expect_next_fail(what, b.p, b.len, 9, tr, tr + CHUNK_SIZE);	\
	} while (0)
	WITH_TRAILER(nkinds, 0xffffffffu, "trailer nkinds 0xffffffff");
	WITH_TRAILER(nkinds, 0x80000000u, "trailer nkinds 2^31");
	WITH_TRAILER(nkinds, TRAIL_EV_KIND_MAX + 1, "trailer nkinds one too many for its length");
	WITH_TRAILER(ndrops, 0xffffffffu, "trailer ndrops 0xffffffff");
	WITH_TRAILER(ndrops, 0, "trailer ndrops 0 for its length");
	WITH_TRAILER(nops, TRAIL_DROPS_LEN + 1, "trailer nops more than ndrops");
	/* counts whose sum wraps 32 bits to the right length */
	memcpy(pl, base + tr + CHUNK_SIZE, get_chunk(base, tr).len);
	memcpy(&t, pl, sizeof(t));
	t.nkinds = 0x80000000u + 3;
	t.ndrops = 0x80000000u + (get_chunk(base, tr).len - sizeof(t)) / 8 - 3;
	memcpy(pl, &t, sizeof(t));
	b.len = 0;
	buf_add(&b, base, prefix);
	add_chunk(&b, TF_CHUNK_TRAILER, pl, get_chunk(base, tr).len, 0);
	expect_next_fail("trailer nkinds + ndrops wrapping 32 bits", b.p, b.len, 9, tr, tr + CHUNK_SIZE);
#undef WITH_TRAILER

	/* data after the trailer: one byte, or a whole chunk */
	memcpy(f, base, base_len);
	f[base_len] = 0;
	expect_next_fail("one byte after the trailer", f, base_len + 1, 9, base_len, tr);
	b.len = 0;
	buf_add(&b, base, base_len);
	buf_add(&b, base + base_chunk[0], base_chunk[1] - base_chunk[0]);
	expect_next_fail("a records chunk after the trailer", b.p, b.len, 9, base_len, tr);
	b.len = 0;
	buf_add(&b, base, base_len);
	buf_add(&b, base + tr, base_len - tr);
	expect_next_fail("a second trailer", b.p, b.len, 9, base_len, tr);

	/* a trailer in the middle: what follows it is data after the trailer */
	b.len = 0;
	buf_add(&b, base, base_chunk[1]);
	buf_add(&b, base + tr, base_len - tr);
	buf_add(&b, base + base_chunk[1], tr - base_chunk[1]);
	expect_next_fail("trailer between chunks", b.p, b.len, 3, base_chunk[1] + (base_len - tr),
			 base_chunk[1]);

	/* a trailer from a writer with more kinds and drop reasons is fine */
	{
		uint64_t v[40];
		struct recset ex = base_prefix(9);
		struct rd o;
		size_t i;

		memset(&t, 0, sizeof(t));
		t.end_mono_ns = 77;
		t.records = 9;
		t.exit_status = 9;	/* killed */
		t.nkinds = 8;
		t.ndrops = 32;		/* 4 reasons x 8 kinds */
		for (i = 0; i < 40; i++)
			v[i] = 0;
		v[TRAIL_EV_SYS] = 4;
		v[7] = 100;				/* a kind this reader does not know */
		v[8 + 1 * 8 + TRAIL_EV_FORK] = 6;	/* stash drop of forks */
		v[8 + 3 * 8 + 0] = 50;			/* a reason this reader does not know */
		memcpy(pl, &t, sizeof(t));
		memcpy(pl + sizeof(t), v, sizeof(v));
		b.len = 0;
		buf_add(&b, base, prefix);
		add_chunk(&b, TF_CHUNK_TRAILER, pl, sizeof(t) + sizeof(v), 0);
		put_file(tmp_path, b.p, b.len);
		read_trace(tmp_path, &ex, &o);
		CHECK(o.open_ret == 0 && o.ret == 0 && o.n == 9 && o.complete,
		      "newer trailer (8 kinds, 4 reasons) accepted");
		CHECK(o.st.count[TRAIL_EV_SYS] == 4 && o.st.exit_status == 9 && o.st.end_mono_ns == 77,
		      "newer trailer: counts, exit status, end time");
		CHECK(o.st.drops[TRAIL_DROP_STASH * TRAIL_EV_KIND_MAX + TRAIL_EV_FORK] == 6,
		      "newer trailer: drops re-indexed by (reason, kind)");
	}
	/* its counts by op: more rows than this reader knows; and none in an
	 * older one */
	{
		enum { NOPS = TRAIL_SYS_MAX + 3, NV = 8 + 24 + NOPS };
		uint64_t v[NV];
		struct recset ex = base_prefix(9);
		struct rd o;
		size_t i;

		memset(&t, 0, sizeof(t));
		t.exit_status = 9;
		t.nkinds = 8;
		t.ndrops = 24 + NOPS;
		t.nops = NOPS;
		for (i = 0; i < NV; i++)
			v[i] = 0;
		v[8 + TRAIL_EV_SYS] = 11 + 2 + 3;
		v[8 + 24 + TRAIL_SYS_openat] = 11;
		v[8 + 24 + TRAIL_SYS_MAX + 1] = 2;	/* a row this reader does not know */
		v[8 + 24 + NOPS - 1] = 3;		/* the --syscall ones */
		memcpy(pl, &t, sizeof(t));
		memcpy(pl + sizeof(t), v, sizeof(v));
		b.len = 0;
		buf_add(&b, base, prefix);
		add_chunk(&b, TF_CHUNK_TRAILER, pl, sizeof(t) + sizeof(v), 0);
		put_file(tmp_path, b.p, b.len);
		read_trace(tmp_path, &ex, &o);
		CHECK(o.open_ret == 0 && o.ret == 0 && o.complete, "trailer with more ops accepted");
		CHECK(o.st.drops[TRAIL_DROPS_OP0 + TRAIL_SYS_openat] == 11 &&
		      o.st.drops[TRAIL_DROPS_OP0 + TRAIL_SYS_MAX] == 5 &&
		      o.st.drops[TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX + TRAIL_EV_SYS] == 16,
		      "trailer with more ops: known rows by op, the rest with --syscall's");

		t.ndrops = 24;		/* the same without counts by op */
		t.nops = 0;
		memcpy(pl, &t, sizeof(t));
		b.len = 0;
		buf_add(&b, base, prefix);
		add_chunk(&b, TF_CHUNK_TRAILER, pl, sizeof(t) + 8 * (8 + 24), 0);
		put_file(tmp_path, b.p, b.len);
		read_trace(tmp_path, &ex, &o);
		bool none = o.ret == 0 && o.complete;
		for (i = 0; i < TRAIL_DROPS_NOPS; i++)
			none = none && o.st.drops[TRAIL_DROPS_OP0 + i] == 0;
		CHECK(none && o.st.drops[TRAIL_DROP_RINGBUF * TRAIL_EV_KIND_MAX + TRAIL_EV_SYS] == 16,
		      "older trailer (no counts by op) accepted, none by op");
	}
	free(f);
	buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* killed recorder                                                    */

TEST(cut_files)
{
	size_t c2 = base_chunk[1], c3 = base_chunk[2], tr = base_chunk[3];

	expect_cut("cut in chunk 1 header", base, base_hsize + 10, 0, base_hsize);
	expect_cut("cut after 1 byte of chunk 1 header", base, base_hsize + 1, 0, base_hsize);
	expect_cut("cut at the end of chunk 1 header", base, base_hsize + CHUNK_SIZE, 0, base_hsize);
	expect_cut("cut in chunk 1 payload", base, base_hsize + CHUNK_SIZE + 60, 0, base_hsize);
	expect_cut("cut right after chunk 1", base, c2, 3, c2);
	expect_cut("cut in chunk 3 header", base, c3 + 12, 5, c3);
	expect_cut("cut in chunk 3 payload", base, c3 + CHUNK_SIZE + 100, 5, c3);
	expect_cut("cut one byte short of the end of chunk 3", base, tr - 1, 5, c3);
	expect_cut("cut right after chunk 3 (no trailer)", base, tr, 9, tr);
	expect_cut("cut in the trailer header", base, tr + 20, 9, tr);
	expect_cut("cut in the trailer payload", base, tr + CHUNK_SIZE + 8, 9, tr);
	expect_cut("cut one byte short of the end", base, base_len - 1, 9, tr);
}

/* ------------------------------------------------------------------ */
/* brute force                                                        */

struct brute {
	size_t runs, hangs, bad_recs, silent;
	char first[256];
};

static void brute_one(struct brute *bf, const void *f, size_t len, const char *what)
{
	struct rd o;

	put_file(tmp_path, f, len);
	read_trace(tmp_path, NULL, &o);
	bf->runs++;
	if (o.hang || o.bad_rec || (o.open_ret < 0 && !o.open_err[0]) ||
	    (o.open_ret == 0 && o.ret < 0 && !o.err[0]) ||
	    (o.open_ret == 0 && o.ret < 0 && o.again >= 0)) {
		if (o.hang)
			bf->hangs++;
		else if (o.bad_rec)
			bf->bad_recs++;
		else
			bf->silent++;
		if (!bf->first[0])
			snprintf(bf->first, sizeof(bf->first), "%s", what);
	}
}

TEST(brute_force)
{
	unsigned char *f = base_copy();
	struct brute bf = { 0 };
	char what[128];
	size_t i, k, j;
	int bit;

	/* every truncation */
	for (i = 0; i <= base_len; i++) {
		snprintf(what, sizeof(what), "cut at %zu", i);
		brute_one(&bf, base, i, what);
	}
	/* every bit of every byte */
	for (i = 0; i < base_len; i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(f, base, base_len);
			f[i] ^= 1u << bit;
			snprintf(what, sizeof(what), "byte %zu bit %d", i, bit);
			brute_one(&bf, f, base_len, what);
		}
		memcpy(f, base, base_len);
		f[i] = 0xff;
		snprintf(what, sizeof(what), "byte %zu = 0xff", i);
		brute_one(&bf, f, base_len, what);
	}
	/* every payload byte with the CRC made right again, so the record
	 * and trailer parsers see the damage; also cut after each */
	for (k = 0; k < 4; k++) {
		struct tf_chunk c = get_chunk(base, base_chunk[k]);

		for (j = 0; j < c.len; j++) {
			for (bit = 0; bit < 8; bit++) {
				memcpy(f, base, base_len);
				f[base_chunk[k] + CHUNK_SIZE + j] ^= 1u << bit;
				fix_crc(f, base_chunk[k]);
				snprintf(what, sizeof(what), "chunk %zu payload %zu bit %d, crc fixed",
					 k, j, bit);
				brute_one(&bf, f, base_len, what);
				if (bit == 0) {
					snprintf(what, sizeof(what),
						 "chunk %zu payload %zu bit 0, crc fixed, cut", k, j);
					brute_one(&bf, f, base_chunk[k] + CHUNK_SIZE + c.len / 2 + j % 7, what);
				}
			}
		}
	}
	snprintf(msg, sizeof(msg),
		 "%zu damaged files: all end (hangs %zu), records keep the contract (bad %zu), "
		 "errors have messages and stay (%zu without); first: %s",
		 bf.runs, bf.hangs, bf.bad_recs, bf.silent, bf.first[0] ? bf.first : "none");
	CHECK(bf.runs > 10000 && !bf.hangs && !bf.bad_recs && !bf.silent, msg);
	free(f);
}


/* record's codecs: chunks of records as zstd (the default) or zlib; what
 * reads back is the same; a damaged stream, a lying length or bytes after
 * the stream are errors, not crashes; the trailer is never compressed. */
static void check_codec(enum tf_codec codec, const char *name)
{
	struct recset s = { 0 };
	struct tf_meta m = small_meta();
	struct tf_stats st = { .exit_status = 0 };
	size_t i, flen, offs[64], n, k;
	unsigned char *f;
	struct tf_chunk c;
	struct rd o;
	bool all_codec = true;
	char what[160];
	uint32_t raw;

#define CHECK_C(cond, text) do {					\
		snprintf(what, sizeof(what), "compressed (%s): %s", name, text);	\
		CHECK(cond, what);					\
	} while (0)
	for (i = 0; i < 30000; i++)
		recset_add(&s, 1 + i % 5, HDR_SIZE + (i * 41) % 517);
	m.codec = codec;
	CHECK_C(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0, "written");
	read_trace(tmp_path, &s, &o);
	CHECK_C(o.open_ret == 0 && o.ret == 0 && o.n == s.n && o.match && o.complete && !o.bad_rec,
		"every record reads back equal, in order, and the file is complete");
	f = get_file(tmp_path, &flen);
	n = walk_chunks(f, flen, offs, 64);
	for (k = 0; k + 1 < n; k++) {	/* all but the trailer */
		c = get_chunk(f, offs[k]);
		all_codec &= c.codec == codec && c.type == TF_CHUNK_RECORDS;
	}
	CHECK_C(n >= 3 && all_codec, "several chunks, each with the codec");
	c = get_chunk(f, offs[n - 1]);
	CHECK_C(c.codec == TF_CODEC_NONE && c.type == TF_CHUNK_TRAILER, "the trailer is stored as is");

	/* a flipped byte inside the stream, CRC fixed up */
	f[offs[0] + CHUNK_SIZE + 40] ^= 0x5a;
	fix_crc(f, offs[0]);
	put_file(tmp_path, f, flen);
	read_trace(tmp_path, &s, &o);
	CHECK_C(o.ret < 0 && strstr(o.err, "compressed") && says_byte(o.err, offs[0], offs[0]),
		"damaged stream is an error naming the chunk");
	f[offs[0] + CHUNK_SIZE + 40] ^= 0x5a;
	/* an uncompressed length past the limit, one short and one long of
	 * what the stream holds */
	memcpy(&raw, f + offs[0] + CHUNK_SIZE, 4);
	{
		uint32_t big = TF_CHUNK_MAX + 1, less = raw - 8, more = raw + 8;

		memcpy(f + offs[0] + CHUNK_SIZE, &big, 4);
		fix_crc(f, offs[0]);
		put_file(tmp_path, f, flen);
		read_trace(tmp_path, &s, &o);
		CHECK_C(o.ret < 0 && strstr(o.err, "too large"), "a huge length is refused");
		memcpy(f + offs[0] + CHUNK_SIZE, &less, 4);
		fix_crc(f, offs[0]);
		put_file(tmp_path, f, flen);
		read_trace(tmp_path, &s, &o);
		CHECK_C(o.ret < 0 && strstr(o.err, "compressed"), "a length short of the stream's is refused");
		memcpy(f + offs[0] + CHUNK_SIZE, &more, 4);
		fix_crc(f, offs[0]);
		put_file(tmp_path, f, flen);
		read_trace(tmp_path, &s, &o);
		CHECK_C(o.ret < 0 && strstr(o.err, "compressed"), "a length past the stream's is refused");
		memcpy(f + offs[0] + CHUNK_SIZE, &raw, 4);
	}
	/* the stream cut by 8 bytes, the chunk's length and CRC made to match */
	c = get_chunk(f, offs[0]);
	c.len -= 8;
	set_chunk(f, offs[0], &c);
	fix_crc(f, offs[0]);
	put_file(tmp_path, f, flen);
	read_trace(tmp_path, &s, &o);
	CHECK_C(o.ret < 0, "a cut stream is an error");
	/* the codec on a trailer chunk is not a thing (on a fresh copy) */
	free(f);
	write_trace(tmp_path, &m, &s, NULL, true, &st);
	f = get_file(tmp_path, &flen);
	c = get_chunk(f, offs[n - 1]);
	c.codec = codec;
	set_chunk(f, offs[n - 1], &c);
	put_file(tmp_path, f, flen);
	read_trace(tmp_path, NULL, &o);
	CHECK_C(o.ret < 0 && strstr(o.err, "codec"), "a compressed trailer is refused");
	/* an unknown codec */
	c.codec = TF_CODEC_ZSTD + 1;
	set_chunk(f, offs[0], &c);
	put_file(tmp_path, f, flen);
	read_trace(tmp_path, NULL, &o);
	CHECK_C(o.ret < 0 && strstr(o.err, "codec"), "an unknown codec is refused");
#undef CHECK_C
	free(f);
	recset_free(&s);
}

TEST(compressed)
{
	check_codec(TF_CODEC_ZSTD, "zstd");
	check_codec(TF_CODEC_ZLIB, "zlib");
}

/* The target TLV (6): written when set, read back; "" when absent. */
TEST(target_tlv)
{
	struct recset s = { 0 };
	struct tf_meta m = small_meta();
	struct tf_stats st;
	struct tf_reader *r = NULL;
	char err[256];

	memset(&st, 0, sizeof(st));
	m.argv = NULL;
	m.target = "pid 12,34";
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0, "write with a target");
	CHECK(tf_reader__open(&r, tmp_path, err, sizeof(err)) == 0, "opens");
	if (r) {
		CHECK_STR(tf_reader__info(r)->target, "pid 12,34", "target read back");
		CHECK_STR(tf_reader__info(r)->command, "", "no command");
		CHECK_STR(tf_reader__info(r)->cwd, "/home/user/src/project", "the other fields still read");
		tf_reader__free(r);
	}
	m = small_meta();
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0, "write a command's recording");
	CHECK(tf_reader__open(&r, tmp_path, err, sizeof(err)) == 0, "opens");
	if (r) {
		CHECK_STR(tf_reader__info(r)->target, "", "no target TLV: target is \"\"");
		tf_reader__free(r);
	}
}

/* What the kernel could not give (TLV 8) and the BPF build (TLV 9) read
 * back as written; at most TF_UNAVAILABLE_MAX of the first. */
TEST(kernel_tlvs)
{
	static const char *kind[20], *why[20];
	struct recset s = { 0 };
	struct tf_meta m = small_meta();
	struct tf_stats st;
	struct tf_reader *r = NULL;
	char err[256], k[20][16];
	unsigned int i;

	for (i = 0; i < 20; i++) {
		snprintf(k[i], sizeof(k[i]), "kind%u", i);
		kind[i] = k[i];
		why[i] = i ? "a reason" : "no capability:cap_capable tracepoint (Linux 6.14+)";
	}
	memset(&st, 0, sizeof(st));
	m.unavail_kind = kind;
	m.unavail_why = why;
	m.nunavail = 2;
	m.bpf_build = "compat";
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0, "write with two kinds missing");
	CHECK(tf_reader__open(&r, tmp_path, err, sizeof(err)) == 0, "opens");
	if (r) {
		const struct tf_info *in = tf_reader__info(r);

		CHECK(in->nunavail == 2, "two kinds read back");
		CHECK_STR(in->unavail_kind[0], "kind0", "the first kind");
		CHECK_STR(in->unavail_why[0], "no capability:cap_capable tracepoint (Linux 6.14+)",
			  "its reason");
		CHECK_STR(in->unavail_kind[1], "kind1", "the second kind");
		CHECK_STR(in->bpf_build, "compat", "the BPF build");
		tf_reader__free(r);
	}
	m.nunavail = 20;
	m.bpf_build = NULL;
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0, "write with twenty");
	CHECK(tf_reader__open(&r, tmp_path, err, sizeof(err)) == 0, "opens");
	if (r) {
		CHECK(tf_reader__info(r)->nunavail == TF_UNAVAILABLE_MAX, "at most 16 kept");
		CHECK_STR(tf_reader__info(r)->bpf_build, "", "no build field: \"\"");
		tf_reader__free(r);
	}
	recset_free(&s);
}

/* A file of a header only, with these TLV bytes (already padded). */
static void header_file(const char *path, uint64_t wall, const void *tlv, size_t tlen)
{
	struct tf_header h = { 0 };
	struct buf b = { 0 };
	static const char zero[8];

	memcpy(h.magic, TF_MAGIC, sizeof(h.magic));
	h.version = TF_VERSION;
	h.header_size = (uint32_t)(sizeof(h) + (tlen + 7) / 8 * 8);
	h.wall_start_ns = wall;
	buf_add(&b, &h, sizeof(h));
	buf_add(&b, tlv, tlen);
	buf_add(&b, zero, h.header_size - b.len);
	put_file(path, b.p, b.len);
	buf_free(&b);
}

/* One TLV, padded to 4, into b. */
static void tlv_add(struct buf *b, uint16_t type, const void *v, uint16_t len)
{
	struct tf_tlv t = { .type = type, .len = len };
	static const char zero[4];

	buf_add(b, &t, sizeof(t));
	buf_add(b, v, len);
	buf_add(b, zero, (4 - len % 4) % 4);
}

/* The id of the recording in path, or "" when it does not open. */
static void id_of(const char *path, char *out)
{
	struct tf_reader *r = NULL;
	char err[256];

	out[0] = '\0';
	if (tf_reader__open(&r, path, err, sizeof(err)) == 0) {
		strcpy(out, tf_reader__info(r)->recording_id);
		tf_reader__free(r);
	}
}

/* Its open error, or "" when it opens. */
static void open_err(const char *path, char *err, size_t len)
{
	struct tf_reader *r = NULL;

	if (tf_reader__open(&r, path, err, len) == 0) {
		err[0] = '\0';
		tf_reader__free(r);
	}
}

static bool is_hex_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 2 * TF_RECORDING_ID_LEN;
}

/* The recording id (TLV 10) and boot id (TLV 11): drawn for each file,
 * read back, derived from the header of a file without one, and refused
 * when malformed. */
TEST(recording_id)
{
	static const unsigned char fixed[TF_RECORDING_ID_LEN] = {
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
		0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	static const char boot[] = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
	char a[64], b[64], c[64], err[256];
	struct recset s = { 0 };
	struct tf_meta m = small_meta();
	struct tf_stats st;
	struct tf_reader *r = NULL;
	struct buf t = { 0 };

	memset(&st, 0, sizeof(st));
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0, "write");
	id_of(tmp_path, a);
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0, "write again, the same meta");
	id_of(tmp_path, b);
	id_of(tmp_path, c);
	CHECK(is_hex_id(a) && is_hex_id(b), "ids are 32 lowercase hex digits");
	snprintf(msg, sizeof(msg), "two files, two ids (%s, %s)", a, b);
	CHECK(strcmp(a, b) != 0, msg);
	CHECK_STR(c, b, "a file's id is the same each time it is read");

	m.recording_id = fixed;
	m.boot_id = boot;
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == 0, "write with an id and a boot id");
	CHECK(tf_reader__open(&r, tmp_path, err, sizeof(err)) == 0, "opens");
	if (r) {
		CHECK_STR(tf_reader__info(r)->recording_id, "00112233445566778899aabbccddeeff",
			  "the id read back, as hex");
		CHECK_STR(tf_reader__info(r)->boot_id, boot, "the boot id read back");
		tf_reader__free(r);
	}
	m.boot_id = "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0";
	CHECK(write_trace(tmp_path, &m, &s, NULL, true, &st) == -EINVAL,
	      "the writer refuses a boot id not in the kernel's form");

	/* a file from before the TLV: named by a hash of its header */
	tf_header_hash_id("", 0, a);
	CHECK_STR(a, "6c62272e07bb014262b821756295c58d", "FNV-1a 128 of nothing: its offset basis");
	tf_header_hash_id("a", 1, a);
	CHECK_STR(a, "d228cb696f1a8caf78912b704e4a8964", "FNV-1a 128 of \"a\" (the published vector)");
	tlv_add(&t, TF_TLV_HOSTNAME, "old", 3);
	header_file(tmp_path, 1700000000000000001ull, t.p, t.len);
	id_of(tmp_path, a);
	id_of(tmp_path, b);
	CHECK(is_hex_id(a), "an old file has an id too");
	CHECK_STR(b, a, "... the same each time");
	{
		size_t n;
		unsigned char *f = get_file(tmp_path, &n);

		tf_header_hash_id(f, n, c);
		CHECK_STR(a, c, "... the hash of its header's bytes");
		free(f);
	}
	header_file(tmp_path, 1700000000000000002ull, t.p, t.len);
	id_of(tmp_path, b);
	CHECK(is_hex_id(b) && strcmp(a, b), "another start time (1 ns later), another id");
	buf_free(&t);

	/* malformed: refused, with where */
	tlv_add(&t, TF_TLV_RECORDING_ID, fixed, 15);
	header_file(tmp_path, 1, t.p, t.len);
	open_err(tmp_path, err, sizeof(err));
	CHECK_STR(err, "bad recording id at byte 56", "a 15-byte id is refused");
	buf_free(&t);
	tlv_add(&t, TF_TLV_RECORDING_ID, fixed, 16);
	tlv_add(&t, TF_TLV_RECORDING_ID, fixed, 16);
	header_file(tmp_path, 1, t.p, t.len);
	open_err(tmp_path, err, sizeof(err));
	CHECK_STR(err, "bad recording id at byte 76", "two ids in one header are refused");
	buf_free(&t);
	tlv_add(&t, TF_TLV_BOOT_ID, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f\"", 36);
	header_file(tmp_path, 1, t.p, t.len);
	open_err(tmp_path, err, sizeof(err));
	CHECK_STR(err, "bad boot id at byte 56", "a boot id with a quote is refused");
	buf_free(&t);
	tlv_add(&t, TF_TLV_BOOT_ID, boot, 35);
	header_file(tmp_path, 1, t.p, t.len);
	open_err(tmp_path, err, sizeof(err));
	CHECK_STR(err, "bad boot id at byte 56", "a short boot id is refused");
	buf_free(&t);
	tlv_add(&t, TF_TLV_BOOT_ID, boot, 36);
	header_file(tmp_path, 1, t.p, t.len);
	open_err(tmp_path, err, sizeof(err));
	CHECK_STR(err, "", "a well-formed boot id alone opens");
	buf_free(&t);
	recset_free(&s);
}

/* A live replay decodes what it is fed, as a file's replay would. */
TEST(live_replay)
{
	struct tf_meta m = small_meta();
	struct trail_ev_exit x = { 0 };
	struct trail_event ev;
	struct replay *r;

	m.target = "all";
	r = replay__open_live(&m);
	CHECK_STR(replay__info(r)->target, "all", "info: the target");
	CHECK_STR(replay__info(r)->command, "make -j4 all", "info: the command joined");
	CHECK(replay__info(r)->mono_start_ns == m.mono_start_ns, "info: the start time");
	x.hdr.kind = TRAIL_EV_EXIT;
	x.hdr.size = sizeof(x);
	x.hdr.ts = m.mono_start_ns + 5000;
	x.hdr.pid = x.hdr.tid = 42;
	memcpy(x.hdr.comm, "cc1", 4);
	x.status = 3 << 8;
	CHECK(replay__feed(r, &x, sizeof(x), &ev) == 1, "an exit record decodes");
	CHECK(ev.type == TE_exit && ev.time_ns == 5000 && ev.hdr->pid == 42 &&
	      !strcmp(ev.comm, "cc1"), "... with its type, time, pid and comm");
	x.hdr.size = sizeof(x) + 8;
	CHECK(replay__feed(r, &x, sizeof(x), &ev) < 0 && replay__error(r)[0],
	      "a record whose size disagrees is refused with a reason");
	x.hdr.size = sizeof(x);
	x.hdr.kind = TRAIL_EV_KIND_MAX + 7;
	CHECK(replay__feed(r, &x, sizeof(x), &ev) == 0, "an unknown kind is skipped");
	CHECK(replay__next(r, &ev) == 0 && replay__complete(r), "nothing to read; complete");
	replay__free(r);
}

int main(void)
{
	signal(SIGALRM, on_alarm);
	alarm(300);
	if (!mkdtemp(tmp_dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(tmp_path, sizeof(tmp_path), "%s/t.trail", tmp_dir);

	RUN(round_trip);
	RUN(round_trip_empty);
	RUN(long_command);
	RUN(target_tlv);
	RUN(kernel_tlvs);
	RUN(live_replay);
	RUN(recording_id);
	RUN(writer_errors);
	harness_test = "setup";
	make_base();
	RUN(open_errors);
	RUN(bad_header);
	RUN(bad_chunks);
	RUN(bad_records);
	RUN(bad_trailer);
	RUN(cut_files);
	RUN(brute_force);
	RUN(compressed);

	free(base);
	recset_free(&base_recs);
	unlink(tmp_path);
	rmdir(tmp_dir);
	return harness_done();
}
