/* btf_read.h: decoding raw BTF blobs (/sys/kernel/btf/vmlinux, an object's
 * .BTF section): the header, every type indexed by id, the string section,
 * lookup of named types, and what each struct or union member is. Every
 * offset, length and type id is checked against the blob: a bad blob gives
 * an error message, never a crash. Nothing here prints or exits, so the
 * expander and the loader can each report errors their own way. */
#ifndef WH_BTF_READ_H
#define WH_BTF_READ_H
#include <stddef.h>
#include <stdint.h>
#include <linux/btf.h>
#include "arena.h"

typedef struct BtfBlob BtfBlob;

/* Parse a raw blob. The bytes are not copied (they must outlive the
 * BtfBlob) unless they are misaligned. Returns NULL on success, else a
 * message ("truncated header", ...) allocated from `a`. */
const char *btf_parse(Arena *a, const void *data, size_t len, BtfBlob **out);

uint32_t btf_type_count(const BtfBlob *b);      /* highest id + 1 */
/* The record of type `id`: NULL for 0 (void) and ids out of range. */
const struct btf_type *btf_type_at(const BtfBlob *b, uint32_t id);
/* A string of the string section: NULL when `off` lies outside it. */
const char *btf_str(const BtfBlob *b, uint32_t off);
const char *btf_kind_name(uint32_t kind);       /* "STRUCT", "UNKNOWN" */
/* Fields of the info word (vlen and kind as wide as the newest uapi). */
static inline uint32_t btf_kind_of(const struct btf_type *t) { return (t->info >> 24) & 0x7f; }
static inline uint32_t btf_vlen_of(const struct btf_type *t) { return t->info & 0xffffff; }
static inline int btf_kflag_of(const struct btf_type *t) { return (int)(t->info >> 31); }

/* The first type of `kind` named `name`: its id, or 0 when there is none. */
uint32_t btf_find(const BtfBlob *b, const char *name, uint32_t kind);

/* Follow TYPEDEF, CONST, VOLATILE, RESTRICT and TYPE_TAG from `id`; *out
 * gets the first other type (0: void). NULL or an error message. */
const char *btf_resolve(const BtfBlob *b, uint32_t id, uint32_t *out);
/* Size in bytes of a type (through modifiers and arrays). */
const char *btf_size(const BtfBlob *b, uint32_t id, uint64_t *size);

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

const char *btf_shape(const BtfBlob *b, uint32_t id, BtfShape *out);

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
const char *btf_members(Arena *a, const BtfBlob *b, uint32_t id, int flatten,
			BtfMember **out, int *n);

#endif
