/* obj_maps.c: BTF-defined maps, libbpf's encoding, read and written from
 * one table. Each VAR of the ".maps" DATASEC is a struct whose members
 * give the map's attributes: __uint(name, N) is PTR -> ARRAY[N] (of int;
 * of unsigned char from N = 2^30 on, which as ints would pass the
 * kernel's 4 GiB array limit),
 * __type(name, T) is PTR -> T (its size is the attribute). */
#include "obj.h"
#include <string.h>

typedef enum { M_INT, M_TYPE, M_UNSUPPORTED } MemberKind;
/* When the writer gives a member. */
typedef enum { W_ALWAYS, W_SIZES, W_NONZERO, W_NEVER } Written;

/* In the order the writer gives them. */
static const struct {
	const char *name;
	MemberKind kind;
	size_t field;           /* uint32_t field of ObjMap (M_TYPE: the size) */
	size_t type_id;         /* M_TYPE: where the BTF type id goes */
	Written written;
} members[] = {
	{"type",        M_INT,  offsetof(ObjMap, type), 0, W_ALWAYS},
	{"key_size",    M_INT,  offsetof(ObjMap, key_size), 0, W_SIZES},
	{"value_size",  M_INT,  offsetof(ObjMap, value_size), 0, W_SIZES},
	{"max_entries", M_INT,  offsetof(ObjMap, max_entries), 0, W_ALWAYS},
	{"map_flags",   M_INT,  offsetof(ObjMap, flags), 0, W_ALWAYS},
	{"numa_node",   M_INT,  offsetof(ObjMap, numa_node), 0, W_NONZERO},
	{"pinning",     M_INT,  offsetof(ObjMap, pinning), 0, W_NONZERO},
	{"key",         M_TYPE, offsetof(ObjMap, key_size), offsetof(ObjMap, btf_key_type_id), W_NEVER},
	{"value",       M_TYPE, offsetof(ObjMap, value_size), offsetof(ObjMap, btf_value_type_id), W_NEVER},
	{"map_extra",   M_UNSUPPORTED, 0, 0, W_NEVER},
	{"values",      M_UNSUPPORTED, 0, 0, W_NEVER},
};
#define NMEMBERS (sizeof members / sizeof *members)

static uint32_t *field(ObjMap *m, size_t off)
{
	return (uint32_t *)((char *)m + off);
}

static uint32_t field_value(const ObjMap *m, size_t off)
{
	uint32_t v;
	memcpy(&v, (const char *)m + off, sizeof v);
	return v;
}

/* ---- reading ---- */

/* __uint(): PTR -> ARRAY, the value is the array's element count. */
static const char *member_int(Arena *a, const Btf *b, const ObjMap *m, const char *attr,
			      uint32_t type, uint32_t *val)
{
	const struct btf_type *t = btf_skip_mods(b, &type);
	const struct btf_type *arr = t && btf_kind_of(t) == BTF_KIND_PTR ?
				     btf_type_at(b, t->type) : NULL;
	if (!arr || btf_kind_of(arr) != BTF_KIND_ARRAY)
		return arena_printf(a, "map %s: attribute %s: expected PTR to ARRAY", m->name, attr);
	*val = ((const struct btf_array *)(arr + 1))->nelems;
	return NULL;
}

/* __type(): PTR -> T, the value is sizeof(T). */
static const char *member_type(Arena *a, const Btf *b, const ObjMap *m, const char *attr,
			       uint32_t type, uint32_t *size, uint32_t *id)
{
	const struct btf_type *t = btf_skip_mods(b, &type);
	if (!t || btf_kind_of(t) != BTF_KIND_PTR)
		return arena_printf(a, "map %s: attribute %s: expected PTR", m->name, attr);
	uint64_t sz;
	const char *err = btf_size(b, t->type, &sz);
	if (err)
		return arena_printf(a, "map %s: attribute %s: .BTF: %s", m->name, attr, err);
	if (sz == 0 || sz > UINT32_MAX)
		return arena_printf(a, "map %s: attribute %s: bad size %llu", m->name, attr,
			    (unsigned long long)sz);
	*size = (uint32_t)sz;
	*id = t->type;
	return NULL;
}

static const char *read_member(Arena *a, const Btf *b, ObjMap *m, const struct btf_member *mb)
{
	const char *name = btf_str(b, mb->name_off);
	if (!name || !*name)
		return arena_printf(a, "map %s: unnamed member in its definition", m->name);
	for (size_t i = 0; i < NMEMBERS; i++) {
		if (strcmp(members[i].name, name))
			continue;
		uint32_t v = 0, id = 0;
		const char *err = NULL;
		switch (members[i].kind) {
		case M_UNSUPPORTED:
			return arena_printf(a, "map %s: attribute %s is not supported yet", m->name, name);
		case M_INT:
			err = member_int(a, b, m, name, mb->type, &v);
			break;
		case M_TYPE:
			err = member_type(a, b, m, name, mb->type, &v, &id);
			if (!err)
				*field(m, members[i].type_id) = id;
			break;
		}
		if (err)
			return err;
		uint32_t *f = field(m, members[i].field);
		/* key_size and key (value_size and value) share a field. */
		if (*f && *f != v)
			return arena_printf(a, "map %s: conflicting %s (%u and %u)", m->name, name, *f, v);
		*f = v;
		return NULL;
	}
	return arena_printf(a, "map %s: unknown attribute %s", m->name, name);
}

static const ObjSym *find_symbol(const ObjFile *o, const char *name)
{
	for (size_t i = 0; i < o->nsym; i++) {
		const ObjSym *s = &o->sym[i];
		if ((int)s->shndx == o->maps_sec && !strcmp(s->name, name))
			return s;
	}
	return NULL;
}

static const char *read_map(ObjFile *o, const struct btf_var_secinfo *vsi, ObjMap *m)
{
	Arena *a = o->a;
	const Btf *b = o->btf;
	const struct btf_type *var = btf_type_at(b, vsi->type);
	if (!var || btf_kind_of(var) != BTF_KIND_VAR)
		return arena_printf(a, ".maps: DATASEC entry %u is not a VAR", vsi->type);
	m->name = btf_name(b, var);
	m->btf_var = vsi->type;
	if (!*m->name)
		return ".maps: unnamed map";
	if (((const struct btf_var *)(var + 1))->linkage != BTF_VAR_GLOBAL_ALLOCATED)
		return arena_printf(a, "map %s: must be a global variable", m->name);
	uint32_t id = var->type;
	const struct btf_type *def = btf_skip_mods(b, &id);
	if (!def || btf_kind_of(def) != BTF_KIND_STRUCT)
		return arena_printf(a, "map %s: definition is not a struct", m->name);
	const ObjSym *sym = find_symbol(o, m->name);
	if (!sym)
		return arena_printf(a, "map %s: no symbol in .maps", m->name);
	if (!obj_bytes(&o->sec[o->maps_sec], sym->value, def->size) || def->size > vsi->size)
		return arena_printf(a, "map %s: definition outside .maps", m->name);
	m->off = sym->value;
	m->size = def->size;
	const struct btf_member *mb = (const void *)(def + 1);
	for (uint32_t i = 0; i < btf_vlen_of(def); i++) {
		const char *err = read_member(a, b, m, &mb[i]);
		if (err)
			return err;
	}
	if (!m->type)
		return arena_printf(a, "map %s: map type is not specified", m->name);
	return NULL;
}

const char *obj_read_maps(ObjFile *o)
{
	const Btf *b = o->btf;
	const struct btf_type *ds = NULL;
	for (uint32_t id = 1; id < btf_type_count(b) && !ds; id++) {
		const struct btf_type *t = btf_type_at(b, id);
		if (btf_kind_of(t) == BTF_KIND_DATASEC && !strcmp(btf_name(b, t), ".maps"))
			ds = t;
	}
	if (!ds)
		return ".maps: no DATASEC for it in .BTF";
	uint32_t n = btf_vlen_of(ds);
	const struct btf_var_secinfo *vsi = (const void *)(ds + 1);
	o->maps = arena_alloc(o->a, (n ? n : 1) * sizeof *o->maps);
	o->nmaps = (int)n;
	for (uint32_t i = 0; i < n; i++) {
		const char *err = read_map(o, &vsi[i], &o->maps[i]);
		if (err)
			return err;
	}
	for (int i = 0; i < o->nmaps; i++)
		for (int j = 0; j < i; j++)
			if (o->maps[i].off == o->maps[j].off)
				return arena_printf(o->a, "maps %s and %s share an offset in .maps",
					    o->maps[j].name, o->maps[i].name);
	return NULL;
}

/* ---- writing ---- */

typedef struct {
	uint32_t nelems, ptr;
} UintMember;

struct ObjMapTypes {
	Arena *a;
	BtfOut *b;
	uint32_t t_int, t_index;
	uint32_t t_uchar;       /* unsigned char, made when first needed */
	Vec uints;              /* UintMember*: PTR -> ARRAY by nelems */
};

ObjMapTypes *obj_map_types_new(Arena *a, BtfOut *b, uint32_t t_int, uint32_t t_index)
{
	ObjMapTypes *s = arena_alloc(a, sizeof *s);
	*s = (ObjMapTypes){.a = a, .b = b, .t_int = t_int, .t_index = t_index};
	return s;
}

/* __uint(name, n): PTR -> ARRAY(int, n), shared by equal values. The
 * kernel refuses an array of more than 4 GiB, so from n = 2^30 on the
 * elements are unsigned chars (libbpf reads only the count). */
static uint32_t uint_member(ObjMapTypes *s, uint32_t n)
{
	for (int i = 0; i < s->uints.n; i++) {
		UintMember *u = s->uints.v[i];
		if (u->nelems == n)
			return u->ptr;
	}
	UintMember *u = arena_alloc(s->a, sizeof *u);
	uint32_t elem = s->t_int;
	if (n > UINT32_MAX / 4) {
		if (!s->t_uchar)
			s->t_uchar = btf_out_int(s->b, "unsigned char", 1, 0);
		elem = s->t_uchar;
	}
	uint32_t arr = btf_out_array(s->b, elem, s->t_index, n);
	*u = (UintMember){n, btf_out_type(s->b, BTF_KIND_PTR, NULL, 0, 0, arr)};
	vec_push(s->a, &s->uints, u);
	return u->ptr;
}

uint32_t obj_map_btf(ObjMapTypes *s, const ObjMap *m, uint32_t *size)
{
	const MapTypeInfo *mt = map_type_by_id((int)m->type);
	int sizes = !mt || mt->needs_sizes;
	size_t idx[NMEMBERS];
	uint32_t ptr[NMEMBERS], n = 0;
	for (size_t i = 0; i < NMEMBERS; i++) {
		uint32_t v = members[i].kind == M_INT ? field_value(m, members[i].field) : 0;
		Written w = members[i].written;
		if (w == W_ALWAYS || (w == W_SIZES && sizes) || (w == W_NONZERO && v)) {
			idx[n] = i;
			ptr[n++] = uint_member(s, v);
		}
	}
	uint32_t st = btf_out_type(s->b, BTF_KIND_STRUCT, NULL, 0, n, 8 * n);
	for (uint32_t i = 0; i < n; i++)
		btf_out_member(s->b, members[idx[i]].name, ptr[i], i * 64);
	uint32_t var = btf_out_type(s->b, BTF_KIND_VAR, m->name, 0, 0, st);
	btf_out_u32(s->b, BTF_VAR_GLOBAL_ALLOCATED);
	*size = 8 * n;
	return var;
}
