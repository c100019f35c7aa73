/* SPDX-License-Identifier: MIT */
/*
 * Opening one of a BPF object's two builds (src/bpf/compat.bpf.h) through
 * one skeleton: the compat build has the same maps, programs and global
 * data in the same order (scripts/skel-same.sh checks it at build time),
 * so its ELF bytes open into the full build's skeleton and one loader
 * serves both.
 */
#ifndef TRAIL_SKEL_H
#define TRAIL_SKEL_H

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

/* static struct NAME *NAME__open_build(bool compat): NULL with errno set.
 * COMPAT is the compat build's skeleton name. */
#define DEFINE_SKEL_OPEN_BUILD(name, compat_name)                              \
	static struct name *name##__open_build(bool compat)                    \
	{                                                                      \
		struct name *obj = calloc(1, sizeof(*obj));                    \
		int err;                                                       \
                                                                               \
		if (!obj) {                                                    \
			errno = ENOMEM;                                        \
			return NULL;                                           \
		}                                                              \
		err = name##__create_skeleton(obj);                            \
		if (!err && compat)                                            \
			obj->skeleton->data = (void *)compat_name##__elf_bytes( \
				&obj->skeleton->data_sz);                      \
		if (!err)                                                      \
			err = bpf_object__open_skeleton(obj->skeleton, NULL);  \
		if (err) {                                                     \
			name##__destroy(obj);                                  \
			errno = -err;                                          \
			return NULL;                                           \
		}                                                              \
		return obj;                                                    \
	}

#endif
