/* btf.h: BTF, the kernel's type format, in one place: the decoder of raw
 * blobs (/sys/kernel/btf/vmlinux, an object's .BTF, a map's BTF read back
 * from the kernel), the queries on its type graph, and the builder that
 * encodes new blobs (btf_write.c). The kernel's uapi <linux/btf.h> is the
 * authority for every record, field and mask. Every offset, length and
 * type id is checked against the blob: a bad blob gives an error message,
 * never a crash. Nothing here prints or exits, so the expander, the
 * object reader and the loader each report errors their own way. */
#ifndef WH_BTF_H
#define WH_BTF_H
#include <stddef.h>
#include <stdint.h>
#include <linux/btf.h>
#include "arena.h"

typedef struct Btf Btf;

/* Parse a raw blob (header, types, strings). The bytes are not copied:
 * they must live as long as the Btf (misaligned ones are copied into
 * `a`). Returns NULL on success, else a message ("truncated header",
 * ...) allocated from `a`. */
const char *btf_parse(Arena *a, const void *data, size_t len, Btf **out);
/* The same for split BTF, a blob that continues `base` (a kernel module's
 * BTF continues vmlinux's): its types are numbered after the base's and
 * its string offsets count from the end of the base's string section;
 * every query below reaches the base's types and strings through it.
 * The base must outlive it. With base NULL, btf_parse. */
const char *btf_parse_split(Arena *a, const void *data, size_t len, const Btf *base,
			    Btf **out);

/* The blob as parsed, and its length. */
const uint8_t *btf_bytes(const Btf *b, size_t *len);
uint32_t btf_type_count(const Btf *b);          /* highest id + 1 */
/* Split BTF: the first id of its own types (the base's count), and its
 * base. A blob without a base: 1 and NULL. */
uint32_t btf_first_id(const Btf *b);
const Btf *btf_base(const Btf *b);
/* The record of type `id`: NULL for 0 (void) and ids out of range. */
const struct btf_type *btf_type_at(const Btf *b, uint32_t id);
/* A string of the string section: NULL when `off` lies outside it. */
const char *btf_str(const Btf *b, uint32_t off);
/* The name of a type of this blob ("" when anonymous; checked at parse). */
const char *btf_name(const Btf *b, const struct btf_type *t);
const char *btf_kind_name(uint32_t kind);       /* "STRUCT", "UNKNOWN" */
/* Fields of the info word, with the kernel's masks. */
static inline uint32_t btf_kind_of(const struct btf_type *t) { return BTF_INFO_KIND(t->info); }
static inline uint32_t btf_vlen_of(const struct btf_type *t) { return BTF_INFO_VLEN(t->info); }
static inline int btf_kflag_of(const struct btf_type *t) { return (int)BTF_INFO_KFLAG(t->info); }
/* TYPEDEF, CONST, VOLATILE, RESTRICT, TYPE_TAG: kinds that only qualify
 * or rename another type. */
int btf_is_modifier(uint32_t kind);
/* Bytes of a record of this kind with vlen items (kind known). */
size_t btf_record_size(uint32_t kind, uint32_t vlen);
/* Whether the items of this kind (members, parameters, enumerators) begin
 * with a name offset. */
int btf_named_items(uint32_t kind);

/* The first type of `kind` named `name`: its id, or 0 when there is none. */
uint32_t btf_find(const Btf *b, const char *name, uint32_t kind);

/* Follow the modifiers from `id`; *out gets the first other type (0:
 * void). NULL or an error message. */
const char *btf_resolve(const Btf *b, uint32_t id, uint32_t *out);
/* The same for walkers that treat bad input as "nothing there": the
 * record reached (with *id its id), or NULL for void, a bad id or a
 * cycle. */
const struct btf_type *btf_skip_mods(const Btf *b, uint32_t *id);
/* Size in bytes of a type (through modifiers, arrays and VARs); 0 for
 * void and the kinds without a size (FWD, FUNC, FUNC_PROTO, DECL_TAG). */
const char *btf_size(const Btf *b, uint32_t id, uint64_t *size);

/* What a type is, once modifiers are skipped. */
typedef enum {
	BTF_IS_VOID, BTF_IS_INT, BTF_IS_PTR, BTF_IS_ARRAY, BTF_IS_STRUCT,
	BTF_IS_UNION, BTF_IS_ENUM, BTF_IS_FWD, BTF_IS_FLOAT, BTF_IS_FUNC_PROTO,
	BTF_IS_OTHER            /* FUNC, VAR, DATASEC, DECL_TAG: not a data type */
} BtfWhat;

typedef struct {
	BtfWhat what;
	uint32_t kind;          /* BTF_KIND_* of the resolved type */
	uint32_t id;            /* the resolved type's id (0: void) */
	const char *name;       /* its own name, "" when anonymous */
	uint64_t size;          /* bytes; PTR 8; ARRAY all elements; FWD 0 */
	int is_signed;          /* INT with the signed bit; signed ENUM/ENUM64 */
	int is_char, is_bool;   /* INT encodings */
	int is_union;           /* UNION, or FWD declaring a union */
	uint32_t int_bits;      /* INT: value bits (may be < size*8) */
	uint32_t int_shift;     /* INT: bit offset of the value (old bitfields) */
	uint32_t target;        /* PTR: pointee, ARRAY: element (both resolved,
				 * 0 for void) */
	uint64_t count;         /* ARRAY: number of elements */
	uint64_t elem_size;     /* ARRAY: bytes of one element */
} BtfShape;

const char *btf_shape(const Btf *b, uint32_t id, BtfShape *out);

typedef struct {
	const char *name;       /* "" for an anonymous member */
	uint64_t bit_offset;    /* from the start of the outer struct */
	uint32_t bitfield_size; /* bits of a bitfield; 0 when not a bitfield */
	BtfShape type;
} BtfMember;

/* The members of STRUCT or UNION `id`, in order. With `flatten`, each
 * anonymous struct or union member is replaced by its own members
 * (recursively), their offsets added. Each member is checked to lie
 * inside its struct. */
const char *btf_members(Arena *a, const Btf *b, uint32_t id, int flatten,
			BtfMember **out, int *n);
/* A member's bit offset and bitfield size as the record says them (with
 * kind_flag both are packed in `offset`); no checks. */
uint32_t btf_member_bit_offset(const struct btf_type *st, const struct btf_member *m);
uint32_t btf_member_bitfield_size(const struct btf_type *st, const struct btf_member *m);

/* ---- building a blob (btf_write.c) ----
 * Types are appended in id order (the first is 1), strings deduplicated
 * in the order they are first used. */
typedef struct BtfOut BtfOut;
BtfOut *btf_out_new(Arena *a);
/* The offset of s in the string section ("" is 0). */
uint32_t btf_out_str(BtfOut *o, const char *s);
uint32_t btf_out_count(const BtfOut *o);        /* types so far */
/* The common record of a new type; its kind's items follow with the
 * calls below. Returns the type's id. */
uint32_t btf_out_type(BtfOut *o, uint32_t kind, const char *name, int kflag,
		      uint32_t vlen, uint32_t size_or_type);
void btf_out_u32(BtfOut *o, uint32_t v);
uint32_t btf_out_int(BtfOut *o, const char *name, uint32_t bytes, uint32_t encoding);
uint32_t btf_out_array(BtfOut *o, uint32_t elem, uint32_t index, uint32_t nelems);
void btf_out_member(BtfOut *o, const char *name, uint32_t type, uint32_t bit_offset);
void btf_out_param(BtfOut *o, const char *name, uint32_t type);
void btf_out_secinfo(BtfOut *o, uint32_t var, uint32_t offset, uint32_t size);
/* Append every type of b (not split BTF) to an empty builder (ids
 * unchanged), names reinterned. */
void btf_out_copy(BtfOut *o, const Btf *b);
/* The blob: header, types, strings. */
void btf_out_encode(const BtfOut *o, Buf *out);
/* The blob parsed back (arena memory), for an object model; the builder
 * is freed. */
Btf *btf_out_finish(BtfOut *o);
void btf_out_free(BtfOut *o);

#endif
