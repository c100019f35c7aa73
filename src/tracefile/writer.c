// SPDX-License-Identifier: MIT
/*
 * Streaming writer: records are gathered into a chunk and written with one
 * writev, so a recorder killed at any moment leaves a file that reads up to
 * the last complete chunk.  A full chunk is handed to a thread of its own
 * that compresses and writes it while the next one fills: the recorder
 * goes on draining the ring buffer meanwhile.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/uio.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "tracefile/tracefile.h"
#include <stdio.h>
#include "util/util.h"

#define CHUNK_TARGET (1u << 20)
/* zstd's fastest standard level: a W3 recording to ~11% of its size at
 * ~700 MB/s of one core; zlib's level 1 gives ~18% at ~170 MB/s */
#define ZSTD_LEVEL 1

/* A chunk of records on its way to the file (the thread's). */
struct tf_job {
	char *buf;
	size_t len;
	uint32_t nrec;
};

struct tf_writer {
	int fd;
	enum tf_codec codec;
	char *zbuf;             /* compressed chunk: length word + stream */
	size_t zcap;
	ZSTD_CCtx *zstd;
	char *buf;
	size_t len, cap;
	uint32_t nrec;
	uint64_t bytes;         /* written, and handed to the thread */
	struct tf_stats st;
	/* the writing thread: job is its while busy; spare is the buffer
	 * the next chunk fills after this one */
	bool threaded, busy, stop;
	int err;                /* the thread's first write error */
	struct tf_job job;
	char *spare;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static int write_all(int fd, const struct iovec *iov, int n)
{
	struct iovec v[4];
	int i;

	memcpy(v, iov, n * sizeof(*iov));
	for (i = 0; i < n;) {
		ssize_t k = writev(fd, &v[i], n - i);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (k == 0)
			return -EIO;
		while (i < n && (size_t)k >= v[i].iov_len)
			k -= v[i++].iov_len;
		if (i < n) {
			v[i].iov_base = (char *)v[i].iov_base + k;
			v[i].iov_len -= k;
		}
	}
	return 0;
}

static void add_tlv(char **p, size_t *len, size_t *cap, uint16_t type,
		    const char *s, size_t n)
{
	struct tf_tlv t = { .type = type, .len = n > 0xffff ? 0xffff : n };
	size_t need = *len + sizeof(t) + ((t.len + 3) & ~3u);

	if (need > *cap) {
		*cap = need * 2;
		*p = xrealloc(*p, *cap);
	}
	memcpy(*p + *len, &t, sizeof(t));
	memcpy(*p + *len + sizeof(t), s, t.len);
	memset(*p + *len + sizeof(t) + t.len, 0, ((t.len + 3) & ~3u) - t.len);
	*len = need;
}

static void start_thread(struct tf_writer *w);

/* A recording's id: 16 bytes from the kernel's random pool, so that two
 * recordings never share one, even made on one host in the same ns. */
static int draw_id(unsigned char id[TF_RECORDING_ID_LEN])
{
	size_t n = 0;

	while (n < TF_RECORDING_ID_LEN) {
		ssize_t k = getrandom(id + n, TF_RECORDING_ID_LEN - n, 0);

		if (k < 0 && errno != EINTR)
			return -errno;
		if (k > 0)
			n += k;
	}
	return 0;
}

int tf_writer__new(struct tf_writer **out, int fd, const struct tf_meta *m)
{
	unsigned char id[TF_RECORDING_ID_LEN];
	struct tf_header h = { 0 };
	struct tf_writer *w;
	char *tlv = NULL, *cmd = NULL;
	size_t tlen = 0, tcap = 0, clen = 0, pad;
	struct iovec iov[3];
	static const char zero[8];
	int err, i;

	if (m->recording_id)
		memcpy(id, m->recording_id, sizeof(id));
	else if ((err = draw_id(id)))
		return err;
	/* what a reader would refuse is not written */
	if (m->boot_id && !tf_boot_id_valid(m->boot_id, strlen(m->boot_id)))
		return -EINVAL;
	for (i = 0; i < (int)m->nsyscalls; i++)
		if (!tf_syscall_valid(&m->syscalls[i]) || m->nsyscalls > TRAIL_GENERIC_MAX)
			return -EINVAL;
	for (i = 0; m->argv && m->argv[i]; i++) {
		size_t n = strlen(m->argv[i]) + 1;

		cmd = xrealloc(cmd, clen + n);
		memcpy(cmd + clen, m->argv[i], n);
		clen += n;
	}
	add_tlv(&tlv, &tlen, &tcap, TF_TLV_TRAIL_VERSION, m->trail_version, strlen(m->trail_version));
	add_tlv(&tlv, &tlen, &tcap, TF_TLV_KERNEL, m->kernel, strlen(m->kernel));
	add_tlv(&tlv, &tlen, &tcap, TF_TLV_HOSTNAME, m->hostname, strlen(m->hostname));
	add_tlv(&tlv, &tlen, &tcap, TF_TLV_CWD, m->cwd, strlen(m->cwd));
	add_tlv(&tlv, &tlen, &tcap, TF_TLV_COMMAND, cmd ? cmd : "", clen);
	if (m->target)
		add_tlv(&tlv, &tlen, &tcap, TF_TLV_TARGET, m->target, strlen(m->target));
	if (m->bpf_build)
		add_tlv(&tlv, &tlen, &tcap, TF_TLV_BPF, m->bpf_build, strlen(m->bpf_build));
	add_tlv(&tlv, &tlen, &tcap, TF_TLV_RECORDING_ID, (const char *)id, sizeof(id));
	if (m->boot_id)
		add_tlv(&tlv, &tlen, &tcap, TF_TLV_BOOT_ID, m->boot_id, TF_BOOT_ID_LEN);
	free(cmd);
	for (i = 0; i < (int)m->nsyscalls; i++) {
		const struct tf_syscall *sc = &m->syscalls[i];
		char v[sizeof(struct tf_tlv_syscall) + sizeof(*sc)];
		struct tf_tlv_syscall h = { .nr = sc->nr, .nargs = sc->nargs };
		size_t n = sizeof(h);
		unsigned int k;

		memcpy(v, &h, sizeof(h));
		n += stpcpy(v + n, sc->name) - (v + n) + 1;
		for (k = 0; k < sc->nargs; k++) {
			n += stpcpy(v + n, sc->arg_type[k]) - (v + n) + 1;
			n += stpcpy(v + n, sc->arg_name[k]) - (v + n) + 1;
		}
		add_tlv(&tlv, &tlen, &tcap, TF_TLV_SYSCALL, v, n);
	}
	for (i = 0; i < (int)m->nunavail && i < TF_UNAVAILABLE_MAX; i++) {
		char v[512];
		int n = snprintf(v, sizeof(v), "%s%c%s", m->unavail_kind[i], 0, m->unavail_why[i]);

		add_tlv(&tlv, &tlen, &tcap, TF_TLV_UNAVAILABLE, v,
			n < 0 ? 0 : (size_t)n >= sizeof(v) ? sizeof(v) - 1 : (size_t)n);
	}

	pad = (8 - (sizeof(h) + tlen) % 8) % 8;
	memcpy(h.magic, TF_MAGIC, sizeof(h.magic));
	h.version = TF_VERSION;
	h.header_size = sizeof(h) + tlen + pad;
	h.mono_start_ns = m->mono_start_ns;
	h.wall_start_ns = m->wall_start_ns;
	h.flags = m->flags;
	iov[0] = (struct iovec){ &h, sizeof(h) };
	iov[1] = (struct iovec){ tlv, tlen };
	iov[2] = (struct iovec){ (void *)zero, pad };
	err = write_all(fd, iov, 3);
	free(tlv);
	if (err)
		return err;

	w = xcalloc(1, sizeof(*w));
	w->fd = fd;
	w->cap = CHUNK_TARGET + TRAIL_REC_MAX;
	w->buf = xmalloc(w->cap);
	w->codec = m->codec;
	if (w->codec == TF_CODEC_ZLIB)
		w->zcap = 4 + compressBound(w->cap);
	else if (w->codec == TF_CODEC_ZSTD && (w->zstd = ZSTD_createCCtx())) {
		/* with a checksum of the content, as zlib's adler32: a
		 * stream damaged under a matching CRC is not read as records */
		ZSTD_CCtx_setParameter(w->zstd, ZSTD_c_compressionLevel, ZSTD_LEVEL);
		ZSTD_CCtx_setParameter(w->zstd, ZSTD_c_checksumFlag, 1);
		w->zcap = 4 + ZSTD_compressBound(w->cap);
	}
	else
		w->codec = TF_CODEC_NONE;
	if (w->zcap)
		w->zbuf = xmalloc(w->zcap);
	w->bytes = h.header_size;
	w->st.exit_status = -1;
	start_thread(w);
	*out = w;
	return 0;
}

/* A records payload compressed into w->zbuf (u32 length, then the
 * stream): its length, or 0 to store it as is. */
static size_t compress_chunk(struct tf_writer *w, const void *p, size_t len)
{
	uint32_t raw = len;
	size_t out = 0;

	if (w->codec == TF_CODEC_ZLIB) {
		uLongf zlen = w->zcap - 4;

		/* level 1: most of the gain (paths and headers repeat) */
		if (compress2((Bytef *)w->zbuf + 4, &zlen, p, len, 1) == Z_OK)
			out = zlen;
	} else if (w->codec == TF_CODEC_ZSTD) {
		size_t n = ZSTD_compress2(w->zstd, w->zbuf + 4, w->zcap - 4, p, len);

		if (!ZSTD_isError(n))
			out = n;
	}
	if (!out || out + 4 >= len)	/* no gain: stored */
		return 0;
	memcpy(w->zbuf, &raw, 4);
	return out + 4;
}

/* Writes one chunk (compressed if it is records and the codec says so):
 * its size on disk, or -errno. */
static ssize_t write_chunk(struct tf_writer *w, uint32_t type, const void *p, size_t len,
			   uint32_t nrec)
{
	struct tf_chunk c = { .magic = TF_CHUNK_MAGIC, .type = type, .nrec = nrec };
	size_t zlen = type == TF_CHUNK_RECORDS ? compress_chunk(w, p, len) : 0;
	struct iovec iov[2];
	int err;

	if (zlen) {
		p = w->zbuf;
		len = zlen;
		c.codec = w->codec;
	}
	c.len = len;
	c.crc = crc32(crc32(0, NULL, 0), p, len);
	iov[0] = (struct iovec){ &c, sizeof(c) };
	iov[1] = (struct iovec){ (void *)p, len };
	err = write_all(w->fd, iov, 2);
	return err ? err : (ssize_t)(sizeof(c) + len);
}

static void *writer_thread(void *arg)
{
	struct tf_writer *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		struct tf_job job;
		ssize_t n;

		while (!w->busy && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->busy)
			break;
		job = w->job;
		pthread_mutex_unlock(&w->mu);
		n = w->err ? 0 : write_chunk(w, TF_CHUNK_RECORDS, job.buf, job.len, job.nrec);
		pthread_mutex_lock(&w->mu);
		if (n < 0 && !w->err)
			w->err = n;
		else if (n > 0)
			w->bytes += n;
		w->spare = job.buf;
		w->busy = false;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Without a thread (it could not be made) chunks are written in line.
 * The thread takes no signal: they are the recorder's (its signalfd). */
static void start_thread(struct tf_writer *w)
{
	sigset_t all, old;

	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->spare = xmalloc(w->cap);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	w->threaded = !pthread_create(&w->thread, NULL, writer_thread, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Until the thread is idle: its error, if it had one. */
static int wait_idle(struct tf_writer *w)
{
	int err;

	if (!w->threaded)
		return w->err;
	pthread_mutex_lock(&w->mu);
	while (w->busy)
		pthread_cond_wait(&w->cv, &w->mu);
	err = w->err;
	pthread_mutex_unlock(&w->mu);
	return err;
}

static void stop_thread(struct tf_writer *w)
{
	if (!w->threaded)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	w->threaded = false;
}

int tf_writer__flush(struct tf_writer *w)
{
	ssize_t n;
	int err;

	if (!w->len)
		return w->err;
	if (!w->threaded) {
		n = write_chunk(w, TF_CHUNK_RECORDS, w->buf, w->len, w->nrec);
		if (n < 0)
			return w->err = n;
		w->bytes += n;
	} else {
		/* the previous chunk is written by now, or we wait for it */
		err = wait_idle(w);
		if (err)
			return err;
		pthread_mutex_lock(&w->mu);
		w->job = (struct tf_job){ w->buf, w->len, w->nrec };
		w->buf = w->spare;
		w->spare = NULL;
		w->busy = true;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
	}
	w->len = 0;
	w->nrec = 0;
	return 0;
}

bool tf_writer__would_flush(const struct tf_writer *w, size_t size)
{
	size_t padded = (size + 7) & ~(size_t)7;

	return w->len + padded > w->cap || w->len + padded >= CHUNK_TARGET;
}

int tf_writer__add(struct tf_writer *w, const void *rec, size_t size)
{
	const struct trail_ev_hdr *h = rec;
	size_t padded = (size + 7) & ~(size_t)7;
	int err;

	if (size < sizeof(*h) || size > TRAIL_REC_MAX || h->size != size)
		return -EINVAL;
	if (w->len + padded > w->cap) {
		err = tf_writer__flush(w);
		if (err)
			return err;
	}
	memcpy(w->buf + w->len, rec, size);
	memset(w->buf + w->len + size, 0, padded - size);
	w->len += padded;
	w->nrec++;
	w->st.records++;
	if (h->kind < TRAIL_EV_KIND_MAX)
		w->st.count[h->kind]++;
	if (w->len >= CHUNK_TARGET)
		return tf_writer__flush(w);
	return 0;
}

int tf_writer__finish(struct tf_writer *w, struct tf_stats *st)
{
	struct {
		struct tf_trailer t;
		uint64_t count[TRAIL_EV_KIND_MAX];
		uint64_t drops[TRAIL_DROPS_LEN];
		struct tf_trailer_tlv run;
		uint32_t nrunning, running[TF_RUNNING_MAX + 1];	/* + 1: pads to 8 */
	} tr;
	uint32_t listed = st->nrunning < TF_RUNNING_MAX ? st->nrunning : TF_RUNNING_MAX;
	size_t len = offsetof(typeof(tr), run);
	int err = tf_writer__flush(w);
	ssize_t n;

	if (!err)
		err = wait_idle(w);	/* every chunk written, the thread idle */
	if (err)
		return err;
	memcpy(w->st.drops, st->drops, sizeof(w->st.drops));
	w->st.end_mono_ns = st->end_mono_ns;
	w->st.exit_status = st->exit_status;
	w->st.nrunning = st->nrunning;
	memcpy(w->st.running, st->running, 4 * listed);
	memset(&tr, 0, sizeof(tr));
	tr.t.end_mono_ns = w->st.end_mono_ns;
	tr.t.records = w->st.records;
	tr.t.exit_status = w->st.exit_status;
	tr.t.nkinds = TRAIL_EV_KIND_MAX;
	tr.t.ndrops = TRAIL_DROPS_LEN;
	tr.t.nops = TRAIL_DROPS_NOPS;
	memcpy(tr.count, w->st.count, sizeof(tr.count));
	memcpy(tr.drops, w->st.drops, sizeof(tr.drops));
	if (st->nrunning) {
		tr.run.type = TF_TRAILER_RUNNING;
		tr.run.len = 4 + 4 * listed;
		tr.nrunning = st->nrunning;
		memcpy(tr.running, st->running, 4 * listed);
		len += sizeof(tr.run) + ((tr.run.len + 7) & ~7u);
	}
	*st = w->st;
	n = write_chunk(w, TF_CHUNK_TRAILER, &tr, len, 0);
	if (n < 0)
		return n;
	w->bytes += n;
	return 0;
}

const struct tf_stats *tf_writer__stats(const struct tf_writer *w)
{
	return &w->st;
}

uint64_t tf_writer__bytes(const struct tf_writer *w)
{
	/* the chunk being compressed counted as is (exact after finish) */
	return w->bytes + w->len + (w->busy ? sizeof(struct tf_chunk) + w->job.len : 0);
}

void tf_writer__free(struct tf_writer *w)
{
	if (!w)
		return;
	wait_idle(w);
	stop_thread(w);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w->buf);
	free(w->spare);
	free(w->zbuf);
	ZSTD_freeCCtx(w->zstd);
	free(w);
}
