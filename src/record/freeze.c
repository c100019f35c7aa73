// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "record/freeze.h"
#include "record/procfs.h"
#include "util/util.h"

struct freezer {
	bool v2;
	bool frozen;
	unsigned long count;
	int ctl;                     /* cgroup.freeze or freezer.state */
	char dir[2 * PATH_MAX + 32]; /* the cgroup made for the command */
	char parent[2 * PATH_MAX];   /* where trail itself is */
};

/* trail's own cgroup path in the hierarchy: "0::/x" (v2) or "N:freezer:/x". */
static int own_cgroup(bool v2, char *out, size_t outlen)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	char line[4096];
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (!c2)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (v2 ? (c1 == line + 1 && line[0] == '0' && c2 == c1 + 1)
		       : (c2 - c1 - 1 == 7 && !strncmp(c1 + 1, "freezer", 7))) {
			snprintf(out, outlen, "%s", c2 + 1);
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int freezer__new(struct freezer **out, const char *opt, char *why, size_t whylen)
{
	struct freezer *f = xcalloc(1, sizeof(*f));
	char mnt[PATH_MAX], own[PATH_MAX], ctl[sizeof(f->dir) + 32];
	int err;

	f->ctl = -1;
	f->v2 = find_mount("cgroup2", NULL, mnt, sizeof(mnt)) == 0;
	if (!f->v2 && (strcmp(opt, "--lossless") ||
		       find_mount("cgroup", "freezer", mnt, sizeof(mnt)))) {
		free(f);
		return msgf(why, whylen, -ENOTSUP, strcmp(opt, "--lossless") ?
			    "%s needs cgroup v2, and it is not mounted" :
			    "%s needs cgroup v2 or the v1 freezer, and neither is mounted", opt);
	}
	if ((err = own_cgroup(f->v2, own, sizeof(own)))) {
		free(f);
		return msgf(why, whylen, err, "%s: can't find trail's own cgroup", opt);
	}
	snprintf(f->parent, sizeof(f->parent), "%s%s", mnt, strcmp(own, "/") ? own : "");
	snprintf(f->dir, sizeof(f->dir), "%s/trail-%d", f->parent, (int)getpid());
	if (mkdir(f->dir, 0755) && errno != EEXIST) {
		err = msgf(why, whylen, -errno, "%s: can't make cgroup '%s': %s",
			   opt, f->dir, strerror(errno));
		free(f);
		return err;
	}
	snprintf(ctl, sizeof(ctl), "%s/%s", f->dir, f->v2 ? "cgroup.freeze" : "freezer.state");
	f->ctl = open(ctl, O_WRONLY | O_CLOEXEC);
	if (f->ctl < 0) {
		err = -errno;
		rmdir(f->dir);
		free(f);
		return msgf(why, whylen, err, "%s: can't open '%s': %s", opt, ctl,
			    strerror(-err));
	}
	*out = f;
	return 0;
}

int freezer__add(struct freezer *f, pid_t pid)
{
	char path[sizeof(f->dir) + 16], s[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", f->dir);
	snprintf(s, sizeof(s), "%d", (int)pid);
	return write_str(path, s);
}

int freezer__set(struct freezer *f, bool frozen)
{
	const char *s = f->v2 ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED");

	if (frozen == f->frozen)
		return 0;
	if (pwrite(f->ctl, s, strlen(s), 0) < 0)
		return -errno;
	f->frozen = frozen;
	f->count += frozen;
	return 0;
}

int freezer__dir_fd(const struct freezer *f)
{
	int fd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

bool freezer__populated(const struct freezer *f)
{
	char path[sizeof(f->dir) + 16], line[64];
	bool populated = true;	/* when in doubt, the job goes on */
	FILE *in;

	snprintf(path, sizeof(path), "%s/cgroup.events", f->dir);
	if (!(in = fopen(path, "re")))
		return populated;
	while (fgets(line, sizeof(line), in))
		if (!strncmp(line, "populated ", 10))
			populated = line[10] != '0';
	fclose(in);
	return populated;
}

size_t freezer__pids(const struct freezer *f, __u32 *pids, size_t max)
{
	char path[sizeof(f->dir) + 16], line[32];
	size_t n = 0;
	FILE *in;

	snprintf(path, sizeof(path), "%s/cgroup.procs", f->dir);
	if (!(in = fopen(path, "re")))
		return 0;
	while (fgets(line, sizeof(line), in)) {
		if (n < max)
			pids[n] = strtoul(line, NULL, 10);
		n++;
	}
	fclose(in);
	return n;
}

bool freezer__frozen(const struct freezer *f)
{
	return f->frozen;
}

unsigned long freezer__count(const struct freezer *f)
{
	return f->count;
}

void freezer__free(struct freezer *f)
{
	char procs[sizeof(f->dir) + 16], back[sizeof(f->parent) + 16], line[32];
	FILE *in;

	if (!f)
		return;
	f->frozen = true;	/* force the write: never leave anything frozen */
	freezer__set(f, false);
	close(f->ctl);
	/* descendants that outlive the command go back where trail is */
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", f->dir);
	snprintf(back, sizeof(back), "%s/cgroup.procs", f->parent);
	if ((in = fopen(procs, "re"))) {
		while (fgets(line, sizeof(line), in)) {
			line[strcspn(line, "\n")] = '\0';
			write_str(back, line);
		}
		fclose(in);
	}
	rmdir(f->dir);
	free(f);
}
