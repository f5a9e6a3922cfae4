/* bpf_tables.c: the tables declared in bpf.h (context structs are in
 * bpf_ctx.c). Numbers from <linux/bpf.h>. */
#include "bpf.h"
#include "arena.h"
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>

const CondInfo cond_info[CC_COUNT] = {
	[CC_EQ]  = {"eq",  "==",  BJ_JEQ,  CC_NE,    CC_EQ},
	[CC_NE]  = {"ne",  "!=",  BJ_JNE,  CC_EQ,    CC_NE},
	[CC_GT]  = {"ugt", ">",   BJ_JGT,  CC_LE,    CC_LT},
	[CC_GE]  = {"uge", ">=",  BJ_JGE,  CC_LT,    CC_LE},
	[CC_LT]  = {"ult", "<",   BJ_JLT,  CC_GE,    CC_GT},
	[CC_LE]  = {"ule", "<=",  BJ_JLE,  CC_GT,    CC_GE},
	[CC_SGT] = {"sgt", "s>",  BJ_JSGT, CC_SLE,   CC_SLT},
	[CC_SGE] = {"sge", "s>=", BJ_JSGE, CC_SLT,   CC_SLE},
	[CC_SLT] = {"slt", "s<",  BJ_JSLT, CC_SGE,   CC_SGT},
	[CC_SLE] = {"sle", "s<=", BJ_JSLE, CC_SGT,   CC_SGE},
	[CC_SET] = {"set", "&",   BJ_JSET, CC_COUNT, CC_SET},
};

int cond_holds(Cond cc, uint64_t a, uint64_t b)
{
	switch (cc) {
	case CC_EQ: return a == b;
	case CC_NE: return a != b;
	case CC_GT: return a > b;
	case CC_GE: return a >= b;
	case CC_LT: return a < b;
	case CC_LE: return a <= b;
	case CC_SGT: return (int64_t)a > (int64_t)b;
	case CC_SGE: return (int64_t)a >= (int64_t)b;
	case CC_SLT: return (int64_t)a < (int64_t)b;
	case CC_SLE: return (int64_t)a <= (int64_t)b;
	case CC_SET: return (a & b) != 0;
	default: return 0;
	}
}

const AluInfo alu_info[ALU_COUNT] = {
	[ALU_ADD] = {"add", "+=",   BA_ADD,  1, "+"},
	[ALU_SUB] = {"sub", "-=",   BA_SUB,  0, "-"},
	[ALU_MUL] = {"mul", "*=",   BA_MUL,  1, "*"},
	[ALU_DIV] = {"div", "/=",   BA_DIV,  0, "/"},
	[ALU_MOD] = {"mod", "%=",   BA_MOD,  0, "mod"},
	[ALU_AND] = {"and", "&=",   BA_AND,  1, "logand"},
	[ALU_OR]  = {"or",  "|=",   BA_OR,   1, "logior"},
	[ALU_XOR] = {"xor", "^=",   BA_XOR,  1, "logxor"},
	[ALU_SHL] = {"shl", "<<=",  BA_LSH,  0, "<<"},
	[ALU_SHR] = {"shr", ">>=",  BA_RSH,  0, ">>"},
	[ALU_SAR] = {"sar", "s>>=", BA_ARSH, 0, ">>>"},
};

const WidthInfo width_info[4] = {
	{"u8", 1, BS_B}, {"u16", 2, BS_H}, {"u32", 4, BS_W}, {"u64", 8, BS_DW},
};

int width_index(int bytes)
{
	switch (bytes) {
	case 1: return 0;
	case 2: return 1;
	case 4: return 2;
	case 8: return 3;
	}
	return -1;
}

int width_from_name(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(width_info[i].name, name))
			return width_info[i].bytes;
	return 0;
}

int scalar_type_width(const char *name, int *is_signed)
{
	static const struct {
		const char *name;
		int bytes, is_signed;
	} types[] = {
		{"u8", 1, 0}, {"u16", 2, 0}, {"u32", 4, 0}, {"u64", 8, 0},
		{"i8", 1, 1}, {"i16", 2, 1}, {"i32", 4, 1}, {"i64", 8, 1},
	};
	for (unsigned i = 0; i < sizeof types / sizeof *types; i++)
		if (!strcmp(types[i].name, name)) {
			*is_signed = types[i].is_signed;
			return types[i].bytes;
		}
	return 0;
}

/* The map types a program can look up, update and delete by key: all but
 * the prog-array (tail calls only) and the ring buffer (ringbuf-*). */
#define KEYED "hash array percpu-hash percpu-array lru-hash lpm-trie"

static const HelperInfo helpers[] = {
	{"map-lookup-elem",      "bpf_map_lookup_elem",      1,   2, 8, 1, KEYED, 0},
	{"map-update-elem",      "bpf_map_update_elem",      2,   4, 8, 1, KEYED, 0},
	{"map-delete-elem",      "bpf_map_delete_elem",      3,   2, 8, 1, KEYED, 0},
	{"probe-read",           "bpf_probe_read",           4,   3, 8, 0, NULL, 1},
	{"ktime-get-ns",         "bpf_ktime_get_ns",         5,   0, 8, 0, NULL, 0},
	{"trace-printk",         "bpf_trace_printk",         6,   3, 8, 0, NULL, 1},
	{"get-prandom-u32",      "bpf_get_prandom_u32",      7,   0, 4, 0, NULL, 0},
	{"get-smp-processor-id", "bpf_get_smp_processor_id", 8,   0, 4, 0, NULL, 0},
	{"skb-store-bytes",      "bpf_skb_store_bytes",      9,   5, 8, 0, NULL, 0},
	{"tail-call",            "bpf_tail_call",            12,  3, 0, 2, "prog-array", 0},
	{"get-current-pid-tgid", "bpf_get_current_pid_tgid", 14,  0, 8, 0, NULL, 0},
	{"get-current-uid-gid",  "bpf_get_current_uid_gid",  15,  0, 8, 0, NULL, 0},
	{"get-current-comm",     "bpf_get_current_comm",     16,  2, 8, 0, NULL, 0},
	{"redirect",             "bpf_redirect",             23,  2, 8, 0, NULL, 0},
	{"perf-event-output",    "bpf_perf_event_output",    25,  5, 8, 2, NULL, 0},
	{"skb-load-bytes",       "bpf_skb_load_bytes",       26,  4, 8, 0, NULL, 0},
	{"get-current-task",     "bpf_get_current_task",     35,  0, 8, 0, NULL, 1},
	{"probe-read-str",       "bpf_probe_read_str",       45,  3, 8, 0, NULL, 1},
	{"get-socket-cookie",    "bpf_get_socket_cookie",    46,  1, 8, 0, NULL, 0},
	{"redirect-map",         "bpf_redirect_map",         51,  3, 8, 1, NULL, 0},
	{"xdp-adjust-head",      "bpf_xdp_adjust_head",      44,  2, 8, 0, NULL, 0},
	{"xdp-adjust-tail",      "bpf_xdp_adjust_tail",      65,  2, 8, 0, NULL, 0},
	{"get-current-cgroup-id","bpf_get_current_cgroup_id",80,  0, 8, 0, NULL, 0},
	{"probe-read-user",      "bpf_probe_read_user",      112, 3, 8, 0, NULL, 1},
	{"probe-read-kernel",    "bpf_probe_read_kernel",    113, 3, 8, 0, NULL, 1},
	{"probe-read-user-str",  "bpf_probe_read_user_str",  114, 3, 8, 0, NULL, 1},
	{"probe-read-kernel-str","bpf_probe_read_kernel_str",115, 3, 8, 0, NULL, 1},
	{"ringbuf-output",       "bpf_ringbuf_output",       130, 4, 8, 1, "ringbuf", 0},
	{"ringbuf-reserve",      "bpf_ringbuf_reserve",      131, 3, 8, 1, "ringbuf", 0},
	{"ringbuf-submit",       "bpf_ringbuf_submit",       132, 2, 0, 0, NULL, 0},
	{"ringbuf-discard",      "bpf_ringbuf_discard",      133, 2, 0, 0, NULL, 0},
	{"get-current-task-btf", "bpf_get_current_task_btf", 158, 0, 8, 0, NULL, 1},
	{"ktime-get-coarse-ns",  "bpf_ktime_get_coarse_ns",  160, 0, 8, 0, NULL, 0},
};

const HelperInfo *helper_by_name(const char *name)
{
	for (unsigned i = 0; i < sizeof helpers / sizeof *helpers; i++)
		if ((helpers[i].name[0] == name[0] && !strcmp(helpers[i].name, name)) ||
		    (helpers[i].kname[0] == name[0] && !strcmp(helpers[i].kname, name)))
			return &helpers[i];
	return NULL;
}

int helper_takes_map(const HelperInfo *h, const char *keyword)
{
	if (!h->map_types)
		return 1;
	size_t n = strlen(keyword);
	for (const char *t = h->map_types; *t; t += strcspn(t, " "), t += *t == ' ')
		if (strcspn(t, " ") == n && !strncmp(t, keyword, n))
			return 1;
	return 0;
}

const char *helper_map_types_text(const HelperInfo *h, char *buf, int size)
{
	int len = 0, count = 0;
	const char *t = h->map_types ? h->map_types : "";
	for (const char *u = t; *u; u += strcspn(u, " "), u += *u == ' ')
		count++;
	buf[0] = 0;
	for (int i = 0; *t && len < size; i++, t += strcspn(t, " "), t += *t == ' ') {
		const char *sep = i == 0 ? "" : i == count - 1 ? " or " : ", ";
		len += snprintf(buf + len, size - len, "%s:%.*s", sep, (int)strcspn(t, " "), t);
	}
	return buf;
}

/* The licenses the kernel counts as GPL-compatible
 * (license_is_gpl_compatible in include/linux/license.h). */
int license_gpl_compatible(const char *license)
{
	static const char *const ok[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};
	for (unsigned i = 0; license && i < sizeof ok / sizeof *ok; i++)
		if (!strcmp(license, ok[i]))
			return 1;
	return 0;
}

const HelperInfo *helper_at(int i)
{
	return i >= 0 && (unsigned)i < sizeof helpers / sizeof *helpers ? &helpers[i] : NULL;
}

const HelperInfo *helper_by_id(int id)
{
	for (unsigned i = 0; i < sizeof helpers / sizeof *helpers; i++)
		if (helpers[i].id == id)
			return &helpers[i];
	return NULL;
}

/* Kernel limits (x86-64, 4 KiB pages): KMALLOC_MAX_SIZE is 4 MiB,
 * PCPU_MIN_UNIT_SIZE 32 KiB, MAX_BPF_STACK 512; a hash element carries
 * about 64 bytes of its own, an LPM trie's key is 4 bytes of prefix length
 * and up to 256 of data. */
#define KMALLOC_MAX (4LL << 20)
/* A hash table has a power-of-two number of 16-byte buckets, at least its
 * :max-entries, and their bytes must fit 32 bits (hashtab.c: E2BIG). */
#define HASH_ENTRIES_MAX (1LL << 27)
#define U32_MAX 0xffffffffLL
#define PERCPU_MAX (32LL << 10)
/* The :map-flags bits each map type's alloc_check takes (linux 6.18;
 * measured by creating each map with each bit and pair of bits). */
#define ACCESS_FLAGS (BPF_F_RDONLY | BPF_F_WRONLY | BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)
#define HASH_FLAGS (BPF_F_NO_PREALLOC | BPF_F_NUMA_NODE | BPF_F_ZERO_SEED | ACCESS_FLAGS)
static const MapTypeInfo map_types[] = {
	{"hash",         "BPF_MAP_TYPE_HASH",         BPF_MAP_TYPE_HASH,         1, 0,
	 1, 512, 1, KMALLOC_MAX - 512 - 64, 0, HASH_FLAGS, HASH_ENTRIES_MAX, MAP_TYPED_ANY},
	{"array",        "BPF_MAP_TYPE_ARRAY",        BPF_MAP_TYPE_ARRAY,        1, 0,
	 4, 4, 1, KMALLOC_MAX, 0,
	 BPF_F_NUMA_NODE | BPF_F_MMAPABLE | BPF_F_INNER_MAP | ACCESS_FLAGS,
	 U32_MAX, MAP_TYPED_U32_KEY},
	{"prog-array",   "BPF_MAP_TYPE_PROG_ARRAY",   BPF_MAP_TYPE_PROG_ARRAY,   1, 0,
	 4, 4, 4, 4, 0, BPF_F_NUMA_NODE | BPF_F_RDONLY | BPF_F_WRONLY, U32_MAX, MAP_TYPED_NONE},
	{"percpu-hash",  "BPF_MAP_TYPE_PERCPU_HASH",  BPF_MAP_TYPE_PERCPU_HASH,  1, 1,
	 1, 512, 1, PERCPU_MAX, 0, HASH_FLAGS & ~BPF_F_NUMA_NODE, HASH_ENTRIES_MAX,
	 MAP_TYPED_ANY},
	{"percpu-array", "BPF_MAP_TYPE_PERCPU_ARRAY", BPF_MAP_TYPE_PERCPU_ARRAY, 1, 1,
	 4, 4, 1, PERCPU_MAX, 0, ACCESS_FLAGS, U32_MAX, MAP_TYPED_U32_KEY},
	{"lru-hash",     "BPF_MAP_TYPE_LRU_HASH",     BPF_MAP_TYPE_LRU_HASH,     1, 0,
	 1, 512, 1, KMALLOC_MAX - 512 - 64, 0,
	 (HASH_FLAGS & ~BPF_F_NO_PREALLOC) | BPF_F_NO_COMMON_LRU, HASH_ENTRIES_MAX,
	 MAP_TYPED_ANY},
	{"lpm-trie",     "BPF_MAP_TYPE_LPM_TRIE",     BPF_MAP_TYPE_LPM_TRIE,     1, 0,
	 5, 4 + 256, 1, KMALLOC_MAX - 256 - 64, BPF_F_NO_PREALLOC,
	 BPF_F_NO_PREALLOC | BPF_F_NUMA_NODE | ACCESS_FLAGS, U32_MAX, MAP_TYPED_STRUCT_KEY},
	{"ringbuf",      "BPF_MAP_TYPE_RINGBUF",      BPF_MAP_TYPE_RINGBUF,      0, 0,
	 0, 0, 0, 0, 0, BPF_F_NUMA_NODE, U32_MAX, MAP_TYPED_NONE},
};

/* The :map-flags bits by name, for messages. */
static const struct {
	uint32_t bit;
	const char *name;
} map_flag_names[] = {
	{BPF_F_NO_PREALLOC, "BPF_F_NO_PREALLOC"}, {BPF_F_NO_COMMON_LRU, "BPF_F_NO_COMMON_LRU"},
	{BPF_F_NUMA_NODE, "BPF_F_NUMA_NODE"}, {BPF_F_RDONLY, "BPF_F_RDONLY"},
	{BPF_F_WRONLY, "BPF_F_WRONLY"}, {BPF_F_STACK_BUILD_ID, "BPF_F_STACK_BUILD_ID"},
	{BPF_F_ZERO_SEED, "BPF_F_ZERO_SEED"}, {BPF_F_RDONLY_PROG, "BPF_F_RDONLY_PROG"},
	{BPF_F_WRONLY_PROG, "BPF_F_WRONLY_PROG"}, {BPF_F_CLONE, "BPF_F_CLONE"},
	{BPF_F_MMAPABLE, "BPF_F_MMAPABLE"}, {BPF_F_PRESERVE_ELEMS, "BPF_F_PRESERVE_ELEMS"},
	{BPF_F_INNER_MAP, "BPF_F_INNER_MAP"},
};

/* Pairs of flags the kernel refuses together (bpf_map_flags_access_ok;
 * hashtab.c: a per-CPU LRU list has no NUMA node). */
static const struct {
	uint32_t both;
	int map_type;           /* -1: every type */
} map_flag_conflicts[] = {
	{BPF_F_RDONLY | BPF_F_WRONLY, -1},
	{BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG, -1},
	{BPF_F_NO_COMMON_LRU | BPF_F_NUMA_NODE, BPF_MAP_TYPE_LRU_HASH},
};

/* The named flags of bits, "BPF_F_RDONLY, BPF_F_WRONLY" */
static const char *flag_names(Arena *a, uint32_t bits)
{
	const char *text = NULL;
	for (size_t i = 0; i < sizeof map_flag_names / sizeof *map_flag_names; i++)
		if (bits & map_flag_names[i].bit)
			text = text ? arena_printf(a, "%s, %s", text, map_flag_names[i].name) :
				map_flag_names[i].name;
	return text ? text : "none";
}

static const char *flags_problem(Arena *a, const MapTypeInfo *t, uint32_t flags)
{
	if ((flags & t->flags_needed) != t->flags_needed)
		return arena_printf(a, "a :%s map needs :map-flags %u (BPF_F_NO_PREALLOC)",
				    t->keyword, t->flags_needed);
	if (flags & ~t->flags_allowed)
		return arena_printf(a, ":map-flags %u has bits a :%s map does not take "
				    "(%#x); it takes %s", flags, t->keyword,
				    flags & ~t->flags_allowed, flag_names(a, t->flags_allowed));
	for (size_t i = 0; i < sizeof map_flag_conflicts / sizeof *map_flag_conflicts; i++) {
		uint32_t both = map_flag_conflicts[i].both;
		if ((flags & both) == both &&
		    (map_flag_conflicts[i].map_type < 0 || map_flag_conflicts[i].map_type == t->type))
			return arena_printf(a, ":map-flags %u: the kernel refuses %s together "
					    "on a :%s map", flags, flag_names(a, both), t->keyword);
	}
	return NULL;
}

static const char *size_problem(Arena *a, const MapTypeInfo *t, const char *what,
				int64_t n, int64_t min, int64_t max)
{
	if (min == max && n != min)
		return arena_printf(a, "the %s of a :%s map is %lld bytes, not %lld", what,
				    t->keyword, (long long)min, (long long)n);
	if (n < min || n > max)
		return arena_printf(a, "the %s of a :%s map is %lld to %lld bytes, not %lld",
				    what, t->keyword, (long long)min, (long long)max,
				    (long long)n);
	return NULL;
}

const char *map_def_problem(Arena *a, const MapTypeInfo *t, int64_t key_size,
			    int64_t value_size, int64_t max_entries, int64_t flags)
{
	const char *why;
	if (max_entries <= 0 || max_entries > 0xffffffffLL)
		return arena_printf(a, ":max-entries must be 1 to 4294967295, not %lld",
				    (long long)max_entries);
	if (max_entries > t->entries_max)
		return arena_printf(a, "a :%s map has at most %lld entries, not %lld",
				    t->keyword, (long long)t->entries_max, (long long)max_entries);
	if (flags < 0 || flags > 0xffffffffLL)
		return arena_printf(a, ":map-flags must fit 32 bits, not %lld", (long long)flags);
	if ((why = flags_problem(a, t, (uint32_t)flags)))
		return why;
	if (t->type == BPF_MAP_TYPE_RINGBUF) {
		if (max_entries & (max_entries - 1) || max_entries < 4096)
			return arena_printf(a, "a ring buffer's :max-entries is its size in "
					    "bytes: a power of two, at least a page (4096), "
					    "not %lld", (long long)max_entries);
		return NULL;
	}
	if ((why = size_problem(a, t, "key", key_size, t->key_min, t->key_max)) ||
	    (why = size_problem(a, t, "value", value_size, t->value_min, t->value_max)))
		return why;
	/* an array's values are one allocation: 8-byte aligned elements */
	if (t->type == BPF_MAP_TYPE_ARRAY &&
	    ((value_size + 7) & ~7LL) * max_entries > 0xffffffffLL)
		return arena_printf(a, "an :array map of %lld entries of %lld bytes passes the "
				    "kernel's 4 GiB limit", (long long)max_entries,
				    (long long)value_size);
	return NULL;
}

const MapTypeInfo *map_type_by_keyword(const char *kw)
{
	for (unsigned i = 0; i < sizeof map_types / sizeof *map_types; i++)
		if (!strcmp(map_types[i].keyword, kw))
			return &map_types[i];
	return NULL;
}

const MapTypeInfo *map_type_at(int i)
{
	return i >= 0 && (unsigned)i < sizeof map_types / sizeof *map_types ? &map_types[i] : NULL;
}

const MapTypeInfo *map_type_by_id(int type)
{
	for (unsigned i = 0; i < sizeof map_types / sizeof *map_types; i++)
		if (map_types[i].type == type)
			return &map_types[i];
	return NULL;
}

static const ProgTypeInfo prog_types[] = {
	{"xdp",              "BPF_PROG_TYPE_XDP",              BPF_PROG_TYPE_XDP,              "xdp_md",        "xdp"},
	{"socket-filter",    "BPF_PROG_TYPE_SOCKET_FILTER",    BPF_PROG_TYPE_SOCKET_FILTER,    "__sk_buff",     "socket"},
	{"tracepoint",       "BPF_PROG_TYPE_TRACEPOINT",       BPF_PROG_TYPE_TRACEPOINT,       "tracepoint_args", "tracepoint"},
	{"kprobe",           "BPF_PROG_TYPE_KPROBE",           BPF_PROG_TYPE_KPROBE,           "pt_regs",       "kprobe"},
	{"tc",               "BPF_PROG_TYPE_SCHED_CLS",        BPF_PROG_TYPE_SCHED_CLS,        "__sk_buff",     "tc"},
	{"cgroup-skb",       "BPF_PROG_TYPE_CGROUP_SKB",       BPF_PROG_TYPE_CGROUP_SKB,       "__sk_buff",     "cgroup_skb/ingress"},
	{"cgroup-sock",      "BPF_PROG_TYPE_CGROUP_SOCK",      BPF_PROG_TYPE_CGROUP_SOCK,      "bpf_sock",      "cgroup/sock_create"},
	{"cgroup-sock-addr", "BPF_PROG_TYPE_CGROUP_SOCK_ADDR", BPF_PROG_TYPE_CGROUP_SOCK_ADDR, "bpf_sock_addr", "cgroup/connect4"},
	{"sock-ops",         "BPF_PROG_TYPE_SOCK_OPS",         BPF_PROG_TYPE_SOCK_OPS,         "bpf_sock_ops",  "sockops"},
	{"raw-tracepoint",   "BPF_PROG_TYPE_RAW_TRACEPOINT",   BPF_PROG_TYPE_RAW_TRACEPOINT,   "bpf_raw_tracepoint_args", "raw_tracepoint"},
	{"sched-act",        "BPF_PROG_TYPE_SCHED_ACT",        BPF_PROG_TYPE_SCHED_ACT,        "__sk_buff",     "action"},
	{"sk-skb",           "BPF_PROG_TYPE_SK_SKB",           BPF_PROG_TYPE_SK_SKB,           "__sk_buff",     "sk_skb"},
	{"sk-msg",           "BPF_PROG_TYPE_SK_MSG",           BPF_PROG_TYPE_SK_MSG,           "sk_msg_md",     "sk_msg"},
	{"sk-reuseport",     "BPF_PROG_TYPE_SK_REUSEPORT",     BPF_PROG_TYPE_SK_REUSEPORT,     "sk_reuseport_md", "sk_reuseport"},
	{"sk-lookup",        "BPF_PROG_TYPE_SK_LOOKUP",        BPF_PROG_TYPE_SK_LOOKUP,        "bpf_sk_lookup", "sk_lookup"},
	{"flow-dissector",   "BPF_PROG_TYPE_FLOW_DISSECTOR",   BPF_PROG_TYPE_FLOW_DISSECTOR,   "__sk_buff",     "flow_dissector"},
	{"lwt-in",           "BPF_PROG_TYPE_LWT_IN",           BPF_PROG_TYPE_LWT_IN,           "__sk_buff",     "lwt_in"},
	{"lwt-out",          "BPF_PROG_TYPE_LWT_OUT",          BPF_PROG_TYPE_LWT_OUT,          "__sk_buff",     "lwt_out"},
	{"lwt-xmit",         "BPF_PROG_TYPE_LWT_XMIT",         BPF_PROG_TYPE_LWT_XMIT,         "__sk_buff",     "lwt_xmit"},
	{"lwt-seg6local",    "BPF_PROG_TYPE_LWT_SEG6LOCAL",    BPF_PROG_TYPE_LWT_SEG6LOCAL,    "__sk_buff",     "lwt_seg6local"},
	{"cgroup-device",    "BPF_PROG_TYPE_CGROUP_DEVICE",    BPF_PROG_TYPE_CGROUP_DEVICE,    "bpf_cgroup_dev_ctx", "cgroup/dev"},
	{"cgroup-sysctl",    "BPF_PROG_TYPE_CGROUP_SYSCTL",    BPF_PROG_TYPE_CGROUP_SYSCTL,    "bpf_sysctl",    "cgroup/sysctl"},
	{"cgroup-sockopt",   "BPF_PROG_TYPE_CGROUP_SOCKOPT",   BPF_PROG_TYPE_CGROUP_SOCKOPT,   "bpf_sockopt",   "cgroup/getsockopt"},
	{"perf-event",       "BPF_PROG_TYPE_PERF_EVENT",       BPF_PROG_TYPE_PERF_EVENT,       "bpf_perf_event_data", "perf_event"},
};

/* The return values the verifier accepts (its check_return_code): the
 * cgroup types, socket ops and socket lookup must return a verdict. */
static const struct {
	int prog_type;
	int attach_type;        /* -1: any */
	int64_t lo, hi;
} ret_ranges[] = {
	{BPF_PROG_TYPE_CGROUP_SKB,       BPF_CGROUP_INET_EGRESS,       0, 3},
	{BPF_PROG_TYPE_CGROUP_SKB,       -1,                           0, 1},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND,        0, 3},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND,        0, 3},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG,      1, 1},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG,      1, 1},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, 1, 1},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, 1, 1},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, 1, 1},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, 1, 1},
	{BPF_PROG_TYPE_CGROUP_SOCK_ADDR, -1,                           0, 1},
	{BPF_PROG_TYPE_CGROUP_SOCK,      -1,                           0, 1},
	{BPF_PROG_TYPE_SOCK_OPS,         -1,                           0, 1},
	{BPF_PROG_TYPE_CGROUP_DEVICE,    -1,                           0, 1},
	{BPF_PROG_TYPE_CGROUP_SYSCTL,    -1,                           0, 1},
	{BPF_PROG_TYPE_CGROUP_SOCKOPT,   -1,                           0, 1},
	{BPF_PROG_TYPE_SK_LOOKUP,        -1,                           0, 1},
};

int prog_ret_range(const ProgTypeInfo *pt, const char *section, int64_t *lo, int64_t *hi)
{
	const SectionInfo *si = section ? section_lookup_loose(section) : NULL;
	int attach = si ? si->attach_type : -1;
	for (unsigned i = 0; pt && i < sizeof ret_ranges / sizeof *ret_ranges; i++)
		if (ret_ranges[i].prog_type == pt->type &&
		    (ret_ranges[i].attach_type == -1 || ret_ranges[i].attach_type == attach)) {
			*lo = ret_ranges[i].lo;
			*hi = ret_ranges[i].hi;
			return 1;
		}
	return 0;
}

const ProgTypeInfo *prog_type_by_keyword(const char *kw)
{
	for (unsigned i = 0; i < sizeof prog_types / sizeof *prog_types; i++)
		if (!strcmp(prog_types[i].keyword, kw))
			return &prog_types[i];
	return NULL;
}

const ProgTypeInfo *prog_type_at(int i)
{
	return i >= 0 && (unsigned)i < sizeof prog_types / sizeof *prog_types ? &prog_types[i] : NULL;
}

const ProgTypeInfo *prog_type_by_id(int type)
{
	for (unsigned i = 0; i < sizeof prog_types / sizeof *prog_types; i++)
		if (prog_types[i].type == type)
			return &prog_types[i];
	return NULL;
}

static const AttachKindInfo attach_kinds[ATT_COUNT] = {
#define NET "an interface"
	[ATT_NONE]           = {"auto", -1, ATT_TARGET_NEEDED, ""},
	[ATT_XDP]            = {"xdp", BPF_PROG_TYPE_XDP, ATT_TARGET_NEEDED, NET},
	[ATT_XDPDRV]         = {"xdpdrv", BPF_PROG_TYPE_XDP, ATT_TARGET_NEEDED, NET},
	[ATT_XDPGENERIC]     = {"xdpgeneric", BPF_PROG_TYPE_XDP, ATT_TARGET_NEEDED, NET},
	[ATT_XDPOFFLOAD]     = {"xdpoffload", BPF_PROG_TYPE_XDP, ATT_TARGET_NEEDED, NET},
	[ATT_TC_INGRESS]     = {"tc-ingress", BPF_PROG_TYPE_SCHED_CLS, ATT_TARGET_NEEDED, NET},
	[ATT_TC_EGRESS]      = {"tc-egress", BPF_PROG_TYPE_SCHED_CLS, ATT_TARGET_NEEDED, NET},
	[ATT_KPROBE]         = {"kprobe", BPF_PROG_TYPE_KPROBE, ATT_TARGET_SECTION, "a function"},
	[ATT_KRETPROBE]      = {"kretprobe", BPF_PROG_TYPE_KPROBE, ATT_TARGET_SECTION, "a function"},
	[ATT_UPROBE]         = {"uprobe", BPF_PROG_TYPE_KPROBE, ATT_TARGET_SECTION, "PATH:SYMBOL"},
	[ATT_URETPROBE]      = {"uretprobe", BPF_PROG_TYPE_KPROBE, ATT_TARGET_SECTION, "PATH:SYMBOL"},
	[ATT_TRACEPOINT]     = {"tracepoint", BPF_PROG_TYPE_TRACEPOINT, ATT_TARGET_SECTION, "CATEGORY/NAME"},
	[ATT_RAW_TRACEPOINT] = {"raw-tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, ATT_TARGET_SECTION, "an event name"},
	[ATT_CGROUP]         = {"cgroup", -1, ATT_TARGET_CGROUP_ROOT, "a cgroup directory"},
#undef NET
};

const AttachKindInfo *attach_kind_info(AttachKind k)
{
	return (unsigned)k < ATT_COUNT ? &attach_kinds[k] : NULL;
}

int attach_kind_by_name(const char *name)
{
	for (int k = 0; k < ATT_COUNT; k++)
		if (!strcmp(attach_kinds[k].name, name))
			return k;
	return -1;
}

#define NOAT (-1)
static const SectionInfo sections[] = {
	{"xdp",                 SEC_EXACT, BPF_PROG_TYPE_XDP, BPF_XDP, ATT_XDP},
	{"xdp.frags",           SEC_EXACT, BPF_PROG_TYPE_XDP, BPF_XDP, ATT_XDP},
	{"xdp/devmap",          SEC_EXACT, BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, ATT_NONE},
	{"xdp/cpumap",          SEC_EXACT, BPF_PROG_TYPE_XDP, BPF_XDP_CPUMAP, ATT_NONE},
	{"tcx/ingress",         SEC_EXACT, BPF_PROG_TYPE_SCHED_CLS, WH_BPF_TCX_INGRESS, ATT_TC_INGRESS},
	{"tcx/egress",          SEC_EXACT, BPF_PROG_TYPE_SCHED_CLS, WH_BPF_TCX_EGRESS, ATT_TC_EGRESS},
	{"tc/ingress",          SEC_EXACT, BPF_PROG_TYPE_SCHED_CLS, WH_BPF_TCX_INGRESS, ATT_TC_INGRESS},
	{"tc/egress",           SEC_EXACT, BPF_PROG_TYPE_SCHED_CLS, WH_BPF_TCX_EGRESS, ATT_TC_EGRESS},
	{"tc",                  SEC_EXACT, BPF_PROG_TYPE_SCHED_CLS, NOAT, ATT_TC_INGRESS},
	{"classifier",          SEC_EXACT, BPF_PROG_TYPE_SCHED_CLS, NOAT, ATT_TC_INGRESS},
	{"action",              SEC_EXACT, BPF_PROG_TYPE_SCHED_ACT, NOAT, ATT_TC_INGRESS},
	{"kprobe",              SEC_PLUS,  BPF_PROG_TYPE_KPROBE, NOAT, ATT_KPROBE},
	{"kretprobe",           SEC_PLUS,  BPF_PROG_TYPE_KPROBE, NOAT, ATT_KRETPROBE},
	{"ksyscall",            SEC_PLUS,  BPF_PROG_TYPE_KPROBE, NOAT, ATT_KPROBE},
	{"kretsyscall",         SEC_PLUS,  BPF_PROG_TYPE_KPROBE, NOAT, ATT_KRETPROBE},
	{"uprobe",              SEC_PLUS,  BPF_PROG_TYPE_KPROBE, NOAT, ATT_UPROBE},
	{"uretprobe",           SEC_PLUS,  BPF_PROG_TYPE_KPROBE, NOAT, ATT_URETPROBE},
	{"tracepoint",          SEC_PLUS,  BPF_PROG_TYPE_TRACEPOINT, NOAT, ATT_TRACEPOINT},
	{"tp",                  SEC_PLUS,  BPF_PROG_TYPE_TRACEPOINT, NOAT, ATT_TRACEPOINT},
	{"raw_tracepoint",      SEC_PLUS,  BPF_PROG_TYPE_RAW_TRACEPOINT, NOAT, ATT_RAW_TRACEPOINT},
	{"raw_tp",              SEC_PLUS,  BPF_PROG_TYPE_RAW_TRACEPOINT, NOAT, ATT_RAW_TRACEPOINT},
	{"socket",              SEC_EXACT, BPF_PROG_TYPE_SOCKET_FILTER, NOAT, ATT_NONE},
	{"sk_reuseport/migrate",SEC_EXACT, BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT_OR_MIGRATE, ATT_NONE},
	{"sk_reuseport",        SEC_EXACT, BPF_PROG_TYPE_SK_REUSEPORT, BPF_SK_REUSEPORT_SELECT, ATT_NONE},
	{"sk_skb/stream_parser",SEC_EXACT, BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_PARSER, ATT_NONE},
	{"sk_skb/stream_verdict",SEC_EXACT,BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_STREAM_VERDICT, ATT_NONE},
	{"sk_skb/verdict",      SEC_EXACT, BPF_PROG_TYPE_SK_SKB, BPF_SK_SKB_VERDICT, ATT_NONE},
	{"sk_skb",              SEC_EXACT, BPF_PROG_TYPE_SK_SKB, NOAT, ATT_NONE},
	{"sk_msg",              SEC_EXACT, BPF_PROG_TYPE_SK_MSG, BPF_SK_MSG_VERDICT, ATT_NONE},
	{"sk_lookup",           SEC_EXACT, BPF_PROG_TYPE_SK_LOOKUP, BPF_SK_LOOKUP, ATT_NONE},
	{"flow_dissector",      SEC_EXACT, BPF_PROG_TYPE_FLOW_DISSECTOR, BPF_FLOW_DISSECTOR, ATT_NONE},
	{"lwt_in",              SEC_EXACT, BPF_PROG_TYPE_LWT_IN, NOAT, ATT_NONE},
	{"lwt_out",             SEC_EXACT, BPF_PROG_TYPE_LWT_OUT, NOAT, ATT_NONE},
	{"lwt_xmit",            SEC_EXACT, BPF_PROG_TYPE_LWT_XMIT, NOAT, ATT_NONE},
	{"lwt_seg6local",       SEC_EXACT, BPF_PROG_TYPE_LWT_SEG6LOCAL, NOAT, ATT_NONE},
	{"perf_event",          SEC_EXACT, BPF_PROG_TYPE_PERF_EVENT, NOAT, ATT_NONE},
	{"sockops",             SEC_EXACT, BPF_PROG_TYPE_SOCK_OPS, BPF_CGROUP_SOCK_OPS, ATT_CGROUP},
	{"cgroup_skb/ingress",  SEC_EXACT, BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, ATT_CGROUP},
	{"cgroup_skb/egress",   SEC_EXACT, BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, ATT_CGROUP},
	{"cgroup/skb",          SEC_EXACT, BPF_PROG_TYPE_CGROUP_SKB, NOAT, ATT_CGROUP},
	{"cgroup/sock_create",  SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, ATT_CGROUP},
	{"cgroup/sock_release", SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_RELEASE, ATT_CGROUP},
	{"cgroup/sock",         SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE, ATT_CGROUP},
	{"cgroup/post_bind4",   SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET4_POST_BIND, ATT_CGROUP},
	{"cgroup/post_bind6",   SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET6_POST_BIND, ATT_CGROUP},
	{"cgroup/bind4",        SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_BIND, ATT_CGROUP},
	{"cgroup/bind6",        SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_BIND, ATT_CGROUP},
	{"cgroup/connect4",     SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_CONNECT, ATT_CGROUP},
	{"cgroup/connect6",     SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_CONNECT, ATT_CGROUP},
	{"cgroup/sendmsg4",     SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_SENDMSG, ATT_CGROUP},
	{"cgroup/sendmsg6",     SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_SENDMSG, ATT_CGROUP},
	{"cgroup/recvmsg4",     SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP4_RECVMSG, ATT_CGROUP},
	{"cgroup/recvmsg6",     SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_UDP6_RECVMSG, ATT_CGROUP},
	{"cgroup/getpeername4", SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETPEERNAME, ATT_CGROUP},
	{"cgroup/getpeername6", SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETPEERNAME, ATT_CGROUP},
	{"cgroup/getsockname4", SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET4_GETSOCKNAME, ATT_CGROUP},
	{"cgroup/getsockname6", SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, BPF_CGROUP_INET6_GETSOCKNAME, ATT_CGROUP},
	{"cgroup/dev",          SEC_EXACT, BPF_PROG_TYPE_CGROUP_DEVICE, BPF_CGROUP_DEVICE, ATT_CGROUP},
	{"cgroup/sysctl",       SEC_EXACT, BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL, ATT_CGROUP},
	{"cgroup/getsockopt",   SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_GETSOCKOPT, ATT_CGROUP},
	{"cgroup/setsockopt",   SEC_EXACT, BPF_PROG_TYPE_CGROUP_SOCKOPT, BPF_CGROUP_SETSOCKOPT, ATT_CGROUP},
};

const SectionInfo *section_lookup(const char *name)
{
	for (unsigned i = 0; i < sizeof sections / sizeof *sections; i++) {
		const SectionInfo *s = &sections[i];
		size_t n = strlen(s->prefix);
		if (!strcmp(name, s->prefix))
			return s;
		if (s->match != SEC_EXACT && !strncmp(name, s->prefix, n) && name[n] == '/')
			return s;
	}
	return NULL;
}

const SectionInfo *section_lookup_loose(const char *name)
{
	const SectionInfo *s = section_lookup(name);
	if (s)
		return s;
	const char *slash = strchr(name, '/');
	size_t n = slash ? (size_t)(slash - name) : strlen(name);
	for (unsigned i = 0; i < sizeof sections / sizeof *sections; i++)
		if (strlen(sections[i].prefix) == n && !strncmp(sections[i].prefix, name, n))
			return &sections[i];
	return NULL;
}

const char *section_libbpf_spelling(const char *name)
{
	const SectionInfo *s = section_lookup(name) ? NULL : section_lookup_loose(name);
	return s ? s->prefix : NULL;
}

static const CoreKindInfo core_kinds[] = {
	{"byte_off", BPF_CORE_FIELD_BYTE_OFFSET, 1},
	{"byte_sz", BPF_CORE_FIELD_BYTE_SIZE, 1},
	{"field_exists", BPF_CORE_FIELD_EXISTS, 1},
	{"signed", BPF_CORE_FIELD_SIGNED, 1},
	{"lshift_u64", BPF_CORE_FIELD_LSHIFT_U64, 1},
	{"rshift_u64", BPF_CORE_FIELD_RSHIFT_U64, 1},
	{"local_type_id", BPF_CORE_TYPE_ID_LOCAL, 0},
	{"target_type_id", BPF_CORE_TYPE_ID_TARGET, 0},
	{"type_exists", BPF_CORE_TYPE_EXISTS, 0},
	{"type_size", BPF_CORE_TYPE_SIZE, 0},
	{"enumval_exists", BPF_CORE_ENUMVAL_EXISTS, 0},
	{"enumval_value", BPF_CORE_ENUMVAL_VALUE, 0},
	{"type_matches", BPF_CORE_TYPE_MATCHES, 0},
};

const CoreKindInfo *core_kind_by_name(const char *name)
{
	for (unsigned i = 0; i < sizeof core_kinds / sizeof *core_kinds; i++)
		if (!strcmp(core_kinds[i].name, name))
			return &core_kinds[i];
	return NULL;
}

const CoreKindInfo *core_kind_by_value(int kind)
{
	for (unsigned i = 0; i < sizeof core_kinds / sizeof *core_kinds; i++)
		if (core_kinds[i].kind == kind)
			return &core_kinds[i];
	return NULL;
}

uint64_t core_field_value(int kind, uint64_t off, uint64_t size, int is_signed)
{
	switch (kind) {
	case BPF_CORE_FIELD_BYTE_OFFSET: return off;
	case BPF_CORE_FIELD_BYTE_SIZE: return size;
	case BPF_CORE_FIELD_EXISTS: return 1;
	case BPF_CORE_FIELD_SIGNED: return is_signed != 0;
	case BPF_CORE_FIELD_LSHIFT_U64:
	case BPF_CORE_FIELD_RSHIFT_U64: return size >= 8 ? 0 : 64 - 8 * size;
	default: return 0;
	}
}
