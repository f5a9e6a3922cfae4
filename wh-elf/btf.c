/* btf.c: the .BTF and .BTF.ext blobs. defstruct/defunion become
 * STRUCT/UNION of unsigned INTs and arrays. Maps are described as libbpf's
 * BTF-defined maps (__uint members: PTR -> ARRAY(int, nelems = value);
 * of unsigned char from 2^30 on, which the kernel would refuse as ints),
 * each program gets FUNC + FUNC_PROTO(ctx: PTR -> struct <ctx_struct>),
 * the license a VAR; DATASECs carry their real sizes and offsets.
 * .BTF.ext holds func_info and line_info (with the source line text). */
#include "whelf.h"
#include <linux/btf.h>
#include <stdio.h>
#include <string.h>

enum {
	BTF_HDR_LEN = 24,
	BTF_EXT_HDR_LEN = 32,
	FUNC_INFO_REC = 8,
	LINE_INFO_REC = 16,
	MAX_LINE = (1 << 22) - 1,
	MAX_COL = (1 << 10) - 1,
};

typedef struct {
	const char *name;
	uint32_t id;
} Named;

typedef struct {
	uint32_t nelems, ptr;
} UintMember;

typedef struct {
	Arena *a;
	Buf types, strs;
	uint32_t ntypes;
	uint32_t *tab, cap, used;       /* string offsets + 1, open addressing */
	uint32_t t_int, t_index;
	uint32_t t_uint[9];             /* unsigned INT by byte width, 0: not yet */
	Vec uints;                      /* UintMember*: PTR -> ARRAY by nelems */
	Vec protos;                     /* Named*: FUNC_PROTO by ctx struct */
} Btf;

/* ---- strings, deduplicated ---- */

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static void grow(Btf *b)
{
	uint32_t cap = b->cap ? 2 * b->cap : 256, *tab = arena_alloc(b->a, cap * sizeof *tab);
	for (uint32_t i = 0; i < b->cap; i++)
		if (b->tab[i]) {
			uint32_t k = hash(b->strs.data + b->tab[i] - 1) & (cap - 1);
			while (tab[k])
				k = (k + 1) & (cap - 1);
			tab[k] = b->tab[i];
		}
	b->tab = tab;
	b->cap = cap;
}

static uint32_t str(Btf *b, const char *s)
{
	if (!*s)
		return 0;
	if (2 * (b->used + 1) > b->cap)
		grow(b);
	uint32_t k = hash(s) & (b->cap - 1);
	for (; b->tab[k]; k = (k + 1) & (b->cap - 1))
		if (!strcmp(b->strs.data + b->tab[k] - 1, s))
			return b->tab[k] - 1;
	uint32_t off = (uint32_t)b->strs.len;
	buf_put(&b->strs, s, strlen(s) + 1);
	b->tab[k] = off + 1;
	b->used++;
	return off;
}

/* ---- types ---- */

static uint32_t type(Btf *b, const char *name, int kind, uint32_t vlen, uint32_t size_type)
{
	buf_u32(&b->types, name ? str(b, name) : 0);
	buf_u32(&b->types, (uint32_t)kind << 24 | vlen);
	buf_u32(&b->types, size_type);
	return ++b->ntypes;
}

static uint32_t t_int(Btf *b, const char *name, uint32_t bytes, uint32_t enc)
{
	uint32_t id = type(b, name, BTF_KIND_INT, 0, bytes);
	buf_u32(&b->types, enc << 24 | bytes * 8);
	return id;
}

static uint32_t t_array(Btf *b, uint32_t elem, uint32_t nelems)
{
	uint32_t id = type(b, NULL, BTF_KIND_ARRAY, 0, 0);
	buf_u32(&b->types, elem);
	buf_u32(&b->types, b->t_index);
	buf_u32(&b->types, nelems);
	return id;
}

static uint32_t t_var(Btf *b, const char *name, uint32_t t)
{
	uint32_t id = type(b, name, BTF_KIND_VAR, 0, t);
	buf_u32(&b->types, BTF_VAR_GLOBAL_ALLOCATED);
	return id;
}

static uint32_t t_uint(Btf *b, uint32_t bytes);

/* __uint(name, n): PTR -> ARRAY(int, n), shared by equal values. The
 * kernel refuses an array of more than 4 GiB, so from n = 2^30 on the
 * elements are unsigned chars (libbpf reads only the count). */
static uint32_t uint_member(Btf *b, uint32_t n)
{
	for (int i = 0; i < b->uints.n; i++) {
		UintMember *u = b->uints.v[i];
		if (u->nelems == n)
			return u->ptr;
	}
	UintMember *u = arena_alloc(b->a, sizeof *u);
	uint32_t arr = t_array(b, n <= UINT32_MAX / 4 ? b->t_int : t_uint(b, 1), n);
	*u = (UintMember){n, type(b, NULL, BTF_KIND_PTR, 0, arr)};
	vec_push(b->a, &b->uints, u);
	return u->ptr;
}

static uint32_t map_var(Btf *b, const ObjMap *m)
{
	uint32_t ptr[MAP_MEMBERS_MAX];
	for (int i = 0; i < m->nmembers; i++)
		ptr[i] = uint_member(b, m->members[i].value);
	uint32_t st = type(b, NULL, BTF_KIND_STRUCT, (uint32_t)m->nmembers, m->size);
	for (int i = 0; i < m->nmembers; i++) {
		buf_u32(&b->types, str(b, m->members[i].name));
		buf_u32(&b->types, ptr[i]);
		buf_u32(&b->types, (uint32_t)i * 64);
	}
	return t_var(b, m->map->name, st);
}

/* int NAME(struct CTX *ctx), the FUNC_PROTO shared per context struct */
static uint32_t prog_func(Btf *b, const AsmProg *p)
{
	const ProgTypeInfo *pt = prog_type_by_keyword(p->type);
	if (!pt)
		error_at((Pos){0, 0}, "program '%s': unknown program type '%s'", p->name, p->type);
	Named *proto = NULL;
	for (int i = 0; i < b->protos.n && !proto; i++)
		if (!strcmp(((Named *)b->protos.v[i])->name, pt->ctx_struct))
			proto = b->protos.v[i];
	if (!proto) {
		uint32_t ctx = type(b, pt->ctx_struct, BTF_KIND_STRUCT, 0, 0);
		uint32_t ptr = type(b, NULL, BTF_KIND_PTR, 0, ctx);
		proto = arena_alloc(b->a, sizeof *proto);
		proto->name = pt->ctx_struct;
		proto->id = type(b, NULL, BTF_KIND_FUNC_PROTO, 1, b->t_int);
		buf_u32(&b->types, str(b, "ctx"));
		buf_u32(&b->types, ptr);
		vec_push(b->a, &b->protos, proto);
	}
	return type(b, p->name, BTF_KIND_FUNC, BTF_FUNC_GLOBAL, proto->id);
}

/* The unsigned integer of a member width (1, 2, 4, 8 bytes), made once. */
static uint32_t t_uint(Btf *b, uint32_t bytes)
{
	static const char *const names[9] = {
		[1] = "unsigned char", [2] = "unsigned short",
		[4] = "unsigned int", [8] = "unsigned long long",
	};
	if (!b->t_uint[bytes])
		b->t_uint[bytes] = t_int(b, names[bytes], bytes, 0);
	return b->t_uint[bytes];
}

/* defstruct/defunion as STRUCT/UNION; ids[i] is structs.v[i]'s type. A
 * member's type is an earlier struct's (the parser checked), so every
 * type is known before the struct that uses it is written. */
static void structs(Btf *b, const AsmUnit *u)
{
	uint32_t *ids = arena_alloc(b->a, sizeof *ids * (size_t)(u->structs.n + 1));
	for (int i = 0; i < u->structs.n; i++) {
		const AsmStruct *st = u->structs.v[i];
		uint32_t *mt = arena_alloc(b->a, sizeof *mt * (size_t)(st->members.n + 1));
		for (int j = 0; j < st->members.n; j++) {
			const AsmMember *m = st->members.v[j];
			const AsmStruct *inner = asm_struct(u, m->type);
			int k = 0;
			while (inner && u->structs.v[k] != inner)
				k++;
			mt[j] = inner ? ids[k] : t_uint(b, asm_member_width(u, m));
			if (m->count)
				mt[j] = t_array(b, mt[j], m->count);
		}
		ids[i] = type(b, st->name, st->is_union ? BTF_KIND_UNION : BTF_KIND_STRUCT,
			      (uint32_t)st->members.n, st->size);
		for (int j = 0; j < st->members.n; j++) {
			const AsmMember *m = st->members.v[j];
			buf_u32(&b->types, str(b, m->name));
			buf_u32(&b->types, mt[j]);
			buf_u32(&b->types, m->offset * 8);
		}
	}
}

static void datasec(Btf *b, const char *name, uint32_t size, int n,
		    const uint32_t *var, const uint32_t *off, const uint32_t *sz)
{
	type(b, name, BTF_KIND_DATASEC, (uint32_t)n, size);
	for (int i = 0; i < n; i++) {
		buf_u32(&b->types, var[i]);
		buf_u32(&b->types, off[i]);
		buf_u32(&b->types, sz[i]);
	}
}

static void build_types(Btf *b, Obj *o)
{
	b->t_int = t_int(b, "int", 4, BTF_INT_SIGNED);
	b->t_index = t_int(b, "__ARRAY_SIZE_TYPE__", 4, 0);
	structs(b, o->u);
	int nm = o->maps.n;
	uint32_t *var = arena_alloc(b->a, sizeof *var * (size_t)(nm + 1));
	uint32_t *off = arena_alloc(b->a, sizeof *off * (size_t)(nm + 1));
	uint32_t *sz = arena_alloc(b->a, sizeof *sz * (size_t)(nm + 1));
	for (int i = 0; i < nm; i++) {
		ObjMap *m = o->maps.v[i];
		var[i] = map_var(b, m);
		off[i] = m->off;
		sz[i] = m->size;
	}
	for (int i = 0; i < o->secs.n; i++) {
		ObjSection *s = o->secs.v[i];
		for (int j = 0; j < s->funcs.n; j++) {
			ObjFunc *f = s->funcs.v[j];
			f->btf_func = prog_func(b, f->prog);
		}
	}
	uint32_t lic_var = 0, lic_size = 0;
	if (o->u->license) {
		lic_size = (uint32_t)strlen(o->u->license) + 1;
		uint32_t ch = t_int(b, "char", 1, BTF_INT_SIGNED);
		lic_var = t_var(b, LICENSE_SYMBOL, t_array(b, ch, lic_size));
	}
	if (nm)
		datasec(b, ".maps", o->maps_size, nm, var, off, sz);
	if (o->u->license)
		datasec(b, "license", lic_size, 1, &lic_var, &(uint32_t){0}, &lic_size);
}

/* ---- .BTF.ext ---- */

typedef struct {
	char **line;
	int n;
} Source;

/* The lines of the source file, or none when it cannot be read. */
static Source read_source(Arena *a, const char *path)
{
	Source src = {0};
	FILE *f = path ? fopen(path, "rb") : NULL;
	if (!f)
		return src;
	Buf b = {0};
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_put(&b, tmp, n);
	fclose(f);
	int lines = 1;
	for (size_t i = 0; i < b.len; i++)
		lines += b.data[i] == '\n';
	src.line = arena_alloc(a, sizeof *src.line * (size_t)lines);
	for (size_t i = 0, start = 0; i <= b.len; i++)
		if (i == b.len || b.data[i] == '\n') {
			size_t end = i;
			if (end > start && b.data[end - 1] == '\r')
				end--;
			src.line[src.n++] = arena_strndup(a, b.data ? b.data + start : "", end - start);
			start = i + 1;
		}
	buf_free(&b);
	return src;
}

static void func_info(Btf *b, Obj *o, Buf *out)
{
	buf_u32(out, FUNC_INFO_REC);
	for (int i = 0; i < o->secs.n; i++) {
		ObjSection *s = o->secs.v[i];
		buf_u32(out, str(b, s->name));
		buf_u32(out, (uint32_t)s->funcs.n);
		for (int j = 0; j < s->funcs.n; j++) {
			ObjFunc *f = s->funcs.v[j];
			buf_u32(out, f->off);
			buf_u32(out, f->btf_func);
		}
	}
}

static void line_info(Btf *b, Obj *o, Buf *out)
{
	Source src = read_source(b->a, o->u->file);
	uint32_t file = o->u->file ? str(b, o->u->file) : 0;
	for (int i = 0; i < o->secs.n; i++) {
		ObjSection *s = o->secs.v[i];
		if (!s->lines.n)
			continue;
		if (!out->len)
			buf_u32(out, LINE_INFO_REC);
		buf_u32(out, str(b, s->name));
		buf_u32(out, (uint32_t)s->lines.n);
		for (int j = 0; j < s->lines.n; j++) {
			ObjLine *l = s->lines.v[j];
			uint32_t line = l->pos.line > MAX_LINE ? MAX_LINE : (uint32_t)l->pos.line;
			uint32_t col = l->pos.col > MAX_COL ? MAX_COL :
				       l->pos.col < 0 ? 0 : (uint32_t)l->pos.col;
			const char *text = l->pos.line <= src.n ? src.line[l->pos.line - 1] : "";
			buf_u32(out, l->off);
			buf_u32(out, file);
			buf_u32(out, str(b, text));
			buf_u32(out, line << 10 | col);
		}
	}
}

void btf_build(Arena *a, Obj *o, Buf *btf, Buf *ext)
{
	Btf b = {.a = a};
	buf_putc(&b.strs, 0);
	build_types(&b, o);
	Buf fi = {0}, li = {0};
	func_info(&b, o, &fi);
	line_info(&b, o, &li);

	uint8_t h[BTF_EXT_HDR_LEN] = {0};
	put_u16(h, BTF_MAGIC);
	h[2] = 1;                               /* version; flags 0 */
	put_u32(h + 4, BTF_HDR_LEN);
	put_u32(h + 8, 0);                      /* type_off */
	put_u32(h + 12, (uint32_t)b.types.len);
	put_u32(h + 16, (uint32_t)b.types.len); /* str_off */
	put_u32(h + 20, (uint32_t)b.strs.len);
	buf_put(btf, h, BTF_HDR_LEN);
	buf_put(btf, b.types.data, b.types.len);
	buf_put(btf, b.strs.data, b.strs.len);

	memset(h, 0, sizeof h);
	put_u16(h, BTF_MAGIC);
	h[2] = 1;
	put_u32(h + 4, BTF_EXT_HDR_LEN);
	put_u32(h + 8, 0);                      /* func_info_off */
	put_u32(h + 12, (uint32_t)fi.len);
	put_u32(h + 16, (uint32_t)fi.len);      /* line_info_off */
	put_u32(h + 20, (uint32_t)li.len);
	put_u32(h + 24, (uint32_t)(fi.len + li.len)); /* core_relo_off, len 0 */
	buf_put(ext, h, BTF_EXT_HDR_LEN);
	if (fi.len)
		buf_put(ext, fi.data, fi.len);
	if (li.len)
		buf_put(ext, li.data, li.len);
	buf_free(&fi);
	buf_free(&li);
	buf_free(&b.types);
	buf_free(&b.strs);
}
