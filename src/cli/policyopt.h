/* SPDX-License-Identifier: MIT */
/*
 * --policy FILE for record and watch (docs/policy.md): the policy's
 * settings become the command's options.  A setting is given one way: in
 * the policy or on the command line, never both (refused with the line
 * of the policy that gave it).  The target (cgroup, all) goes where the
 * target options go, before getopt ends.
 */
#ifndef TRAIL_CLI_POLICYOPT_H
#define TRAIL_CLI_POLICYOPT_H

#include "cli/target.h"
#include "views/policy.h"

/* Loads FILE into p (once per command) and its target into a: 0, or 2
 * after one line ("trail: FILE:LINE: ..."). */
int policyopt_load(struct policy *p, struct target_args *a, const char *file);
/* A setting of the policy's line also given as opt: 2 after one line. */
int policyopt_conflict(const struct policy *p, unsigned int line, const char *opt);
/* The settings the kernel applies: comm, uid, failed-only, into o
 * (failed_ops: TRAIL_SYS_MAX flags that o may point to). */
void policyopt_kernel(const struct policy *p, struct record_opts *o, bool *failed_ops);

#endif
