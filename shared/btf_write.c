/* btf_write.c: building BTF blobs (btf.h, "building a blob"). Types are
 * appended in id order as the kernel's records, little-endian; strings
 * are deduplicated through an open-addressing table, in the order they are
 * first used, so a blob built type by type and one copied from it
 * (btf_out_copy) have the same bytes. */
#include "btf.h"
#include "diag.h"
#include "le.h"
#include <string.h>

struct BtfOut {
	Arena *a;
	Buf types, strs;
	uint32_t ntypes;
	uint32_t *tab, cap, used;       /* string offsets + 1 */
};

BtfOut *btf_out_new(Arena *a)
{
	BtfOut *o = arena_alloc(a, sizeof *o);
	o->a = a;
	buf_putc(&o->strs, 0);
	return o;
}

uint32_t btf_out_count(const BtfOut *o) { return o->ntypes; }

/* ---- strings ---- */

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static void grow(BtfOut *o)
{
	uint32_t cap = o->cap ? 2 * o->cap : 256, *tab = arena_alloc(o->a, cap * sizeof *tab);
	for (uint32_t i = 0; i < o->cap; i++)
		if (o->tab[i]) {
			uint32_t k = hash(o->strs.data + o->tab[i] - 1) & (cap - 1);
			while (tab[k])
				k = (k + 1) & (cap - 1);
			tab[k] = o->tab[i];
		}
	o->tab = tab;
	o->cap = cap;
}

uint32_t btf_out_str(BtfOut *o, const char *s)
{
	if (!s || !*s)
		return 0;
	if (2 * (o->used + 1) > o->cap)
		grow(o);
	uint32_t k = hash(s) & (o->cap - 1);
	for (; o->tab[k]; k = (k + 1) & (o->cap - 1))
		if (!strcmp(o->strs.data + o->tab[k] - 1, s))
			return o->tab[k] - 1;
	uint32_t off = (uint32_t)o->strs.len;
	buf_put(&o->strs, s, strlen(s) + 1);
	o->tab[k] = off + 1;
	o->used++;
	return off;
}

/* ---- types ---- */

void btf_out_u32(BtfOut *o, uint32_t v)
{
	le_buf32(&o->types, v);
}

uint32_t btf_out_type(BtfOut *o, uint32_t kind, const char *name, int kflag,
		      uint32_t vlen, uint32_t size_or_type)
{
	btf_out_u32(o, btf_out_str(o, name));
	btf_out_u32(o, (uint32_t)!!kflag << 31 | kind << 24 | vlen);
	btf_out_u32(o, size_or_type);
	return ++o->ntypes;
}

uint32_t btf_out_int(BtfOut *o, const char *name, uint32_t bytes, uint32_t encoding)
{
	uint32_t id = btf_out_type(o, BTF_KIND_INT, name, 0, 0, bytes);
	btf_out_u32(o, encoding << 24 | bytes * 8);
	return id;
}

uint32_t btf_out_array(BtfOut *o, uint32_t elem, uint32_t index, uint32_t nelems)
{
	uint32_t id = btf_out_type(o, BTF_KIND_ARRAY, NULL, 0, 0, 0);
	btf_out_u32(o, elem);
	btf_out_u32(o, index);
	btf_out_u32(o, nelems);
	return id;
}

void btf_out_member(BtfOut *o, const char *name, uint32_t type, uint32_t bit_offset)
{
	btf_out_u32(o, btf_out_str(o, name));
	btf_out_u32(o, type);
	btf_out_u32(o, bit_offset);
}

void btf_out_param(BtfOut *o, const char *name, uint32_t type)
{
	btf_out_u32(o, btf_out_str(o, name));
	btf_out_u32(o, type);
}

void btf_out_secinfo(BtfOut *o, uint32_t var, uint32_t offset, uint32_t size)
{
	btf_out_u32(o, var);
	btf_out_u32(o, offset);
	btf_out_u32(o, size);
}

/* Each record as it is, but for its names: the type's, and the first word
 * of each item of the kinds whose items are named. */
void btf_out_copy(BtfOut *o, const Btf *b)
{
	if (o->ntypes)
		bug("btf_out_copy into a builder that holds types");
	for (uint32_t id = 1; id < btf_type_count(b); id++) {
		const struct btf_type *t = btf_type_at(b, id);
		uint32_t kind = btf_kind_of(t), vlen = btf_vlen_of(t);
		size_t n = btf_record_size(kind, vlen), start = o->types.len;
		buf_put(&o->types, t, n);
		uint8_t *rec = (uint8_t *)o->types.data + start;
		le_put32(rec, btf_out_str(o, btf_name(b, t)));
		if (btf_named_items(kind)) {
			size_t first = btf_record_size(kind, 0);
			size_t item = btf_record_size(kind, 1) - first;
			for (uint32_t i = 0; i < vlen; i++) {
				uint8_t *p = (uint8_t *)o->types.data + start + first + i * item;
				le_put32(p, btf_out_str(o, btf_str(b, le_get32(p))));
			}
		}
		o->ntypes++;
	}
}

void btf_out_encode(const BtfOut *o, Buf *out)
{
	uint8_t h[sizeof(struct btf_header)] = {0};
	h[0] = BTF_MAGIC & 0xff;
	h[1] = BTF_MAGIC >> 8;
	h[2] = BTF_VERSION;
	le_put32(h + 4, sizeof h);                       /* hdr_len */
	le_put32(h + 8, 0);                              /* type_off */
	le_put32(h + 12, (uint32_t)o->types.len);
	le_put32(h + 16, (uint32_t)o->types.len);        /* str_off */
	le_put32(h + 20, (uint32_t)o->strs.len);
	buf_put(out, h, sizeof h);
	if (o->types.len)
		buf_put(out, o->types.data, o->types.len);
	buf_put(out, o->strs.data, o->strs.len);
}

Btf *btf_out_finish(BtfOut *o)
{
	Buf raw = {0};
	btf_out_encode(o, &raw);
	uint8_t *copy = arena_alloc(o->a, raw.len);
	memcpy(copy, raw.data, raw.len);
	Btf *b;
	const char *err = btf_parse(o->a, copy, raw.len, &b);
	if (err)
		bug("a blob just built does not parse: %s", err);
	buf_free(&raw);
	btf_out_free(o);
	return b;
}

void btf_out_free(BtfOut *o)
{
	buf_free(&o->types);
	buf_free(&o->strs);
}
