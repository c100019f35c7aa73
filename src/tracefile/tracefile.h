/* SPDX-License-Identifier: MIT */
/* Writing and reading trace files.  The reader trusts nothing. */
#ifndef TRAIL_TRACEFILE_H
#define TRAIL_TRACEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "tracefile/format.h"

/* A syscall recorded by number (--syscall, TF_TLV_SYSCALL). */
#define TF_SYSCALL_STR_MAX 63
struct tf_syscall {
	uint32_t nr;
	uint32_t nargs;
	char name[TF_SYSCALL_STR_MAX + 1];
	char arg_type[TRAIL_SYS_ARGS][TF_SYSCALL_STR_MAX + 1];  /* "const char *" */
	char arg_name[TRAIL_SYS_ARGS][TF_SYSCALL_STR_MAX + 1];
};

/* Whether a description is one a reader accepts: nr below TRAIL_NR_MAX, at
 * most TRAIL_SYS_ARGS arguments, names C identifiers (distinct), types C
 * type words and stars.  The writer's and the reader's one check. */
bool tf_syscall_valid(const struct tf_syscall *s);

struct tf_meta {
	uint64_t mono_start_ns;
	uint64_t wall_start_ns;
	uint32_t flags;                 /* TF_HF_* */
	const char *trail_version;
	const char *kernel;
	const char *hostname;
	const char *cwd;
	char *const *argv;              /* the recorded command */
	const char *target;             /* or what else was recorded; NULL for a command */
	enum tf_codec codec;            /* each chunk of records: TF_CODEC_* (format.h) */
	const struct tf_syscall *syscalls;  /* --syscall, nsyscalls of them */
	unsigned int nsyscalls;
	/* what the kernel could not give: event kind and why, nunavail each */
	const char *const *unavail_kind, *const *unavail_why;
	unsigned int nunavail;            /* at most TF_UNAVAILABLE_MAX */
	const char *bpf_build;            /* "full" or "compat", or NULL */
	/* TF_RECORDING_ID_LEN bytes naming this file's recording; NULL: the
	 * writer draws them from getrandom (each file its own) */
	const unsigned char *recording_id;
	const char *boot_id;              /* the machine's boot id, or NULL */
};

/* Processes of the job still running when the recording stopped, listed in
 * the trailer (at most this many; nrunning counts them all). */
#define TF_RUNNING_MAX 256

struct tf_stats {
	uint64_t end_mono_ns;
	uint64_t records;
	int32_t exit_status;
	uint32_t nrunning;              /* the job's processes left running */
	uint32_t running[TF_RUNNING_MAX];  /* their pids (the first TF_RUNNING_MAX) */
	uint64_t count[TRAIL_EV_KIND_MAX];
	uint64_t drops[TRAIL_DROPS_LEN];
};

/* A boot id as the kernel writes it (8-4-4-4-12 lowercase hex digits,
 * len bytes, no newline): the writer's and the reader's one check. */
bool tf_boot_id_valid(const char *s, size_t len);

/* --- writer --- */
struct tf_writer;

/* Takes ownership of nothing; fd stays the caller's.  0 or -errno. */
int tf_writer__new(struct tf_writer **out, int fd, const struct tf_meta *meta);
/* Appends one record (size = hdr->size bytes); writes a chunk when the
 * buffer is full.  0 or -errno (the write error of a full disk, say). */
int tf_writer__add(struct tf_writer *w, const void *rec, size_t size);
/* Would adding a record of this size hand a chunk to the writing thread
 * (and block until the one before is written)? */
bool tf_writer__would_flush(const struct tf_writer *w, size_t size);
/* Hands what is buffered to the writing thread as one chunk; 0, or the
 * -errno of an earlier chunk's write. */
int tf_writer__flush(struct tf_writer *w);
/* Flushes, then writes the trailer with these counts (records counted by
 * the writer itself are filled in). */
int tf_writer__finish(struct tf_writer *w, struct tf_stats *st);
const struct tf_stats *tf_writer__stats(const struct tf_writer *w);
uint64_t tf_writer__bytes(const struct tf_writer *w);
void tf_writer__free(struct tf_writer *w);

/* --- reader --- */
struct tf_reader;

struct tf_info {
	uint32_t version;
	uint32_t flags;
	uint64_t mono_start_ns;
	uint64_t wall_start_ns;
	char *trail_version, *kernel, *hostname, *cwd;
	char *command;                  /* argv joined by spaces, for display */
	char **argv;                    /* NULL-terminated */
	char *target;                   /* "" for a command, else "pid 1,2", "all"... */
	struct tf_syscall *syscalls;    /* recorded with --syscall (checked) */
	unsigned int nsyscalls;         /* at most TRAIL_GENERIC_MAX */
	/* event kinds the recording kernel could not give in full, and why */
	char *unavail_kind[TF_UNAVAILABLE_MAX], *unavail_why[TF_UNAVAILABLE_MAX];
	unsigned int nunavail;
	char *bpf_build;                /* "" when not said */
	/* which recording: the header's TF_TLV_RECORDING_ID as 32 lowercase
	 * hex digits, or for a file written before there was one, the
	 * 128-bit FNV-1a hash of its header (stable, and distinct as the
	 * header holds the start time in ns) */
	char recording_id[2 * TF_RECORDING_ID_LEN + 1];
	char *boot_id;                  /* "" when not said */
};

/* The recording id of the header bytes p[0..n) of a file without
 * TF_TLV_RECORDING_ID, as hex into out (2 * TF_RECORDING_ID_LEN + 1). */
void tf_header_hash_id(const void *p, size_t n, char *out);
/* 16 bytes as 32 lowercase hex digits into out. */
void tf_id_hex(const unsigned char id[TF_RECORDING_ID_LEN], char *out);

/* Opens and validates the header.  On failure returns -errno and, for a
 * file that is not a valid trace, a message in err ("bad magic at byte 0"). */
int tf_reader__open(struct tf_reader **out, const char *path, char *err, size_t errlen);
const struct tf_info *tf_reader__info(const struct tf_reader *r);
/*
 * The next record: 1 with *rec and *size set (valid until the next call;
 * 8-byte aligned; size >= sizeof(struct trail_ev_hdr) and == hdr->size),
 * 0 at the end, or -errno with tf_reader__error() saying what and where.
 */
int tf_reader__next(struct tf_reader *r, const void **rec, size_t *size);
const char *tf_reader__error(const struct tf_reader *r);
/* After the end: did the file have its trailer?  Where did data stop? */
bool tf_reader__complete(const struct tf_reader *r);
uint64_t tf_reader__offset(const struct tf_reader *r);
const struct tf_stats *tf_reader__stats(const struct tf_reader *r);
void tf_reader__free(struct tf_reader *r);

#endif
