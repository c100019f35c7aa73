/* SPDX-License-Identifier: MIT */
/*
 * RFC 5424 messages to a syslog daemon, without ever blocking the caller:
 * a non-blocking socket and a bounded queue in memory.  While the receiver
 * is down or slow, messages wait in the queue (up to SYSLOG_QUEUE_BYTES;
 * beyond, new ones are dropped and counted), and the connection is tried
 * again with a backoff from 0.2 s doubling up to 5 s.
 *
 *   unix:PATH        a datagram socket (/dev/log), or a stream one (one
 *                    message per line then)
 *   udp://HOST:PORT  one message per datagram (RFC 5426)
 *   tcp://HOST:PORT  octet-counting framing (RFC 6587 3.4.1): "LEN MSG"
 *
 * A message is cut to SYSLOG_DGRAM_MAX bytes on a datagram socket and to
 * SYSLOG_STREAM_MAX on a stream (syslog_out__max_msg says how much is
 * left for MSG; the caller makes it fit, never this module).
 */
#ifndef TRAIL_SYSLOG_OUT_H
#define TRAIL_SYSLOG_OUT_H

#include <stddef.h>
#include <stdint.h>

#define SYSLOG_QUEUE_BYTES (8u << 20)
#define SYSLOG_DGRAM_MAX   8192u      /* rsyslog's default maxMessageSize */
#define SYSLOG_STREAM_MAX  65536u
#define SYSLOG_SEV_WARNING 4
#define SYSLOG_SEV_INFO    6
#define SYSLOG_FACILITY_DEFAULT 16    /* local0 */

struct syslog_out;

struct syslog_stats {
	uint64_t sent;             /* handed to the kernel */
	uint64_t dropped;          /* never sent: queue full, too big, or left at the end */
	uint64_t queued;           /* waiting now */
	uint64_t reconnects;       /* connections made again after one was lost */
};

/* The facility's code (0-23) from its name (user, auth, authpriv, daemon,
 * local0 ... local7, ...), or -1. */
int syslog_facility(const char *name);
/* spec as above; host is the HOSTNAME field.  Nothing is connected yet.
 * 0, or -EINVAL/-errno with one line in why. */
int syslog_out__new(struct syslog_out **out, const char *spec, int facility, const char *host,
		    char *why, size_t whylen);
/* The most bytes of MSG that a message may carry. */
size_t syslog_out__max_msg(const struct syslog_out *s);
/* Queues one message (msgid: printable ASCII, cut at 32; wall_ns: the
 * event's time, 0 for now); sends what the socket takes. */
void syslog_out__send(struct syslog_out *s, int severity, const char *msgid, uint64_t wall_ns,
		      const char *msg, size_t len);
/* Connects, or sends the queue, as far as possible without waiting. */
void syslog_out__pump(struct syslog_out *s);
/* At the end: up to timeout_ms to send the queue; what is left is
 * counted as dropped. */
void syslog_out__finish(struct syslog_out *s, int timeout_ms);
void syslog_out__stats(const struct syslog_out *s, struct syslog_stats *st);
const char *syslog_out__spec(const struct syslog_out *s);
void syslog_out__free(struct syslog_out *s);

#endif
