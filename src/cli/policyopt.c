// SPDX-License-Identifier: MIT
#include <stdio.h>
#include "cli/policyopt.h"
#include "util/util.h"

int policyopt_load(struct policy *p, struct target_args *a, const char *file)
{
	char err[512];

	if (p->file[0]) {
		trail_err("one --policy at a time ('%s' and '%s')", p->file, file);
		return 2;
	}
	if (policy_load(p, file, err, sizeof(err))) {
		trail_err("%s", err);
		return 2;
	}
	if (p->cgroup_line || p->all_line) {
		a->given++;
		a->cgroup = p->cgroup;
		a->all = p->all_line != 0;
		snprintf(a->policy_at, sizeof(a->policy_at), "%s:%u", p->file,
			 p->cgroup_line ? p->cgroup_line : p->all_line);
	}
	return 0;
}

int policyopt_conflict(const struct policy *p, unsigned int line, const char *opt)
{
	trail_err("%s:%u: the policy says this; not also %s on the command line", p->file, line,
		  opt);
	return 2;
}

void policyopt_kernel(const struct policy *p, struct record_opts *o, bool *failed_ops)
{
	if (p->ncomms)
		o->comms = p->comms;
	if (p->uid_line) {
		o->uid_filter = true;
		o->uid_min = p->uid_min;
		o->uid_max = p->uid_max;
	}
	if (p->failed_all)
		o->failed_only = true;
	if (p->failed_sel.any) {	/* failed-only LIST: by syscall, and caps */
		event_sel_ops(&p->failed_sel, failed_ops);
		o->failed_ops = failed_ops;
		o->failed_cap = p->failed_sel.types & (1ull << TE_cap);
	}
}
