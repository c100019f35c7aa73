/* SPDX-License-Identifier: MIT */
/*
 * The kernel's BTF cut down to what one BPF object's CO-RE relocations can
 * match, for libbpf's btf_custom_path.  libbpf 1.1 looks for each
 * relocated type by walking every type of the kernel's BTF (126,000 on
 * 6.18): 44 walks, ~35 ms of each start.  Over this BTF (a few hundred
 * types) the same walks cost nothing, and the result is the same:
 *
 *  - every type of the kernel's BTF whose name is the essential name
 *    (libbpf's: without a "___flavor" suffix) of a relocation's root type,
 *    of a kind libbpf would match;
 *  - what those contain by value (members, array elements, typedefs and
 *    modifiers), recursively: a field access walks through them;
 *  - pointers point to void: libbpf compares a pointer field by its kind
 *    alone, and an access never goes through one (BPF_CORE_READ splits
 *    there, each step a relocation of its own).
 *
 * libbpf searches kernel modules' BTF only for a type the kernel's own has
 * not: where modules have BTF and a root type is not in vmlinux, no cut
 * is made (core_btf_build fails with -ENOENT).
 */
#ifndef TRAIL_COREBTF_H
#define TRAIL_COREBTF_H

#include <stdbool.h>
#include <stddef.h>

struct btf;

/* The cut for the BPF object in elf (its ELF bytes: .BTF and .BTF.ext),
 * written to fd from offset 0.  Returns its size, or -errno. */
long core_btf_build(const struct btf *vmlinux, const void *elf, size_t elf_sz, int fd);

/* The parent's side: a memfd the probe's child writes the cut into, and
 * its /proc/self/fd path for bpf_object_open_opts. */
struct core_btf {
	int fd;            /* -1: no cut (TRAIL_CORE_BTF=full, or no memfd) */
	char path[32];
};

/* Makes the memfd, unless TRAIL_CORE_BTF=full asks for libbpf's own way. */
void core_btf_begin(struct core_btf *c);
/* After the child: got is what it said it wrote (core_btf_build's
 * result).  Where it wrote nothing whole, the memfd gets the kernel's
 * whole BTF instead: the object was opened with the path already.
 * Returns 0 or -errno (then loading cannot work). */
int core_btf_finish(struct core_btf *c, long got);
void core_btf_end(struct core_btf *c);

#endif
