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

/* The root types of the object's CO-RE relocations (.BTF.ext), by
 * essential name, into roots: how many, or -errno. */
static int relo_roots(const struct btf *local, const void *ext, size_t ext_len,
		      struct strtab *roots)
{
	struct hdr {
		uint16_t magic;
		uint8_t version, flags;
		uint32_t hdr_len, func_info_off, func_info_len, line_info_off, line_info_len;
		uint32_t core_relo_off, core_relo_len;
	} h;
	const uint8_t *p, *end;
	uint32_t rec_size, nroots = 0, id;

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
			id = strtab_intern(roots, name, essential_len(name));
			nroots = id > nroots ? id : nroots;
		}
	}
	return nroots;
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

/* fn on each type id t refers to by value (a pointer's target is left out). */
static void for_refs(struct btf_type *t, void (*fn)(uint32_t *ref, void *arg), void *arg)
{
	int i;

	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_FUNC: case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		fn(&t->type, arg);
		break;
	case BTF_KIND_ARRAY:
		fn(&btf_array(t)->type, arg);
		fn(&btf_array(t)->index_type, arg);
		break;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		for (i = 0; i < btf_vlen(t); i++)
			fn(&btf_members(t)[i].type, arg);
		break;
	case BTF_KIND_FUNC_PROTO:
		fn(&t->type, arg);
		for (i = 0; i < btf_vlen(t); i++)
			fn(&btf_params(t)[i].type, arg);
		break;
	case BTF_KIND_DATASEC:
		for (i = 0; i < btf_vlen(t); i++)
			fn(&btf_var_secinfos(t)[i].type, arg);
		break;
	}
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

struct closure {
	uint32_t *keep, *stack, top, n;
};

static void mark_ref(uint32_t *ref, void *arg)
{
	struct closure *c = arg;

	if (*ref && *ref < c->n && !c->keep[*ref]) {
		c->keep[*ref] = 1;
		c->stack[c->top++] = *ref;
	}
}

/* keep[id]: the roots and what they hold by value, marked 1. */
static int mark_closure(const struct btf *vml, uint32_t *keep, uint32_t n)
{
	struct closure c = { keep, malloc(n * sizeof(*c.stack)), 0, n };
	uint32_t id;

	if (!c.stack)
		return -ENOMEM;
	for (id = 1; id < n; id++)
		if (keep[id])
			c.stack[c.top++] = id;
	while (c.top) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(vml, c.stack[--c.top]);

		if (!btf_is_ptr(t))
			for_refs(t, mark_ref, &c);
	}
	free(c.stack);
	return 0;
}

static void renumber_ref(uint32_t *ref, void *arg)
{
	const struct closure *c = arg;

	*ref = *ref < c->n ? c->keep[*ref] : 0;
}

/* The kept types, in their order, their references renumbered. */
static struct btf *copy_kept(const struct btf *vml, uint32_t *keep, uint32_t n)
{
	struct closure c = { keep, NULL, 0, n };
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

		if (btf_is_ptr(t))
			t->type = 0;	/* void *: see corebtf.h */
		else
			for_refs(t, renumber_ref, &c);
	}
	return out;
}

/* keep[id] = 1 for each vmlinux type libbpf could match to a root of
 * local's relocations (ext: the object's .BTF.ext). */
static int mark_roots(const struct btf *vml, const struct btf *local, const void *ext,
		      size_t ext_len, uint32_t *keep)
{
	struct strtab *roots = strtab_new();
	int nroots = relo_roots(local, ext, ext_len, roots), err = 0, r;
	uint32_t id, n = btf__type_cnt(vml);
	bool *found = NULL;

	if (nroots < 0)
		err = nroots;
	else if (!(found = calloc(nroots + 1, sizeof(*found))))
		err = -ENOMEM;
	for (id = 1; !err && id < n; id++) {
		const struct btf_type *t = btf__type_by_id(vml, id);
		const char *name;

		if (!may_match(t) || !t->name_off)
			continue;
		name = btf__name_by_offset(vml, t->name_off);
		if ((r = strtab_find(roots, name, essential_len(name))))
			keep[id] = 1, found[r] = true;
	}
	for (r = 1; !err && r <= nroots; r++)
		if (!found[r] && module_btf())
			err = -ENOENT;	/* libbpf would look in the modules */
	free(found);
	strtab_free(roots);
	return err;
}

long core_btf_build(const struct btf *vml, const void *elf, size_t elf_sz, int fd)
{
	size_t btf_len, ext_len;
	const void *btf_sec = elf_section(elf, elf_sz, ".BTF", &btf_len);
	const void *ext_sec = elf_section(elf, elf_sz, ".BTF.ext", &ext_len);
	struct btf *local = NULL, *out = NULL;
	uint32_t n = btf__type_cnt(vml), *keep = calloc(n, sizeof(*keep));
	const void *raw;
	__u32 raw_len;
	long ret;

	ret = !keep ? -ENOMEM : !btf_sec || !ext_sec ? -ENOENT : 0;
	if (!ret) {
		local = btf__new(btf_sec, btf_len);
		ret = libbpf_get_error(local);
		if (ret)
			local = NULL;
	}
	if (!ret)
		ret = mark_roots(vml, local, ext_sec, ext_len, keep);
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
