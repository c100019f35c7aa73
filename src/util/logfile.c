// SPDX-License-Identifier: MIT
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util/logfile.h"
#include "util/util.h"

struct logfile {
	char *path;
	struct rotate rot;
	FILE *f;
	bool regular;              /* a FIFO or a device is never rolled over */
	uint64_t bytes;            /* in the current file, buffered ones too */
	uint64_t opened_ns;        /* CLOCK_MONOTONIC */
	unsigned long rotated;
};

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* An existing file is appended to (a restarted sensor goes on with its
 * log), a symlink refused (O_NOFOLLOW), a missing one created 0600. */
static int open_path(const char *path)
{
	int tries, fd = -ENOENT;

	for (tries = 0; tries < 3 && fd == -ENOENT; tries++) {
		fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
		if (fd >= 0 || errno != ENOENT) {
			fd = fd >= 0 ? fd : -errno;
			break;
		}
		fd = output_create(path);
		if (fd == -EEXIST)	/* made meanwhile: append to it */
			fd = -ENOENT;
	}
	if (fd >= 0)
		fcntl(fd, F_SETFL, O_WRONLY | O_APPEND);	/* a FIFO's reader may block us: as stdout */
	return fd;
}

static int start_file(struct logfile *lf, char *why, size_t whylen)
{
	struct stat sb;
	int fd = open_path(lf->path);

	if (fd == -ELOOP)
		return msgf(why, whylen, fd, "can't open '%s': a symlink (trail never writes through one)",
			    lf->path);
	if (fd < 0 || fstat(fd, &sb) || !(lf->f = fdopen(fd, "a"))) {
		int err = fd < 0 ? fd : -errno;

		if (fd >= 0)
			close(fd);
		return msgf(why, whylen, err, "can't open '%s': %s", lf->path, strerror(-err));
	}
	setvbuf(lf->f, NULL, _IOFBF, 1 << 16);
	lf->regular = S_ISREG(sb.st_mode);
	lf->bytes = lf->regular ? (uint64_t)sb.st_size : 0;
	lf->opened_ns = mono_ns();
	return 0;
}

static int end_file(struct logfile *lf, char *why, size_t whylen)
{
	int err = 0;

	if (!lf->f)
		return 0;
	if (fflush(lf->f) || ferror(lf->f))
		err = -(errno ? errno : EIO);
	fclose(lf->f);
	lf->f = NULL;
	return err ? msgf(why, whylen, err, "can't write '%s': %s", lf->path, strerror(-err)) : 0;
}

int logfile__open(struct logfile **out, const char *path, const struct rotate *rot,
		  char *why, size_t whylen)
{
	struct logfile *lf = xcalloc(1, sizeof(*lf));
	int err;

	lf->path = xstrdup(path);
	lf->rot = *rot;
	if (!lf->rot.keep)
		lf->rot.keep = ROTATE_KEEP_DEFAULT;
	err = start_file(lf, why, whylen);
	if (!err && rotate_on(&lf->rot) && !lf->regular)
		err = msgf(why, whylen, -EINVAL, "can't roll '%s' over: not a regular file", path);
	if (err) {
		logfile__close(lf, NULL, 0);
		return err;
	}
	*out = lf;
	return 0;
}

/* The current file ends; shifted to path.1 when shift says so. */
static int roll(struct logfile *lf, bool shift, char *why, size_t whylen)
{
	int err = end_file(lf, why, whylen), n;

	if (err)
		return err;
	if (shift) {
		n = rotate_shift(lf->path, lf->rot.keep);
		if (n < 0)
			return msgf(why, whylen, n, "can't roll '%s' over: %s", lf->path, strerror(-n));
	}
	lf->rotated++;
	return start_file(lf, why, whylen);
}

int logfile__write(struct logfile *lf, const char *line, size_t len, char *why, size_t whylen)
{
	int err;

	if (lf->regular && lf->bytes && rotate_due(&lf->rot, lf->bytes, lf->opened_ns, mono_ns())) {
		err = roll(lf, true, why, whylen);
		if (err)
			return err;
	}
	if (fwrite(line, 1, len, lf->f) != len) {
		err = -(errno ? errno : EIO);
		return msgf(why, whylen, err, "can't write '%s': %s", lf->path, strerror(-err));
	}
	lf->bytes += len;
	return 0;
}

int logfile__tick(struct logfile *lf, char *why, size_t whylen)
{
	int err;

	if (lf->regular && lf->bytes && rotate_due(&lf->rot, lf->bytes, lf->opened_ns, mono_ns()))
		return roll(lf, true, why, whylen);
	if (fflush(lf->f)) {
		err = -(errno ? errno : EIO);
		return msgf(why, whylen, err, "can't write '%s': %s", lf->path, strerror(-err));
	}
	return 0;
}

int logfile__reopen(struct logfile *lf, char *why, size_t whylen)
{
	struct stat cur, at;
	bool same = lf->regular && !fstat(fileno(lf->f), &cur) && !lstat(lf->path, &at) &&
		    cur.st_dev == at.st_dev && cur.st_ino == at.st_ino;

	return roll(lf, same, why, whylen);
}

unsigned long logfile__rotated(const struct logfile *lf)
{
	return lf->rotated;
}

int logfile__close(struct logfile *lf, char *why, size_t whylen)
{
	char none[8];
	int err;

	if (!lf)
		return 0;
	err = end_file(lf, why ? why : none, why ? whylen : sizeof(none));
	free(lf->path);
	free(lf);
	return err;
}
