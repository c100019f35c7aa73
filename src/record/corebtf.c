// SPDX-License-Identifier: MIT
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "record/corebtf.h"
#include "util/util.h"

#define ROOTS_MAX 1024          /* hash slots for root names (a few dozen) */
#define CORE_TYPE_ID_LOCAL 6    /* enum bpf_core_relo_kind: needs no match */

/* A section of our own ELF object (built with this binary, so trusted,
 * but still checked against its size). */
static const void *elf_section(const void *elf, size_t sz, const char *name, size_t *len)
{
	const Elf64_Ehdr *eh = elf;
	const Elf64_Shdr *sh, *strs;
	size_t i;

	if (sz < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shentsize != sizeof(*sh) ||
	    eh->e_shoff > sz || eh->e_shnum > (sz - eh->e_shoff) / sizeof(*sh) ||
	    eh->e_shstrndx >= eh->e_shnum)
		return NULL;
	sh = (const Elf64_Shdr *)((const char *)elf + eh->e_shoff);
	strs = &sh[eh->e_shstrndx];
	if (strs->sh_offset > sz || strs->sh_size > sz - strs->sh_offset)
		return NULL;
	for (i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_name >= strs->sh_size || sh[i].sh_offset > sz ||
		    sh[i].sh_size > sz - sh[i].sh_offset)
			continue;
		if (!strncmp((const char *)elf + strs->sh_offset + sh[i].sh_name, name,
			     strs->sh_size - sh[i].sh_name)) {
			*len = sh[i].sh_size;
			return (const char *)elf + sh[i].sh_offset;
		}
	}
	return NULL;
}

/* libbpf's bpf_core_essential_name_len: "cred___old" matches "cred". */
static size_t essential_len(const char *name)
{
	size_t n = strlen(name);
	ssize_t i;

	for (i = (ssize_t)n - 5; i >= 0; i--)
		if (name[i] != '_' && name[i + 1] == '_' && name[i + 2] == '_' &&
		    name[i + 3] == '_' && name[i + 4] != '_')
			return i + 1;
	return n;
}

struct roots {
	const char *name[ROOTS_MAX];    /* essential names, not terminated */
	size_t len[ROOTS_MAX];
	bool found[ROOTS_MAX];
	unsigned int n;
};

static uint32_t name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The slot of name (0-based), adding it if add; -1 when absent or full. */
static int root_find(struct roots *r, const char *name, size_t len, bool add)
{
	uint32_t i, h = name_hash(name, len);

	for (i = 0; i < ROOTS_MAX; i++) {
		uint32_t s = (h + i) % ROOTS_MAX;

		if (r->name[s] && r->len[s] == len && !memcmp(r->name[s], name, len))
			return s;
		if (!r->name[s]) {
			if (!add || r->n >= ROOTS_MAX / 2)
				return -1;
			r->name[s] = name;
			r->len[s] = len;
			r->n++;
			return s;
		}
	}
	return -1;
}

/* The root types of the object's CO-RE relocations (.BTF.ext), by name. */
static int relo_roots(const struct btf *local, const void *ext, size_t ext_len, struct roots *r)
{
	struct hdr {
		uint16_t magic;
		uint8_t version, flags;
		uint32_t hdr_len, func_info_off, func_info_len, line_info_off, line_info_len;
		uint32_t core_relo_off, core_relo_len;
	} h;
	const uint8_t *p, *end;
	uint32_t rec_size;

	if (ext_len < sizeof(h))
		return -EINVAL;
	memcpy(&h, ext, sizeof(h));
	if (h.magic != 0xeb9f || h.hdr_len < sizeof(h) || h.hdr_len > ext_len ||
	    h.core_relo_off > ext_len - h.hdr_len ||
	    h.core_relo_len > ext_len - h.hdr_len - h.core_relo_off)
		return -EINVAL;
	if (!h.core_relo_len)
		return 0;
	p = (const uint8_t *)ext + h.hdr_len + h.core_relo_off;
	end = p + h.core_relo_len;
	memcpy(&rec_size, p, 4);
	if (rec_size < 16)
		return -EINVAL;
	for (p += 4; end - p >= 8;) {
		uint32_t sec[2], rec[4], i;

		memcpy(sec, p, 8);	/* section name, number of records */
		p += 8;
		if (sec[1] > (size_t)(end - p) / rec_size)
			return -EINVAL;
		for (i = 0; i < sec[1]; i++, p += rec_size) {
			const struct btf_type *t;
			const char *name;

			memcpy(rec, p, sizeof(rec));	/* insn_off, type_id, access, kind */
			if (rec[3] == CORE_TYPE_ID_LOCAL)
				continue;
			t = btf__type_by_id(local, rec[1]);
			name = t ? btf__name_by_offset(local, t->name_off) : NULL;
			if (!name || !*name)
				continue;	/* libbpf refuses it either way */
			if (root_find(r, name, essential_len(name), true) < 0)
				return -E2BIG;
		}
	}
	return 0;
}

/* Could libbpf look for a root type in vmlinux and match this one? */
static bool may_match(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
	case BTF_KIND_TYPEDEF: case BTF_KIND_FWD: case BTF_KIND_INT: case BTF_KIND_FLOAT:
		return true;
	default:
		return false;
	}
}

/* The ids a type refers to by value (a pointer's target is left out). */
static int type_refs(struct btf_type *t, uint32_t **refs, int max)
{
	int n = 0, i;

	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_FUNC: case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		refs[n++] = &t->type;
		break;
	case BTF_KIND_ARRAY:
		refs[n++] = &btf_array(t)->type;
		refs[n++] = &btf_array(t)->index_type;
		break;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		for (i = 0; i < btf_vlen(t) && n < max; i++)
			refs[n++] = &btf_members(t)[i].type;
		break;
	case BTF_KIND_FUNC_PROTO:
		refs[n++] = &t->type;
		for (i = 0; i < btf_vlen(t) && n < max; i++)
			refs[n++] = &btf_params(t)[i].type;
		break;
	case BTF_KIND_DATASEC:
		for (i = 0; i < btf_vlen(t) && n < max; i++)
			refs[n++] = &btf_var_secinfos(t)[i].type;
		break;
	}
	return n;
}

static bool module_btf(void)
{
	DIR *d = opendir("/sys/kernel/btf");
	struct dirent *e;
	bool any = false;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, "vmlinux"))
			any = true;
	if (d)
		closedir(d);
	return any;
}

/* keep[id]: the roots and what they hold by value, marked 1. */
static int mark_closure(const struct btf *vml, uint32_t *keep, uint32_t n)
{
	uint32_t *stack = malloc(n * sizeof(*stack)), top = 0, id;
	int err = 0;

	if (!stack)
		return -ENOMEM;
	for (id = 1; id < n; id++)
		if (keep[id])
			stack[top++] = id;
	while (top) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(vml, stack[--top]);
		uint32_t *refs[1024];
		int i, nr;

		if (btf_is_ptr(t))
			continue;
		nr = type_refs(t, refs, 1024);
		if (nr == 1024 || (btf_is_composite(t) && btf_vlen(t) > 1023)) {
			err = -E2BIG;
			break;
		}
		for (i = 0; i < nr; i++) {
			id = *refs[i];
			if (id && id < n && !keep[id]) {
				keep[id] = 1;
				stack[top++] = id;
			}
		}
	}
	free(stack);
	return err;
}

/* The kept types, in their order, their references renumbered. */
static struct btf *copy_kept(const struct btf *vml, uint32_t *keep, uint32_t n)
{
	struct btf *out = btf__new_empty();
	uint32_t id, next = 1;

	if (!out)
		return NULL;
	for (id = 1; id < n; id++)
		if (keep[id])
			keep[id] = next++;
	for (id = 1; id < n; id++) {
		if (keep[id] && btf__add_type(out, vml, btf__type_by_id(vml, id)) != (int)keep[id]) {
			btf__free(out);
			return NULL;
		}
	}
	for (id = 1; id < next; id++) {
		/* writable: out's own types, not moved again after the adds */
		struct btf_type *t = (struct btf_type *)btf__type_by_id(out, id);
		uint32_t *refs[1024];
		int i, nr = type_refs(t, refs, 1024);

		if (btf_is_ptr(t))
			t->type = 0;	/* void *: see corebtf.h */
		for (i = 0; i < nr; i++)
			*refs[i] = *refs[i] < n ? keep[*refs[i]] : 0;
	}
	return out;
}

long core_btf_build(const struct btf *vml, const void *elf, size_t elf_sz, int fd)
{
	size_t btf_len, ext_len;
	const void *btf_sec = elf_section(elf, elf_sz, ".BTF", &btf_len);
	const void *ext_sec = elf_section(elf, elf_sz, ".BTF.ext", &ext_len);
	struct btf *local = NULL, *out = NULL;
	struct roots *r = calloc(1, sizeof(*r));
	uint32_t id, n = btf__type_cnt(vml), *keep = calloc(n, sizeof(*keep));
	const void *raw;
	__u32 raw_len;
	long ret;
	int s;

	ret = !r || !keep ? -ENOMEM : !btf_sec || !ext_sec ? -ENOENT : 0;
	if (!ret) {
		local = btf__new(btf_sec, btf_len);
		ret = libbpf_get_error(local);
		if (ret)
			local = NULL;
	}
	if (!ret)
		ret = relo_roots(local, ext_sec, ext_len, r);
	for (id = 1; !ret && id < n; id++) {
		const struct btf_type *t = btf__type_by_id(vml, id);
		const char *name;

		if (!may_match(t) || !t->name_off)
			continue;
		name = btf__name_by_offset(vml, t->name_off);
		if ((s = root_find(r, name, essential_len(name), false)) >= 0)
			keep[id] = 1, r->found[s] = true;
	}
	for (s = 0; !ret && s < ROOTS_MAX; s++)
		if (r->name[s] && !r->found[s] && module_btf())
			ret = -ENOENT;	/* libbpf would look in the modules */
	if (!ret)
		ret = mark_closure(vml, keep, n);
	if (!ret && !(out = copy_kept(vml, keep, n)))
		ret = -ENOMEM;
	if (!ret && !(raw = btf__raw_data(out, &raw_len)))
		ret = -ENOMEM;
	if (!ret)
		ret = pwrite(fd, raw, raw_len, 0) == (ssize_t)raw_len && !ftruncate(fd, raw_len) ?
		      (long)raw_len : -EIO;
	btf__free(out);
	btf__free(local);
	free(keep);
	free(r);
	return ret;
}

void core_btf_begin(struct core_btf *c)
{
	const char *how = getenv("TRAIL_CORE_BTF");

	c->fd = -1;
	c->path[0] = 0;
	if (how && !strcmp(how, "full"))
		return;
	c->fd = memfd_create("trail-core-btf", MFD_CLOEXEC);
	if (c->fd >= 0)
		snprintf(c->path, sizeof(c->path), "/proc/self/fd/%d", c->fd);
}

/* The kernel's whole BTF into the memfd: CO-RE as without a cut. */
static int copy_whole(int fd)
{
	int in = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
	char buf[64 << 10];
	off_t off = 0;
	ssize_t n;

	if (in < 0)
		return -errno;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (pwrite(fd, buf, n, off) != n) {
			n = -1;
			break;
		}
		off += n;
	}
	close(in);
	if (n < 0 || ftruncate(fd, off))
		return -EIO;
	return 0;
}

int core_btf_finish(struct core_btf *c, long got)
{
	struct stat st;

	if (c->fd < 0)
		return 0;
	if (got > 0 && !fstat(c->fd, &st) && st.st_size == got)
		return 0;
	if (trail_verbose)
		fprintf(stderr, "trail: CO-RE against the kernel's whole BTF (no cut: %s)\n",
			got == -ENOENT ? "a relocated type is not in vmlinux's BTF, and modules have BTF" :
			got < 0 ? strerror((int)-got) : "the probe's child did not make one");
	return copy_whole(c->fd);
}

void core_btf_end(struct core_btf *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
