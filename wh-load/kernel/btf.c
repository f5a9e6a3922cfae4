/* btf.c: parsing .BTF into an id-indexed type table, with every record and
 * string checked against the blob, and the type queries map definitions
 * need (skip typedefs and qualifiers, resolve sizes). */
#include "wl_btf.h"
#include <string.h>

/* Per kind: its name and the bytes that follow struct btf_type. */
static const struct {
	const char *name;
	uint32_t extra;         /* fixed */
	uint32_t per_vlen;      /* times vlen */
} kinds[] = {
	[BTF_KIND_INT]        = {"INT",        4,  0},
	[BTF_KIND_PTR]        = {"PTR",        0,  0},
	[BTF_KIND_ARRAY]      = {"ARRAY",      sizeof(struct btf_array), 0},
	[BTF_KIND_STRUCT]     = {"STRUCT",     0,  sizeof(struct btf_member)},
	[BTF_KIND_UNION]      = {"UNION",      0,  sizeof(struct btf_member)},
	[BTF_KIND_ENUM]       = {"ENUM",       0,  sizeof(struct btf_enum)},
	[BTF_KIND_FWD]        = {"FWD",        0,  0},
	[BTF_KIND_TYPEDEF]    = {"TYPEDEF",    0,  0},
	[BTF_KIND_VOLATILE]   = {"VOLATILE",   0,  0},
	[BTF_KIND_CONST]      = {"CONST",      0,  0},
	[BTF_KIND_RESTRICT]   = {"RESTRICT",   0,  0},
	[BTF_KIND_FUNC]       = {"FUNC",       0,  0},
	[BTF_KIND_FUNC_PROTO] = {"FUNC_PROTO", 0,  sizeof(struct btf_param)},
	[BTF_KIND_VAR]        = {"VAR",        sizeof(struct btf_var), 0},
	[BTF_KIND_DATASEC]    = {"DATASEC",    0,  sizeof(struct btf_var_secinfo)},
	[BTF_KIND_FLOAT]      = {"FLOAT",      0,  0},
	[BTF_KIND_DECL_TAG]   = {"DECL_TAG",   sizeof(struct btf_decl_tag), 0},
	[BTF_KIND_TYPE_TAG]   = {"TYPE_TAG",   0,  0},
	[BTF_KIND_ENUM64]     = {"ENUM64",     0,  sizeof(struct btf_enum64)},
};
#define NKINDS (sizeof kinds / sizeof *kinds)

const char *wl_btf_kind_name(uint32_t kind)
{
	return kind < NKINDS && kinds[kind].name ? kinds[kind].name : "UNKNOWN";
}

struct btf_type *wl_btf_type(const WlBtf *b, uint32_t id)
{
	return id && id < b->ntypes ? b->type[id] : NULL;
}

const char *wl_btf_str(const WlBtf *b, uint32_t off)
{
	return off < b->strs_len ? b->strs + off : NULL;
}

static int check_header(const struct btf_header *h, size_t len)
{
	if (h->magic == 0x9FEB)
		return wl_fail(".BTF: big-endian BTF is not supported");
	if (h->magic != BTF_MAGIC)
		return wl_fail(".BTF: bad magic 0x%04x", h->magic);
	if (h->version != BTF_VERSION || h->flags)
		return wl_fail(".BTF: unsupported version %u flags %u",
			       h->version, h->flags);
	if (h->hdr_len < sizeof *h || h->hdr_len > len || h->hdr_len % 4)
		return wl_fail(".BTF: bad header length %u", h->hdr_len);
	uint64_t body = len - h->hdr_len;
	if ((uint64_t)h->type_off + h->type_len > body ||
	    (uint64_t)h->str_off + h->str_len > body)
		return wl_fail(".BTF: type or string section outside the blob");
	if (h->type_off % 4)
		return wl_fail(".BTF: unaligned type section");
	return 0;
}

/* Walk the type records once to count them (checking each fits), then
 * again to index them. */
static int walk_types(WlBtf *b, int index)
{
	uint32_t off = 0, id = 1;
	while (off < b->types_len) {
		if (b->types_len - off < sizeof(struct btf_type))
			return wl_fail(".BTF: truncated type %u", id);
		struct btf_type *t = (struct btf_type *)(b->types + off);
		uint32_t kind = wl_btf_kind(t);
		if (kind == 0 || kind >= NKINDS || !kinds[kind].name)
			return wl_fail(".BTF: type %u has unknown kind %u", id, kind);
		uint64_t n = sizeof *t + kinds[kind].extra +
			     (uint64_t)kinds[kind].per_vlen * wl_btf_vlen(t);
		if (n > b->types_len - off)
			return wl_fail(".BTF: type %u (%s) runs past the type section",
				       id, kinds[kind].name);
		if (!wl_btf_str(b, t->name_off))
			return wl_fail(".BTF: type %u has a bad name offset", id);
		if (index)
			b->type[id] = t;
		off += (uint32_t)n;
		id++;
	}
	b->ntypes = id;
	return 0;
}

int wl_btf_parse(Arena *a, const void *data, size_t len, WlBtf **out)
{
	struct btf_header h;
	if (!data || len < sizeof h)
		return wl_fail(".BTF: truncated header");
	if (len > UINT32_MAX)
		return wl_fail(".BTF: too large");
	memcpy(&h, data, sizeof h);
	if (check_header(&h, len))
		return -1;
	WlBtf *b = arena_alloc(a, sizeof *b);
	b->raw = arena_alloc(a, len);        /* aligned copy we may patch */
	memcpy(b->raw, data, len);
	b->size = (uint32_t)len;
	b->types = b->raw + h.hdr_len + h.type_off;
	b->types_len = h.type_len;
	b->strs = (const char *)b->raw + h.hdr_len + h.str_off;
	b->strs_len = h.str_len;
	if (!b->strs_len || b->strs[0] || b->strs[b->strs_len - 1])
		return wl_fail(".BTF: bad string section");
	if (walk_types(b, 0))
		return -1;
	b->type = arena_alloc(a, b->ntypes * sizeof *b->type);
	walk_types(b, 1);
	*out = b;
	return 0;
}

static int is_mod(uint32_t kind)
{
	return kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_VOLATILE ||
	       kind == BTF_KIND_CONST || kind == BTF_KIND_RESTRICT ||
	       kind == BTF_KIND_TYPE_TAG;
}

/* Type chains longer than this are cycles in hostile input. */
enum { MAX_CHAIN = 64 };

struct btf_type *wl_btf_skip_mods(const WlBtf *b, uint32_t *id)
{
	for (int depth = 0; depth < MAX_CHAIN; depth++) {
		struct btf_type *t = wl_btf_type(b, *id);
		if (!t || !is_mod(wl_btf_kind(t)))
			return t;
		*id = t->type;
	}
	return NULL;
}

int wl_btf_resolve_size(const WlBtf *b, uint32_t id, uint64_t *size)
{
	uint64_t mult = 1;
	for (int depth = 0; depth < MAX_CHAIN; depth++) {
		struct btf_type *t = wl_btf_type(b, id);
		if (!t)
			return wl_fail(".BTF: type %u has no size", id);
		uint32_t kind = wl_btf_kind(t);
		switch (kind) {
		case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_DATASEC:
		case BTF_KIND_FLOAT:
			*size = mult * t->size;
			return 0;
		case BTF_KIND_PTR:
			*size = mult * 8;
			return 0;
		case BTF_KIND_ARRAY: {
			const struct btf_array *arr = (const void *)(t + 1);
			mult *= arr->nelems;
			if (mult > UINT32_MAX)
				return wl_fail(".BTF: array type %u is too large", id);
			id = arr->type;
			continue;
		}
		case BTF_KIND_VAR:
			id = t->type;
			continue;
		default:
			if (is_mod(kind)) {
				id = t->type;
				continue;
			}
			return wl_fail(".BTF: type %u (%s) has no size", id,
				       wl_btf_kind_name(kind));
		}
	}
	return wl_fail(".BTF: type chain too deep at type %u", id);
}
