// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include "record/probe.h"
#include "model/systab.h"

/* One row per feature: what it is, where it appeared (for people; the
 * probe never compares versions), and what trail does without it. */
static const struct {
	const char *name;
	const char *since;
	int event;                 /* the event kind lost without it, or -1 */
	const char *without;
} kf_rows[KF__MAX] = {
	[KF_BTF]          = { "btf", "5.2", -1, "nothing can be recorded" },
	[KF_RINGBUF]      = { "ringbuf", "5.8", -1, "nothing can be recorded" },
	[KF_TASK_STORAGE] = { "task_storage", "5.11", -1,
			      "compat object: per-task state in a hash by thread id" },
	[KF_TASK_BTF]     = { "get_current_task_btf", "5.11", -1,
			      "compat object: the task read with CO-RE" },
	[KF_LOOP]         = { "bpf_loop", "5.17", -1,
			      "compat object: bounded loops around global functions" },
	[KF_DYNPTR]       = { "ringbuf_dynptr", "6.0", -1,
			      "compat object: records assembled per CPU, then copied" },
	[KF_CAP_TP]       = { "cap_capable tracepoint", "6.14", TE_cap,
			      "capability checks are not recorded: no capability:cap_capable "
			      "tracepoint (Linux 6.14+)" },
	[KF_URING_SUBMIT] = { "io_uring submission tracepoint", "5.19", TE_uring,
			      "io_uring requests are not recorded: no io_uring tracepoint "
			      "passes the request (io_uring_submit_sqe from 5.19, later _submit_req)" },
	[KF_URING_RESULT] = { "io_uring_complete with the request", "5.19", TE_uring,
			      "opens and connects through a ring are recorded without their "
			      "result: io_uring_complete does not pass the request" },
};

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/* The prototype of tracepoint tp as the kernel's BTF has it (its
 * btf_trace_<tp> typedef: a pointer to a function whose first argument is
 * the tracepoint's own void *), or NULL. */
static const struct btf_type *tp_proto(const struct btf *btf, const char *tp)
{
	char name[128];
	const struct btf_type *t;
	int id;

	snprintf(name, sizeof(name), "btf_trace_%s", tp);
	id = btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF);
	if (id <= 0)
		return NULL;
	t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf__type_by_id(btf, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

/* Is argument i (0: the tracepoint's first own argument) of proto a
 * pointer to struct sname? */
static bool arg_is_struct_ptr(const struct btf *btf, const struct btf_type *proto, int i,
			      const char *sname)
{
	const struct btf_param *p = btf_params(proto);
	const struct btf_type *t;

	if (!proto || i + 1 >= btf_vlen(proto))
		return false;
	t = btf__type_by_id(btf, p[i + 1].type);
	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return false;
	t = btf__type_by_id(btf, t->type);
	return t && btf_is_struct(t) && !strcmp(btf__name_by_offset(btf, t->name_off), sname);
}

static void probe_uring(const struct btf *btf, struct kfeatures *k)
{
	static const char *const submit[] = { "io_uring_submit_req", "io_uring_submit_sqe" };
	const struct btf_type *p;
	size_t i;

	/* 5.19 gave both tracepoints the request; before, the submission
	 * had only the opcode and user data, and the completion no request */
	for (i = 0; i < sizeof(submit) / sizeof(submit[0]); i++) {
		p = tp_proto(btf, submit[i]);
		if (arg_is_struct_ptr(btf, p, 0, "io_kiocb")) {
			k->uring_submit_tp = submit[i];
			k->has[KF_URING_SUBMIT] = true;
			break;
		}
	}
	p = tp_proto(btf, "io_uring_complete");
	if (!p || !k->has[KF_URING_SUBMIT])
		return;
	if (btf_vlen(p) == 4 && arg_is_struct_ptr(btf, p, 2, "io_uring_cqe"))
		k->uring_complete = URING_COMPLETE_CQE;    /* (ctx, req, cqe) */
	else if (btf_vlen(p) == 8)
		k->uring_complete = URING_COMPLETE_RES;    /* (ctx, req, user_data, res, ...) */
	k->has[KF_URING_RESULT] = k->uring_complete != URING_COMPLETE_NONE;
}

/* btf: also what only the kernel's BTF says (the capability and io_uring
 * tracepoints): some 40 ms of parsing, for nothing when neither is wanted. */
/*
 * The kernel's BTF, parsed from a mapping of /sys/kernel/btf/vmlinux
 * where the kernel allows one (6.16+): some 22 ms instead of libbpf's 46
 * (btf__load_vmlinux_btf reads the 5 MiB file into fresh memory, then
 * copies it: the page faults are most of the time).  Else libbpf's way.
 */
static struct btf *kernel_btf(void)
{
	int fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
	struct btf *btf = NULL;
	struct stat st;
	void *p;

	if (fd >= 0 && !fstat(fd, &st) && st.st_size > 0) {
		p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			btf = btf__new(p, st.st_size);	/* a copy: the mapping can go */
			munmap(p, st.st_size);
			if (libbpf_get_error(btf))
				btf = NULL;
		}
	}
	if (fd >= 0)
		close(fd);
	return btf ? btf : btf__load_vmlinux_btf();
}

static probe_job_fn *kf_job;
static void *kf_job_arg;

void kfeatures_set_job(probe_job_fn *fn, void *arg)
{
	kf_job = fn;
	kf_job_arg = arg;
}

static void probe(struct kfeatures *k, bool with_btf)
{
	libbpf_print_fn_t old = libbpf_set_print(quiet);
	const char *force = getenv("TRAIL_BPF");
	struct btf *btf;

	k->has[KF_BTF] = access("/sys/kernel/btf/vmlinux", R_OK) == 0;
	k->has[KF_RINGBUF] = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_RINGBUF, NULL) == 1;
	k->has[KF_TASK_STORAGE] = libbpf_probe_bpf_map_type(BPF_MAP_TYPE_TASK_STORAGE, NULL) == 1;
	/* helpers through a raw tracepoint program: tracing programs need an
	 * attach target, which the probe does not take */
	k->has[KF_TASK_BTF] = libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT,
						      BPF_FUNC_get_current_task_btf, NULL) == 1;
	k->has[KF_LOOP] = libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT,
						  BPF_FUNC_loop, NULL) == 1;
	k->has[KF_DYNPTR] = libbpf_probe_bpf_helper(BPF_PROG_TYPE_RAW_TRACEPOINT,
						    BPF_FUNC_ringbuf_reserve_dynptr, NULL) == 1;
	k->compat = !(k->has[KF_TASK_STORAGE] && k->has[KF_TASK_BTF] && k->has[KF_LOOP] &&
		      k->has[KF_DYNPTR]);
	if (!k->compat && force && !strcmp(force, "compat"))
		k->compat = k->forced = true;
	btf = k->has[KF_BTF] && with_btf ? kernel_btf() : NULL;
	if (btf) {
		k->has[KF_CAP_TP] = tp_proto(btf, "cap_capable") != NULL;
		probe_uring(btf, k);
		if (kf_job)
			k->job_result = kf_job(btf, k->compat, kf_job_arg);
		btf__free(btf);
	}
	libbpf_set_print(old);
}

/*
 * The BTF's part in a child: parsing the kernel's BTF takes some 15 MiB
 * that the recorder would keep for nothing (libbpf parses it again to
 * load), and an ASan build keeps all of it in quarantine.  It runs while
 * the recorder opens its object and libbpf parses the BTF (some 25 ms
 * off the start); the answer is a plain struct (its strings are literals
 * of this binary), sent back whole.
 */
static struct kfeatures kf;
static int kf_level;	/* 0: not probed, 1: without BTF's part, 2: all */
static pid_t kf_child;	/* the BTF's part, running */
static int kf_pipe = -1;

static void probe_join(void)
{
	struct kfeatures got;
	int st;

	if (!kf_child)
		return;
	if (read(kf_pipe, &got, sizeof(got)) == sizeof(got))
		kf = got;
	else
		probe(&kf, true);	/* the child died: probe here after all */
	close(kf_pipe);
	waitpid(kf_child, &st, 0);
	kf_child = 0;
	kf_pipe = -1;
	kf_level = 2;
}

const struct kfeatures *kfeatures_start(const bool *types)
{
	bool with_btf = !types || types[TE_cap] || types[TE_uring] || kf_job;
	int p[2];

	if (kf_child || kf_level >= (with_btf ? 2 : 1))
		return &kf;
	memset(&kf, 0, sizeof(kf));
	probe(&kf, false);	/* without BTF: small, quick, here */
	kf_level = 1;
	if (!with_btf)
		return &kf;
	if (pipe2(p, O_CLOEXEC) || (kf_child = fork()) < 0) {
		kf_child = 0;
		probe(&kf, true);
		kf_level = 2;
		return &kf;
	}
	if (kf_child == 0) {
		struct kfeatures got;

		close(p[0]);
		probe(&got, true);
		_exit(write(p[1], &got, sizeof(got)) == sizeof(got) ? 0 : 1);
	}
	close(p[1]);
	kf_pipe = p[0];
	return &kf;
}

const struct kfeatures *kfeatures_get_for(const bool *types)
{
	kfeatures_start(types);
	probe_join();
	return &kf;
}

const struct kfeatures *kfeatures_get(void)
{
	probe_join();
	return kf_level ? &kf : kfeatures_get_for(NULL);
}

const char *kfeatures_unusable(const struct kfeatures *k)
{
	if (!k->has[KF_BTF])
		return "kernel BTF is missing (/sys/kernel/btf/vmlinux): trail needs CONFIG_DEBUG_INFO_BTF=y";
	if (!k->has[KF_RINGBUF])
		return "the kernel has no BPF ring buffer (Linux 5.8+)";
	return NULL;
}

int kfeatures_missing(const struct kfeatures *k, const bool *wanted, const char **kind,
		      const char **why, int max)
{
	int f, n = 0;

	for (f = 0; f < KF__MAX && n < max; f++) {
		int ev = kf_rows[f].event;

		if (k->has[f] || ev < 0 || (wanted && !wanted[ev]))
			continue;
		/* no submissions: that their results are missing goes unsaid */
		if (f == KF_URING_RESULT && !k->has[KF_URING_SUBMIT])
			continue;
		kind[n] = event_type_name(ev);
		why[n] = kf_rows[f].without;
		n++;
	}
	return n;
}

void kfeatures_print(const struct kfeatures *k)
{
	int f;

	printf("%-36s %-6s %-5s %s\n", "FEATURE", "SINCE", "HAS", "WITHOUT IT");
	for (f = 0; f < KF__MAX; f++)
		printf("%-36s %-6s %-5s %s\n", kf_rows[f].name, kf_rows[f].since,
		       k->has[f] ? "yes" : "no", k->has[f] ? "-" : kf_rows[f].without);
	printf("\nBPF object: %s%s\n", k->compat ? "compat (bounded loops, per-CPU assembly, "
	       "per-task hash)" : "full (bpf_loop, ring buffer dynptrs, task storage)",
	       k->forced ? ", forced by TRAIL_BPF=compat" : "");
	printf("io_uring: %s%s\n", k->uring_submit_tp ? k->uring_submit_tp : "not recorded",
	       k->uring_complete == URING_COMPLETE_CQE ? " + io_uring_complete (cqe)" :
	       k->uring_complete == URING_COMPLETE_RES ? " + io_uring_complete (res)" : "");
}
