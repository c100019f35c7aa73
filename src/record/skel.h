/* SPDX-License-Identifier: MIT */
/*
 * Opening one of a BPF object's two builds (src/bpf/compat.bpf.h) through
 * one skeleton: the compat build has the same maps, programs and global
 * data in the same order (scripts/skel-same.sh checks it at build time),
 * so its ELF bytes open into the full build's skeleton and one loader
 * serves both (record/bpfobj.c).
 */
#ifndef TRAIL_SKEL_H
#define TRAIL_SKEL_H

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include "record/bpfobj.h"

/*
 * static const struct bpf_obj_ops NAME_ops: opens NAME's skeleton, or its
 * compat build's (COMPAT_NAME) ELF bytes into it, and shows the loader
 * what both objects name the same.  WHO and NEEDS as in bpf_obj_ops.
 */
#define DEFINE_SKEL_OPS(name, compat_name, who_, needs_)                       \
	static void *name##__open_view(bool compat, struct skel_view *v,       \
				       const char *btf_path)                   \
	{                                                                      \
		LIBBPF_OPTS(bpf_object_open_opts, opts,                        \
			    .btf_custom_path = btf_path);                      \
		struct name *s = calloc(1, sizeof(*s));                        \
		int err;                                                       \
                                                                               \
		if (!s) {                                                      \
			errno = ENOMEM;                                        \
			return NULL;                                           \
		}                                                              \
		err = name##__create_skeleton(s);                              \
		if (!err && compat)                                            \
			s->skeleton->data = (void *)compat_name##__elf_bytes(  \
				&s->skeleton->data_sz);                        \
		if (!err)                                                      \
			err = bpf_object__open_skeleton(s->skeleton, &opts);   \
		if (err) {                                                     \
			name##__destroy(s);                                    \
			errno = -err;                                          \
			return NULL;                                           \
		}                                                              \
		*v = (struct skel_view){                                       \
			.skeleton = s->skeleton, .obj = s->obj,                \
			.target = &s->rodata->cfg_target,                      \
			.self_tgid = &s->rodata->cfg_self_tgid,                \
			.comm_filter = &s->rodata->cfg_comm_filter,            \
			.uid_filter = &s->rodata->cfg_uid_filter,              \
			.uid_min = &s->rodata->cfg_uid_min,                    \
			.uid_max = &s->rodata->cfg_uid_max,                    \
			.nr_op = s->rodata->cfg_nr_op,                         \
			.traced = s->maps.traced,                              \
			.target_cgroup = s->maps.target_cgroup,                \
			.comms = s->maps.comm_filter,                          \
			.stash_zero = s->maps.stash_zero,                      \
			.cap_quiet = s->maps.cap_quiet_map,                    \
		};                                                             \
		return s;                                                      \
	}                                                                      \
	static const void *name##__elf(bool compat, size_t *sz)                \
	{                                                                      \
		return compat ? compat_name##__elf_bytes(sz) : name##__elf_bytes(sz); \
	}                                                                      \
	static const struct bpf_obj_ops name##_ops = { who_, needs_, name##__open_view, \
						       name##__elf }

#endif
