// SPDX-License-Identifier: MIT
/*
 * gen_trace: writes a synthetic recording of a large build, to measure the
 * readers without recording for minutes.  It goes through the real writer,
 * so the file is what trail record would write: a make that forks one
 * compiler per source; each compiler execs with its argv, stats and opens
 * headers from a shared pool (some missing), writes its object, exits.
 *
 *   gen_trace OUT EVENTS
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tracefile/tracefile.h"

#define HEADERS 2000
#define PER_CMD 100		/* events per compiler, about */

static struct tf_writer *w;
static uint64_t now = 1000000000ull, written;
static char buf[16384];

static void hdr(struct trail_ev_hdr *h, uint16_t kind, uint32_t pid, uint32_t size, const char *comm)
{
	memset(h, 0, sizeof(*h));
	h->kind = kind;
	h->size = size;
	h->ts = (now += 1500);
	h->pid = h->tid = pid;
	h->uid = h->gid = 1000;
	strncpy(h->comm, comm, sizeof(h->comm) - 1);
}

static void put(const void *rec, uint32_t size)
{
	int err = tf_writer__add(w, rec, size);

	if (err) {
		fprintf(stderr, "gen_trace: %s\n", strerror(-err));
		exit(1);
	}
	written++;
}

/* A file syscall record: args, then path and real strings. */
static void sys(uint32_t pid, const char *comm, uint16_t op, int64_t ret, const uint64_t *args,
		int nargs, const char *path, const char *real)
{
	struct trail_ev_sys *s = (void *)buf;
	size_t pl = path ? strlen(path) : 0, rl = real ? strlen(real) : 0;
	uint32_t size = sizeof(*s) + 8 * nargs + pl + rl;

	hdr(&s->hdr, TRAIL_EV_SYS, pid, size, comm);
	s->ret = ret;
	s->op = op;
	s->nargs = nargs;
	s->slen[0] = pl;
	s->slen[2] = rl;
	memcpy(buf + sizeof(*s), args, 8 * nargs);
	memcpy(buf + sizeof(*s) + 8 * nargs, path, pl);
	memcpy(buf + sizeof(*s) + 8 * nargs + pl, real, rl);
	put(buf, size);
}

int main(int argc, char **argv)
{
	struct tf_meta meta = {
		.mono_start_ns = now, .wall_start_ns = 1700000000ull * 1000000000ull,
		.trail_version = "gen", .kernel = "synthetic", .hostname = "gen", .cwd = "/src/proj",
		.argv = (char *[]){ "make", "-j8", NULL },
	};
	struct tf_stats st = { 0 };
	uint64_t target, cmd = 0;
	uint32_t make_pid = 1000;
	int fd, err;

	if (argc != 3 || (target = strtoull(argv[2], NULL, 10)) == 0) {
		fprintf(stderr, "usage: gen_trace OUT EVENTS\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || (err = tf_writer__new(&w, fd, &meta))) {
		fprintf(stderr, "gen_trace: can't write '%s'\n", argv[1]);
		return 1;
	}
	while (written < target) {
		uint32_t pid = 2000 + (uint32_t)(cmd % 4000000);
		char src[64], obj[64], path[128], real[128];
		struct trail_ev_fork f;
		struct trail_ev_exit x;
		struct trail_ev_exec *e = (void *)buf;
		uint64_t args[4];
		size_t n;
		int i;

		hdr(&f.hdr, TRAIL_EV_FORK, make_pid, sizeof(f), "make");
		f.ret = pid;
		f.clone_flags = 0x01200011;
		f.child_pid = f.child_tid = pid;
		f.op = TRAIL_SYS_clone;
		memset(f._pad, 0, sizeof(f._pad));
		put(&f, sizeof(f));

		snprintf(src, sizeof(src), "src/f%llu.c", (unsigned long long)cmd);
		snprintf(obj, sizeof(obj), "src/f%llu.o", (unsigned long long)cmd);
		memset(e, 0, sizeof(*e));
		n = sizeof(*e);
		e->filename_len = sprintf(buf + n, "/usr/bin/cc");
		n += e->filename_len;
		e->real_len = sprintf(buf + n, "/usr/bin/gcc-12");
		n += e->real_len;
		e->cwd_len = sprintf(buf + n, "/src/proj");
		n += e->cwd_len;
		e->argv_len = sprintf(buf + n, "cc%c-O2%c-Iinclude%c-c%c%s%c-o%c%s%c", 0, 0, 0, 0, src, 0, 0, obj, 0);
		e->argc = 7;
		n += e->argv_len;
		e->env_len = sprintf(buf + n, "PATH=/usr/bin%cHOME=/home/u%c", 0, 0);
		e->envc = 2;
		n += e->env_len;
		e->op = TRAIL_SYS_execve;
		e->dirfd = -100;
		e->old_tid = pid;
		hdr(&e->hdr, TRAIL_EV_EXEC, pid, n, "cc");
		put(buf, n);

		for (i = 0; i < PER_CMD / 3; i++) {
			unsigned h = (unsigned)((cmd * 31 + i * 7) % HEADERS);

			snprintf(path, sizeof(path), "include/d%u/h%u.h", h % 40, h);
			snprintf(real, sizeof(real), "/src/proj/include/d%u/h%u.h", h % 40, h);
			args[0] = (uint64_t)-100;
			args[1] = 0;
			args[2] = 02000000;	/* O_RDONLY|O_CLOEXEC */
			args[3] = 0;
			if (i % 10 == 9) {	/* looked for in the wrong directory */
				sys(pid, "cc", TRAIL_SYS_openat, -2, args, 4, path, NULL);
				continue;
			}
			sys(pid, "cc", TRAIL_SYS_openat, 3, args, 4, path, real);
			args[0] = 3;
			sys(pid, "cc", TRAIL_SYS_close, 0, args, 1, NULL, NULL);
			args[0] = 3;
			sys(pid, "cc", TRAIL_SYS_fstat, 0, args, 2, NULL, real);
		}
		args[0] = (uint64_t)-100;
		args[1] = 0;
		args[2] = 01101;	/* O_WRONLY|O_CREAT|O_TRUNC */
		args[3] = 0644;
		snprintf(real, sizeof(real), "/src/proj/%s", obj);
		sys(pid, "cc", TRAIL_SYS_openat, 3, args, 4, obj, real);
		args[0] = 3;
		sys(pid, "cc", TRAIL_SYS_write, 0, args, 1, NULL, real);	/* first write */
		sys(pid, "cc", TRAIL_SYS_close, 0, args, 1, NULL, NULL);

		hdr(&x.hdr, TRAIL_EV_EXIT, pid, sizeof(x), "cc");
		x.hdr.flags = TRAIL_F_GROUP_DEAD;
		x.status = 0;
		x._pad = 0;
		put(&x, sizeof(x));
		cmd++;
	}
	st.end_mono_ns = now;
	st.exit_status = 0;
	err = tf_writer__finish(w, &st);
	tf_writer__free(w);
	close(fd);
	if (err) {
		fprintf(stderr, "gen_trace: %s\n", strerror(-err));
		return 1;
	}
	fprintf(stderr, "gen_trace: %llu events, %llu commands\n", (unsigned long long)written,
		(unsigned long long)cmd);
	return 0;
}
