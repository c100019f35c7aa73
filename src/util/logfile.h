/* SPDX-License-Identifier: MIT */
/*
 * A log file of lines that another program tails (Fluent Bit, Vector,
 * Filebeat): appended to if it exists, made 0600 and never through a
 * symlink if not; rolled over as util/rotate.h numbers files, by size, by
 * age, or when asked (SIGHUP: logrotate's postrotate).  Lines are buffered
 * and written out at every logfile__tick.
 */
#ifndef TRAIL_LOGFILE_H
#define TRAIL_LOGFILE_H

#include <stddef.h>
#include <stdint.h>
#include "util/rotate.h"

struct logfile;

/* Opens path (rot may have no limits): 0, or -errno with one line in why. */
int logfile__open(struct logfile **out, const char *path, const struct rotate *rot,
		  char *why, size_t whylen);
/* One line (its '\n' included), after a roll-over if one is due. */
int logfile__write(struct logfile *lf, const char *line, size_t len, char *why, size_t whylen);
/* The buffered lines out, and a roll-over that its age makes due (an
 * empty file is not rolled over: an idle machine keeps its old files). */
int logfile__tick(struct logfile *lf, char *why, size_t whylen);
/*
 * SIGHUP: the current file ends.  If it is still at path (same device and
 * inode), it is shifted to path.1 as a roll-over would (KEEP as given, else
 * ROTATE_KEEP_DEFAULT); if not, logrotate moved it, and a new path is
 * simply opened.
 */
int logfile__reopen(struct logfile *lf, char *why, size_t whylen);
/* Files rolled over so far (by size, age or SIGHUP). */
unsigned long logfile__rotated(const struct logfile *lf);
/* Flushes and closes: 0, or -errno with why (a failed last write). */
int logfile__close(struct logfile *lf, char *why, size_t whylen);

#endif
