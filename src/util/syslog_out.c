// SPDX-License-Identifier: MIT
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "util/syslog_out.h"
#include "util/util.h"

#define BACKOFF_MIN_NS 200000000ull
#define BACKOFF_MAX_NS 5000000000ull

enum sl_kind { SL_UNIX, SL_UDP, SL_TCP };
enum sl_state { SL_DOWN, SL_CONNECTING, SL_UP };

struct qmsg {
	struct qmsg *next;
	size_t len;
	char data[];
};

struct syslog_out {
	enum sl_kind kind;
	char *spec;
	struct sockaddr_storage addr;
	socklen_t alen;
	int type;                  /* SOCK_DGRAM or SOCK_STREAM */
	int fd;
	enum sl_state state;
	bool was_up;               /* a connection was made before */
	uint64_t retry_ns, backoff_ns;
	int facility;
	char host[256];
	int pid;
	struct qmsg *head, *tail;
	size_t off;                /* bytes of head already on a stream */
	size_t qbytes;
	struct syslog_stats st;
};

static const char *const facilities[24] = {
	"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
	"authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1",
	"local2", "local3", "local4", "local5", "local6", "local7",
};

int syslog_facility(const char *name)
{
	int i;

	for (i = 0; i < 24; i++)
		if (!strcmp(name, facilities[i]))
			return i;
	return -1;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* HOST:PORT or [V6]:PORT, resolved once. */
static int resolve(struct syslog_out *s, const char *hp, char *why, size_t whylen)
{
	struct addrinfo hints = { .ai_socktype = s->type }, *ai = NULL;
	char host[256];
	const char *colon = strrchr(hp, ':'), *h = hp;
	size_t hl;
	int err;

	if (!colon || !colon[1] || colon == hp)
		return msgf(why, whylen, -EINVAL, "bad --syslog '%s': HOST:PORT", s->spec);
	hl = colon - hp;
	if (hp[0] == '[' && hl > 2 && hp[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl >= sizeof(host))
		return msgf(why, whylen, -EINVAL, "bad --syslog '%s': host too long", s->spec);
	memcpy(host, h, hl);
	host[hl] = 0;
	err = getaddrinfo(host, colon + 1, &hints, &ai);
	if (err)
		return msgf(why, whylen, -EINVAL, "can't resolve '%s': %s", s->spec,
			    gai_strerror(err));
	memcpy(&s->addr, ai->ai_addr, ai->ai_addrlen);
	s->alen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

static int parse_spec(struct syslog_out *s, const char *spec, char *why, size_t whylen)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&s->addr;
	const char *path = NULL;

	if (!strncmp(spec, "tcp://", 6)) {
		s->kind = SL_TCP;
		s->type = SOCK_STREAM;
		return resolve(s, spec + 6, why, whylen);
	}
	if (!strncmp(spec, "udp://", 6)) {
		s->kind = SL_UDP;
		s->type = SOCK_DGRAM;
		return resolve(s, spec + 6, why, whylen);
	}
	if (!strncmp(spec, "unix:", 5))
		path = spec + 5;
	else if (spec[0] == '/')
		path = spec;
	if (!path || !path[0] || strlen(path) >= sizeof(un->sun_path))
		return msgf(why, whylen, -EINVAL, "bad --syslog '%s': unix:PATH, tcp://HOST:PORT "
			    "or udp://HOST:PORT", spec);
	s->kind = SL_UNIX;
	s->type = SOCK_DGRAM;	/* a stream socket is found at connect */
	un->sun_family = AF_UNIX;
	strcpy(un->sun_path, path);
	s->alen = sizeof(*un);
	return 0;
}

int syslog_out__new(struct syslog_out **out, const char *spec, int facility, const char *host,
		    char *why, size_t whylen)
{
	struct syslog_out *s = xcalloc(1, sizeof(*s));
	size_t i;
	int err;

	s->spec = xstrdup(spec);
	s->fd = -1;
	s->facility = facility;
	s->pid = getpid();
	/* HOSTNAME is printable US-ASCII, 255 at most (RFC 5424 6.2.4) */
	snprintf(s->host, sizeof(s->host), "%s", host && host[0] ? host : "-");
	for (i = 0; s->host[i]; i++)
		if (s->host[i] < 33 || s->host[i] > 126)
			s->host[i] = '_';
	err = parse_spec(s, spec, why, whylen);
	if (err) {
		syslog_out__free(s);
		return err;
	}
	*out = s;
	return 0;
}

static size_t max_total(const struct syslog_out *s)
{
	return s->type == SOCK_DGRAM ? SYSLOG_DGRAM_MAX : SYSLOG_STREAM_MAX;
}

size_t syslog_out__max_msg(const struct syslog_out *s)
{
	/* PRI, version, a timestamp, host, "trail", pid, MSGID (32), "-", the spaces */
	return max_total(s) - (16 + 32 + strlen(s->host) + 6 + 11 + 32 + 2 + 8);
}

/* The header: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD */
static int header(const struct syslog_out *s, char *out, size_t outlen, int sev,
		  const char *msgid, uint64_t wall_ns)
{
	char id[33];
	struct tm tm;
	time_t sec;
	size_t i;

	if (!wall_ns) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		wall_ns = ts.tv_sec * 1000000000ull + ts.tv_nsec;
	}
	sec = wall_ns / 1000000000ull;
	gmtime_r(&sec, &tm);
	for (i = 0; msgid[i] && i < 32; i++)
		id[i] = msgid[i] > 32 && msgid[i] < 127 ? msgid[i] : '_';
	id[i] = 0;
	return snprintf(out, outlen, "<%d>1 %04d-%02d-%02dT%02d:%02d:%02d.%06uZ %s trail %d %s - ",
			s->facility * 8 + sev, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			tm.tm_hour, tm.tm_min, tm.tm_sec,
			(unsigned int)(wall_ns % 1000000000ull / 1000), s->host, s->pid,
			i ? id : "-");
}

static void enqueue(struct syslog_out *s, const char *frame, size_t flen, const char *hdr,
		    size_t hlen, const char *msg, size_t mlen, bool lf)
{
	size_t len = flen + hlen + mlen + lf;
	struct qmsg *q;

	if (s->qbytes + len > SYSLOG_QUEUE_BYTES) {
		s->st.dropped++;
		return;
	}
	q = xmalloc(sizeof(*q) + len);
	q->next = NULL;
	q->len = len;
	memcpy(q->data, frame, flen);
	memcpy(q->data + flen, hdr, hlen);
	memcpy(q->data + flen + hlen, msg, mlen);
	if (lf)
		q->data[len - 1] = '\n';
	LIST_APPEND(s->head, s->tail, q);
	s->qbytes += len;
	s->st.queued++;
}

void syslog_out__send(struct syslog_out *s, int severity, const char *msgid, uint64_t wall_ns,
		      const char *msg, size_t len)
{
	char hdr[512], frame[24] = "";
	int hlen = header(s, hdr, sizeof(hdr), severity, msgid, wall_ns), flen = 0;

	if (hlen < 0 || (size_t)hlen >= sizeof(hdr) || hlen + len > max_total(s)) {
		s->st.dropped++;	/* the caller was to make it fit */
		return;
	}
	if (s->kind == SL_TCP)
		flen = snprintf(frame, sizeof(frame), "%zu ", hlen + len);
	enqueue(s, frame, flen, hdr, hlen, msg, len, s->kind == SL_UNIX && s->type == SOCK_STREAM);
	if (s->qbytes > SYSLOG_QUEUE_BYTES / 4)
		syslog_out__pump(s);
}

static void pop(struct syslog_out *s)
{
	struct qmsg *q = s->head;

	s->head = q->next;
	if (!s->head)
		s->tail = NULL;
	s->qbytes -= q->len;
	s->st.queued--;
	s->off = 0;
	free(q);
}

static void down(struct syslog_out *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	s->state = SL_DOWN;
	s->off = 0;		/* a message cut by the break goes again whole */
	s->backoff_ns = s->backoff_ns ? s->backoff_ns * 2 : BACKOFF_MIN_NS;
	if (s->backoff_ns > BACKOFF_MAX_NS)
		s->backoff_ns = BACKOFF_MAX_NS;
	s->retry_ns = mono_ns() + s->backoff_ns;
}

static void up(struct syslog_out *s)
{
	s->state = SL_UP;
	s->backoff_ns = 0;
	if (s->was_up)
		s->st.reconnects++;
	s->was_up = true;
}

static void try_connect(struct syslog_out *s)
{
	if (mono_ns() < s->retry_ns)
		return;
	s->fd = socket(s->addr.ss_family, s->type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		down(s);
		return;
	}
	if (!connect(s->fd, (struct sockaddr *)&s->addr, s->alen)) {
		up(s);
	} else if (errno == EINPROGRESS) {
		s->state = SL_CONNECTING;
	} else if (errno == EPROTOTYPE && s->kind == SL_UNIX && s->type == SOCK_DGRAM) {
		close(s->fd);	/* a stream socket: one message per line */
		s->fd = -1;
		s->type = SOCK_STREAM;
		try_connect(s);
	} else {
		down(s);
	}
}

/* A stream is broken when the peer closed it (a receiver sends nothing). */
static bool stream_ok(struct syslog_out *s)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN | POLLRDHUP };
	char buf[256];

	if (poll(&p, 1, 0) <= 0)
		return true;
	if (p.revents & (POLLERR | POLLHUP | POLLRDHUP))
		return false;
	return recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT) > 0 || errno == EAGAIN;
}

static void connecting(struct syslog_out *s)
{
	struct pollfd p = { .fd = s->fd, .events = POLLOUT };
	int err = 0;
	socklen_t l = sizeof(err);

	if (poll(&p, 1, 0) <= 0)
		return;
	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &l) || err)
		down(s);
	else
		up(s);
}

/* Sends the queue's head: 1 when it went, 0 when the socket is full. */
static int send_head(struct syslog_out *s)
{
	struct qmsg *q = s->head;
	ssize_t n = send(s->fd, q->data + s->off, q->len - s->off, MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n >= 0) {
		s->off += n;
		if (s->off < q->len)
			return 0;
		s->st.sent++;
		pop(s);
		return 1;
	}
	if (errno == EAGAIN || errno == ENOBUFS || errno == EINTR)
		return 0;
	if (errno == EMSGSIZE) {	/* this message, never */
		s->st.dropped++;
		pop(s);
		return 1;
	}
	/* ECONNREFUSED on UDP reports an earlier datagram's ICMP: the
	 * message is tried again after the backoff, as for a lost stream */
	down(s);
	return 0;
}

void syslog_out__pump(struct syslog_out *s)
{
	if (s->state == SL_DOWN)
		try_connect(s);
	if (s->state == SL_CONNECTING)
		connecting(s);
	if (s->state != SL_UP)
		return;
	if (s->type == SOCK_STREAM && !stream_ok(s)) {
		down(s);
		return;
	}
	while (s->head && send_head(s))
		;
}

void syslog_out__finish(struct syslog_out *s, int timeout_ms)
{
	uint64_t end = mono_ns() + (uint64_t)timeout_ms * 1000000ull;

	for (;;) {
		syslog_out__pump(s);
		if (!s->head || mono_ns() >= end)
			break;
		if (s->state == SL_DOWN && s->retry_ns >= end)
			break;	/* no try left in the time */
		if (s->fd >= 0) {
			struct pollfd p = { .fd = s->fd, .events = POLLOUT };

			poll(&p, 1, 20);
		} else {
			usleep(20000);
		}
	}
	while (s->head) {
		s->st.dropped++;
		pop(s);
	}
}

void syslog_out__stats(const struct syslog_out *s, struct syslog_stats *st)
{
	*st = s->st;
}

const char *syslog_out__spec(const struct syslog_out *s)
{
	return s->spec;
}

void syslog_out__free(struct syslog_out *s)
{
	if (!s)
		return;
	while (s->head)
		pop(s);
	if (s->fd >= 0)
		close(s->fd);
	free(s->spec);
	free(s);
}
