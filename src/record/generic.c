// SPDX-License-Identifier: MIT
/*
 * record --syscall: the syscall nobody planned for.  The kernel already
 * describes every syscall's arguments in its tracepoint format files
 * (TraceLeft generated its handlers from them); trail reads them at start,
 * records the raw arguments through the same raw_syscalls programs as the
 * table's syscalls, and stores the descriptions in the file's header so
 * that the reader needs neither this kernel nor tracefs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include "model/systab.h"
#include "record/generic.h"
#include "util/util.h"

#define TRACEFS "/sys/kernel/tracing"
#define TRACEFS_MAGIC_ 0x74726163

static const struct {
	const char *name;
	int nr;
} sysnames[] = {
#define SYSNAME(n, nr) { #n, nr },
#include "sysnames.h"
#undef SYSNAME
};

int generic_nr(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sysnames); i++)
		if (!strcmp(sysnames[i].name, name))
			return sysnames[i].nr;
	return -1;
}

/* The table row tracing syscall nr, or NULL. */
static const struct sys_info *table_row(int nr)
{
	unsigned int op;

	for (op = 0; op < TRAIL_SYS_MAX; op++)
		if (systab_get(op)->nr == nr)
			return systab_get(op);
	return NULL;
}

/* "field:const char * filename;\toffset:..." -> type and name. */
static int parse_field(const char *line, char *type, char *name)
{
	const char *p = strstr(line, "field:"), *semi, *sp;
	size_t tl, nl;

	if (!p)
		return -EINVAL;
	p += 6;
	semi = strchr(p, ';');
	if (!semi)
		return -EINVAL;
	for (sp = semi; sp > p && sp[-1] != ' ' && sp[-1] != '*'; sp--)
		;
	nl = semi - sp;
	tl = sp - p;
	while (tl && p[tl - 1] == ' ')
		tl--;
	if (!nl || !tl || nl > TF_SYSCALL_STR_MAX || tl > TF_SYSCALL_STR_MAX)
		return -EINVAL;
	memcpy(type, p, tl);
	type[tl] = '\0';
	memcpy(name, sp, nl);
	name[nl] = '\0';
	return 0;
}

/* The arguments of sys_enter_<tp>: the fields after __syscall_nr.
 * -ENOENT when there is no such tracepoint. */
static int read_format(const char *dir, const char *tp, struct tf_syscall *sc)
{
	char path[256], line[512];
	bool args = false;
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/events/syscalls/sys_enter_%s/format", dir, tp);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	sc->nargs = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strstr(line, "field:"))
			continue;
		if (!args) {	/* the common fields, then the syscall's number */
			args = strstr(line, " __syscall_nr;") != NULL;
			continue;
		}
		if (sc->nargs >= TRAIL_SYS_ARGS ||
		    parse_field(line, sc->arg_type[sc->nargs], sc->arg_name[sc->nargs])) {
			err = -EINVAL;
			break;
		}
		sc->nargs++;
	}
	fclose(f);
	if (!err && (!args || !tf_syscall_valid(sc)))
		err = -EINVAL;
	return err;
}

/* Where the syscall tracepoints are: tracefs, mounted by us if it is not
 * (*mounted then says to unmount it).  0 or a reason in why. */
static int find_tracefs(const char **dir, bool *mounted, char *why, size_t whylen)
{
	static const char *const dirs[] = { TRACEFS, "/sys/kernel/debug/tracing" };
	struct statfs sf;
	size_t i;

	*mounted = false;
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		char p[128];

		snprintf(p, sizeof(p), "%s/events/syscalls", dirs[i]);
		if (!access(p, X_OK)) {
			*dir = dirs[i];
			return 0;
		}
	}
	if (statfs(TRACEFS, &sf) || sf.f_type == TRACEFS_MAGIC_)
		return msgf(why, whylen, -ENOTSUP,
			    "the kernel has no syscall tracepoints (" TRACEFS
			    "/events/syscalls: CONFIG_FTRACE_SYSCALLS)");
	if (mount("nodev", TRACEFS, "tracefs", 0, NULL))
		return msgf(why, whylen, -errno, "can't mount tracefs on " TRACEFS ": %s",
			    strerror(errno));
	*mounted = true;
	*dir = TRACEFS;
	if (access(TRACEFS "/events/syscalls", X_OK)) {
		umount2(TRACEFS, MNT_DETACH);
		*mounted = false;
		return msgf(why, whylen, -ENOTSUP,
			    "the kernel has no syscall tracepoints (CONFIG_FTRACE_SYSCALLS)");
	}
	return 0;
}

int generic_resolve(const char *list, struct tf_syscall **out, unsigned int *n,
		    char *note, size_t notelen, char *why, size_t whylen)
{
	struct tf_syscall *sc = NULL;
	unsigned int cnt = 0, i;
	char *copy = xstrdup(list), *save = NULL, *name;
	const char *dir = NULL;
	bool mounted = false, noted[TRAIL_NR_MAX] = { false };
	size_t nlen = 0;
	int err = 0;

	*out = NULL;
	*n = 0;
	note[0] = '\0';
	sc = xcalloc(TRAIL_GENERIC_MAX, sizeof(*sc));
	for (name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		const struct sys_info *row;
		int nr = generic_nr(name);
		bool dup = false;

		if (nr < 0 || nr >= TRAIL_NR_MAX || strlen(name) > TF_SYSCALL_STR_MAX) {
			err = msgf(why, whylen, -ENOENT, "--syscall: unknown syscall '%s'", name);
			goto out;
		}
		row = table_row(nr);
		if (row) {	/* recorded as usual: say so, once */
			if (!noted[nr] && nlen + strlen(name) + 32 < notelen)
				noted[nr] = true, nlen += snprintf(note + nlen, notelen - nlen, "%s%s (%s)",
						 nlen ? ", " : "", name, event_type_name(row->type));
			continue;
		}
		for (i = 0; i < cnt; i++)
			dup |= sc[i].nr == (uint32_t)nr;
		if (dup)
			continue;
		if (cnt == TRAIL_GENERIC_MAX) {
			err = msgf(why, whylen, -E2BIG,
				   "--syscall: too many syscalls (at most %d besides trail's own)",
				   TRAIL_GENERIC_MAX);
			goto out;
		}
		sc[cnt].nr = nr;
		snprintf(sc[cnt].name, sizeof(sc[cnt].name), "%s", name);
		cnt++;
	}
	if (!cnt && !note[0]) {
		err = msgf(why, whylen, -EINVAL, "--syscall: no syscall named");
		goto out;
	}
	if (cnt && (err = find_tracefs(&dir, &mounted, why, whylen)))
		goto out;
	for (i = 0; i < cnt; i++) {
		char alt[TF_SYSCALL_STR_MAX + 8];

		/* uname's tracepoint is sys_enter_newuname, as stat's is newstat */
		snprintf(alt, sizeof(alt), "new%s", sc[i].name);
		err = read_format(dir, sc[i].name, &sc[i]);
		if (err == -ENOENT)
			err = read_format(dir, alt, &sc[i]);
		if (err == -ENOENT) {
			err = msgf(why, whylen, -ENOTSUP,
				   "--syscall: syscall '%s' has no tracepoint (no %s/events/syscalls/sys_enter_%s)",
				   sc[i].name, dir, sc[i].name);
			goto out;
		}
		if (err) {
			err = msgf(why, whylen, err, "--syscall: can't read the tracepoint format of '%s': %s",
				   sc[i].name, err == -EINVAL ? "not understood" : strerror(-err));
			goto out;
		}
	}
	*out = sc;
	*n = cnt;
	sc = NULL;
out:
	if (mounted && umount2(TRACEFS, 0))
		umount2(TRACEFS, MNT_DETACH);
	free(sc);
	free(copy);
	return err;
}
