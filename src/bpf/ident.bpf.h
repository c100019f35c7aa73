/* SPDX-License-Identifier: MIT */
/*
 * Who a task is (struct trail_ev_ident): its namespaces, cgroup and
 * credentials.  Rather than carry these in every record, a task's events
 * are preceded by an identity record whenever what it was made from
 * changed: the kernel replaces a task's nsproxy, cred and css_set rather
 * than editing them, so three pointer compares per event notice every
 * setns, unshare, setuid, capset, exec and cgroup move.
 */
#ifndef TRAIL_IDENT_BPF_H
#define TRAIL_IDENT_BPF_H

#define PFA_NO_NEW_PRIVS_ 0

static __always_inline __u32 ns_inum(struct ns_common *ns)
{
	return ns ? BPF_CORE_READ(ns, inum) : 0;
}

static __noinline int ident_fill(struct task_struct *t, struct trail_ev_ident *id)
{
	struct nsproxy *nsp = TASK_READ_PTR(t, nsproxy);
	const struct cred *cr = TASK_READ_PTR(t, cred);
	struct user_namespace *uns = BPF_CORE_READ(cr, user_ns);
	struct pid *tp = TASK_READ_PTR(t, thread_pid);
	struct pid *lp = BPF_CORE_READ(t, group_leader, thread_pid);
	unsigned int level = BPF_CORE_READ(tp, level);
	struct upid up = {};

	fill_hdr(&id->hdr, TRAIL_EV_IDENT);
	id->hdr.size = sizeof(*id);
	id->cgroup_id = bpf_get_current_cgroup_id();
	if (nsp) {
		id->ns[TRAIL_NS_MNT] = ns_inum((struct ns_common *)&BPF_CORE_READ(nsp, mnt_ns)->ns);
		id->ns[TRAIL_NS_NET] = ns_inum(&BPF_CORE_READ(nsp, net_ns)->ns);
		id->ns[TRAIL_NS_UTS] = ns_inum(&BPF_CORE_READ(nsp, uts_ns)->ns);
		id->ns[TRAIL_NS_IPC] = ns_inum(&BPF_CORE_READ(nsp, ipc_ns)->ns);
		id->ns[TRAIL_NS_CGROUP] = ns_inum(&BPF_CORE_READ(nsp, cgroup_ns)->ns);
		id->ns[TRAIL_NS_TIME] = ns_inum(&BPF_CORE_READ(nsp, time_ns)->ns);
	} else {
		id->ns[TRAIL_NS_MNT] = id->ns[TRAIL_NS_NET] = id->ns[TRAIL_NS_UTS] = 0;
		id->ns[TRAIL_NS_IPC] = id->ns[TRAIL_NS_CGROUP] = id->ns[TRAIL_NS_TIME] = 0;
	}
	id->ns[TRAIL_NS_USER] = ns_inum(&uns->ns);
	/* the task's own pid namespace is the deepest of its pid's levels
	 * (task_active_pid_ns), not nsproxy's pid_ns_for_children */
	bpf_probe_read_kernel(&up, sizeof(up), &tp->numbers[level & 31]);
	id->ns[TRAIL_NS_PID] = up.ns ? BPF_CORE_READ(up.ns, ns.inum) : 0;
	id->vtid = up.nr;
	up.nr = 0;
	bpf_probe_read_kernel(&up, sizeof(up), &lp->numbers[level & 31]);
	id->vpid = up.nr;
	id->pidns_level = level;
	id->userns_level = BPF_CORE_READ(uns, level);
	id->userns_owner = BPF_CORE_READ(uns, owner.val);
	id->userns_group = BPF_CORE_READ(uns, group.val);
	id->uid = BPF_CORE_READ(cr, uid.val);
	id->euid = BPF_CORE_READ(cr, euid.val);
	id->suid = BPF_CORE_READ(cr, suid.val);
	id->fsuid = BPF_CORE_READ(cr, fsuid.val);
	id->gid = BPF_CORE_READ(cr, gid.val);
	id->egid = BPF_CORE_READ(cr, egid.val);
	id->sgid = BPF_CORE_READ(cr, sgid.val);
	id->fsgid = BPF_CORE_READ(cr, fsgid.val);
	id->cap_inh = CRED_CAP(cr, cap_inheritable);
	id->cap_prm = CRED_CAP(cr, cap_permitted);
	id->cap_eff = CRED_CAP(cr, cap_effective);
	id->cap_bnd = CRED_CAP(cr, cap_bset);
	id->cap_amb = CRED_CAP(cr, cap_ambient);
	id->securebits = BPF_CORE_READ(cr, securebits);
	id->no_new_privs = (TASK_READ(t, atomic_flags) >> PFA_NO_NEW_PRIVS_) & 1;
	id->seccomp = BPF_CORE_READ(t, seccomp.mode);
	id->_pad = 0;
	return 0;
}

/*
 * Before a task's event: its identity record, if it is new or changed.
 * Called from the programs themselves, not from the record builders they
 * share, and checked once (on_uring_submit reached it on eight paths).
 * create is false where the caller has not filtered (syscall exits): a
 * task without storage is not traced.
 */
CHECKED_ONCE int ident_check(bool create)
{
	struct task_struct *t = current_task();
	struct stash *st = stash_of(t, create);
	__u64 nsp, cr, cg;
	struct scratch *sc;
	__u32 zero = 0;
	bool late;

	if (!st)
		return 0;
	nsp = (__u64)TASK_READ_PTR(t, nsproxy);
	cr = (__u64)TASK_READ_PTR(t, cred);
	cg = (__u64)BPF_CORE_READ(t, cgroups);	/* a number: bit 0 is set below */
	if (st->id_nsproxy == nsp && st->id_cred == cr && st->id_cgroups == cg)
		return 0;
	/* bit 0 of id_cgroups (a pointer: never set): this identity's record
	 * did not fit and was counted lost; it is being sent again */
	late = st->id_nsproxy == nsp && st->id_cred == cr && st->id_cgroups == (cg | 1);
	sc = bpf_map_lookup_elem(&scratch, &zero);
	if (!sc)
		return 0;
	ident_fill(t, &sc->ident);
	if (late)
		sc->ident.hdr.flags |= TRAIL_F_LATE;
	mark_lost();
	st->id_nsproxy = nsp;
	st->id_cred = cr;
	st->id_cgroups = cg;
	if (bpf_ringbuf_output(&events, &sc->ident, sizeof(sc->ident), wake_flags())) {
		/* one identity is one loss, however often it is retried:
		 * try again before the task's next event */
		if (!late)
			lost_record(TRAIL_EV_IDENT);
		st->id_cgroups = cg | 1;
	}
	return 0;
}

#endif
