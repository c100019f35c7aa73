// SPDX-License-Identifier: MIT
/* The trace file reader.  Every length and offset comes from an untrusted
 * file: each is checked against what is actually there before it is used,
 * and every problem is reported with the byte offset where it was found. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>
#include "tracefile/tracefile.h"
#include "util/util.h"

struct tf_reader {
	FILE *f;
	uint64_t off;          /* file offset of the next unread byte */
	uint64_t file_size;
	struct tf_info info;
	char *buf;             /* current chunk payload (uncompressed) */
	size_t cap, len, pos;
	char *zbuf;            /* a compressed payload as read */
	size_t zcap;
	ZSTD_DCtx *zstd;       /* made at the first zstd chunk */
	uint32_t nrec, seen;
	uint64_t chunk_off;    /* file offset of the current payload */
	bool done, complete, loaded;
	struct tf_stats st;
	char err[256];
};

static int fail(struct tf_reader *r, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	return err;
}

/* Reads exactly n bytes; returns bytes read (less at end of file). */
static size_t read_n(struct tf_reader *r, void *p, size_t n)
{
	size_t k = fread(p, 1, n, r->f);

	r->off += k;
	return k;
}

static char *tlv_str(const char *p, size_t n)
{
	return xstrndup(p, strnlen(p, n));
}

static bool is_ident(const char *s, size_t cap)
{
	size_t i, n = strnlen(s, cap);

	if (!n || n == cap || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

bool tf_syscall_valid(const struct tf_syscall *s)
{
	unsigned int i, j;

	if (s->nr >= TRAIL_NR_MAX || s->nargs > TRAIL_SYS_ARGS ||
	    !is_ident(s->name, sizeof(s->name)))
		return false;
	for (i = 0; i < s->nargs; i++) {
		const char *t = s->arg_type[i];
		size_t n = strnlen(t, sizeof(s->arg_type[i])), k;

		if (!n || n == sizeof(s->arg_type[i]) || t[0] == ' ' ||
		    !is_ident(s->arg_name[i], sizeof(s->arg_name[i])))
			return false;
		for (k = 0; k < n; k++)
			if (!(t[k] == ' ' || t[k] == '*' || t[k] == '_' ||
			      (t[k] >= 'a' && t[k] <= 'z') || (t[k] >= 'A' && t[k] <= 'Z') ||
			      (t[k] >= '0' && t[k] <= '9')))
				return false;
		for (j = 0; j < i; j++)	/* they become JSON keys */
			if (!strcmp(s->arg_name[i], s->arg_name[j]))
				return false;
	}
	return true;
}

/* One string of a TLV value into dst (cap bytes): false if it is not
 * NUL-terminated inside the value or does not fit. */
static bool tlv_take(const char **p, const char *end, char *dst, size_t cap)
{
	const char *nul = memchr(*p, '\0', end - *p);

	if (!nul || (size_t)(nul - *p) >= cap)
		return false;
	memcpy(dst, *p, nul - *p + 1);
	*p = nul + 1;
	return true;
}

/* TF_TLV_SYSCALL: checked whole, then added to info. */
static bool parse_syscall(struct tf_info *info, const char *v, size_t len)
{
	const char *p = v + sizeof(struct tf_tlv_syscall), *end = v + len;
	struct tf_tlv_syscall h;
	struct tf_syscall sc = { 0 };
	unsigned int i;

	if (len < sizeof(h) || info->nsyscalls >= TRAIL_GENERIC_MAX)
		return false;
	memcpy(&h, v, sizeof(h));
	sc.nr = h.nr;
	sc.nargs = h.nargs;
	if (sc.nargs > TRAIL_SYS_ARGS || !tlv_take(&p, end, sc.name, sizeof(sc.name)))
		return false;
	for (i = 0; i < sc.nargs; i++)
		if (!tlv_take(&p, end, sc.arg_type[i], sizeof(sc.arg_type[i])) ||
		    !tlv_take(&p, end, sc.arg_name[i], sizeof(sc.arg_name[i])))
			return false;
	if (p != end || !tf_syscall_valid(&sc))
		return false;
	for (i = 0; i < info->nsyscalls; i++)
		if (info->syscalls[i].nr == sc.nr)
			return false;
	if (!info->syscalls)
		info->syscalls = xcalloc(TRAIL_GENERIC_MAX, sizeof(sc));
	info->syscalls[info->nsyscalls++] = sc;
	return true;
}

/* TF_TLV_COMMAND: argv, NUL-separated; the first one counts. */
static void parse_command(struct tf_info *info, const char *v, size_t len)
{
	size_t i, start = 0;
	int argc = 0;

	if (info->argv)
		return;
	info->argv = xcalloc(len + 1, sizeof(char *));
	info->command = xcalloc(1, len + 1);
	for (i = 0; i < len; i++) {
		if (v[i] == '\0') {
			info->argv[argc++] = xstrndup(v + start, i - start);
			start = i + 1;
		}
	}
	for (i = 0; i < (size_t)argc; i++) {
		if (i)
			strcat(info->command, " ");
		strcat(info->command, info->argv[i]);
	}
}

/* TF_TLV_UNAVAILABLE: kind NUL why; a value without its NUL is all kind. */
static void parse_unavailable(struct tf_info *info, const char *v, size_t len)
{
	const char *nul = memchr(v, 0, len);
	size_t kl = nul ? (size_t)(nul - v) : len;

	if (info->nunavail >= TF_UNAVAILABLE_MAX)
		return;
	info->unavail_kind[info->nunavail] = tlv_str(v, kl);
	info->unavail_why[info->nunavail] = nul ? tlv_str(nul + 1, len - kl - 1) : xstrdup("");
	info->nunavail++;
}

bool tf_boot_id_valid(const char *v, size_t len)
{
	size_t i;

	if (len != TF_BOOT_ID_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? v[i] != '-' :
		    !((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
			return false;
	return true;
}

static bool parse_boot_id(struct tf_info *info, const char *v, size_t len)
{
	if (info->boot_id || !tf_boot_id_valid(v, len))
		return false;
	info->boot_id = xstrndup(v, len);
	return true;
}

void tf_id_hex(const unsigned char id[TF_RECORDING_ID_LEN], char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < TF_RECORDING_ID_LEN; i++) {
		out[2 * i] = hex[id[i] >> 4];
		out[2 * i + 1] = hex[id[i] & 15];
	}
	out[2 * TF_RECORDING_ID_LEN] = '\0';
}

void tf_header_hash_id(const void *p, size_t n, char *out)
{
	/* FNV-1a, 128 bits: offset basis and prime from the FNV spec */
	unsigned __int128 h = ((unsigned __int128)0x6c62272e07bb0142ull << 64) | 0x62b821756295c58dull;
	const unsigned __int128 prime = ((unsigned __int128)1 << 88) | 0x13b;
	const unsigned char *b = p;
	unsigned char id[TF_RECORDING_ID_LEN];
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= b[i];
		h *= prime;
	}
	for (i = 0; i < TF_RECORDING_ID_LEN; i++)
		id[i] = (unsigned char)(h >> (8 * (TF_RECORDING_ID_LEN - 1 - i)));
	tf_id_hex(id, out);
}

/* One header field; false when its value is one no writer makes. */
static bool parse_tlv(struct tf_info *info, const struct tf_tlv *t, const char *v)
{
	switch (t->type) {
	case TF_TLV_TRAIL_VERSION: free(info->trail_version); info->trail_version = tlv_str(v, t->len); break;
	case TF_TLV_KERNEL: free(info->kernel); info->kernel = tlv_str(v, t->len); break;
	case TF_TLV_HOSTNAME: free(info->hostname); info->hostname = tlv_str(v, t->len); break;
	case TF_TLV_CWD: free(info->cwd); info->cwd = tlv_str(v, t->len); break;
	case TF_TLV_TARGET: free(info->target); info->target = tlv_str(v, t->len); break;
	case TF_TLV_COMMAND: parse_command(info, v, t->len); break;
	case TF_TLV_BPF: free(info->bpf_build); info->bpf_build = tlv_str(v, t->len); break;
	case TF_TLV_UNAVAILABLE: parse_unavailable(info, v, t->len); break;
	case TF_TLV_SYSCALL: return parse_syscall(info, v, t->len);
	case TF_TLV_RECORDING_ID:
		if (t->len != TF_RECORDING_ID_LEN || info->recording_id[0])
			return false;
		tf_id_hex((const unsigned char *)v, info->recording_id);
		break;
	case TF_TLV_BOOT_ID: return parse_boot_id(info, v, t->len);
	default:	/* a newer writer's field: skip */
		break;
	}
	return true;
}

static const char *tlv_name(uint16_t type)
{
	switch (type) {
	case TF_TLV_SYSCALL: return "syscall description";
	case TF_TLV_RECORDING_ID: return "recording id";
	case TF_TLV_BOOT_ID: return "boot id";
	default: return "header field";
	}
}

static int parse_tlvs(struct tf_info *info, const char *tlv, size_t tlen, char *err, size_t errlen)
{
	size_t pos;

	for (pos = 0; pos + sizeof(struct tf_tlv) <= tlen;) {
		struct tf_tlv t;

		memcpy(&t, tlv + pos, sizeof(t));
		if (t.type == 0)	/* padding */
			break;
		if (t.len > tlen - pos - sizeof(t)) {
			snprintf(err, errlen, "header field length %u past the header at byte %zu",
				 t.len, sizeof(struct tf_header) + pos);
			return -EINVAL;
		}
		if (!parse_tlv(info, &t, tlv + pos + sizeof(t))) {
			snprintf(err, errlen, "bad %s at byte %zu", tlv_name(t.type),
				 sizeof(struct tf_header) + pos);
			return -EINVAL;
		}
		pos += sizeof(t) + ((t.len + 3u) & ~3u);
	}
	return 0;
}

static int parse_header(struct tf_reader *r, char *err, size_t errlen)
{
	struct tf_header h;
	char *tlv;
	size_t n, tlen;
	int ret;

	n = read_n(r, &h, sizeof(h));
	if (n >= 8 && memcmp(h.magic, TF_MAGIC, 8)) {
		snprintf(err, errlen, "not a trail recording (bad magic at byte 0)");
		return -EINVAL;
	}
	if (n < sizeof(h)) {
		snprintf(err, errlen, "truncated header (%zu of %zu bytes)", n, sizeof(h));
		return -EINVAL;
	}
	if (h.version != TF_VERSION) {
		snprintf(err, errlen, "unsupported format version %u at byte 8 (this trail reads %u)",
			 h.version, TF_VERSION);
		return -EINVAL;
	}
	if (h.header_size < sizeof(h) || h.header_size > TF_HEADER_MAX || h.header_size % 8 ||
	    h.header_size > r->file_size) {
		snprintf(err, errlen, "bad header size %u at byte 12", h.header_size);
		return -EINVAL;
	}
	tlen = h.header_size - sizeof(h);
	tlv = xmalloc(sizeof(h) + tlen);
	if (read_n(r, tlv + sizeof(h), tlen) != tlen) {
		free(tlv);
		snprintf(err, errlen, "truncated header at byte %llu", (unsigned long long)r->off);
		return -EINVAL;
	}
	r->info.version = h.version;
	r->info.flags = h.flags;
	r->info.mono_start_ns = h.mono_start_ns;
	r->info.wall_start_ns = h.wall_start_ns;
	ret = parse_tlvs(&r->info, tlv + sizeof(h), tlen, err, errlen);
	if (!ret && !r->info.recording_id[0]) {
		/* a file from before recording ids: named by its header */
		memcpy(tlv, &h, sizeof(h));
		tf_header_hash_id(tlv, sizeof(h) + tlen, r->info.recording_id);
	}
	free(tlv);
	if (ret)
		return ret;
	if (!r->info.argv) {
		r->info.argv = xcalloc(1, sizeof(char *));
		r->info.command = xstrdup("");
	}
#define DEF(x) if (!r->info.x) r->info.x = xstrdup("")
	DEF(trail_version); DEF(kernel); DEF(hostname); DEF(cwd); DEF(target); DEF(bpf_build);
	DEF(boot_id);
#undef DEF
	return 0;
}

int tf_reader__open(struct tf_reader **out, const char *path, char *err, size_t errlen)
{
	struct tf_reader *r;
	struct stat sb;
	int fd, ret;

	err[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &sb)) {
		ret = -errno;
		close(fd);
		return ret;
	}
	if (S_ISDIR(sb.st_mode)) {
		close(fd);
		return -EISDIR;
	}
	r = xcalloc(1, sizeof(*r));
	r->f = fdopen(fd, "rb");
	if (!r->f) {
		ret = -errno;
		close(fd);
		free(r);
		return ret;
	}
	/* A pipe or device has no size: trust reads, not st_size. */
	r->file_size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : UINT64_MAX;
	r->st.exit_status = -1;
	ret = parse_header(r, err, errlen);
	if (ret) {
		tf_reader__free(r);
		return ret;
	}
	*out = r;
	return 0;
}

const struct tf_info *tf_reader__info(const struct tf_reader *r)
{
	return &r->info;
}

/* The trailer's TLVs after its counters; a type this build does not know
 * is skipped. */
static int parse_trailer_tlvs(struct tf_reader *r, size_t off)
{
	struct tf_trailer_tlv h;

	while (off < r->len) {
		if (r->len - off < sizeof(h))
			return -EINVAL;
		memcpy(&h, r->buf + off, sizeof(h));
		off += sizeof(h);
		if (h.len > r->len - off || ((h.len + 7ull) & ~7ull) > r->len - off)
			return -EINVAL;
		if (h.type == TF_TRAILER_RUNNING) {
			uint32_t n;

			if (h.len < 4 || h.len % 4)
				return -EINVAL;
			memcpy(&n, r->buf + off, 4);
			if ((h.len - 4) / 4 != (n < TF_RUNNING_MAX ? n : TF_RUNNING_MAX))
				return -EINVAL;
			r->st.nrunning = n;
			memcpy(r->st.running, r->buf + off + 4, h.len - 4);
		}
		off += (h.len + 7) & ~7u;
	}
	return 0;
}

static int parse_trailer(struct tf_reader *r)
{
	struct tf_trailer t;
	uint64_t v;
	size_t i;

	if (r->len < sizeof(t))
		return fail(r, -EINVAL, "trailer too short at byte %llu",
			    (unsigned long long)r->chunk_off);
	memcpy(&t, r->buf, sizeof(t));
	if (t.nkinds > 4096 || t.ndrops > 65536 || t.nops > t.ndrops ||
	    r->len < sizeof(t) + 8ull * (t.nkinds + t.ndrops) ||
	    parse_trailer_tlvs(r, sizeof(t) + 8ull * (t.nkinds + t.ndrops)))
		return fail(r, -EINVAL, "bad trailer size at byte %llu",
			    (unsigned long long)r->chunk_off);
	r->st.end_mono_ns = t.end_mono_ns;
	r->st.records = t.records;
	r->st.exit_status = t.exit_status;
	for (i = 0; i < t.nkinds; i++) {
		memcpy(&v, r->buf + sizeof(t) + 8 * i, 8);
		if (i < TRAIL_EV_KIND_MAX)
			r->st.count[i] = v;
	}
	/* drop counters are laid out reason-major with the writer's nkinds,
	 * then come its nops counters by op: the last for every --syscall op,
	 * as is a row this build does not know */
	for (i = 0; i < t.ndrops; i++) {
		size_t j = i - (t.ndrops - t.nops);
		size_t reason = t.nkinds ? i / t.nkinds : 0, kind = t.nkinds ? i % t.nkinds : 0;

		memcpy(&v, r->buf + sizeof(t) + 8 * (t.nkinds + i), 8);
		if (i >= t.ndrops - t.nops)
			r->st.drops[TRAIL_DROPS_OP0 + (j + 1 < t.nops && j < TRAIL_SYS_MAX ?
						       j : TRAIL_SYS_MAX)] += v;
		else if (reason < TRAIL_DROP_MAX && kind < TRAIL_EV_KIND_MAX)
			r->st.drops[reason * TRAIL_EV_KIND_MAX + kind] += v;
	}
	return 0;
}

/* A compressed payload (r->zbuf, len bytes: u32 length, then the stream)
 * into r->buf: exactly its stated length, at most TF_CHUNK_MAX, whatever
 * the stream says (the output buffer is the bound, for zlib and zstd). */
static int decompress_chunk(struct tf_reader *r, uint32_t codec, uint32_t len, uint64_t at)
{
	uint32_t raw;
	bool ok;

	if (len < 4)
		return fail(r, -EINVAL, "compressed chunk too short at byte %llu",
			    (unsigned long long)at);
	memcpy(&raw, r->zbuf, 4);
	if (raw > TF_CHUNK_MAX)
		return fail(r, -EINVAL, "chunk length %u too large at byte %llu", raw,
			    (unsigned long long)at);
	if (raw > r->cap) {
		r->cap = raw;
		free(r->buf);
		r->buf = xmalloc(r->cap);
	}
	if (codec == TF_CODEC_ZLIB) {
		uLongf out = raw;

		ok = uncompress((Bytef *)r->buf, &out, (const Bytef *)r->zbuf + 4, len - 4) == Z_OK &&
		     out == raw;
	} else {
		size_t out;

		if (!r->zstd && !(r->zstd = ZSTD_createDCtx()))
			return fail(r, -ENOMEM, "out of memory for a zstd chunk at byte %llu",
				    (unsigned long long)at);
		/* single-shot into a buffer of raw bytes: more output is an
		 * error (dstSize_tooSmall), so is less, so are trailing bytes */
		out = ZSTD_decompressDCtx(r->zstd, r->buf, raw, r->zbuf + 4, len - 4);
		ok = !ZSTD_isError(out) && out == raw;
	}
	if (!ok)
		return fail(r, -EINVAL, "bad compressed data in chunk at byte %llu",
			    (unsigned long long)at);
	r->len = raw;
	return 0;
}

/* Loads the next chunk: 1 loaded, 0 end of data, < 0 corrupt. */
static int load_chunk(struct tf_reader *r)
{
	struct tf_chunk c;
	uint64_t at = r->off;
	size_t n;

	n = read_n(r, &c, sizeof(c));
	if (n == 0)
		return 0;			/* end of file, without trailer */
	if (n < sizeof(c)) {
		r->off = at;			/* a chunk cut short: data stops here */
		return 0;
	}
	if (c.magic != TF_CHUNK_MAGIC)
		return fail(r, -EINVAL, "bad chunk magic at byte %llu", (unsigned long long)at);
	if (c.type != TF_CHUNK_RECORDS && c.type != TF_CHUNK_TRAILER)
		return fail(r, -EINVAL, "unknown chunk type %u at byte %llu", c.type,
			    (unsigned long long)at);
	if (c.codec != TF_CODEC_NONE && ((c.codec != TF_CODEC_ZLIB && c.codec != TF_CODEC_ZSTD) ||
					 c.type != TF_CHUNK_RECORDS))
		return fail(r, -EINVAL, "unknown chunk codec %u at byte %llu", c.codec,
			    (unsigned long long)at);
	if (c.len > TF_CHUNK_MAX)
		return fail(r, -EINVAL, "chunk length %u too large at byte %llu", c.len,
			    (unsigned long long)at);
	if (c.len > r->file_size - r->off) {
		r->off = at;			/* cut short by a killed recorder */
		return 0;
	}
	{
		/* read the payload where it ends up, or into zbuf to inflate */
		char **dst = c.codec ? &r->zbuf : &r->buf;
		size_t *cap = c.codec ? &r->zcap : &r->cap;

		if (c.len > *cap) {
			*cap = c.len;
			free(*dst);
			*dst = xmalloc(*cap);
		}
		r->chunk_off = r->off;
		if (read_n(r, *dst, c.len) != c.len) {
			r->off = at;
			return 0;
		}
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION	/* make fuzz: past it */
		if (crc32(crc32(0, NULL, 0), (const Bytef *)*dst, c.len) != c.crc)
			return fail(r, -EINVAL, "checksum mismatch in chunk at byte %llu",
				    (unsigned long long)at);
#endif
	}
	r->len = c.len;
	if (c.codec != TF_CODEC_NONE) {
		int err = decompress_chunk(r, c.codec, c.len, at);

		if (err)
			return err;
	}
	r->pos = 0;
	r->nrec = c.nrec;
	r->seen = 0;
	if (c.type == TF_CHUNK_TRAILER) {
		int err = parse_trailer(r);
		char extra;

		if (err)
			return err;
		if (fread(&extra, 1, 1, r->f) == 1)
			return fail(r, -EINVAL, "data after the trailer at byte %llu",
				    (unsigned long long)r->off);
		r->complete = true;
		r->len = 0;
		return 0;
	}
	return 1;
}

int tf_reader__next(struct tf_reader *r, const void **rec, size_t *size)
{
	struct trail_ev_hdr h;
	uint64_t at;
	size_t left, padded;
	int ret;

	if (r->err[0])
		return -EINVAL;
	while (!r->done && r->pos >= r->len) {
		if (r->loaded && r->seen != r->nrec)
			return fail(r, -EINVAL, "chunk at byte %llu holds %u records, header says %u",
				    (unsigned long long)r->chunk_off - sizeof(struct tf_chunk),
				    r->seen, r->nrec);
		ret = load_chunk(r);
		if (ret < 0)
			return ret;
		r->loaded = ret > 0;
		if (ret == 0) {
			r->done = true;
			r->len = r->pos = 0;
		}
	}
	if (r->done)
		return 0;
	at = r->chunk_off + r->pos;
	left = r->len - r->pos;
	if (left < sizeof(h))
		return fail(r, -EINVAL, "truncated record at byte %llu", (unsigned long long)at);
	memcpy(&h, r->buf + r->pos, sizeof(h));
	if (h.size < sizeof(h) || h.size > left)
		return fail(r, -EINVAL, "bad record length %u at byte %llu", h.size,
			    (unsigned long long)at);
	padded = (h.size + 7u) & ~7u;
	if (padded > left)
		padded = left;
	*rec = r->buf + r->pos;
	*size = h.size;
	r->pos += padded;
	r->seen++;
	return 1;
}

const char *tf_reader__error(const struct tf_reader *r)
{
	return r->err;
}

bool tf_reader__complete(const struct tf_reader *r)
{
	return r->complete;
}

uint64_t tf_reader__offset(const struct tf_reader *r)
{
	return r->off;
}

const struct tf_stats *tf_reader__stats(const struct tf_reader *r)
{
	return &r->st;
}

void tf_reader__free(struct tf_reader *r)
{
	int i;

	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	free(r->buf);
	free(r->zbuf);
	ZSTD_freeDCtx(r->zstd);
	free(r->info.trail_version);
	free(r->info.kernel);
	free(r->info.hostname);
	free(r->info.cwd);
	free(r->info.target);
	free(r->info.bpf_build);
	free(r->info.boot_id);
	for (i = 0; i < (int)r->info.nunavail; i++) {
		free(r->info.unavail_kind[i]);
		free(r->info.unavail_why[i]);
	}
	free(r->info.command);
	for (i = 0; r->info.argv && r->info.argv[i]; i++)
		free(r->info.argv[i]);
	free(r->info.argv);
	free(r->info.syscalls);
	free(r);
}
