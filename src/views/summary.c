// SPDX-License-Identifier: MIT
#include <ftw.h>
#include <limits.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/escape.h"
#include "util/util.h"
#include "views/addr.h"
#include "views/flags.h"
#include "model/fileuse.h"
#include "model/loss.h"
#include "views/deps.h"
#include "views/summary.h"

static void take_group(struct summary *c, const struct trail_event *ev)
{
	const struct trail_ev_ident *id = ev->id;
	struct summary_group *g = NULL;
	size_t i;

	for (i = 0; i < c->ngroups && !g; i++)
		if (c->groups[i].cgroup_id == id->cgroup_id && c->groups[i].mnt == id->ns[TRAIL_NS_MNT] &&
		    c->groups[i].pid == id->ns[TRAIL_NS_PID] && c->groups[i].net == id->ns[TRAIL_NS_NET] &&
		    c->groups[i].user == id->ns[TRAIL_NS_USER])
			g = &c->groups[i];
	if (!g) {
		if (c->ngroups == SUMMARY_GROUPS_MAX) {
			c->more_groups++;
			return;
		}
		g = &c->groups[c->ngroups++];
		g->cgroup_id = id->cgroup_id;
		g->mnt = id->ns[TRAIL_NS_MNT];
		g->pid = id->ns[TRAIL_NS_PID];
		g->net = id->ns[TRAIL_NS_NET];
		g->user = id->ns[TRAIL_NS_USER];
	}
	u32map_put(&g->pids, ev->hdr->pid, (void *)1);
}

static void take_peer(struct summary *c, const struct tstr *a, const char *how)
{
	struct addr_view v;
	char buf[140], line[160];
	size_t i;

	if (!a->len || !addr_decode(a->p, a->len, &v) || (v.family == 1 && v.unnamed))
		return;
	addr_format(&v, buf, sizeof(buf));
	snprintf(line, sizeof(line), "%s %s", how, buf);
	for (i = 0; i < c->npeers; i++)
		if (!strcmp(c->peers[i], line))
			return;
	if (c->npeers == SUMMARY_PEERS_MAX) {
		c->more_peers++;
		return;
	}
	snprintf(c->peers[c->npeers++], sizeof(c->peers[0]), "%s", line);
}

void summary_init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
	fileuse_init(&s->fu);
}

void summary_release(struct summary *s)
{
	size_t i;

	for (i = 0; i < s->ngroups; i++)
		u32map_release(&s->groups[i].pids);
	u32map_release(&s->followed);
	fileuse_release(&s->fu);
}

/* Keeps the SUMMARY_SLOWEST longest calls, longest first. */
static void take_slow(struct summary *c, const struct trail_event *ev)
{
	struct summary_slow *s = c->slowest, x = { ev->dur_ns, ev->hdr->pid, ev->sys->name, "" };
	const struct tstr *p = ev->path[0].len ? &ev->path[0] : &ev->real;
	int i = SUMMARY_SLOWEST - 1;

	if (ev->dur_ns <= s[i].dur_ns)
		return;
	if (ev->abs[0])
		snprintf(x.path, sizeof(x.path), "%s", ev->abs[0]);
	else if (p->len && !ev->real_addr)
		snprintf(x.path, sizeof(x.path), "%.*s", (int)(p->len < sizeof(x.path) ? p->len :
							   sizeof(x.path) - 1), p->p);
	for (; i > 0 && s[i - 1].dur_ns < ev->dur_ns; i--)
		s[i] = s[i - 1];
	s[i] = x;
}

void summary_add(struct summary *c, const struct trail_event *ev)
{
	if (ev->sys && ev->dur_ns)
		take_slow(c, ev);
	if (ev->id)
		take_group(c, ev);
	if (ev->type == TE_cap && ev->ret < 0 && ev->cap->cap >= 0 && ev->cap->cap < 64)
		c->cap_denied[ev->cap->cap]++;
	if (ev->type == TE_exec && ev->ret >= 0) {
		c->setid += !!(ev->hdr->flags & TRAIL_F_SECURE);
		c->fileless += !!(ev->hdr->flags & TRAIL_F_FILELESS);
	}
	if (ev->type == TE_connect && (ev->ret >= 0 || ev->ret == -115))
		take_peer(c, &ev->path[0], "connect");
	else if (ev->type == TE_send)
		take_peer(c, &ev->path[0], "send");
	else if (ev->type == TE_accept && ev->ret >= 0)
		take_peer(c, &ev->real, "accept");
	else if (ev->type == TE_bind && ev->ret >= 0)
		take_peer(c, &ev->path[0], "bind");
	else if (ev->type == TE_uring && ev->has_ret && (ev->ret >= 0 || ev->ret == -115) &&
		 ev->real.len)	/* a connect through a ring */
		take_peer(c, &ev->real, "connect");
	fileuse_add(&c->fu, ev);
	if (!c->events++)
		c->root_pid = ev->hdr->pid;
	c->type[ev->type]++;
	c->last_ns = ev->time_ns;
	if (ev->has_ret && ev->ret < 0) {
		c->failed++;
		if (-ev->ret < (int64_t)ARRAY_SIZE(c->err))
			c->err[-ev->ret]++;
	}
	switch (ev->type) {
	case TE_fork:
		if (ev->fork->child_tid && ev->fork->child_pid != ev->hdr->pid)
			c->processes++;
		break;
	case TE_exec:
		if (ev->ret < 0)
			c->failed_execs++;
		break;
	case TE_peer:
		if (!u32map_get(&c->followed, ev->peer->peer_pid))
			u32map_put(&c->followed, ev->peer->peer_pid, (void *)(uintptr_t)ev->hdr->pid);
		break;
	case TE_exit:
		if (!(ev->hdr->flags & TRAIL_F_GROUP_DEAD))
			break;
		c->exits++;
		if (ev->hdr->pid == c->root_pid && !c->root_end)
			c->root_end = ev->time_ns;
		else if (c->root_end)
			c->outlived++;
		break;
	default:
		break;
	}
}

/* cgroup v2 ids are the inode numbers of the cgroups' directories: found
 * by walking the cgroup2 mount, on the machine that recorded. */
static uint64_t want_ino;
static char found[4096];
static size_t root_len;

static int find_ino(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_D && st->st_ino == want_ino) {
		snprintf(found, sizeof(found), "%s", p[root_len] ? p + root_len : "/");
		return 1;
	}
	return 0;
}

static const char *cgroup_path(uint64_t id, bool same_host)
{
	char root[PATH_MAX];

	if (!same_host || find_mount("cgroup2", NULL, root, sizeof(root)))
		return NULL;
	want_ino = id;
	found[0] = '\0';
	root_len = strlen(root);
	nftw(root, find_ino, 16, FTW_PHYS | FTW_MOUNT);
	return found[0] ? found : NULL;
}

static void field(FILE *out, const char *label, const char *s)
{
	fputs(label, out);
	esc_puts(out, s, ESC_BARE);
}

static void print_slowest(const struct summary *c, FILE *out)
{
	int i;

	for (i = 0; i < SUMMARY_SLOWEST && c->slowest[i].dur_ns; i++) {
		const struct summary_slow *s = &c->slowest[i];

		fprintf(out, "%s%.6f s  %s ", i ? "            " : "slowest:    ", s->dur_ns / 1e9,
			s->syscall);
		if (s->path[0]) {
			esc_write(out, s->path, strlen(s->path), ESC_BARE);
			fputc(' ', out);
		}
		fprintf(out, "(pid %u)\n", s->pid);
	}
}

static void print_security(struct summary *c, const struct tf_info *in, FILE *out)
{
	char host[256] = "";
	bool same = !gethostname(host, sizeof(host)) && in->hostname && !strcmp(host, in->hostname);
	size_t i;
	int k, shown = 0;

	for (i = 0; i < c->ngroups; i++) {
		const struct summary_group *g = &c->groups[i];
		const char *cg = cgroup_path(g->cgroup_id, same);

		field(out, i ? "            cgroup " : "groups:     cgroup ", cg ? cg : "?");
		fprintf(out, " (id %" PRIu64 "), mnt %u, pid %u, net %u, user %u: %zu processes\n",
			g->cgroup_id, g->mnt, g->pid, g->net, g->user, g->pids.len);
	}
	if (c->more_groups)
		fprintf(out, "            and %zu more\n", c->more_groups);
	for (i = 0; i < c->npeers; i++) {
		field(out, i ? "            " : "network:    ", c->peers[i]);
		fputc('\n', out);
	}
	if (c->more_peers)
		fprintf(out, "            and %zu more\n", c->more_peers);
	for (k = 0; k < 64; k++)
		if (c->cap_denied[k])
			fprintf(out, "%s%s", shown++ ? ", " : "denied:     ",
				value_name(VS_CAP, k) ? value_name(VS_CAP, k) : "?");
	if (shown)
		fputc('\n', out);
	if (c->setid || c->fileless)
		fprintf(out, "execs:      %" PRIu64 " set-uid/set-gid, %" PRIu64 " fileless\n",
			c->setid, c->fileless);
}

/* --follow-peers: the servers recorded on the job's behalf. */
static void print_followed(const struct summary *c, FILE *out)
{
	size_t it = 0, n = 0;
	uint32_t pid;
	void *via;

	while (u32map_next(&c->followed, &it, &pid, &via)) {
		if (!n)
			fprintf(out, "followed:   servers the job connected to (--follow-peers):");
		if (n++ < 8)
			fprintf(out, " %u (for %u)", pid, (uint32_t)(uintptr_t)via);
	}
	if (n > 8)
		fprintf(out, " and %zu more", n - 8);
	if (n)
		fputc('\n', out);
}

uint64_t summary_outlived(const struct summary *s)
{
	uint64_t procs = summary_processes(s);

	if (!s->root_end)
		return 0;
	return s->outlived + (procs > s->exits ? procs - s->exits : 0);
}

uint64_t summary_processes(const struct summary *s)
{
	return s->processes + (s->events ? 1 : 0);
}

uint64_t summary_duration_ns(const struct summary *s, struct replay *r)
{
	const struct tf_stats *st = replay__stats(r);
	uint64_t start = replay__info(r)->mono_start_ns;

	return replay__complete(r) && st->end_mono_ns > start ? st->end_mono_ns - start : s->last_ns;
}

uint64_t summary_lost(struct replay *r)
{
	struct loss l;

	loss_from_stats(&l, replay__stats(r));
	return l.total > replay__lost(r) ? l.total : replay__lost(r);
}

int summary_run(struct replay *r, const char *path, FILE *out)
{
	const struct tf_info *in = replay__info(r);
	const struct tf_stats *st;
	struct summary c;
	struct trail_event ev;
	struct loss l;
	char when[64], detail[256];
	time_t secs = in->wall_start_ns / 1000000000ull;
	struct tm tm;
	int ret, t, e, shown = 0;
	struct deps_counts dc;
	uint32_t i;

	summary_init(&c);
	while ((ret = replay__next(r, &ev)) > 0)
		summary_add(&c, &ev);
	if (ret < 0)
		goto out;
	st = replay__stats(r);
	gmtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);

	/* all but the numbers come from the file: escaped (util/escape.h) */
	field(out, "recording:  ", path);
	field(out, " (trail ", in->trail_version);
	fprintf(out, ", format %u)%s\n", in->version, replay__complete(r) ? "" : " INCOMPLETE");
	if (in->target[0])	/* attached, not run: pid 1,2 / cgroup PATH / all */
		field(out, "target:     ", in->target);
	else
		field(out, "command:    ", in->command);
	field(out, "\ndirectory:  ", in->cwd);
	field(out, "\nhost:       ", in->hostname);
	field(out, ", kernel ", in->kernel);
	if (in->bpf_build[0]) {
		field(out, " (", in->bpf_build);
		fputs(" BPF build)", out);
	}
	fputc('\n', out);
	fprintf(out, "started:    %s, lasted %.3f s", when, summary_duration_ns(&c, r) / 1e9);
	if (replay__complete(r) && st->exit_status >= 0) {
		if ((st->exit_status & 0x7f) == 0)
			fprintf(out, ", exit status %d", (st->exit_status >> 8) & 0xff);
		else
			fprintf(out, ", killed by %s", signal_name(st->exit_status & 0x7f) ?: "a signal");
	}
	fprintf(out, "\nprocesses:  %" PRIu64 " (%" PRIu64 " execs, %" PRIu64 " failed)\n",
		summary_processes(&c), c.type[TE_exec] - c.failed_execs, c.failed_execs);
	if (!in->target[0] && summary_outlived(&c))
		fprintf(out, "outlived:   %" PRIu64 " process%s outlived the command (%u still "
			"running when the recording stopped)\n", summary_outlived(&c),
			summary_outlived(&c) == 1 ? "" : "es", st->nrunning);
	print_followed(&c, out);
	fprintf(out, "records:    %" PRIu64 " from the kernel (as 'trail record' counts them): %" PRIu64
		" events, %" PRIu64 " identity records that change nothing\n",
		replay__kernel_records(r), replay__kernel_records(r) - replay__quiet(r),
		replay__quiet(r));
	fprintf(out, "events:     %" PRIu64 " (", c.events);
	for (t = 0; t < TE__MAX; t++)
		if (c.type[t])
			fprintf(out, "%s%s %" PRIu64, shown++ ? ", " : "", event_type_name(t), c.type[t]);
	fprintf(out, ")\nfailed:     %" PRIu64 " calls", c.failed);
	shown = 0;
	for (e = 1; e < (int)ARRAY_SIZE(c.err); e++)
		if (c.err[e])
			fprintf(out, "%s%s %" PRIu64, shown++ ? ", " : " (",
				errno_name(e) ? errno_name(e) : "?", c.err[e]);
	deps_count(&c.fu, &dc);
	fprintf(out, "%s\nfiles:      %zu inputs, %zu executables, %zu directories listed, %zu "
		"outputs, %zu streams,\n            %zu looked for and missing (details: trail deps)\n",
		shown ? ")" : "", dc.inputs, dc.executables, dc.directories, dc.outputs, dc.streams,
		dc.missing);
	loss_from_stats(&l, st);
	/* the kinds when the trailer's count is the one shown (not a file
	 * cut short, whose markers say more) */
	if (l.total != summary_lost(r))
		l = (struct loss){ 0 };
	loss_detail(&l, detail, sizeof(detail));
	fprintf(out, "lost:       %" PRIu64 " events%s\n", summary_lost(r), detail);
	for (i = 0; i < in->nunavail; i++) {
		field(out, i ? "            " : "kernel:     ", in->unavail_kind[i]);
		field(out, ": ", in->unavail_why[i]);
		fputc('\n', out);
	}
	print_slowest(&c, out);
	print_security(&c, in, out);
out:
	summary_release(&c);
	return ret;
}
