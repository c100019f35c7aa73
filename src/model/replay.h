/* SPDX-License-Identifier: MIT */
/* A recording read back as events, each checked, decoded and passed
 * through the model (so abs paths are filled).  Every view reads this way. */
#ifndef TRAIL_REPLAY_H
#define TRAIL_REPLAY_H

#include "model/event.h"
#include "model/model.h"
#include "tracefile/tracefile.h"

struct replay;

/* 0, or -errno with a message in err (for a file that is not a trace). */
int replay__open(struct replay **out, const char *path, char *err, size_t errlen);
/*
 * A replay of records as they are recorded (trail watch), with no file:
 * meta is what the file header would hold (copied).  Records are given one
 * by one to replay__feed; replay__next has nothing to read.
 */
struct replay *replay__open_live(const struct tf_meta *meta);
/* Decodes one record and passes it through the model, as replay__next
 * does: 1 with ev filled (valid until the next call), 0 for a record this
 * build skips, -EINVAL for a malformed one (replay__error says why). */
int replay__feed(struct replay *r, const void *rec, size_t size, struct trail_event *ev);
const struct tf_info *replay__info(const struct replay *r);
/* 1 with ev filled (valid until the next call), 0 at the end, -errno on
 * a corrupt file with replay__error() saying what and where. */
int replay__next(struct replay *r, struct trail_event *ev);
const char *replay__error(const struct replay *r);
bool replay__complete(const struct replay *r);
uint64_t replay__offset(const struct replay *r);
/* Events lost in the kernel, as marked in the stream so far. */
uint64_t replay__lost(const struct replay *r);
/* Records read so far that the kernel made (not loss markers, not an
 * identity sent again after its loss), and of them the identity records
 * that changed nothing, which replay__next skips: events = kernel - quiet
 * (+ the loss markers, which are events too).  The recorder's count. */
uint64_t replay__kernel_records(const struct replay *r);
uint64_t replay__quiet(const struct replay *r);
const struct tf_stats *replay__stats(const struct replay *r);
void replay__free(struct replay *r);

#endif
