// SPDX-License-Identifier: MIT
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "cli/watch_out.h"
#include "util/json.h"
#include "util/logfile.h"
#include "util/syslog_out.h"
#include "util/util.h"
#include "views/print.h"

/* Time given to the syslog queue at the end (a receiver that is down
 * gets one more try at most). */
#define FINISH_MS 3000

/* 128 random bits in hex: no two runs share one. */
static void session_id(char out[33])
{
	unsigned char b[16];
	size_t got = 0;
	int i;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n < 0 && errno != EINTR)
			break;
		got += n > 0 ? n : 0;
	}
	for (i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void boot_id(char *out, size_t len)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "re");

	out[0] = 0;
	if (f) {
		if (!fgets(out, len, f))
			out[0] = 0;
		fclose(f);
	}
	out[strcspn(out, "\n")] = 0;
}

/* ,"host":"h","session":"s","boot_id":"b"  (JSON, escaped) */
static char *ident_keys(const char *host)
{
	char sid[33], boot[64], *buf = NULL;
	size_t len = 0;
	FILE *f = xopen_memstream(&buf, &len);

	session_id(sid);
	boot_id(boot, sizeof(boot));
	fputs(",\"host\":", f);
	json_str(f, host, strlen(host));
	fprintf(f, ",\"session\":\"%s\"", sid);
	if (boot[0]) {
		fputs(",\"boot_id\":", f);
		json_str(f, boot, strlen(boot));
	}
	fclose(f);
	return buf;
}

static int open_syslog(struct watch_out *o, const char *host)
{
	int err = syslog_out__new(&o->sl, o->syslog, o->facility, host, o->why, sizeof(o->why));

	if (err) {
		trail_err("%s", o->why);
		return 2;
	}
	syslog_out__pump(o->sl);	/* connect now: the first events go at once */
	return 0;
}

int watch_out__open(struct watch_out *o)
{
	char host[256] = "";
	char *keys;
	size_t kl;

	if (gethostname(host, sizeof(host) - 1))
		strcpy(host, "");
	keys = ident_keys(host);
	kl = strlen(keys);
	/* tail: keys "}\n"; head: "{" keys without the leading comma "," */
	o->tail = xmalloc(kl + 3);
	memcpy(o->tail, keys, kl);
	memcpy(o->tail + kl, "}\n", 3);
	o->head = xmalloc(kl + 2);
	o->head[0] = '{';
	memcpy(o->head + 1, keys + 1, kl - 1);
	memcpy(o->head + kl, ",", 2);
	free(keys);
	if (o->path && logfile__open(&o->lf, o->path, &o->rot, o->why, sizeof(o->why))) {
		trail_err("%s", o->why);
		return 2;
	}
	return o->syslog ? open_syslog(o, host) : 0;
}

const char *watch_out__json(struct watch_out *o, const struct trail_event *ev, size_t *len)
{
	size_t n = 0, tl = strlen(o->tail);
	FILE *f;

	free(o->line);
	o->line = NULL;
	f = xopen_memstream(&o->line, &n);
	print_json(f, ev);
	fclose(f);
	/* the printer's "}\n" becomes the identity keys' */
	o->line = xrealloc(o->line, n - 2 + tl + 1);
	memcpy(o->line + n - 2, o->tail, tl + 1);
	o->line_len = *len = n - 2 + tl;
	return o->line;
}

/*
 * A line longer than syslog takes is sent as a smaller object that is still
 * JSON: the identity keys, the event, its pid, the length of the whole
 * line, and as much of the line as fits, as a string ("json").
 */
static void send_cut(struct watch_out *o, const struct trail_event *ev, int sev, size_t max)
{
	size_t keep = max, n = 0;
	char *buf = NULL;
	int tries;

	for (tries = 0; tries < 6; tries++) {
		FILE *f = xopen_memstream(&buf, &n);

		fprintf(f, "%s\"event\":\"%s\",\"pid\":%u,\"syslog_cut\":%zu,\"json\":", o->head,
			event_type_name(ev->type), ev->hdr->pid, o->line_len);
		json_str(f, o->line, keep < o->line_len ? keep : o->line_len);
		fputc('}', f);
		fclose(f);
		if (n <= max)
			break;
		/* escapes made it longer: cut more, in proportion */
		keep = n - max >= keep ? 0 : keep * max / n - 64 * (tries + 1);
		if ((ssize_t)keep < 0)
			keep = 0;
		free(buf);
		buf = NULL;
	}
	if (buf && n <= max)
		syslog_out__send(o->sl, sev, event_type_name(ev->type), ev->wall_ns, buf, n);
	free(buf);
}

static void to_syslog(struct watch_out *o, const struct trail_event *ev)
{
	int sev = ev->type == TE_lost ? SYSLOG_SEV_WARNING : SYSLOG_SEV_INFO;
	size_t max = syslog_out__max_msg(o->sl), len = o->line_len - 1;	/* no '\n' */

	if (len <= max)
		syslog_out__send(o->sl, sev, event_type_name(ev->type), ev->wall_ns, o->line, len);
	else
		send_cut(o, ev, sev, max);
}

int watch_out__event(struct watch_out *o, const struct trail_event *ev)
{
	if (o->lf && logfile__write(o->lf, o->line, o->line_len, o->why, sizeof(o->why))) {
		trail_err("%s", o->why);
		return -1;
	}
	if (o->sl)
		to_syslog(o, ev);
	return 0;
}

int watch_out__tick(struct watch_out *o)
{
	if (o->lf && logfile__tick(o->lf, o->why, sizeof(o->why))) {
		trail_err("%s", o->why);
		return -1;
	}
	if (o->sl)
		syslog_out__pump(o->sl);
	return 0;
}

int watch_out__hup(struct watch_out *o)
{
	if (o->lf && logfile__reopen(o->lf, o->why, sizeof(o->why))) {
		trail_err("%s", o->why);
		return -1;
	}
	return 0;
}

/* "trail: N events not delivered to syslog (M sent to SPEC)" */
static void syslog_report(struct watch_out *o)
{
	struct syslog_stats st;

	syslog_out__finish(o->sl, FINISH_MS);
	syslog_out__stats(o->sl, &st);
	fprintf(stderr, "trail: %llu events not delivered to syslog (%llu sent to %s",
		(unsigned long long)st.dropped, (unsigned long long)st.sent,
		syslog_out__spec(o->sl));
	if (st.reconnects)
		fprintf(stderr, ", %llu reconnections", (unsigned long long)st.reconnects);
	fputs(")\n", stderr);
}

int watch_out__close(struct watch_out *o)
{
	int ret = 0;

	if (o->sl)
		syslog_report(o);
	if (o->lf && trail_verbose && logfile__rotated(o->lf))
		fprintf(stderr, "trail: '%s' rolled over %lu times\n", o->path,
			logfile__rotated(o->lf));
	if (logfile__close(o->lf, o->why, sizeof(o->why))) {
		trail_err("%s", o->why);
		ret = 1;
	}
	o->lf = NULL;
	syslog_out__free(o->sl);
	o->sl = NULL;
	free(o->tail);
	free(o->head);
	free(o->line);
	o->tail = o->head = o->line = NULL;
	return ret;
}
