/* bpf.h: the BPF facts every phase shares, one table each: instruction
 * encoding, helpers, map types, program types and their ELF sections,
 * context structs. Values come from the kernel's uapi <linux/bpf.h>. */
#ifndef WH_BPF_H
#define WH_BPF_H
#include <stdint.h>
#include "arena.h"

/* ---- instruction encoding ---- */
typedef struct {
	uint8_t code;
	uint8_t regs;           /* dst in low nibble, src in high nibble */
	int16_t off;
	int32_t imm;
} BpfInsn;

enum {
	/* classes */
	BC_LD = 0x00, BC_LDX = 0x01, BC_ST = 0x02, BC_STX = 0x03,
	BC_ALU = 0x04, BC_JMP = 0x05, BC_JMP32 = 0x06, BC_ALU64 = 0x07,
	/* sizes */
	BS_W = 0x00, BS_H = 0x08, BS_B = 0x10, BS_DW = 0x18,
	/* modes */
	BM_IMM = 0x00, BM_MEM = 0x60, BM_ATOMIC = 0xc0,
	/* sources */
	BSRC_K = 0x00, BSRC_X = 0x08,
	/* ALU ops */
	BA_ADD = 0x00, BA_SUB = 0x10, BA_MUL = 0x20, BA_DIV = 0x30,
	BA_OR = 0x40, BA_AND = 0x50, BA_LSH = 0x60, BA_RSH = 0x70,
	BA_NEG = 0x80, BA_MOD = 0x90, BA_XOR = 0xa0, BA_MOV = 0xb0,
	BA_ARSH = 0xc0, BA_END = 0xd0,
	/* JMP ops */
	BJ_JA = 0x00, BJ_JEQ = 0x10, BJ_JGT = 0x20, BJ_JGE = 0x30,
	BJ_JSET = 0x40, BJ_JNE = 0x50, BJ_JSGT = 0x60, BJ_JSGE = 0x70,
	BJ_CALL = 0x80, BJ_EXIT = 0x90, BJ_JLT = 0xa0, BJ_JLE = 0xb0,
	BJ_JSLT = 0xc0, BJ_JSLE = 0xd0,
	/* byte-swap source: to little / to big endian */
	BEND_LE = 0x00, BEND_BE = 0x08,
	/* atomic op flag */
	BATOMIC_FETCH = 0x01,
	BPF_REG_FP = 10,
	BPF_PSEUDO_MAP_FD_SRC = 1,
	BPF_STACK_LIMIT = 512,
};

/* The kernel has atomic read-modify-write only on 4 and 8 bytes. */
#define BPF_ATOMIC_WIDTH_OK(bytes) ((bytes) == 4 || (bytes) == 8)

/* ---- jump conditions: one table for mnemonic, opcode, inverse, swap ---- */
typedef enum {
	CC_EQ, CC_NE, CC_GT, CC_GE, CC_LT, CC_LE,
	CC_SGT, CC_SGE, CC_SLT, CC_SLE, CC_SET, CC_COUNT
} Cond;

typedef struct {
	const char *name;       /* ssa spelling: eq ne ugt ... set */
	const char *asm_op;     /* asm spelling: == != > ... & */
	uint8_t op;             /* BJ_* */
	Cond inverse;           /* !(a OP b) == a INV b; CC_COUNT if none */
	Cond swapped;           /* (a OP b) == (b SWP a) */
} CondInfo;
extern const CondInfo cond_info[CC_COUNT];
/* Whether `a CC b` holds for 64-bit operands (signed conditions compare
 * as int64_t): the folding both wh-opt and wh-emit need. */
int cond_holds(Cond cc, uint64_t a, uint64_t b);

/* ---- instructions the verifier refuses whatever the program around them
 * (bpf_refused.c): an immediate 0 divisor, a shift by the width or more,
 * a write to r10 ... ---- */
typedef struct {
	const char *name;                       /* short, for messages and tests */
	int (*refused)(const BpfInsn *in);
	const char *why;                        /* "divides by the immediate 0" */
} BpfRefusal;
extern const BpfRefusal bpf_refusals[];
extern const int bpf_nrefusals;
/* The first rule that refuses the instruction, or NULL. */
const BpfRefusal *bpf_refused(const BpfInsn *in);

/* ---- ALU operations (ssa spelling, asm spelling, opcode) ---- */
typedef enum {
	ALU_ADD, ALU_SUB, ALU_MUL, ALU_DIV, ALU_MOD, ALU_AND, ALU_OR,
	ALU_XOR, ALU_SHL, ALU_SHR, ALU_SAR, ALU_COUNT
} AluOp;
typedef struct {
	const char *name;       /* add sub ... */
	const char *asm_op;     /* += -= ... */
	uint8_t op;             /* BA_* */
	int commutative;
	const char *core;       /* the core form: + - * / mod logand ... */
} AluInfo;
extern const AluInfo alu_info[ALU_COUNT];
AluOp alu_by_core_name(const char *name);       /* ALU_COUNT when none */

/* alu.c: the arithmetic of the language as the BPF machine computes it,
 * for every phase that folds: x / 0 = 0, x mod 0 = x, shifts by their
 * amount modulo 64 (32 for w32, the `.w` forms on the low 32 bits, whose
 * result is zero-extended). */
uint64_t alu_eval(AluOp op, uint64_t a, uint64_t b, int w32);
/* What x OP y is when only one operand is the constant k (right: k is y,
 * else x), whatever the other holds: */
typedef enum {
	ALU_UNKNOWN,            /* it depends on the other operand */
	ALU_CONST,              /* the constant *v (x / 0, x * 0, 0 << y ...) */
	ALU_LEFT,               /* x itself (x + 0, x mod 0, x << 0 ...) */
	ALU_LOW32,              /* the low 32 bits of x (the w32 forms of those) */
	ALU_AMOUNT,             /* the shift x OP *v, *v the amount below the width */
} AluPartial;
AluPartial alu_partial(AluOp op, int w32, int right, uint64_t k, uint64_t *v);

/* ---- memory widths ---- */
typedef struct {
	const char *name;       /* u8 u16 u32 u64 */
	int bytes;
	uint8_t size;           /* BS_* */
} WidthInfo;
extern const WidthInfo width_info[4];
/* index into width_info for 1/2/4/8 bytes, or -1 */
int width_index(int bytes);
int width_from_name(const char *name);   /* bytes, or 0 */
/* The scalar types a map's key or value may have: u8 .. u64 and the
 * signed i8 .. i64. Bytes (0: not one), *is_signed set. */
int scalar_type_width(const char *name, int *is_signed);

/* ---- helpers ---- */
typedef struct {
	const char *name;       /* Whistler spelling: map-lookup-elem */
	const char *kname;      /* kernel spelling: bpf_map_lookup_elem */
	int id;
	int nargs;
	int ret_bytes;          /* width of the result for type inference;
				 * 0: returns nothing the verifier lets a program read */
	int map_arg;            /* 1-based index of an argument that is a map, or 0 */
	const char *map_types;  /* the map types (keywords, space-separated) its
				 * map argument may be; NULL: any */
	int gpl_only;           /* the kernel lets only GPL-compatible programs call it */
} HelperInfo;
/* Whether the kernel counts `license` as GPL-compatible. */
int license_gpl_compatible(const char *license);
const HelperInfo *helper_by_name(const char *name);
const HelperInfo *helper_by_id(int id);
/* Whether helper h takes a map of type `keyword` (what the kernel's
 * check_map_func_compatibility allows); and the accepted types for a
 * message, ":a" or ":a, :b or :c", in buf. */
int helper_takes_map(const HelperInfo *h, const char *keyword);
const char *helper_map_types_text(const HelperInfo *h, char *buf, int size);
const HelperInfo *helper_at(int i);     /* the i-th of the table, NULL past it */

/* ---- map types ---- */
typedef struct {
	const char *keyword;    /* :array without the colon: "array" */
	const char *kname;      /* BPF_MAP_TYPE_ARRAY */
	int type;               /* kernel enum value */
	int needs_sizes;        /* key and value sizes required */
	int per_cpu;
	/* What the kernel's map_alloc_check accepts (linux/kernel/bpf/
	 * arraymap.c, hashtab.c, lpm_trie.c, ringbuf.c): key and value sizes
	 * in [min, max], and flags that must be set. */
	int64_t key_min, key_max, value_min, value_max;
	uint32_t flags_needed;
	uint32_t flags_allowed; /* the :map-flags bits its alloc_check takes */
	int64_t entries_max;    /* the most :max-entries it can have */
	/* The key and value BTF types its map_check_btf accepts (the kernel
	 * refuses to create the map with others). */
	enum {
		MAP_TYPED_ANY,          /* any key and value type */
		MAP_TYPED_U32_KEY,      /* arrays: a 4-byte integer key, any value */
		MAP_TYPED_STRUCT_KEY,   /* lpm-trie: a struct key, any value */
		MAP_TYPED_NONE,         /* prog-array, ringbuf: no types */
	} typed;
} MapTypeInfo;
const MapTypeInfo *map_type_by_keyword(const char *kw);
const MapTypeInfo *map_type_by_id(int type);
const MapTypeInfo *map_type_at(int i);  /* the i-th of the table, NULL past it */
/* Why the kernel would refuse to create a map of type t with these sizes,
 * entries and flags, as a phrase ("an :array map's key is 4 bytes, not
 * 1"); NULL when it would not. */
const char *map_def_problem(Arena *a, const MapTypeInfo *t, int64_t key_size,
			    int64_t value_size, int64_t max_entries, int64_t flags);

/* ---- program types and sections ---- */
/* ---- attach kinds: how and where a program is attached ---- */
typedef enum {
	ATT_NONE,               /* "auto": the program's section decides */
	ATT_XDP,                /* the kernel's choice: driver if it can, else generic */
	ATT_XDPDRV, ATT_XDPGENERIC, ATT_XDPOFFLOAD,
	ATT_TC_INGRESS, ATT_TC_EGRESS,
	ATT_KPROBE, ATT_KRETPROBE, ATT_UPROBE, ATT_URETPROBE,
	ATT_TRACEPOINT, ATT_RAW_TRACEPOINT, ATT_CGROUP,
	ATT_COUNT
} AttachKind;

/* Attach types newer than some build hosts' uapi headers (kernel 6.6+). */
enum { WH_BPF_TCX_INGRESS = 46, WH_BPF_TCX_EGRESS = 47 };

/* Where an attachment's target comes from when none is given. */
enum { ATT_TARGET_NEEDED, ATT_TARGET_SECTION, ATT_TARGET_CGROUP_ROOT };

typedef struct {
	const char *name;       /* "xdp", "xdpdrv", "tc-ingress", "kprobe" ...; "auto" */
	int prog_type;          /* the program type it takes; -1: any */
	int target_from;        /* ATT_TARGET_* */
	const char *target_is;  /* what a target names: "an interface" ... */
} AttachKindInfo;
const AttachKindInfo *attach_kind_info(AttachKind k);
/* By name ("auto" too); -1 when unknown. */
int attach_kind_by_name(const char *name);

typedef struct {
	const char *keyword;    /* "xdp", "kprobe", "cgroup-skb" ... */
	const char *kname;      /* BPF_PROG_TYPE_XDP */
	int type;               /* kernel enum value */
	const char *ctx_struct; /* xdp_md, __sk_buff, pt_regs ... */
	const char *default_section;
} ProgTypeInfo;
const ProgTypeInfo *prog_type_by_keyword(const char *kw);
const ProgTypeInfo *prog_type_by_id(int type);
const ProgTypeInfo *prog_type_at(int i); /* the i-th of the table, NULL past it */
/* The values a program of type pt in section may return, when the
 * verifier checks them (cgroup programs return a verdict): 1 with *lo and
 * *hi set, else 0. */
int prog_ret_range(const ProgTypeInfo *pt, const char *section, int64_t *lo, int64_t *hi);

typedef struct {
	const char *prefix;     /* section name or prefix */
	int match;              /* SEC_EXACT, SEC_PLUS (name or name/...), SEC_SLASH (name/...) */
	int prog_type;
	int attach_type;        /* expected_attach_type, -1 for none */
	AttachKind attach;      /* where its programs attach; ATT_NONE: nowhere known */
} SectionInfo;
enum { SEC_EXACT, SEC_PLUS, SEC_SLASH };
/* The libbpf convention for a section name, or NULL when libbpf would not
 * recognise it. */
const SectionInfo *section_lookup(const char *name);
/* Like section_lookup, but also accepts NAME/anything when NAME alone is a
 * known section ("xdp/tcp" -> xdp, "tc/block_4444" -> tc): what wh-load
 * uses for sections written by hand that libbpf would not recognise. */
const SectionInfo *section_lookup_loose(const char *name);
/* For a section libbpf would not recognise but section_lookup_loose
 * places: the spelling libbpf knows ("xdp/tcp" -> "xdp"); NULL when libbpf
 * recognises the section, or when no prefix names a program type. */
const char *section_libbpf_spelling(const char *name);

/* ---- context structs (bpf_ctx.c) ---- */
typedef struct {
	const char *name;    /* Lisp spelling: data-end, user-ip4, remote-ip6 (underscores become hyphens) */
	int offset;          /* byte offset in the context struct */
	int width;           /* element width in bytes: 1 2 4 8 */
	int count;           /* array elements (user_ip6[4] -> 4), 0 for a scalar */
	int writable;        /* the kernel lets programs of this type store to it (best knowledge; see the kernel's *_is_valid_access rules) */
	int packet;          /* CTX_PKT...: the packet pointer the kernel gives on a load of it; CTX_VALUE: a value */
} CtxField;
/* What a context load yields. Decided once, by the expander from this
 * table, and carried in core (`(ctx-load u32 0 pkt)`) and in ssa (the type
 * of the load); later phases never look at offsets or names for it. */
enum { CTX_VALUE, CTX_PKT, CTX_PKT_END, CTX_PKT_META };
/* The value of such a pointer: a kernel address, never within 64 KiB of 0
 * or of 2^64, although the context field that gives it is a u32. The
 * verifier proves no packet offset past BPF_MAX_PACKET_OFF, so a packet
 * pointer plus an offset never wraps. */
#define BPF_MAX_PACKET_OFF 0xffff
#define KERNEL_PTR_MIN 0x10000ull
#define KERNEL_PTR_MAX (~0ull - 0x10000ull)
/* The spelling of a kind in core and ssa ("pkt", "pkt_end", "pkt_meta";
 * NULL for CTX_VALUE), and back (CTX_VALUE when not one). */
const char *ctx_ptr_name(int kind);
int ctx_ptr_kind(const char *name);
/* The scalar field of pt's context at exactly this offset and width, or NULL. */
const CtxField *ctx_field_at(const ProgTypeInfo *pt, int64_t offset, int width);
/* Field of the context struct that programs of type `pt` receive, or NULL.
 * Fields the kernel never lets this program type read are left out; fields
 * only some attach types may read (xdp egress-ifindex, bpf_sock src-ip4)
 * are kept. pt_regs and bpf_perf_event_data use the x86-64 layout. */
const CtxField *ctx_field_lookup(const ProgTypeInfo *pt, const char *lisp_name);
/* The bytes of the context struct programs of type pt receive (the end
 * of its last field), or 0 when the record is open-ended (a tracepoint's
 * fields come from its format file). */
int64_t ctx_struct_size(const ProgTypeInfo *pt);
/* All fields, for messages that list them ("known fields: ..."). n set to the count. */
const CtxField *ctx_fields(const ProgTypeInfo *pt, int *n);
/* Byte offset in struct pt_regs of argument n (1..6) of a probed function,
 * or of its return value (n = 0), for arch "x86_64" or "aarch64"; -1 for
 * another arch or n out of range. */
int pt_regs_arg_offset(const char *arch, int n);

/* ---- CO-RE relocations (enum bpf_core_relo_kind; libbpf's names) ---- */
typedef struct {
	const char *name;       /* byte_off, byte_sz, ... */
	int kind;               /* BPF_CORE_FIELD_BYTE_OFFSET ... */
	int field;              /* a field relocation: the access string walks
				 * members (the kinds the formats may carry) */
} CoreKindInfo;
const CoreKindInfo *core_kind_by_name(const char *name);
const CoreKindInfo *core_kind_by_value(int kind);   /* NULL: unknown */
/* The value a field relocation of `kind` has for a field (not a
 * bitfield) of `size` bytes at byte `off`: its offset, size, existence
 * (1), signedness, or the shifts that extract it from a 64-bit
 * little-endian load at its offset (64 - 8 * size, left and right). */
uint64_t core_field_value(int kind, uint64_t off, uint64_t size, int is_signed);

#endif
