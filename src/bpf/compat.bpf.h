/* SPDX-License-Identifier: MIT */
/*
 * What differs between kernels, in one place.  Each BPF object is built
 * twice from the same sources (Tetragon does the same per kernel level):
 *
 *   trail.bpf.o          5.17+ with ring buffer dynptrs (6.0+): bpf_loop
 *                        callbacks, dynptr records, task-local storage,
 *                        bpf_get_current_task_btf.
 *   trail.compat.bpf.o   TRAIL_COMPAT: 5.8+ (ring buffer, tp_btf): bounded
 *                        loops over global functions, records assembled in
 *                        a per-CPU buffer and copied by bpf_ringbuf_output,
 *                        per-task state in a hash keyed by thread id.
 *
 * A compile-time split rather than rodata switches because a bpf_loop
 * callback is an ld_imm64 of a function (BPF_PSEUDO_FUNC), which kernels
 * before 5.13 refuse even in dead code.  Userspace probes the running
 * kernel and loads one of the two (record/probe.c); the skeletons are the
 * same shape, so one set of loader code serves both.
 *
 * What differs within one object (struct layouts, tracepoints that exist
 * or not) is decided at load time: CO-RE flavors below, and programs
 * switched off by bpf_program__set_autoload().
 */
#ifndef TRAIL_COMPAT_BPF_H
#define TRAIL_COMPAT_BPF_H

#ifdef TRAIL_COMPAT
/* bpf_get_current_task_btf is 5.11: a plain pointer, read with CO-RE */
#define current_task()		((struct task_struct *)bpf_get_current_task())
#define TASK_READ(t, f)		BPF_CORE_READ(t, f)
#else
#define current_task()		bpf_get_current_task_btf()
#define TASK_READ(t, f)		((t)->f)
#endif
/*
 * A pointer field of the task, read with CO-RE in both builds.  A direct
 * load of a pointer from a trusted task costs the verifier (6.4+) a search
 * of the kernel's BTF by name (btf_nested_type_is_trusted) each time it
 * checks the load, at every call site and path: some 35 ms of each start
 * on 6.18 for the three in ident.bpf.h.  A scalar stays a direct load.
 */
#define TASK_READ_PTR(t, f)	BPF_CORE_READ(t, f)

/* A map of n entries of type mtype (0 with flags: as the type wants). */
#define MAP_DEF_FLAGS(name, mtype, n, flags, ktype, vtype)                     \
	struct {                                                               \
		__uint(type, mtype);                                           \
		__uint(max_entries, n);                                        \
		__uint(map_flags, flags);                                      \
		__type(key, ktype);                                            \
		__type(value, vtype);                                          \
	} name SEC(".maps")
#define MAP_DEF(name, mtype, n, ktype, vtype)	MAP_DEF_FLAGS(name, mtype, n, 0, ktype, vtype)

/* An array map of one value at key 0 (userspace may give it one per CPU). */
#define ARRAY_OF_ONE(mtype, name, vtype)	MAP_DEF(name, mtype, 1, __u32, vtype)

/* One value per CPU: a work area too big for the stack, or the state a
 * loop passes on. */
#define PERCPU_SLOT(name, vtype)	ARRAY_OF_ONE(BPF_MAP_TYPE_PERCPU_ARRAY, name, vtype)

/*
 * trail_loop(n, fn, ctx): fn(i, ctx) for i from 0 until it returns
 * non-zero, at most n times.  fn's state type must have been declared with
 * LOOP_STEP(fn, type) after fn.
 *
 * With bpf_loop (5.17) the verifier checks fn once.  Before, a bounded
 * loop is checked once per iteration, with the body of every static
 * function it calls: 128 path components of two walks made on_exec pass a
 * million instructions.  So there fn runs inside a global function, which
 * the verifier checks once on its own; global functions take only scalars
 * before 5.12, so the state goes through a per-CPU map.  The map exists in
 * both builds, so that they have the same maps.
 */
#define LOOP_STATE_MAP(fn, ctype)	PERCPU_SLOT(fn##_state, ctype)

#ifdef TRAIL_COMPAT
/* steps per global call: the verifier's work on the caller's loop shrinks
 * by as much, the global function's grows by as much, once */
#define LOOP_BATCH 8

#define LOOP_STEP(fn, ctype)                                                   \
	LOOP_STATE_MAP(fn, ctype);                                             \
	__noinline int fn##_global(__u32 batch)                                \
	{                                                                      \
		__u32 z = 0, j;                                                \
		ctype *c = bpf_map_lookup_elem(&fn##_state, &z);               \
                                                                               \
		if (!c)                                                        \
			return 1;                                              \
		for (j = 0; j < LOOP_BATCH; j++)                               \
			if (fn(batch * LOOP_BATCH + j, c))                     \
				return 1;                                      \
		return 0;                                                      \
	}

#define trail_loop(n, fn, ctx)                                                 \
	({                                                                     \
		__u32 _z = 0, _b;                                              \
		typeof(ctx) _s = bpf_map_lookup_elem(&fn##_state, &_z);        \
                                                                               \
		_Static_assert((n) % LOOP_BATCH == 0, "whole batches");        \
		if (_s) {                                                      \
			*_s = *(ctx);                                          \
			for (_b = 0; _b < (n) / LOOP_BATCH; _b++)              \
				if (fn##_global(_b))                           \
					break;                                 \
			*(ctx) = *_s;                                          \
		}                                                              \
	})
#else
#define LOOP_STEP(fn, ctype)	LOOP_STATE_MAP(fn, ctype)
#define trail_loop(n, fn, ctx)	bpf_loop(n, fn, ctx, 0)
#endif

/*
 * A function the verifier checks once, on its own, instead of once per
 * path that reaches its call (emit_sys was entered 23 times in on_sys_exit
 * on 6.18: 28,000 of its 57,000 instructions).  A global function's
 * pointer arguments are 5.12+, and its scalar arguments must be scalars
 * to the verifier (kernel pointers go as __u64); the compat build keeps it
 * static.
 */
#ifdef TRAIL_COMPAT
#define CHECKED_ONCE	static __noinline
#else
#define CHECKED_ONCE	__noinline
#endif

/*
 * Per-task state: task-local storage (5.11), freed with the task, or a
 * hash keyed by thread id whose entries the exit program deletes.
 * TASK_STATE_MAP declares either; task_state() looks one up, creating it
 * when asked (zeroed).
 */
#define TASK_STATE_MAX 32768	/* threads traced at once (hash only) */

/* An all-zero value to create hash entries from (the stack is too dear);
 * declared in both builds so that they have the same maps, and not
 * created by userspace for the full one */
#define TASK_STATE_ZERO(name, vtype)	ARRAY_OF_ONE(BPF_MAP_TYPE_ARRAY, name, vtype)

#ifdef TRAIL_COMPAT
#define TASK_STATE_MAP(name, vtype)                                            \
	MAP_DEF(name, BPF_MAP_TYPE_HASH, TASK_STATE_MAX, __u32, vtype)

static __always_inline void *task_state_get(void *map, void *zero_map, struct task_struct *t,
					    bool create)
{
	__u32 tid = BPF_CORE_READ(t, pid), z = 0;
	void *v = bpf_map_lookup_elem(map, &tid);
	void *zero;

	if (v || !create)
		return v;
	zero = bpf_map_lookup_elem(zero_map, &z);
	if (!zero || bpf_map_update_elem(map, &tid, zero, BPF_NOEXIST))
		return NULL;
	return bpf_map_lookup_elem(map, &tid);
}

#define task_state(name, t, create)	task_state_get(&name, &name##_zero, t, create)
/* The hash is not freed with the task: the exit of each thread does it. */
#define task_state_free(name, t)                                               \
	({                                                                     \
		__u32 _tid = BPF_CORE_READ(t, pid);                            \
		bpf_map_delete_elem(&name, &_tid);                             \
	})
#else
#define TASK_STATE_MAP(name, vtype)                                            \
	MAP_DEF_FLAGS(name, BPF_MAP_TYPE_TASK_STORAGE, 0, BPF_F_NO_PREALLOC, int, vtype)
#define task_state(name, t, create)                                            \
	bpf_task_storage_get(&name, t, 0, (create) ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0)
#define task_state_free(name, t)	((void)0)
#endif

/*
 * Capability sets: kernel_cap_t is struct { u64 val; } since 6.3, and was
 * struct kernel_cap_struct { u32 cap[2]; } before.
 */
struct kernel_cap_struct___old {
	__u32 cap[2];
};

struct cred___old {
	struct kernel_cap_struct___old cap_inheritable;
	struct kernel_cap_struct___old cap_permitted;
	struct kernel_cap_struct___old cap_effective;
	struct kernel_cap_struct___old cap_bset;
	struct kernel_cap_struct___old cap_ambient;
};

#define CRED_CAP(cr, set)                                                      \
	({                                                                     \
		__u64 _v;                                                      \
		if (bpf_core_field_exists(((struct cred *)0)->set.val)) {      \
			_v = BPF_CORE_READ(cr, set.val);                       \
		} else {                                                       \
			const struct cred___old *_o = (const void *)(cr);      \
			_v = BPF_CORE_READ(_o, set.cap[0]) |                   \
			     (__u64)BPF_CORE_READ(_o, set.cap[1]) << 32;       \
		}                                                              \
		_v;                                                            \
	})

/* A namespace's CLONE_NEW* type: in ns_common since 6.18, before that in
 * its operations. */
struct proc_ns_operations___old {
	int type;
};

struct ns_common___old {
	const struct proc_ns_operations___old *ops;
};

static __always_inline __u32 ns_type_of(struct ns_common *ns)
{
	if (bpf_core_field_exists(ns->ns_type))
		return BPF_CORE_READ(ns, ns_type);
	return BPF_CORE_READ((struct ns_common___old *)ns, ops, type);
}

#endif
