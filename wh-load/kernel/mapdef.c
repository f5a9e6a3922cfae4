/* mapdef.c: BTF-defined maps. Each VAR of the ".maps" DATASEC is a struct
 * whose members encode the map's attributes the libbpf way: __uint(name, N)
 * is PTR -> ARRAY[N], __type(name, T) is PTR -> T. */
#include "wl_btf.h"
#include "wl_elf.h"
#include <stddef.h>
#include <string.h>

typedef enum { M_INT, M_TYPE, M_UNSUPPORTED } MemberKind;

static const struct {
	const char *name;
	MemberKind kind;
	size_t field;           /* uint32_t field of WlMap (M_INT, M_TYPE: size) */
	size_t type_id;         /* M_TYPE: where the BTF type id goes */
} members[] = {
	{"type",        M_INT,  offsetof(WlMap, type), 0},
	{"max_entries", M_INT,  offsetof(WlMap, max_entries), 0},
	{"map_flags",   M_INT,  offsetof(WlMap, flags), 0},
	{"numa_node",   M_INT,  offsetof(WlMap, numa_node), 0},
	{"key_size",    M_INT,  offsetof(WlMap, key_size), 0},
	{"value_size",  M_INT,  offsetof(WlMap, value_size), 0},
	{"pinning",     M_INT,  offsetof(WlMap, pinning), 0},
	{"key",         M_TYPE, offsetof(WlMap, key_size), offsetof(WlMap, btf_key_type_id)},
	{"value",       M_TYPE, offsetof(WlMap, value_size), offsetof(WlMap, btf_value_type_id)},
	{"map_extra",   M_UNSUPPORTED, 0, 0},
	{"values",      M_UNSUPPORTED, 0, 0},
};

static uint32_t *field(WlMap *m, size_t off)
{
	return (uint32_t *)((char *)m + off);
}

/* __uint(): PTR -> ARRAY, the value is the array's element count. */
static int member_int(const WlBtf *b, const WlMap *m, const char *attr,
		      uint32_t type, uint32_t *val)
{
	struct btf_type *t = wl_btf_skip_mods(b, &type);
	if (!t || wl_btf_kind(t) != BTF_KIND_PTR)
		return wl_fail("map %s: attribute %s: expected PTR to ARRAY", m->name, attr);
	struct btf_type *arr = wl_btf_type(b, t->type);
	if (!arr || wl_btf_kind(arr) != BTF_KIND_ARRAY)
		return wl_fail("map %s: attribute %s: expected PTR to ARRAY", m->name, attr);
	*val = ((const struct btf_array *)(arr + 1))->nelems;
	return 0;
}

/* __type(): PTR -> T, the value is sizeof(T). */
static int member_type(const WlBtf *b, const WlMap *m, const char *attr,
		       uint32_t type, uint32_t *size, uint32_t *id)
{
	struct btf_type *t = wl_btf_skip_mods(b, &type);
	if (!t || wl_btf_kind(t) != BTF_KIND_PTR)
		return wl_fail("map %s: attribute %s: expected PTR", m->name, attr);
	uint64_t sz;
	if (wl_btf_resolve_size(b, t->type, &sz))
		return wl_fail("map %s: attribute %s: %s", m->name, attr, wl_error());
	if (sz == 0 || sz > UINT32_MAX)
		return wl_fail("map %s: attribute %s: bad size %llu", m->name, attr,
			       (unsigned long long)sz);
	*size = (uint32_t)sz;
	*id = t->type;
	return 0;
}

static int parse_member(const WlBtf *b, WlMap *m, const struct btf_member *mb)
{
	const char *name = wl_btf_str(b, mb->name_off);
	if (!name || !*name)
		return wl_fail("map %s: unnamed member in its definition", m->name);
	for (size_t i = 0; i < sizeof members / sizeof *members; i++) {
		if (strcmp(members[i].name, name))
			continue;
		uint32_t v = 0, id = 0;
		switch (members[i].kind) {
		case M_UNSUPPORTED:
			return wl_fail("map %s: attribute %s is not supported yet",
				       m->name, name);
		case M_INT:
			if (member_int(b, m, name, mb->type, &v))
				return -1;
			break;
		case M_TYPE:
			if (member_type(b, m, name, mb->type, &v, &id))
				return -1;
			*field(m, members[i].type_id) = id;
			break;
		}
		uint32_t *f = field(m, members[i].field);
		/* key_size and key (value_size and value) share a field. */
		if (*f && *f != v)
			return wl_fail("map %s: conflicting %s (%u and %u)",
				       m->name, name, *f, v);
		*f = v;
		return 0;
	}
	return wl_fail("map %s: unknown attribute %s", m->name, name);
}

static const WlElfSym *find_symbol(const WlObject *o, const char *name)
{
	for (size_t i = 0; i < o->elf->nsym; i++) {
		const WlElfSym *s = &o->elf->sym[i];
		if ((int)s->shndx == o->maps_sec && !strcmp(s->name, name))
			return s;
	}
	return NULL;
}

static int parse_map(WlObject *o, const struct btf_var_secinfo *vsi, WlMap *m)
{
	const WlBtf *b = o->btf;
	struct btf_type *var = wl_btf_type(b, vsi->type);
	if (!var || wl_btf_kind(var) != BTF_KIND_VAR)
		return wl_fail(".maps: DATASEC entry %u is not a VAR", vsi->type);
	m->name = wl_name_dup(o->arena, wl_btf_str(b, var->name_off));
	if (!*m->name)
		return wl_fail(".maps: unnamed map");
	if (((const struct btf_var *)(var + 1))->linkage != BTF_VAR_GLOBAL_ALLOCATED)
		return wl_fail("map %s: must be a global variable", m->name);
	uint32_t id = var->type;
	struct btf_type *def = wl_btf_skip_mods(b, &id);
	if (!def || wl_btf_kind(def) != BTF_KIND_STRUCT)
		return wl_fail("map %s: definition is not a struct", m->name);
	const WlElfSym *sym = find_symbol(o, m->name);
	if (!sym)
		return wl_fail("map %s: no symbol in .maps", m->name);
	const WlElfSec *sec = &o->elf->sec[o->maps_sec];
	if (!wl_elf_bytes(sec, sym->value, def->size) || def->size > vsi->size)
		return wl_fail("map %s: definition outside .maps", m->name);
	m->sec_off = sym->value;
	m->btf = b;
	const struct btf_member *mb = (const void *)(def + 1);
	for (uint32_t i = 0; i < wl_btf_vlen(def); i++)
		if (parse_member(b, m, &mb[i]))
			return -1;
	if (!m->type)
		return wl_fail("map %s: map type is not specified", m->name);
	return 0;
}

int wl_maps_from_btf(WlObject *o)
{
	const WlBtf *b = o->btf;
	struct btf_type *ds = NULL;
	for (uint32_t id = 1; id < b->ntypes && !ds; id++) {
		struct btf_type *t = b->type[id];
		if (wl_btf_kind(t) == BTF_KIND_DATASEC &&
		    !strcmp(wl_btf_str(b, t->name_off), ".maps"))
			ds = t;
	}
	if (!ds)
		return wl_fail(".maps: no DATASEC for it in .BTF");
	uint32_t n = wl_btf_vlen(ds);
	const struct btf_var_secinfo *vsi = (const void *)(ds + 1);
	o->maps = arena_alloc(o->arena, (n ? n : 1) * sizeof *o->maps);
	o->nmaps = (int)n;
	for (uint32_t i = 0; i < n; i++)
		o->maps[i].fd = -1;
	for (uint32_t i = 0; i < n; i++)
		if (parse_map(o, &vsi[i], &o->maps[i]))
			return -1;
	for (int i = 0; i < o->nmaps; i++)
		for (int j = 0; j < i; j++)
			if (o->maps[i].sec_off == o->maps[j].sec_off)
				return wl_fail("maps %s and %s share an offset in .maps",
					       o->maps[j].name, o->maps[i].name);
	return 0;
}
