/* check.c: proves the context-struct tables of shared/bpf_ctx.c against the
 * real structs of the build host's <linux/bpf.h>. For every program type it
 * expects the struct's fields (offset and element width from offsetof and
 * sizeof) minus those the kernel never lets that type read, and the set of
 * fields it may store, restated here from the kernel's *_is_valid_access
 * rules. Built and run by tests/ctx-fields.bats; prints each mismatch and
 * exits 1 on any. x86-64 only for the pt_regs layouts. */
#include "bpf.h"
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef __x86_64__
#error "the pt_regs rows describe x86-64; run this check on an x86-64 host"
#endif

/* Tracepoint records have no uapi struct; every one starts with the
 * kernel's struct trace_entry (the common_* lines of each format file). */
struct tracepoint_args {
	unsigned short common_type;
	unsigned char common_flags;
	unsigned char common_preempt_count;
	int common_pid;
};

typedef struct {
	const char *st;         /* ctx struct name, as ProgTypeInfo spells it */
	const char *cname;      /* C field name */
	size_t off, width, count;
} Real;

#define M(s, f) (((struct s *)0)->f)
#define F(s, f) {#s, #f, offsetof(struct s, f), sizeof M(s, f), 0}
#define A(s, f) {#s, #f, offsetof(struct s, f), sizeof M(s, f)[0], \
		 sizeof M(s, f) / sizeof M(s, f)[0]}
#define R(f)    {"pt_regs", #f, offsetof(struct pt_regs, f), sizeof M(pt_regs, f), 0}
#define P(f)    {"bpf_perf_event_data", #f, offsetof(struct bpf_perf_event_data, regs.f), \
		 sizeof M(bpf_perf_event_data, regs.f), 0}
#define REGS(X) X(r15), X(r14), X(r13), X(r12), X(rbp), X(rbx), X(r11), X(r10), \
	X(r9), X(r8), X(rax), X(rcx), X(rdx), X(rsi), X(rdi), X(orig_rax), \
	X(rip), X(cs), X(eflags), X(rsp), X(ss)

static const Real real[] = {
	F(xdp_md, data), F(xdp_md, data_end), F(xdp_md, data_meta),
	F(xdp_md, ingress_ifindex), F(xdp_md, rx_queue_index),
	F(xdp_md, egress_ifindex),

	F(__sk_buff, len), F(__sk_buff, pkt_type), F(__sk_buff, mark),
	F(__sk_buff, queue_mapping), F(__sk_buff, protocol),
	F(__sk_buff, vlan_present), F(__sk_buff, vlan_tci),
	F(__sk_buff, vlan_proto), F(__sk_buff, priority),
	F(__sk_buff, ingress_ifindex), F(__sk_buff, ifindex),
	F(__sk_buff, tc_index), A(__sk_buff, cb), F(__sk_buff, hash),
	F(__sk_buff, tc_classid), F(__sk_buff, data), F(__sk_buff, data_end),
	F(__sk_buff, napi_id), F(__sk_buff, family), F(__sk_buff, remote_ip4),
	F(__sk_buff, local_ip4), A(__sk_buff, remote_ip6),
	A(__sk_buff, local_ip6), F(__sk_buff, remote_port),
	F(__sk_buff, local_port), F(__sk_buff, data_meta),
	F(__sk_buff, flow_keys), F(__sk_buff, tstamp), F(__sk_buff, wire_len),
	F(__sk_buff, gso_segs), F(__sk_buff, sk), F(__sk_buff, gso_size),
	F(__sk_buff, tstamp_type), F(__sk_buff, hwtstamp),

	F(bpf_sock, bound_dev_if), F(bpf_sock, family), F(bpf_sock, type),
	F(bpf_sock, protocol), F(bpf_sock, mark), F(bpf_sock, priority),
	F(bpf_sock, src_ip4), A(bpf_sock, src_ip6), F(bpf_sock, src_port),
	F(bpf_sock, dst_port), F(bpf_sock, dst_ip4), A(bpf_sock, dst_ip6),
	F(bpf_sock, state), F(bpf_sock, rx_queue_mapping),

	F(bpf_sock_addr, user_family), F(bpf_sock_addr, user_ip4),
	A(bpf_sock_addr, user_ip6), F(bpf_sock_addr, user_port),
	F(bpf_sock_addr, family), F(bpf_sock_addr, type),
	F(bpf_sock_addr, protocol), F(bpf_sock_addr, msg_src_ip4),
	A(bpf_sock_addr, msg_src_ip6), F(bpf_sock_addr, sk),

	F(bpf_sock_ops, op), A(bpf_sock_ops, args), F(bpf_sock_ops, reply),
	A(bpf_sock_ops, replylong), F(bpf_sock_ops, family),
	F(bpf_sock_ops, remote_ip4), F(bpf_sock_ops, local_ip4),
	A(bpf_sock_ops, remote_ip6), A(bpf_sock_ops, local_ip6),
	F(bpf_sock_ops, remote_port), F(bpf_sock_ops, local_port),
	F(bpf_sock_ops, is_fullsock), F(bpf_sock_ops, snd_cwnd),
	F(bpf_sock_ops, srtt_us), F(bpf_sock_ops, bpf_sock_ops_cb_flags),
	F(bpf_sock_ops, state), F(bpf_sock_ops, rtt_min),
	F(bpf_sock_ops, snd_ssthresh), F(bpf_sock_ops, rcv_nxt),
	F(bpf_sock_ops, snd_nxt), F(bpf_sock_ops, snd_una),
	F(bpf_sock_ops, mss_cache), F(bpf_sock_ops, ecn_flags),
	F(bpf_sock_ops, rate_delivered), F(bpf_sock_ops, rate_interval_us),
	F(bpf_sock_ops, packets_out), F(bpf_sock_ops, retrans_out),
	F(bpf_sock_ops, total_retrans), F(bpf_sock_ops, segs_in),
	F(bpf_sock_ops, data_segs_in), F(bpf_sock_ops, segs_out),
	F(bpf_sock_ops, data_segs_out), F(bpf_sock_ops, lost_out),
	F(bpf_sock_ops, sacked_out), F(bpf_sock_ops, sk_txhash),
	F(bpf_sock_ops, bytes_received), F(bpf_sock_ops, bytes_acked),
	F(bpf_sock_ops, sk), F(bpf_sock_ops, skb_data),
	F(bpf_sock_ops, skb_data_end), F(bpf_sock_ops, skb_len),
	F(bpf_sock_ops, skb_tcp_flags),

	REGS(R),
	REGS(P), F(bpf_perf_event_data, sample_period),
	F(bpf_perf_event_data, addr),

	/* args[] is a flexible array; 12 is the kernel's most (bpf_trace_run12) */
	{"bpf_raw_tracepoint_args", "args", offsetof(struct bpf_raw_tracepoint_args, args),
	 sizeof M(bpf_raw_tracepoint_args, args)[0], 12},

	F(tracepoint_args, common_type), F(tracepoint_args, common_flags),
	F(tracepoint_args, common_preempt_count), F(tracepoint_args, common_pid),

	F(sk_msg_md, data), F(sk_msg_md, data_end), F(sk_msg_md, family),
	F(sk_msg_md, remote_ip4), F(sk_msg_md, local_ip4),
	A(sk_msg_md, remote_ip6), A(sk_msg_md, local_ip6),
	F(sk_msg_md, remote_port), F(sk_msg_md, local_port),
	F(sk_msg_md, size), F(sk_msg_md, sk),

	F(sk_reuseport_md, data), F(sk_reuseport_md, data_end),
	F(sk_reuseport_md, len), F(sk_reuseport_md, eth_protocol),
	F(sk_reuseport_md, ip_protocol), F(sk_reuseport_md, bind_inany),
	F(sk_reuseport_md, hash), F(sk_reuseport_md, sk),
	F(sk_reuseport_md, migrating_sk),

	F(bpf_sk_lookup, sk), F(bpf_sk_lookup, family), F(bpf_sk_lookup, protocol),
	F(bpf_sk_lookup, remote_ip4), A(bpf_sk_lookup, remote_ip6),
	F(bpf_sk_lookup, remote_port), F(bpf_sk_lookup, local_ip4),
	A(bpf_sk_lookup, local_ip6), F(bpf_sk_lookup, local_port),
	F(bpf_sk_lookup, ingress_ifindex),

	F(bpf_cgroup_dev_ctx, access_type), F(bpf_cgroup_dev_ctx, major),
	F(bpf_cgroup_dev_ctx, minor),

	F(bpf_sysctl, write), F(bpf_sysctl, file_pos),

	F(bpf_sockopt, sk), F(bpf_sockopt, optval), F(bpf_sockopt, optval_end),
	F(bpf_sockopt, level), F(bpf_sockopt, optname), F(bpf_sockopt, optlen),
	F(bpf_sockopt, retval),
};
enum { NREAL = sizeof real / sizeof *real };

/* Size and alignment of each struct: the listed fields must reach its end,
 * so a field the header adds at the end is not missed. */
#define S(s) {#s, sizeof(struct s), _Alignof(struct s)}
static const struct { const char *st; size_t size, align; } sizes[] = {
	S(xdp_md), S(__sk_buff), S(bpf_sock), S(bpf_sock_addr), S(bpf_sock_ops),
	S(pt_regs), S(bpf_perf_event_data), S(tracepoint_args), S(sk_msg_md),
	S(sk_reuseport_md), S(bpf_sk_lookup), S(bpf_cgroup_dev_ctx),
	S(bpf_sysctl), S(bpf_sockopt),
};

/* Per program type: its struct, the fields it may not read ("-" marks an
 * allow-list instead: only these), and the fields it may store. Lisp names,
 * space-separated. */
#define SKB_SOCK_FIELDS "family remote-ip4 local-ip4 remote-ip6 local-ip6 remote-port local-port"
static const struct {
	const char *kw, *st, *hidden, *writable;
} types[] = {
	{"xdp", "xdp_md", "", ""},
	{"socket-filter", "__sk_buff",
	 "tc-classid data data-end data-meta " SKB_SOCK_FIELDS
	 " flow-keys tstamp wire-len tstamp-type hwtstamp", "cb"},
	{"tc", "__sk_buff", SKB_SOCK_FIELDS " flow-keys",
	 "mark tc-index priority tc-classid cb tstamp queue-mapping"},
	{"sched-act", "__sk_buff", SKB_SOCK_FIELDS " flow-keys",
	 "mark tc-index priority tc-classid cb tstamp queue-mapping"},
	{"cgroup-skb", "__sk_buff", "tc-classid data-meta wire-len flow-keys tstamp-type",
	 "mark priority cb tstamp"},
	{"lwt-in", "__sk_buff", "tc-classid " SKB_SOCK_FIELDS
	 " data-meta tstamp wire-len hwtstamp flow-keys tstamp-type", "mark priority cb"},
	{"lwt-out", "__sk_buff", "tc-classid " SKB_SOCK_FIELDS
	 " data-meta tstamp wire-len hwtstamp flow-keys tstamp-type", "mark priority cb"},
	{"lwt-xmit", "__sk_buff", "tc-classid " SKB_SOCK_FIELDS
	 " data-meta tstamp wire-len hwtstamp flow-keys tstamp-type", "mark priority cb"},
	{"lwt-seg6local", "__sk_buff", "tc-classid " SKB_SOCK_FIELDS
	 " data-meta tstamp wire-len hwtstamp flow-keys tstamp-type", "mark priority cb"},
	{"sk-skb", "__sk_buff",
	 "tc-classid data-meta tstamp wire-len hwtstamp mark flow-keys tstamp-type",
	 "tc-index priority"},
	{"flow-dissector", "__sk_buff", "- data data-end flow-keys", ""},
	{"cgroup-sock", "bpf_sock", "", "bound-dev-if mark priority"},
	{"cgroup-sock-addr", "bpf_sock_addr", "",
	 "user-ip4 user-ip6 user-port msg-src-ip4 msg-src-ip6"},
	{"sock-ops", "bpf_sock_ops", "", "reply sk-txhash"},
	{"kprobe", "pt_regs", "", ""},
	{"perf-event", "bpf_perf_event_data", "", ""},
	{"raw-tracepoint", "bpf_raw_tracepoint_args", "", ""},
	{"tracepoint", "tracepoint_args", "", ""},
	{"sk-msg", "sk_msg_md", "", ""},
	{"sk-reuseport", "sk_reuseport_md", "", ""},
	{"sk-lookup", "bpf_sk_lookup", "", ""},
	{"cgroup-device", "bpf_cgroup_dev_ctx", "", ""},
	{"cgroup-sysctl", "bpf_sysctl", "", "file-pos"},
	{"cgroup-sockopt", "bpf_sockopt", "", "level optname optlen retval"},
};
enum { NTYPES = sizeof types / sizeof *types };

static int failures;

static void fail(const char *fmt, const char *a, const char *b, const char *c)
{
	printf(fmt, a, b, c);
	putchar('\n');
	failures++;
}

static void lisp_name(char *out, size_t n, const char *cname)
{
	snprintf(out, n, "%s", cname);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = '-';
}

/* Whether word w is in the space-separated list. */
static int in_list(const char *list, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = list; (p = strstr(p, w)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
			return 1;
	return 0;
}

static void check_type(int t, int *nfields)
{
	const char *kw = types[t].kw, *hidden = types[t].hidden;
	int allow_only = hidden[0] == '-';
	const ProgTypeInfo *pt = prog_type_by_keyword(kw);
	if (!pt) {
		fail("%s: no such program type%s%s", kw, "", "");
		return;
	}
	if (strcmp(pt->ctx_struct, types[t].st))
		fail("%s: ctx_struct is %s, expected %s", kw, pt->ctx_struct, types[t].st);
	int n;
	const CtxField *got = ctx_fields(pt, &n);
	int want = 0;
	for (int i = 0; i < NREAL; i++) {
		const Real *r = &real[i];
		if (strcmp(r->st, types[t].st))
			continue;
		char name[64], buf[160];
		lisp_name(name, sizeof name, r->cname);
		if (in_list(hidden, name) != allow_only) {
			if (ctx_field_lookup(pt, name))
				fail("%s: %s is listed, but the kernel refuses to let "
				     "this type read it%s", kw, name, "");
			continue;
		}
		want++;
		const CtxField *f = ctx_field_lookup(pt, name);
		if (!f) {
			fail("%s: field %s (struct %s) is missing", kw, name, r->st);
			continue;
		}
		if ((size_t)f->offset != r->off || (size_t)f->width != r->width ||
		    (size_t)f->count != r->count) {
			snprintf(buf, sizeof buf,
				 "offset %d width %d count %d, struct has %zu %zu %zu",
				 f->offset, f->width, f->count, r->off, r->width, r->count);
			fail("%s: %s: %s", kw, name, buf);
		}
		if (f->writable != in_list(types[t].writable, name))
			fail("%s: %s: writable should be %s", kw, name,
			     f->writable ? "0" : "1");
	}
	if (n != want) {
		char buf[64];
		snprintf(buf, sizeof buf, "%d fields, expected %d", n, want);
		fail("%s: %s%s", kw, buf, "");
		for (int i = 0; i < n; i++) {
			int known = 0;
			for (int j = 0; j < NREAL; j++) {
				char name[64];
				lisp_name(name, sizeof name, real[j].cname);
				known |= !strcmp(real[j].st, types[t].st) &&
					 !strcmp(name, got[i].name);
			}
			if (!known)
				fail("%s: %s is not a field of struct %s", kw,
				     got[i].name, types[t].st);
		}
	}
	*nfields += n;
}

/* The listed fields reach the end of each struct (up to its alignment). */
static void check_sizes(void)
{
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		size_t end = 0;
		for (int i = 0; i < NREAL; i++)
			if (!strcmp(real[i].st, sizes[s].st)) {
				size_t e = real[i].off + real[i].width *
					   (real[i].count ? real[i].count : 1);
				end = e > end ? e : end;
			}
		size_t a = sizes[s].align;
		if ((end + a - 1) / a * a != sizes[s].size) {
			char buf[64];
			snprintf(buf, sizeof buf, "%zu bytes, fields end at %zu",
				 sizes[s].size, end);
			fail("struct %s is %s: a field is missing%s", sizes[s].st, buf, "");
		}
	}
}

/* Every program type the tables know is one this check covers. */
static void check_coverage(void)
{
	for (int id = 0; id < 64; id++) {
		const ProgTypeInfo *pt = prog_type_by_id(id);
		if (!pt)
			continue;
		int seen = 0;
		for (int t = 0; t < NTYPES; t++)
			seen |= !strcmp(types[t].kw, pt->keyword);
		if (!seen)
			fail("program type %s is not covered by this check%s%s",
			     pt->keyword, "", "");
	}
}

static void check_pt_regs_args(void)
{
	static const struct { const char *arch; int n; long want; } cases[] = {
		{"x86_64", 0, offsetof(struct pt_regs, rax)},
		{"x86_64", 1, offsetof(struct pt_regs, rdi)},
		{"x86_64", 2, offsetof(struct pt_regs, rsi)},
		{"x86_64", 3, offsetof(struct pt_regs, rdx)},
		{"x86_64", 4, offsetof(struct pt_regs, rcx)},
		{"x86_64", 5, offsetof(struct pt_regs, r8)},
		{"x86_64", 6, offsetof(struct pt_regs, r9)},
		/* arm64 struct pt_regs starts with u64 regs[31]; x0 holds
		 * both the first argument and the return value */
		{"aarch64", 0, 0}, {"aarch64", 1, 0}, {"aarch64", 2, 8},
		{"aarch64", 3, 16}, {"aarch64", 4, 24}, {"aarch64", 5, 32},
		{"aarch64", 6, 40},
		{"x86_64", 7, -1}, {"x86_64", -1, -1}, {"riscv64", 1, -1},
		{"i386", 0, -1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int got = pt_regs_arg_offset(cases[i].arch, cases[i].n);
		if (got != cases[i].want) {
			char buf[80];
			snprintf(buf, sizeof buf, "%d: got %d, want %ld",
				 cases[i].n, got, cases[i].want);
			fail("pt_regs_arg_offset(%s, %s)%s", cases[i].arch, buf, "");
		}
	}
}

int main(void)
{
	int nfields = 0;
	for (int t = 0; t < NTYPES; t++)
		check_type(t, &nfields);
	check_sizes();
	check_coverage();
	check_pt_regs_args();
	if (failures) {
		printf("%d mismatches\n", failures);
		return 1;
	}
	printf("ok: %d program types, %d fields, %zu structs\n", (int)NTYPES,
	       nfields, sizeof sizes / sizeof *sizes);
	return 0;
}
