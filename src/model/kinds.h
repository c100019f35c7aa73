/* SPDX-License-Identifier: MIT */
/*
 * The record kinds (enum trail_ev_kind), one row each: everything userspace
 * knows of a kind is found from its row.  A new kind is its struct in
 * trail_abi.h, the BPF that emits it, one row here and the functions the
 * row names by convention, each next to its peers:
 *   decode_<name>   model/event.c: the record's fields into a trail_event
 *   text_<name>     views/print.c: its line in 'trail show'
 *   json_<name>     views/print.c: its keys in 'trail show --json'
 *
 * Why one list and two tables: the decoder and the loss accounting are the
 * model's, the printers the views', and the model must not depend on the
 * views.  Each layer builds its own table from this list (model/event.c,
 * views/print.c), indexed by kind and sized TRAIL_EV_KIND_MAX, so a kind
 * cannot be in one table and missing from the other; a function the row
 * names and nobody wrote fails the build.
 *
 * Columns: the kind (TRAIL_EV_<K>), its name, the fixed part of its record
 * (what the decoder may read before it checks any length), and the event
 * type its records lost to a full ring buffer count under in the loss
 * report (KIND_LOSS_BY_OP: syscall records, counted by op; KIND_LOSS_NONE:
 * never counted lost).
 */
#ifndef TRAIL_KINDS_H
#define TRAIL_KINDS_H

#include <stddef.h>
#include "model/systab.h"

#define TRAIL_KINDS(X) \
	X(FORK,  fork,    struct trail_ev_fork,  TE_fork) \
	X(EXEC,  exec,    struct trail_ev_exec,  TE_exec) \
	X(EXIT,  exit,    struct trail_ev_exit,  TE_exit) \
	X(SYS,   syscall, struct trail_ev_sys,   KIND_LOSS_BY_OP) \
	X(LOST,  lost,    struct trail_ev_lost,  KIND_LOSS_NONE) \
	X(IDENT, ident,   struct trail_ev_ident, TE_ident) \
	X(CAP,   cap,     struct trail_ev_cap,   TE_cap) \
	X(URING, uring,   struct trail_ev_uring, TE_uring) \
	X(PEER,  peer,    struct trail_ev_peer,  TE_peer) \
	X(PROC,  attach,  struct trail_ev_proc,  KIND_LOSS_NONE) \
	X(STATS, stats,   struct trail_ev_stats, KIND_LOSS_NONE)

/* A loss marker that does not fit is sent later, never lost. */
#define KIND_LOSS_NONE (-1)
#define KIND_LOSS_BY_OP (-2)

#define KIND_ROW_COUNT_(K, name, rec, loss) + 1
_Static_assert(0 TRAIL_KINDS(KIND_ROW_COUNT_) == TRAIL_EV_KIND_MAX - 1,
	       "every record kind of trail_abi.h has its row in TRAIL_KINDS");

struct trail_event;

struct kind_desc {
	const char *name;          /* NULL: no kind of this number */
	size_t min_size;
	/* Fills ev from a record of at least min_size bytes (the header part
	 * of ev is already filled): DECODE_OK, DECODE_SKIP, or -EINVAL with
	 * a message in err. */
	int (*decode)(struct trail_event *ev, const void *rec, size_t size,
		      char *err, size_t errlen);
	int loss_type;             /* enum trail_event_type, or KIND_LOSS_* */
};

/* Indexed by enum trail_ev_kind; row 0 (no kind) is empty. */
extern const struct kind_desc trail_kinds[TRAIL_EV_KIND_MAX];

/* The row of a kind this build knows, or NULL. */
static inline const struct kind_desc *kind_get(unsigned int kind)
{
	return kind < TRAIL_EV_KIND_MAX && trail_kinds[kind].name ? &trail_kinds[kind] : NULL;
}

#endif
