// SPDX-License-Identifier: MIT
/* trail stat: take hold of the target -> load and attach (record/
 * session.c starts the target) -> run: release the command, wait, reading
 * the counters every interval -> the last report. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "record/bpfobj.h"
#include "record/session.h"
#include "stat/run.h"
#include "stat/tally.h"
#include "util/util.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reads what was counted since the last report and prints it. */
static int report(struct tally *t, const struct stat_run_opts *o, unsigned int interval,
		  double seconds)
{
	struct stat_snap s = { .interval = interval, .seconds = seconds };
	struct stat_print_opts po = { .json = o->json, .top = o->top };
	int err = tally__read(t, &s);

	if (err) {
		trail_err("can't read the counters: %s", strerror(-err));
	} else {
		stat_print(stdout, &s, &po);
		if (fflush(stdout) || ferror(stdout)) {
			err = -(errno ? errno : EIO);
			trail_err("can't write the report: %s", strerror(-err));
		}
	}
	stat_snap__release(&s);
	return err;
}

/* One -i interval's count after another. */
struct counting {
	const struct stat_run_opts *o;
	struct session s;          /* the target, its start and the wait */
	struct tally *t;
	unsigned int interval;     /* reports made */
	double last, next;         /* when the last was made, the next is due (0: -i not given) */
};

/* Loads the programs and starts the target with every program attached:
 * 0, or 2 after one error line. */
static int load_and_attach(struct counting *c)
{
	struct tally_opts to = { .target = session__bpf_target(&c->s),
				 .cgroup_fd = c->s.hold.cgroup_fd, .types = c->o->types,
				 .ops = c->o->ops };
	char why[PATH_MAX + 128];
	int err = tally__load(&c->t, &to, why, sizeof(why));

	if (!err && (err = session__start(&c->s, tally__obj(c->t), NULL, NULL, why, sizeof(why))))
		session__abort(&c->s);
	if (err)
		trail_err("%s", why);
	return err ? 2 : 0;
}

static int until_report(void *ctx)
{
	struct counting *c = ctx;
	double now = now_s();

	if (!c->next)
		return -1;
	return c->next > now ? (int)((c->next - now) * 1000) + 1 : 0;
}

/* -i: a report when one is due, while counting goes on. */
static enum stop report_interval(void *ctx, enum stop stop)
{
	struct counting *c = ctx;
	double now = now_s();

	if (stop != RUNNING || !c->next || now < c->next)
		return stop;
	if (report(c->t, c->o, ++c->interval, now - c->last))
		return STOP_ERROR;
	c->last = now;
	c->next += c->o->interval;
	if (c->next <= now)	/* a slow terminal: skip, don't burst */
		c->next = now + c->o->interval;
	return stop;
}

/* Releases the command and counts until a stop. */
static enum stop run(struct counting *c)
{
	struct session_loop l = { .duration = c->o->duration, .ring_fd = -1,
				  .wait_ms = until_report, .tick = report_interval, .ctx = c };

	session__begin(&c->s, "counting");
	c->last = now_s();
	c->next = c->o->interval > 0 ? c->last + c->o->interval : 0;
	return session__run(&c->s, &l);
}

/* The last report: the command's last syscalls were counted before its
 * parent (us) could see it exit. */
static int finish(struct counting *c, enum stop stop)
{
	const struct stat_run_opts *o = c->o;

	if (stop == STOP_ERROR)
		return 1;
	bpf_obj__detach(tally__obj(c->t));
	if (report(c->t, o, o->interval > 0 ? c->interval + 1 : 0, now_s() - c->last))
		return 1;
	return session__exit_status(&c->s, stop, "counting", o->duration);
}

int stat_main(const struct stat_run_opts *o)
{
	struct counting c = { .o = o, .s = SESSION_INIT };
	int ret;

	ret = session__prepare(&c.s, &o->target, o->user);
	if (!ret)
		ret = load_and_attach(&c);
	if (!ret)
		ret = finish(&c, run(&c));
	tally__free(c.t);
	session__release(&c.s);
	return ret;
}
