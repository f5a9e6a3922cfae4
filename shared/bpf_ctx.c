/* bpf_ctx.c: the context structs programs receive (xdp_md, __sk_buff,
 * bpf_sock_addr, pt_regs ...): each field's Lisp name, offset, width and
 * whether the kernel lets a given program type read and store it, plus the
 * pt_regs slots of probed-function arguments per architecture.
 * Layouts are those of the uapi <linux/bpf.h>; tests/ctx-fields checks every
 * row against the real structs. Read and write rules follow the kernel's
 * *_is_valid_access functions (net/core/filter.c, kernel/bpf/cgroup.c,
 * kernel/trace/bpf_trace.c). */
#include "bpf.h"
#include <linux/bpf.h>
#include <string.h>

/* Who may read or store a field, as a mask of program families. Only
 * __sk_buff is shared by families with different rules; a struct with one
 * user says ANY or NONE. */
enum {
	FS = 1 << 0,    /* socket-filter */
	FT = 1 << 1,    /* tc (sched_cls), sched-act */
	FC = 1 << 2,    /* cgroup-skb */
	FL = 1 << 3,    /* lwt-in, lwt-out, lwt-xmit, lwt-seg6local */
	FK = 1 << 4,    /* sk-skb */
	FF = 1 << 5,    /* flow-dissector */
	SKB = FS | FT | FC | FL | FK,   /* every __sk_buff user but flow-dissector */
	ANY = 0xff,
	NONE = 0,
};

typedef struct {
	const char *name;
	int offset, width, count;
	unsigned read, write;   /* families allowed to load / store it */
} Row;

#define ROWS(a) (a), (int)(sizeof(a) / sizeof *(a))

/* struct xdp_md: all __u32; egress-ifindex is readable only by devmap
 * programs. Nothing is writable (the kernel allows rx_queue_index only for
 * offloaded programs). */
static const Row xdp_md[] = {
	{"data",            0, 4, 0, ANY, NONE},
	{"data-end",        4, 4, 0, ANY, NONE},
	{"data-meta",       8, 4, 0, ANY, NONE},
	{"ingress-ifindex", 12, 4, 0, ANY, NONE},
	{"rx-queue-index",  16, 4, 0, ANY, NONE},
	{"egress-ifindex",  20, 4, 0, ANY, NONE},
};

/* struct __sk_buff. data/data-end/data-meta are __u32 here (the kernel
 * rewrites the load); flow-keys and sk are 8-byte __bpf_md_ptr slots. */
static const Row sk_buff[] = {
	{"len",             0, 4, 0, SKB, NONE},
	{"pkt-type",        4, 4, 0, SKB, NONE},
	{"mark",            8, 4, 0, SKB & ~FK, FT | FC | FL},
	{"queue-mapping",   12, 4, 0, SKB, FT},
	{"protocol",        16, 4, 0, SKB, NONE},
	{"vlan-present",    20, 4, 0, SKB, NONE},
	{"vlan-tci",        24, 4, 0, SKB, NONE},
	{"vlan-proto",      28, 4, 0, SKB, NONE},
	{"priority",        32, 4, 0, SKB, FT | FC | FL | FK},
	{"ingress-ifindex", 36, 4, 0, SKB, NONE},
	{"ifindex",         40, 4, 0, SKB, NONE},
	{"tc-index",        44, 4, 0, SKB, FT | FK},
	{"cb",              48, 4, 5, SKB, FS | FT | FC | FL},
	{"hash",            68, 4, 0, SKB, NONE},
	{"tc-classid",      72, 4, 0, FT, FT},
	{"data",            76, 4, 0, FT | FC | FL | FK | FF, NONE},
	{"data-end",        80, 4, 0, FT | FC | FL | FK | FF, NONE},
	{"napi-id",         84, 4, 0, SKB, NONE},
	{"family",          88, 4, 0, FC | FK, NONE},
	{"remote-ip4",      92, 4, 0, FC | FK, NONE},
	{"local-ip4",       96, 4, 0, FC | FK, NONE},
	{"remote-ip6",      100, 4, 4, FC | FK, NONE},
	{"local-ip6",       116, 4, 4, FC | FK, NONE},
	{"remote-port",     132, 4, 0, FC | FK, NONE},
	{"local-port",      136, 4, 0, FC | FK, NONE},
	{"data-meta",       140, 4, 0, FT, NONE},
	{"flow-keys",       144, 8, 0, FF, NONE},
	{"tstamp",          152, 8, 0, FT | FC, FT | FC},
	{"wire-len",        160, 4, 0, FT, NONE},
	{"gso-segs",        164, 4, 0, SKB, NONE},
	{"sk",              168, 8, 0, SKB, NONE},
	{"gso-size",        176, 4, 0, SKB, NONE},
	{"tstamp-type",     180, 1, 0, FT, NONE},
	{"hwtstamp",        184, 8, 0, FT | FC, NONE},
};

/* struct bpf_sock, as cgroup-sock programs see it. bound-dev-if, mark and
 * priority may be stored from sock_create/sock_release; src-ip4, src-ip6
 * and src-port are readable only from post_bind4/6. */
static const Row bpf_sock[] = {
	{"bound-dev-if",     0, 4, 0, ANY, ANY},
	{"family",           4, 4, 0, ANY, NONE},
	{"type",             8, 4, 0, ANY, NONE},
	{"protocol",         12, 4, 0, ANY, NONE},
	{"mark",             16, 4, 0, ANY, ANY},
	{"priority",         20, 4, 0, ANY, ANY},
	{"src-ip4",          24, 4, 0, ANY, NONE},
	{"src-ip6",          28, 4, 4, ANY, NONE},
	{"src-port",         44, 4, 0, ANY, NONE},
	{"dst-port",         48, 2, 0, ANY, NONE},
	{"dst-ip4",          52, 4, 0, ANY, NONE},
	{"dst-ip6",          56, 4, 4, ANY, NONE},
	{"state",            72, 4, 0, ANY, NONE},
	{"rx-queue-mapping", 76, 4, 0, ANY, NONE},
};

/* struct bpf_sock_addr: the address and port the user passed may be
 * rewritten (which of ip4/ip6 depends on the attach type). */
static const Row bpf_sock_addr[] = {
	{"user-family", 0, 4, 0, ANY, NONE},
	{"user-ip4",    4, 4, 0, ANY, ANY},
	{"user-ip6",    8, 4, 4, ANY, ANY},
	{"user-port",   24, 4, 0, ANY, ANY},
	{"family",      28, 4, 0, ANY, NONE},
	{"type",        32, 4, 0, ANY, NONE},
	{"protocol",    36, 4, 0, ANY, NONE},
	{"msg-src-ip4", 40, 4, 0, ANY, ANY},
	{"msg-src-ip6", 44, 4, 4, ANY, ANY},
	{"sk",          64, 8, 0, ANY, NONE},
};

/* struct bpf_sock_ops: args, reply and replylong share offset 4 (a union);
 * the kernel takes stores only at reply and sk-txhash. */
static const Row bpf_sock_ops[] = {
	{"op",                    0, 4, 0, ANY, NONE},
	{"args",                  4, 4, 4, ANY, NONE},
	{"reply",                 4, 4, 0, ANY, ANY},
	{"replylong",             4, 4, 4, ANY, NONE},
	{"family",                20, 4, 0, ANY, NONE},
	{"remote-ip4",            24, 4, 0, ANY, NONE},
	{"local-ip4",             28, 4, 0, ANY, NONE},
	{"remote-ip6",            32, 4, 4, ANY, NONE},
	{"local-ip6",             48, 4, 4, ANY, NONE},
	{"remote-port",           64, 4, 0, ANY, NONE},
	{"local-port",            68, 4, 0, ANY, NONE},
	{"is-fullsock",           72, 4, 0, ANY, NONE},
	{"snd-cwnd",              76, 4, 0, ANY, NONE},
	{"srtt-us",               80, 4, 0, ANY, NONE},
	{"bpf-sock-ops-cb-flags", 84, 4, 0, ANY, NONE},
	{"state",                 88, 4, 0, ANY, NONE},
	{"rtt-min",               92, 4, 0, ANY, NONE},
	{"snd-ssthresh",          96, 4, 0, ANY, NONE},
	{"rcv-nxt",               100, 4, 0, ANY, NONE},
	{"snd-nxt",               104, 4, 0, ANY, NONE},
	{"snd-una",               108, 4, 0, ANY, NONE},
	{"mss-cache",             112, 4, 0, ANY, NONE},
	{"ecn-flags",             116, 4, 0, ANY, NONE},
	{"rate-delivered",        120, 4, 0, ANY, NONE},
	{"rate-interval-us",      124, 4, 0, ANY, NONE},
	{"packets-out",           128, 4, 0, ANY, NONE},
	{"retrans-out",           132, 4, 0, ANY, NONE},
	{"total-retrans",         136, 4, 0, ANY, NONE},
	{"segs-in",               140, 4, 0, ANY, NONE},
	{"data-segs-in",          144, 4, 0, ANY, NONE},
	{"segs-out",              148, 4, 0, ANY, NONE},
	{"data-segs-out",         152, 4, 0, ANY, NONE},
	{"lost-out",              156, 4, 0, ANY, NONE},
	{"sacked-out",            160, 4, 0, ANY, NONE},
	{"sk-txhash",             164, 4, 0, ANY, ANY},
	{"bytes-received",        168, 8, 0, ANY, NONE},
	{"bytes-acked",           176, 8, 0, ANY, NONE},
	{"sk",                    184, 8, 0, ANY, NONE},
	{"skb-data",              192, 8, 0, ANY, NONE},
	{"skb-data-end",          200, 8, 0, ANY, NONE},
	{"skb-len",               208, 4, 0, ANY, NONE},
	{"skb-tcp-flags",         212, 4, 0, ANY, NONE},
};

/* x86-64 struct pt_regs (the uapi spelling of the register names), shared
 * by kprobe/uprobe programs and the head of bpf_perf_event_data. */
#define PT_REGS_X86_64 \
	{"r15",      0, 8, 0, ANY, NONE}, \
	{"r14",      8, 8, 0, ANY, NONE}, \
	{"r13",      16, 8, 0, ANY, NONE}, \
	{"r12",      24, 8, 0, ANY, NONE}, \
	{"rbp",      32, 8, 0, ANY, NONE}, \
	{"rbx",      40, 8, 0, ANY, NONE}, \
	{"r11",      48, 8, 0, ANY, NONE}, \
	{"r10",      56, 8, 0, ANY, NONE}, \
	{"r9",       64, 8, 0, ANY, NONE}, \
	{"r8",       72, 8, 0, ANY, NONE}, \
	{"rax",      80, 8, 0, ANY, NONE}, \
	{"rcx",      88, 8, 0, ANY, NONE}, \
	{"rdx",      96, 8, 0, ANY, NONE}, \
	{"rsi",      104, 8, 0, ANY, NONE}, \
	{"rdi",      112, 8, 0, ANY, NONE}, \
	{"orig-rax", 120, 8, 0, ANY, NONE}, \
	{"rip",      128, 8, 0, ANY, NONE}, \
	{"cs",       136, 8, 0, ANY, NONE}, \
	{"eflags",   144, 8, 0, ANY, NONE}, \
	{"rsp",      152, 8, 0, ANY, NONE}, \
	{"ss",       160, 8, 0, ANY, NONE}

static const Row pt_regs[] = { PT_REGS_X86_64 };

/* struct bpf_perf_event_data: bpf_user_pt_regs_t (x86-64 pt_regs), then
 * two u64. */
static const Row perf_event_data[] = {
	PT_REGS_X86_64,
	{"sample-period", 168, 8, 0, ANY, NONE},
	{"addr",          176, 8, 0, ANY, NONE},
};

/* struct bpf_raw_tracepoint_args: u64 args[]; a raw tracepoint passes at
 * most 12 (the kernel's bpf_trace_run1..12). */
static const Row raw_tracepoint_args[] = {
	{"args", 0, 8, 12, ANY, NONE},
};

/* Tracepoint records have no uapi struct: their fields come from the
 * event's format file. Every record starts with the kernel's struct
 * trace_entry, whose fields are listed in each format file. */
static const Row trace_entry[] = {
	{"common-type",          0, 2, 0, ANY, NONE},
	{"common-flags",         2, 1, 0, ANY, NONE},
	{"common-preempt-count", 3, 1, 0, ANY, NONE},
	{"common-pid",           4, 4, 0, ANY, NONE},
};

/* struct sk_msg_md: read-only. */
static const Row sk_msg_md[] = {
	{"data",        0, 8, 0, ANY, NONE},
	{"data-end",    8, 8, 0, ANY, NONE},
	{"family",      16, 4, 0, ANY, NONE},
	{"remote-ip4",  20, 4, 0, ANY, NONE},
	{"local-ip4",   24, 4, 0, ANY, NONE},
	{"remote-ip6",  28, 4, 4, ANY, NONE},
	{"local-ip6",   44, 4, 4, ANY, NONE},
	{"remote-port", 60, 4, 0, ANY, NONE},
	{"local-port",  64, 4, 0, ANY, NONE},
	{"size",        68, 4, 0, ANY, NONE},
	{"sk",          72, 8, 0, ANY, NONE},
};

/* struct sk_reuseport_md: read-only. */
static const Row sk_reuseport_md[] = {
	{"data",         0, 8, 0, ANY, NONE},
	{"data-end",     8, 8, 0, ANY, NONE},
	{"len",          16, 4, 0, ANY, NONE},
	{"eth-protocol", 20, 4, 0, ANY, NONE},
	{"ip-protocol",  24, 4, 0, ANY, NONE},
	{"bind-inany",   28, 4, 0, ANY, NONE},
	{"hash",         32, 4, 0, ANY, NONE},
	{"sk",           40, 8, 0, ANY, NONE},
	{"migrating-sk", 48, 8, 0, ANY, NONE},
};

/* struct bpf_sk_lookup: read-only (a socket is chosen with
 * bpf_sk_assign, not by storing to sk). */
static const Row bpf_sk_lookup[] = {
	{"sk",              0, 8, 0, ANY, NONE},
	{"family",          8, 4, 0, ANY, NONE},
	{"protocol",        12, 4, 0, ANY, NONE},
	{"remote-ip4",      16, 4, 0, ANY, NONE},
	{"remote-ip6",      20, 4, 4, ANY, NONE},
	{"remote-port",     36, 2, 0, ANY, NONE},
	{"local-ip4",       40, 4, 0, ANY, NONE},
	{"local-ip6",       44, 4, 4, ANY, NONE},
	{"local-port",      60, 4, 0, ANY, NONE},
	{"ingress-ifindex", 64, 4, 0, ANY, NONE},
};

/* struct bpf_cgroup_dev_ctx: read-only. */
static const Row bpf_cgroup_dev_ctx[] = {
	{"access-type", 0, 4, 0, ANY, NONE},
	{"major",       4, 4, 0, ANY, NONE},
	{"minor",       8, 4, 0, ANY, NONE},
};

/* struct bpf_sysctl: file-pos may be stored. */
static const Row bpf_sysctl[] = {
	{"write",    0, 4, 0, ANY, NONE},
	{"file-pos", 4, 4, 0, ANY, ANY},
};

/* struct bpf_sockopt: retval is stored from getsockopt programs, level and
 * optname from setsockopt programs, optlen from both. */
static const Row bpf_sockopt[] = {
	{"sk",         0, 8, 0, ANY, NONE},
	{"optval",     8, 8, 0, ANY, NONE},
	{"optval-end", 16, 8, 0, ANY, NONE},
	{"level",      24, 4, 0, ANY, ANY},
	{"optname",    28, 4, 0, ANY, ANY},
	{"optlen",     32, 4, 0, ANY, ANY},
	{"retval",     36, 4, 0, ANY, ANY},
};

/* Program type -> its context struct and the family bit that selects
 * rows and stores. */
typedef struct {
	int prog_type;
	const Row *rows;
	int nrows;
	unsigned family;
	int open_ended;         /* the record goes on past these rows */
} CtxTable;

static const CtxTable tables[] = {
	{BPF_PROG_TYPE_XDP,              ROWS(xdp_md), ANY, 0},
	{BPF_PROG_TYPE_SOCKET_FILTER,    ROWS(sk_buff), FS, 0},
	{BPF_PROG_TYPE_SCHED_CLS,        ROWS(sk_buff), FT, 0},
	{BPF_PROG_TYPE_SCHED_ACT,        ROWS(sk_buff), FT, 0},
	{BPF_PROG_TYPE_CGROUP_SKB,       ROWS(sk_buff), FC, 0},
	{BPF_PROG_TYPE_LWT_IN,           ROWS(sk_buff), FL, 0},
	{BPF_PROG_TYPE_LWT_OUT,          ROWS(sk_buff), FL, 0},
	{BPF_PROG_TYPE_LWT_XMIT,         ROWS(sk_buff), FL, 0},
	{BPF_PROG_TYPE_LWT_SEG6LOCAL,    ROWS(sk_buff), FL, 0},
	{BPF_PROG_TYPE_SK_SKB,           ROWS(sk_buff), FK, 0},
	{BPF_PROG_TYPE_FLOW_DISSECTOR,   ROWS(sk_buff), FF, 0},
	{BPF_PROG_TYPE_CGROUP_SOCK,      ROWS(bpf_sock), ANY, 0},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, ROWS(bpf_sock_addr), ANY, 0},
	{BPF_PROG_TYPE_SOCK_OPS,         ROWS(bpf_sock_ops), ANY, 0},
	{BPF_PROG_TYPE_KPROBE,           ROWS(pt_regs), ANY, 0},
	{BPF_PROG_TYPE_PERF_EVENT,       ROWS(perf_event_data), ANY, 0},
	{BPF_PROG_TYPE_RAW_TRACEPOINT,   ROWS(raw_tracepoint_args), ANY, 0},
	{BPF_PROG_TYPE_TRACEPOINT,       ROWS(trace_entry), ANY, 1},
	{BPF_PROG_TYPE_SK_MSG,           ROWS(sk_msg_md), ANY, 0},
	{BPF_PROG_TYPE_SK_REUSEPORT,     ROWS(sk_reuseport_md), ANY, 0},
	{BPF_PROG_TYPE_SK_LOOKUP,        ROWS(bpf_sk_lookup), ANY, 0},
	{BPF_PROG_TYPE_CGROUP_DEVICE,    ROWS(bpf_cgroup_dev_ctx), ANY, 0},
	{BPF_PROG_TYPE_CGROUP_SYSCTL,    ROWS(bpf_sysctl), ANY, 0},
	{BPF_PROG_TYPE_CGROUP_SOCKOPT,   ROWS(bpf_sockopt), ANY, 0},
};
enum { NTABLES = sizeof tables / sizeof *tables, CTX_MAX_FIELDS = 64 };
_Static_assert(sizeof bpf_sock_ops / sizeof *bpf_sock_ops <= CTX_MAX_FIELDS &&
	       sizeof sk_buff / sizeof *sk_buff <= CTX_MAX_FIELDS,
	       "raise CTX_MAX_FIELDS");

/* The fields whose loads give packet pointers (the verifier's
 * PTR_TO_PACKET, PTR_TO_PACKET_END, PTR_TO_PACKET_META), in every context
 * struct that has them (xdp_md, __sk_buff, sk_msg_md, sk_reuseport_md). */
static const struct {
	const char *field, *ssa_name;
	int kind;
} packet_fields[] = {
	{"data", "pkt", CTX_PKT},
	{"data-end", "pkt_end", CTX_PKT_END},
	{"data-meta", "pkt_meta", CTX_PKT_META},
};

static int packet_kind(const char *field)
{
	for (unsigned i = 0; i < sizeof packet_fields / sizeof *packet_fields; i++)
		if (!strcmp(packet_fields[i].field, field))
			return packet_fields[i].kind;
	return CTX_VALUE;
}

const char *ctx_ptr_name(int kind)
{
	for (unsigned i = 0; i < sizeof packet_fields / sizeof *packet_fields; i++)
		if (packet_fields[i].kind == kind)
			return packet_fields[i].ssa_name;
	return NULL;
}

int ctx_ptr_kind(const char *name)
{
	for (unsigned i = 0; i < sizeof packet_fields / sizeof *packet_fields; i++)
		if (!strcmp(packet_fields[i].ssa_name, name))
			return packet_fields[i].kind;
	return CTX_VALUE;
}

/* The CtxField view of each table, filled on first use. */
static CtxField views[NTABLES][CTX_MAX_FIELDS];
static int view_len[NTABLES];
static int view_built[NTABLES];

const CtxField *ctx_fields(const ProgTypeInfo *pt, int *n)
{
	*n = 0;
	if (!pt)
		return NULL;
	for (int t = 0; t < (int)NTABLES; t++) {
		const CtxTable *tb = &tables[t];
		if (tb->prog_type != pt->type)
			continue;
		if (!view_built[t]) {
			int k = 0;
			for (int i = 0; i < tb->nrows; i++) {
				const Row *r = &tb->rows[i];
				if (!(r->read & tb->family))
					continue;
				views[t][k++] = (CtxField){r->name, r->offset, r->width,
					r->count, (r->write & tb->family) != 0,
					r->count ? CTX_VALUE : packet_kind(r->name)};
			}
			view_len[t] = k;
			view_built[t] = 1;
		}
		*n = view_len[t];
		return views[t];
	}
	return NULL;
}

const CtxField *ctx_field_lookup(const ProgTypeInfo *pt, const char *lisp_name)
{
	int n;
	const CtxField *f = ctx_fields(pt, &n);
	for (int i = 0; i < n; i++)
		if (!strcmp(f[i].name, lisp_name))
			return &f[i];
	return NULL;
}

const CtxField *ctx_field_at(const ProgTypeInfo *pt, int64_t offset, int width)
{
	int n;
	const CtxField *f = ctx_fields(pt, &n);
	for (int i = 0; i < n; i++)
		if (f[i].offset == offset && f[i].width == width && !f[i].count)
			return &f[i];
	return NULL;
}

/* Where a probed function's arguments sit in struct pt_regs: slot 0 is the
 * return value, 1..6 the arguments in calling-convention order.
 * x86-64: rax; rdi rsi rdx rcx r8 r9 (the function-call convention; a
 * syscall's own 4th argument arrives in r10 instead). aarch64: regs[0];
 * regs[0..5] (struct pt_regs begins with u64 regs[31]). */
static const struct {
	const char *arch;
	int off[7];
} pt_args[] = {
	{"x86_64",  {80, 112, 104, 96, 88, 72, 64}},
	{"aarch64", {0, 0, 8, 16, 24, 32, 40}},
};

int pt_regs_arg_offset(const char *arch, int n)
{
	if (!arch || n < 0 || n > 6)
		return -1;
	for (unsigned i = 0; i < sizeof pt_args / sizeof *pt_args; i++)
		if (!strcmp(pt_args[i].arch, arch))
			return pt_args[i].off[n];
	return -1;
}

int64_t ctx_struct_size(const ProgTypeInfo *pt)
{
	for (int t = 0; pt && t < (int)NTABLES; t++) {
		const CtxTable *tb = &tables[t];
		if (tb->prog_type != pt->type)
			continue;
		if (tb->open_ended)
			return 0;
		int64_t end = 0;
		for (int i = 0; i < tb->nrows; i++) {
			const Row *r = &tb->rows[i];
			int64_t e = r->offset + (int64_t)r->width * (r->count ? r->count : 1);
			end = e > end ? e : end;
		}
		return end;
	}
	return 0;
}
