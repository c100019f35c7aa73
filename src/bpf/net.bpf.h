/* SPDX-License-Identifier: MIT */
/*
 * Addresses of sockets, as the kernel holds them (the local end of a
 * connect, the peer of an accept) and as a syscall passes them (connect,
 * bind, sendto's struct sockaddr, sendmsg's struct msghdr), the sends
 * already recorded, and the descriptor behind setns.  Written in the
 * kernel's own struct sockaddr_* layout so that userspace decodes one
 * format, whichever side the address came from.
 */
#ifndef TRAIL_NET_BPF_H
#define TRAIL_NET_BPF_H

#define AF_UNIX_  1
#define AF_INET_  2
#define AF_INET6_ 10
#define S_IFSOCK_ 0140000
#ifndef S_IFMT_
#define S_IFMT_ 0170000
#endif
#define NSFS_MAGIC_  0x6e736673
#define PIDFS_MAGIC_ 0x50494446

/* sendto/sendmsg destinations already recorded, per process: a UDP
 * client's every datagram costs a lookup, not a record. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct send_key);
	__type(value, __u8);
} sent SEC(".maps");

static __always_inline struct sock *sock_of(struct file *f)
{
	struct socket *so;

	if (!f || (BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT_) != S_IFSOCK_)
		return NULL;
	so = BPF_CORE_READ(f, private_data);
	return so ? BPF_CORE_READ(so, sk) : NULL;
}

/*
 * --follow-peers: after a connect to a unix socket, the process that
 * listens on it (the kernel keeps its pid with the socket: SO_PEERCRED)
 * joins the traced set as a peer, before the connect returns and the
 * server can read the request.  A peer followed already is said again:
 * it now works for this connection.  Returns the peer's tgid, or 0 when it
 * is the job's own or not to be followed.
 */
static __noinline __u32 follow_peer(struct sock *sk)
{
	__u32 tgid, what = TRAIL_TRACED_PEER, *was;
	struct pid *p;

	if (cfg_target != TRAIL_TARGET_TREE || !sk ||
	    BPF_CORE_READ(sk, __sk_common.skc_family) != AF_UNIX_)
		return 0;
	p = BPF_CORE_READ(sk, sk_peer_pid);
	tgid = p ? BPF_CORE_READ(p, numbers[0].nr) : 0;
	if (!tgid || tgid == cfg_self_tgid)
		return 0;
	was = bpf_map_lookup_elem(&traced, &tgid);
	if (was ? *was != TRAIL_TRACED_PEER : bpf_map_update_elem(&traced, &tgid, &what, BPF_NOEXIST))
		return 0;
	struct trail_ev_peer ev = { .peer_pid = tgid };

	fill_hdr(&ev.hdr, TRAIL_EV_PEER);
	ev.hdr.size = sizeof(ev);
	emit_fixed(&ev, sizeof(ev), TRAIL_EV_PEER);
	return tgid;
}

/* The bound name of a unix socket into dst; its length, 0 if unnamed. */
static __always_inline __u32 unix_name(struct sock *sk, char *dst)
{
	struct unix_address *ua;
	__u32 len;

	if (!sk)
		return 0;
	ua = BPF_CORE_READ((struct unix_sock *)sk, addr);
	if (!ua)
		return 0;
	len = BPF_CORE_READ(ua, len);
	if (len > TRAIL_ADDR_MAX)
		len = TRAIL_ADDR_MAX;
	len &= 127;		/* the verifier wants the bound on this register */
	bpf_probe_read_kernel(dst, len, ua->name);
	return len;
}

/* The local (peer false) or remote address of sk, as a sockaddr in dst
 * (TRAIL_ADDR_MAX bytes); returns its length, 0 for none. */
static __noinline __u32 sock_addr(struct sock *sk, bool peer, char *dst)
{
	__u16 family;

	if (!sk || !dst)
		return 0;
	family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (family == AF_INET_) {
		struct sockaddr_in a;

		/* not an initializer: clang 14 may leave its constant in a
		 * section of its own (.rodata.cst16), which libbpf would make a
		 * map of */
		__builtin_memset(&a, 0, sizeof(a));
		a.sin_family = AF_INET_;

		if (peer) {
			a.sin_port = BPF_CORE_READ(sk, __sk_common.skc_dport);
			a.sin_addr.s_addr = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		} else {
			a.sin_port = bpf_htons(BPF_CORE_READ(sk, __sk_common.skc_num));
			a.sin_addr.s_addr = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		}
		__builtin_memcpy(dst, &a, sizeof(a));
		return sizeof(a);
	}
	if (family == AF_INET6_) {
		struct sockaddr_in6 a;

		__builtin_memset(&a, 0, sizeof(a));
		a.sin6_family = AF_INET6_;

		if (peer) {
			a.sin6_port = BPF_CORE_READ(sk, __sk_common.skc_dport);
			a.sin6_addr = BPF_CORE_READ(sk, __sk_common.skc_v6_daddr);
		} else {
			a.sin6_port = bpf_htons(BPF_CORE_READ(sk, __sk_common.skc_num));
			a.sin6_addr = BPF_CORE_READ(sk, __sk_common.skc_v6_rcv_saddr);
		}
		__builtin_memcpy(dst, &a, sizeof(a));
		return sizeof(a);
	}
	if (family == AF_UNIX_) {
		__u32 n;

		if (peer)
			sk = BPF_CORE_READ((struct unix_sock *)sk, peer);
		n = unix_name(sk, dst);
		if (!n) {		/* unnamed: the family alone */
			dst[0] = AF_UNIX_;
			dst[1] = 0;
			n = 2;
		}
		return n;
	}
	return 0;
}

/* setns's fd: the namespace type and inode it names, or for a pidfd 0
 * and the pid (in the initial pid namespace). */
static __always_inline void ns_of_fd(int fd, __u64 *type, __u64 *ino)
{
	struct file *f = fd_file(fd);
	struct inode *inode;
	unsigned long magic;

	*type = 0;
	*ino = 0;
	if (!f)
		return;
	inode = BPF_CORE_READ(f, f_inode);
	magic = BPF_CORE_READ(inode, i_sb, s_magic);
	if (magic == NSFS_MAGIC_) {
		struct ns_common *ns = BPF_CORE_READ(inode, i_private);

		*type = ns_type_of(ns);
		*ino = BPF_CORE_READ(ns, inum);
	} else if (magic == PIDFS_MAGIC_) {
		struct pid *p = BPF_CORE_READ(f, private_data);

		*ino = BPF_CORE_READ(p, numbers[0].nr);
	}
}

/* Has this process sent to the address in key before?  Marks it sent. */
static __always_inline bool sent_before(struct send_key *key)
{
	__u8 one = 1;

	if (bpf_map_lookup_elem(&sent, key))
		return true;
	bpf_map_update_elem(&sent, key, &one, BPF_ANY);
	return false;
}

/* A send (sendto, sendmsg), its destination read into slot 0: recorded
 * only with an address, and once per process and address.  Is this the
 * first? */
static __always_inline bool send_first(struct scratch *sc)
{
	__u32 n = sc->sys.slen[0];

	if (!n || n > TRAIL_ADDR_MAX)
		return false;
	__builtin_memset(&sc->send, 0, sizeof(sc->send));
	sc->send.tgid = bpf_get_current_pid_tgid() >> 32;
	sc->send.len = n;
	bpf_probe_read_kernel(sc->send.addr, n, sc->str[0]);
	return !sent_before(&sc->send);
}

/* Slot 2 of the scratch area, where an address the kernel holds goes. */
static __always_inline char *addr_slot(void)
{
	__u32 zero = 0;
	struct scratch *sc = bpf_map_lookup_elem(&scratch, &zero);

	return sc ? sc->str[2] : NULL;
}

/* A struct sockaddr from user memory into a slot: its length, 0 if none.
 * Read at exit, where the kernel has just copied it in. */
static __always_inline __u32 read_user_addr(char *slot, __u64 uptr, __u64 len, __u16 *flags)
{
	if (!uptr || !len)
		return 0;
	if (len > TRAIL_ADDR_MAX)
		len = TRAIL_ADDR_MAX;
	if (bpf_probe_read_user(slot, len, (void *)uptr)) {
		*flags |= TRAIL_F_FAULT;
		count_drop(TRAIL_DROP_STRING, TRAIL_EV_SYS);
		return 0;
	}
	return len;
}

/* A struct msghdr's destination (sendmsg): as read_user_addr. */
static __always_inline __u32 read_msg_addr(char *slot, __u64 umsg, __u16 *flags)
{
	struct { __u64 name; __u32 namelen; } m = {};

	if (!umsg || bpf_probe_read_user(&m, sizeof(m), (void *)umsg))
		return 0;
	return read_user_addr(slot, m.name, m.namelen, flags);
}

#endif
