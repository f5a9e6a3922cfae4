/* btf.c: the BTF decoder. btf_parse checks the header and walks the type
 * section once, checking each record fits and that it and its items name
 * strings inside the string section, and indexes the records by id; the
 * queries check every type id they follow and bound every chain, so a
 * hostile blob (cycles, ids out of range, members outside their struct)
 * yields a message. Split BTF (a kernel module's, under /sys/kernel/btf/)
 * continues a base blob: its first type id follows the base's last, its
 * string offsets follow the base's string section, and every lookup below
 * an id or offset of its own goes to the base. */
#include "btf.h"
#include <string.h>

struct Btf {
	Arena *a;               /* for error messages */
	const uint8_t *raw;     /* the whole blob */
	uint32_t raw_len;
	const uint8_t *types;
	uint32_t types_len;
	const char *strs;       /* ends with a NUL (checked) */
	uint32_t strs_len;
	uint32_t *at;           /* by id - first_id: offset of its record in `types` */
	uint32_t ntypes;        /* highest id + 1, the base's included */
	const Btf *base;        /* split BTF: the blob it continues; else NULL */
	uint32_t first_id;      /* the id of the first record of `types` */
	uint32_t first_str;     /* the offset of the first byte of `strs` */
};

/* Per kind: the name, the bytes that follow struct btf_type, what it is,
 * and whether its items begin with a name offset (which the writer
 * reinterns). */
static const struct {
	const char *name;
	uint32_t fixed;         /* bytes after the common record */
	uint32_t per_vlen;      /* bytes per vlen item */
	BtfWhat what;
	uint8_t modifier;       /* only qualifies or renames another type */
	uint8_t named_items;
	uint8_t refers;         /* `type` of the common record is a type id */
	int8_t item_type;       /* offset of a type id in each item; -1: none */
} kinds[] = {
	[BTF_KIND_INT]        = {"INT", 4, 0, BTF_IS_INT, 0, 0, 0, -1},
	[BTF_KIND_PTR]        = {"PTR", 0, 0, BTF_IS_PTR, 0, 0, 1, -1},
	[BTF_KIND_ARRAY]      = {"ARRAY", sizeof(struct btf_array), 0, BTF_IS_ARRAY, 0, 0, 0, -1},
	[BTF_KIND_STRUCT]     = {"STRUCT", 0, sizeof(struct btf_member), BTF_IS_STRUCT, 0, 1, 0, 4},
	[BTF_KIND_UNION]      = {"UNION", 0, sizeof(struct btf_member), BTF_IS_UNION, 0, 1, 0, 4},
	[BTF_KIND_ENUM]       = {"ENUM", 0, sizeof(struct btf_enum), BTF_IS_ENUM, 0, 1, 0, -1},
	[BTF_KIND_FWD]        = {"FWD", 0, 0, BTF_IS_FWD, 0, 0, 0, -1},
	[BTF_KIND_TYPEDEF]    = {"TYPEDEF", 0, 0, BTF_IS_OTHER, 1, 0, 1, -1},
	[BTF_KIND_VOLATILE]   = {"VOLATILE", 0, 0, BTF_IS_OTHER, 1, 0, 1, -1},
	[BTF_KIND_CONST]      = {"CONST", 0, 0, BTF_IS_OTHER, 1, 0, 1, -1},
	[BTF_KIND_RESTRICT]   = {"RESTRICT", 0, 0, BTF_IS_OTHER, 1, 0, 1, -1},
	[BTF_KIND_FUNC]       = {"FUNC", 0, 0, BTF_IS_OTHER, 0, 0, 1, -1},
	[BTF_KIND_FUNC_PROTO] = {"FUNC_PROTO", 0, sizeof(struct btf_param), BTF_IS_FUNC_PROTO, 0, 1, 1, 4},
	[BTF_KIND_VAR]        = {"VAR", sizeof(struct btf_var), 0, BTF_IS_OTHER, 0, 0, 1, -1},
	[BTF_KIND_DATASEC]    = {"DATASEC", 0, sizeof(struct btf_var_secinfo), BTF_IS_OTHER, 0, 0, 0, 0},
	[BTF_KIND_FLOAT]      = {"FLOAT", 0, 0, BTF_IS_FLOAT, 0, 0, 0, -1},
	[BTF_KIND_DECL_TAG]   = {"DECL_TAG", sizeof(struct btf_decl_tag), 0, BTF_IS_OTHER, 0, 0, 1, -1},
	[BTF_KIND_TYPE_TAG]   = {"TYPE_TAG", 0, 0, BTF_IS_OTHER, 1, 0, 1, -1},
	[BTF_KIND_ENUM64]     = {"ENUM64", 0, sizeof(struct btf_enum64), BTF_IS_ENUM, 0, 1, 0, -1},
};
#define NKINDS (sizeof kinds / sizeof *kinds)

static int known_kind(uint32_t kind)
{
	return kind < NKINDS && kinds[kind].name;
}

int btf_is_modifier(uint32_t kind)
{
	return known_kind(kind) && kinds[kind].modifier;
}

size_t btf_record_size(uint32_t kind, uint32_t vlen)
{
	return sizeof(struct btf_type) + kinds[kind].fixed + (size_t)kinds[kind].per_vlen * vlen;
}

int btf_named_items(uint32_t kind)
{
	return known_kind(kind) && kinds[kind].named_items;
}

/* Longer chains of modifiers, arrays or anonymous members are cycles. */
enum { MAX_CHAIN = 64, MAX_NESTING = 32 };

const char *btf_kind_name(uint32_t kind)
{
	return known_kind(kind) ? kinds[kind].name : "UNKNOWN";
}

uint32_t btf_type_count(const Btf *b) { return b->ntypes; }
uint32_t btf_first_id(const Btf *b) { return b->first_id; }
const Btf *btf_base(const Btf *b) { return b->base; }

const uint8_t *btf_bytes(const Btf *b, size_t *len)
{
	*len = b->raw_len;
	return b->raw;
}

const struct btf_type *btf_type_at(const Btf *b, uint32_t id)
{
	if (id < b->first_id)
		return b->base ? btf_type_at(b->base, id) : NULL;
	if (id >= b->ntypes)
		return NULL;
	return (const struct btf_type *)(b->types + b->at[id - b->first_id]);
}

const char *btf_str(const Btf *b, uint32_t off)
{
	if (off < b->first_str)
		return btf_str(b->base, off);
	off -= b->first_str;
	return off < b->strs_len ? b->strs + off : NULL;
}

const char *btf_name(const Btf *b, const struct btf_type *t)
{
	const char *s = btf_str(b, t->name_off);
	return s ? s : "";      /* checked at parse: only for foreign records */
}

static const char *check_header(Arena *a, const struct btf_header *h, size_t len)
{
	if (h->magic == 0x9FEB)
		return "big-endian BTF is not supported";
	if (h->magic != BTF_MAGIC)
		return arena_printf(a, "bad magic 0x%04x (not raw BTF)", h->magic);
	if (h->version != BTF_VERSION)
		return arena_printf(a, "unsupported version %u", h->version);
	if (h->flags)
		return arena_printf(a, "unsupported flags 0x%x", h->flags);
	if (h->hdr_len < sizeof *h || h->hdr_len > len)
		return arena_printf(a, "bad header length %u in a blob of %zu bytes",
				    h->hdr_len, len);
	if (h->hdr_len % 4 || h->type_off % 4)
		return "unaligned type section";
	uint64_t body = len - h->hdr_len;
	if ((uint64_t)h->type_off + h->type_len > body)
		return arena_printf(a, "type section (%u bytes at %u) runs past the "
				    "end of the blob (%llu bytes after the header)",
				    h->type_len, h->type_off, (unsigned long long)body);
	if ((uint64_t)h->str_off + h->str_len > body)
		return arena_printf(a, "string section (%u bytes at %u) runs past the "
				    "end of the blob (%llu bytes after the header)",
				    h->str_len, h->str_off, (unsigned long long)body);
	return NULL;
}

/* For messages: where a split blob's strings may be. */
static const char *strings_where(const Btf *b)
{
	if (!b->base)
		return "";
	return arena_printf(b->a, "s (the base's and this split BTF's: offsets "
			    "below %u)", b->first_str + b->strs_len);
}

/* Walk the records once, checking each and noting its offset by id. A
 * record is at least 12 bytes, which bounds the size of the index. */
static const char *index_types(Btf *b)
{
	b->at = arena_alloc(b->a, ((size_t)b->types_len / sizeof(struct btf_type) + 1) *
			    sizeof *b->at);
	uint32_t off = 0, id = b->first_id;
	while (off < b->types_len) {
		if (b->types_len - off < sizeof(struct btf_type))
			return arena_printf(b->a, "type %u is truncated", id);
		const struct btf_type *t = (const void *)(b->types + off);
		uint32_t kind = btf_kind_of(t);
		if (!known_kind(kind))
			return arena_printf(b->a, "type %u has unknown kind %u", id, kind);
		uint64_t n = sizeof *t + kinds[kind].fixed +
			     (uint64_t)kinds[kind].per_vlen * btf_vlen_of(t);
		if (n > b->types_len - off)
			return arena_printf(b->a, "type %u (%s) runs past the end of "
					    "the type section", id, kinds[kind].name);
		if (!btf_str(b, t->name_off))
			return arena_printf(b->a, "type %u has a name outside the "
					    "string section%s", id, strings_where(b));
		/* each item (member, parameter, enumerator) starts with its
		 * name offset */
		const uint8_t *item = (const uint8_t *)(t + 1) + kinds[kind].fixed;
		for (uint32_t i = 0; kinds[kind].named_items && i < btf_vlen_of(t); i++) {
			uint32_t name_off;
			memcpy(&name_off, item + (size_t)i * kinds[kind].per_vlen, 4);
			if (!btf_str(b, name_off))
				return arena_printf(b->a, "type %u (%s): item %u has a name "
						    "outside the string section%s", id,
						    kinds[kind].name, i, strings_where(b));
		}
		if (id > BTF_MAX_TYPE)
			return "too many types";
		b->at[id++ - b->first_id] = off;
		off += (uint32_t)n;
	}
	b->ntypes = id;
	return NULL;
}

/* "type 3 (STRUCT)", or for a named item of it "member 'c' of sample
 * (type 3)", as a bad reference's message starts. */
static const char *referrer(const Btf *b, uint32_t id, int item)
{
	const struct btf_type *t = btf_type_at(b, id);
	uint32_t kind = btf_kind_of(t);
	if (item < 0)
		return arena_printf(b->a, "type %u (%s)", id, kinds[kind].name);
	if (kind != BTF_KIND_STRUCT && kind != BTF_KIND_UNION)
		return arena_printf(b->a, "type %u (%s): item %d", id, kinds[kind].name, item);
	const struct btf_member *m = (const struct btf_member *)(t + 1) + item;
	const char *sname = btf_name(b, t);
	return arena_printf(b->a, "member '%s' of %s (type %u)", btf_str(b, m->name_off),
			    *sname ? sname : "(anon)", id);
}

static const char *bad_ref(const Btf *b, uint32_t id, int item, uint32_t ref)
{
	return arena_printf(b->a, "%s refers to type %u, which does not exist (the last "
			    "is %u%s)", referrer(b, id, item), ref, b->ntypes - 1,
			    b->base ? ", the base's included" : "");
}

/* Every type id a record of this blob holds names a type of the blob or
 * of its base (or void): checked once here, so a split blob built on
 * another base, or a hostile one, is one message. */
static const char *check_refs(const Btf *b)
{
	for (uint32_t id = b->first_id; id < b->ntypes; id++) {
		const struct btf_type *t = btf_type_at(b, id);
		uint32_t kind = btf_kind_of(t), ref;
		if (kinds[kind].refers && t->type >= b->ntypes)
			return bad_ref(b, id, -1, t->type);
		if (kind == BTF_KIND_ARRAY) {
			const struct btf_array *arr = (const void *)(t + 1);
			if (arr->type >= b->ntypes)
				return bad_ref(b, id, -1, arr->type);
			if (arr->index_type >= b->ntypes)
				return bad_ref(b, id, -1, arr->index_type);
		}
		if (kinds[kind].item_type < 0)
			continue;
		const uint8_t *item = (const uint8_t *)(t + 1) + kinds[kind].fixed;
		for (uint32_t i = 0; i < btf_vlen_of(t); i++, item += kinds[kind].per_vlen) {
			memcpy(&ref, item + kinds[kind].item_type, 4);
			if (ref >= b->ntypes)
				return bad_ref(b, id, (int)i, ref);
		}
	}
	return NULL;
}

const char *btf_parse(Arena *a, const void *data, size_t len, Btf **out)
{
	return btf_parse_split(a, data, len, NULL, out);
}

const char *btf_parse_split(Arena *a, const void *data, size_t len, const Btf *base,
			    Btf **out)
{
	struct btf_header h;
	if (!data || len < sizeof h)
		return arena_printf(a, "truncated header (%zu bytes, need %zu)",
				    len, sizeof h);
	if (len > UINT32_MAX)
		return "blob larger than 4 GiB";
	memcpy(&h, data, sizeof h);
	const char *err = check_header(a, &h, len);
	if (err)
		return err;
	const uint8_t *raw = data;
	if ((uintptr_t)raw % 4) {       /* records are read in place */
		uint8_t *copy = arena_alloc(a, len);
		memcpy(copy, data, len);
		raw = copy;
	}
	Btf *b = arena_alloc(a, sizeof *b);
	b->a = a;
	b->raw = raw;
	b->raw_len = (uint32_t)len;
	b->types = raw + h.hdr_len + h.type_off;
	b->types_len = h.type_len;
	b->strs = (const char *)raw + h.hdr_len + h.str_off;
	b->strs_len = h.str_len;
	b->base = base;
	b->first_id = base ? base->ntypes : 1;
	b->first_str = base ? base->first_str + base->strs_len : 0;
	b->ntypes = b->first_id;
	if (base && (uint64_t)b->first_str + b->strs_len > UINT32_MAX)
		return "string sections larger than 4 GiB";
	if (!base && b->strs_len && b->strs[0])
		return "bad string section: it does not start with a NUL (split BTF, "
		       "such as a kernel module's, needs its base: the vmlinux BTF)";
	if ((!base && !b->strs_len) || (b->strs_len && b->strs[b->strs_len - 1]))
		return "bad string section (it must start and end with a NUL)";
	if ((err = index_types(b)) || (err = check_refs(b)))
		return err;
	*out = b;
	return NULL;
}

uint32_t btf_find(const Btf *b, const char *name, uint32_t kind)
{
	for (uint32_t id = 1; id < b->ntypes; id++) {
		const struct btf_type *t = btf_type_at(b, id);
		if (btf_kind_of(t) == kind && !strcmp(btf_name(b, t), name))
			return id;
	}
	return 0;
}

static const char *missing(const Btf *b, uint32_t from, uint32_t id)
{
	if (from == id)
		return arena_printf(b->a, "reference to type %u, which does not "
				    "exist (the last is %u)", id, b->ntypes - 1);
	return arena_printf(b->a, "type %u refers to type %u, which does not "
			    "exist (the last is %u)", from, id, b->ntypes - 1);
}

const char *btf_resolve(const Btf *b, uint32_t id, uint32_t *out)
{
	uint32_t start = id, from = id;
	for (int depth = 0; depth < MAX_CHAIN; depth++) {
		if (id == 0) {
			*out = 0;
			return NULL;
		}
		const struct btf_type *t = btf_type_at(b, id);
		if (!t)
			return missing(b, from, id);
		if (!btf_is_modifier(btf_kind_of(t))) {
			*out = id;
			return NULL;
		}
		from = id;
		id = t->type;
	}
	return arena_printf(b->a, "type %u: chain of typedefs and qualifiers "
			    "too long (a cycle?)", start);
}

const struct btf_type *btf_skip_mods(const Btf *b, uint32_t *id)
{
	for (int depth = 0; depth < MAX_CHAIN; depth++) {
		const struct btf_type *t = btf_type_at(b, *id);
		if (!t || !btf_is_modifier(btf_kind_of(t)))
			return t;
		*id = t->type;
	}
	return NULL;
}

const char *btf_size(const Btf *b, uint32_t id, uint64_t *size)
{
	uint64_t mult = 1;
	for (int depth = 0; depth < MAX_CHAIN; depth++) {
		const char *err = btf_resolve(b, id, &id);
		if (err)
			return err;
		const struct btf_type *t = btf_type_at(b, id);
		if (!t) {
			*size = 0;      /* void */
			return NULL;
		}
		switch (btf_kind_of(t)) {
		case BTF_KIND_PTR:
			*size = mult * 8;
			return NULL;
		case BTF_KIND_ARRAY: {
			const struct btf_array *arr = (const void *)(t + 1);
			mult *= arr->nelems;
			if (mult > UINT32_MAX)
				return arena_printf(b->a, "array type %u is too large", id);
			id = arr->type;
			continue;
		}
		case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_FLOAT:
		case BTF_KIND_DATASEC:
			*size = mult * t->size;
			return NULL;
		case BTF_KIND_VAR:
			id = t->type;
			continue;
		default:
			*size = 0;      /* FWD, FUNC, FUNC_PROTO, DECL_TAG */
			return NULL;
		}
	}
	return arena_printf(b->a, "type %u: arrays nested too deeply (a cycle?)", id);
}

const char *btf_shape(const Btf *b, uint32_t id, BtfShape *s)
{
	memset(s, 0, sizeof *s);
	s->name = "";
	const char *err = btf_resolve(b, id, &s->id);
	if (err)
		return err;
	const struct btf_type *t = btf_type_at(b, s->id);
	if (!t)
		return NULL;            /* void */
	s->kind = btf_kind_of(t);
	s->what = kinds[s->kind].what;
	s->name = btf_name(b, t);
	switch (s->kind) {
	case BTF_KIND_INT: {
		uint32_t enc;
		memcpy(&enc, t + 1, sizeof enc);
		s->size = t->size;
		s->is_signed = (BTF_INT_ENCODING(enc) & BTF_INT_SIGNED) != 0;
		s->is_char = (BTF_INT_ENCODING(enc) & BTF_INT_CHAR) != 0;
		s->is_bool = (BTF_INT_ENCODING(enc) & BTF_INT_BOOL) != 0;
		s->int_bits = BTF_INT_BITS(enc);
		s->int_shift = BTF_INT_OFFSET(enc);
		if (s->int_bits + s->int_shift > (uint64_t)t->size * 8)
			return arena_printf(b->a, "INT type %u: %u bits at %u do not "
					    "fit in %u bytes", s->id, s->int_bits,
					    s->int_shift, t->size);
		return NULL;
	}
	case BTF_KIND_PTR:
		s->size = 8;
		return btf_resolve(b, t->type, &s->target);
	case BTF_KIND_ARRAY: {
		const struct btf_array *arr = (const void *)(t + 1);
		if ((err = btf_resolve(b, arr->type, &s->target)) ||
		    (err = btf_size(b, s->target, &s->elem_size)) ||
		    (err = btf_size(b, s->id, &s->size)))
			return err;
		s->count = arr->nelems;
		return NULL;
	}
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		s->is_union = s->kind == BTF_KIND_UNION;
		s->size = t->size;
		return NULL;
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		s->is_signed = btf_kflag_of(t);
		s->size = t->size;
		return NULL;
	case BTF_KIND_FWD:
		s->is_union = btf_kflag_of(t);
		return NULL;
	case BTF_KIND_FLOAT:
		s->size = t->size;
		return NULL;
	default:
		return NULL;            /* FUNC_PROTO and the non-data kinds */
	}
}

uint32_t btf_member_bit_offset(const struct btf_type *st, const struct btf_member *m)
{
	return btf_kflag_of(st) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
}

uint32_t btf_member_bitfield_size(const struct btf_type *st, const struct btf_member *m)
{
	return btf_kflag_of(st) ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
}

/* A member's bit offset and bitfield size. With kind_flag both are packed
 * in `offset`; without it, an old-style bitfield is an INT member whose
 * value is narrower than its storage or shifted within it. */
static void member_bits(const struct btf_type *st, const struct btf_member *m,
			const BtfShape *type, uint64_t *bit_off, uint32_t *bits)
{
	*bit_off = btf_member_bit_offset(st, m);
	*bits = btf_member_bitfield_size(st, m);
	if (btf_kflag_of(st))
		return;
	if (type->what == BTF_IS_INT &&
	    (type->int_shift || type->int_bits != type->size * 8)) {
		*bit_off += type->int_shift;
		*bits = type->int_bits;
	}
}

static const char *add_members(const Btf *b, uint32_t id, uint64_t base,
			       int flatten, int depth, Arena *a, Vec *out)
{
	const struct btf_type *st = btf_type_at(b, id);
	if (!st || (btf_kind_of(st) != BTF_KIND_STRUCT &&
		    btf_kind_of(st) != BTF_KIND_UNION))
		return arena_printf(b->a, "type %u is not a struct or union", id);
	if (depth > MAX_NESTING)
		return arena_printf(b->a, "struct %u: anonymous members nested too "
				    "deeply (a cycle?)", id);
	const struct btf_member *m = (const void *)(st + 1);
	const char *sname = btf_name(b, st);
	for (uint32_t i = 0; i < btf_vlen_of(st); i++, m++) {
		const char *name = btf_str(b, m->name_off);
		if (!name)
			return arena_printf(b->a, "member %u of %s (type %u) has a "
					    "name outside the string section", i,
					    *sname ? sname : "(anon)", id);
		BtfShape type;
		const char *err = btf_shape(b, m->type, &type);
		if (err)
			return arena_printf(b->a, "member '%s' of %s (type %u): %s",
					    name, *sname ? sname : "(anon)", id, err);
		uint64_t off;
		uint32_t bits;
		member_bits(st, m, &type, &off, &bits);
		uint64_t limit = (uint64_t)st->size * 8;
		int outside = bits ? off + bits > limit
				   : type.size > st->size || off + type.size * 8 > limit;
		if (outside)
			return arena_printf(b->a, "member '%s' of %s (type %u) lies "
					    "outside it (bit offset %llu, %u bytes)",
					    name, *sname ? sname : "(anon)", id,
					    (unsigned long long)off, st->size);
		if (flatten && !*name && !bits &&
		    (type.what == BTF_IS_STRUCT || type.what == BTF_IS_UNION)) {
			if ((err = add_members(b, type.id, base + off, flatten,
					       depth + 1, a, out)))
				return err;
			continue;
		}
		BtfMember *bm = arena_alloc(a, sizeof *bm);
		bm->name = name;
		bm->bit_offset = base + off;
		bm->bitfield_size = bits;
		bm->type = type;
		vec_push(a, out, bm);
	}
	return NULL;
}

const char *btf_members(Arena *a, const Btf *b, uint32_t id, int flatten,
			BtfMember **out, int *n)
{
	Vec v = {0};
	const char *err = add_members(b, id, 0, flatten, 0, a, &v);
	if (err)
		return err;
	BtfMember *arr = arena_alloc(a, (size_t)(v.n ? v.n : 1) * sizeof *arr);
	for (int i = 0; i < v.n; i++)
		arr[i] = *(BtfMember *)v.v[i];
	*out = arr;
	*n = v.n;
	return NULL;
}
