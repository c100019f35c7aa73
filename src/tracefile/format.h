/* SPDX-License-Identifier: MIT */
/*
 * The trace file on disk (docs/FORMAT.md says the same in prose):
 *
 *   header   struct tf_header, then TLV strings up to header_size
 *   chunks   struct tf_chunk + payload; payload of a RECORDS chunk is
 *            records (trail_abi.h) each padded to 8 bytes
 *   trailer  a TRAILER chunk, last; absent if the recorder was killed
 *
 * Little-endian, as written by the recording machine.
 */
#ifndef TRAIL_FORMAT_H
#define TRAIL_FORMAT_H

#include <linux/types.h>
#include "trail_abi.h"

#define TF_MAGIC        "TRAIL\0\r\n"   /* NUL and CRLF catch text-mode damage */
#define TF_VERSION      1
#define TF_CHUNK_MAGIC  0x434c5254u     /* "TRLC" */
#define TF_CHUNK_MAX    (64u << 20)     /* largest payload a reader accepts */
#define TF_HEADER_MAX   (1u << 20)

struct tf_header {
	char magic[8];
	__u32 version;
	__u32 header_size;     /* this struct + TLVs, a multiple of 8 */
	__u64 mono_start_ns;   /* CLOCK_MONOTONIC at start: event times are relative to it */
	__u64 wall_start_ns;   /* CLOCK_REALTIME at the same moment */
	__u32 flags;           /* TF_HF_* */
	__u32 _pad;
	__u64 _reserved[2];
};
_Static_assert(sizeof(struct tf_header) == 56, "tf_header");

#define TF_HF_NO_ENV 0x1   /* recorded with --no-env */

/* TLV after the header: type, length, bytes, padded to 4. */
struct tf_tlv {
	__u16 type;
	__u16 len;
};

enum tf_tlv_type {
	TF_TLV_TRAIL_VERSION = 1,
	TF_TLV_KERNEL = 2,     /* uname -r */
	TF_TLV_HOSTNAME = 3,
	TF_TLV_COMMAND = 4,    /* argv, NUL-separated */
	TF_TLV_CWD = 5,        /* the recorder's working directory */
	TF_TLV_TARGET = 6,     /* what was recorded when not a command: "pid 1,2",
				  "cgroup /sys/fs/cgroup/x", "all" */
	TF_TLV_SYSCALL = 7,    /* one per --syscall: see below */
	TF_TLV_UNAVAILABLE = 8, /* one per event kind the kernel could not give in
				   full: the kind, NUL, why (src/record/probe.c) */
	TF_TLV_BPF = 9,        /* which build of the BPF programs recorded:
				  "full" or "compat" (src/bpf/compat.bpf.h) */
	TF_TLV_RECORDING_ID = 10, /* 16 random bytes drawn when the file is
				     begun: which recording this is, across
				     files and hosts (TF_RECORDING_ID_LEN) */
	TF_TLV_BOOT_ID = 11,   /* /proc/sys/kernel/random/boot_id of the
				  recording machine: 36 characters, a UUID */
};
#define TF_RECORDING_ID_LEN 16
#define TF_BOOT_ID_LEN 36
#define TF_UNAVAILABLE_MAX 16

/*
 * TF_TLV_SYSCALL: a syscall recorded by number (--syscall), as its
 * tracepoint format file describes it.  __u16 nr, __u8 nargs, __u8 0,
 * then NUL-terminated strings: the name, then for each argument its C
 * type and its name.  Its records have op TRAIL_SYS_GENERIC_BIT | nr.
 */
struct tf_tlv_syscall {
	__u16 nr;
	__u8 nargs;
	__u8 _pad;
	/* char strings[]; */
};

/* codecs 1 and 2 (records chunks only): the payload is a __u32
 * uncompressed length (at most TF_CHUNK_MAX), then a zlib stream (1) or
 * zstd frames (2) that decompress to exactly that many bytes */
enum tf_codec { TF_CODEC_NONE = 0, TF_CODEC_ZLIB = 1, TF_CODEC_ZSTD = 2 };

enum tf_chunk_type {
	TF_CHUNK_RECORDS = 1,
	TF_CHUNK_TRAILER = 2,
};

struct tf_chunk {
	__u32 magic;
	__u32 type;
	__u32 len;       /* payload bytes */
	__u32 nrec;      /* records in a RECORDS payload */
	__u32 crc;       /* zlib crc32 of the payload */
	__u32 codec;     /* TF_CODEC_* */
};
_Static_assert(sizeof(struct tf_chunk) == 24, "tf_chunk");

/* TRAILER payload: fixed part, then nkinds __u64 record counts indexed by
 * kind, then ndrops __u64 kernel drop counts (enum trail_drop x kind), the
 * last nops of which are syscall records lost by op (TRAIL_DROPS_OP0). */
struct tf_trailer {
	__u64 end_mono_ns;
	__u64 records;
	__s32 exit_status;   /* wait status of the command, -1 if unknown */
	__u32 nkinds;
	__u32 ndrops;
	__u32 nops;          /* 0 in files from before there were any */
};
_Static_assert(sizeof(struct tf_trailer) == 32, "tf_trailer");

/* After the trailer's counters: TLVs, each padded to 8 bytes. */
struct tf_trailer_tlv {
	__u32 type;
	__u32 len;           /* of the value, padding excluded */
};
/* u32 count of the job's processes left running, then at most
 * TF_RUNNING_MAX of their pids (u32 each) */
#define TF_TRAILER_RUNNING 1

#endif
