/* btf.c: what goes into .BTF and .BTF.ext. defstruct/defunion become
 * STRUCT/UNION of unsigned INTs and arrays. Maps are described as libbpf's
 * BTF-defined maps (shared/obj_maps.c), typed ones with their key and
 * value types (signed INTs for i8 .., arrays), laid out one after the other in
 * .maps; each program gets FUNC + FUNC_PROTO(ctx: PTR -> struct
 * <ctx_struct>), the license a VAR; DATASECs carry their real sizes and
 * offsets. The kernel structs a program reads (.kstruct) become STRUCT or
 * UNION with the members read, pointers to structs as FWDs. .BTF.ext
 * holds func_info, line_info (with the source line text) and a core_relo
 * per .core, its access string "0:N" naming member N of the struct. */
#include "whelf.h"
#include "io.h"
#include <stdio.h>
#include <string.h>

enum {
	MAX_LINE = (1 << 22) - 1,
	MAX_COL = (1 << 10) - 1,
};

typedef struct {
	const char *name;
	uint32_t id;
} Named;

typedef struct {
	Arena *a;
	BtfOut *b;
	uint32_t t_int, t_index;
	uint32_t t_uint[9];             /* unsigned INT by byte width, 0: not yet */
	uint32_t t_sint[9];             /* signed INT by byte width (4: t_int) */
	uint32_t *struct_ids;           /* of u->structs, in order */
	Vec protos;                     /* Named*: FUNC_PROTO by ctx struct */
	uint32_t *kstruct_ids;          /* per .kstruct: its type */
	uint32_t t_kint[2][17];         /* kernel members' INTs by sign, bytes */
} Types;

/* int NAME(struct CTX *ctx), the FUNC_PROTO shared per context struct */
static uint32_t prog_func(Types *t, const AsmProg *p)
{
	const ProgTypeInfo *pt = prog_type_by_keyword(p->type);
	if (!pt)
		error_at((Pos){0, 0}, "program '%s': unknown program type '%s'", p->name, p->type);
	Named *proto = NULL;
	for (int i = 0; i < t->protos.n && !proto; i++)
		if (!strcmp(((Named *)t->protos.v[i])->name, pt->ctx_struct))
			proto = t->protos.v[i];
	if (!proto) {
		uint32_t ctx = btf_out_type(t->b, BTF_KIND_STRUCT, pt->ctx_struct, 0, 0, 0);
		uint32_t ptr = btf_out_type(t->b, BTF_KIND_PTR, NULL, 0, 0, ctx);
		proto = arena_alloc(t->a, sizeof *proto);
		proto->name = pt->ctx_struct;
		proto->id = btf_out_type(t->b, BTF_KIND_FUNC_PROTO, NULL, 0, 1, t->t_int);
		btf_out_param(t->b, "ctx", ptr);
		vec_push(t->a, &t->protos, proto);
	}
	return btf_out_type(t->b, BTF_KIND_FUNC, p->name, 0, BTF_FUNC_GLOBAL, proto->id);
}

/* The unsigned integer of a member width (1, 2, 4, 8 bytes), made once. */
static uint32_t t_uint(Types *t, uint32_t bytes)
{
	static const char *const names[9] = {
		[1] = "unsigned char", [2] = "unsigned short",
		[4] = "unsigned int", [8] = "unsigned long long",
	};
	if (!t->t_uint[bytes])
		t->t_uint[bytes] = btf_out_int(t->b, names[bytes], bytes, 0);
	return t->t_uint[bytes];
}

/* A signed integer of a map key's or value's width, made once. */
static uint32_t t_sint(Types *t, uint32_t bytes)
{
	static const char *const names[9] = {
		[1] = "signed char", [2] = "short", [4] = "int", [8] = "long long",
	};
	if (bytes == 4)
		return t->t_int;
	if (!t->t_sint[bytes])
		t->t_sint[bytes] = btf_out_int(t->b, names[bytes], bytes, BTF_INT_SIGNED);
	return t->t_sint[bytes];
}

/* The BTF type of a typed map's key or value (assemble.c checked it), or
 * 0 for an untyped one. */
static uint32_t map_type_id(Types *t, const AsmUnit *u, const AsmMapType *mt)
{
	if (!mt->name)
		return 0;
	int is_signed;
	uint32_t bytes = (uint32_t)scalar_type_width(mt->name, &is_signed), id = 0;
	if (bytes)
		id = is_signed ? t_sint(t, bytes) : t_uint(t, bytes);
	for (int i = 0; !id && i < u->structs.n; i++)
		if (!strcmp(((AsmStruct *)u->structs.v[i])->name, mt->name))
			id = t->struct_ids[i];
	return mt->count ? btf_out_array(t->b, id, t->t_index, mt->count) : id;
}

/* defstruct/defunion as STRUCT/UNION; ids[i] is structs.v[i]'s type. A
 * member's type is an earlier struct's (the parser checked), so every
 * type is known before the struct that uses it is written. */
static void structs(Types *t, const AsmUnit *u)
{
	uint32_t *ids = arena_alloc(t->a, sizeof *ids * (size_t)(u->structs.n + 1));
	for (int i = 0; i < u->structs.n; i++) {
		const AsmStruct *st = u->structs.v[i];
		uint32_t *mt = arena_alloc(t->a, sizeof *mt * (size_t)(st->members.n + 1));
		for (int j = 0; j < st->members.n; j++) {
			const AsmMember *m = st->members.v[j];
			const AsmStruct *inner = asm_struct(u, m->type);
			int k = 0;
			while (inner && u->structs.v[k] != inner)
				k++;
			mt[j] = inner ? ids[k] : t_uint(t, asm_member_width(u, m));
			if (m->count)
				mt[j] = btf_out_array(t->b, mt[j], t->t_index, m->count);
		}
		ids[i] = btf_out_type(t->b, st->is_union ? BTF_KIND_UNION : BTF_KIND_STRUCT,
				      st->name, 0, (uint32_t)st->members.n, st->size);
		for (int j = 0; j < st->members.n; j++) {
			const AsmMember *m = st->members.v[j];
			btf_out_member(t->b, m->name, mt[j], m->offset * 8);
		}
	}
	t->struct_ids = ids;
}

const char *kernel_int_name(uint32_t bytes, int is_signed)
{
	static const char *const ints[2][17] = {
		{[1] = "__u8", [2] = "__u16", [4] = "__u32", [8] = "__u64", [16] = "__u128"},
		{[1] = "__s8", [2] = "__s16", [4] = "__s32", [8] = "__s64", [16] = "__s128"},
	};
	return bytes < 17 ? ints[!!is_signed][bytes] : NULL;
}

/* A kernel member's type (.kmember): new records each time, but for the
 * integers, which are shared by size and sign. */
static uint32_t ktype(Types *t, const AsmKType *k)
{
	switch (k->kind) {
	case KT_INT: {
		uint32_t *id = &t->t_kint[k->is_signed][k->size];
		if (!*id)
			*id = btf_out_int(t->b, kernel_int_name(k->size, k->is_signed), k->size,
					  k->is_signed ? BTF_INT_SIGNED : 0);
		return *id;
	}
	case KT_VOID:
		return 0;
	case KT_PTR: {
		uint32_t to = ktype(t, k->elem);
		return btf_out_type(t->b, BTF_KIND_PTR, NULL, 0, 0, to);
	}
	case KT_ARRAY:
		return btf_out_array(t->b, ktype(t, k->elem), t->t_index, k->count);
	case KT_STRUCT: case KT_UNION: {
		uint32_t kind = k->kind == KT_STRUCT ? BTF_KIND_STRUCT : BTF_KIND_UNION;
		if (!k->name)
			return btf_out_type(t->b, kind, NULL, 0, 0, k->size);
		return btf_out_type(t->b, BTF_KIND_FWD, k->name, k->kind == KT_UNION, 0, 0);
	}
	case KT_ENUM:
		return btf_out_type(t->b, BTF_KIND_ENUM, k->name, 0, 0, k->size);
	}
	return 0;
}

/* The kernel structs, each after its members' types. */
static void kstructs(Types *t, const AsmUnit *u)
{
	t->kstruct_ids = arena_alloc(t->a, sizeof *t->kstruct_ids * (size_t)(u->kstructs.n + 1));
	for (int i = 0; i < u->kstructs.n; i++) {
		const AsmStruct *st = u->kstructs.v[i];
		uint32_t *mt = arena_alloc(t->a, sizeof *mt * (size_t)(st->members.n + 1));
		for (int j = 0; j < st->members.n; j++)
			mt[j] = ktype(t, ((AsmMember *)st->members.v[j])->ktype);
		t->kstruct_ids[i] = btf_out_type(t->b, st->is_union ? BTF_KIND_UNION :
						 BTF_KIND_STRUCT, st->name, 0,
						 (uint32_t)st->members.n, st->size);
		for (int j = 0; j < st->members.n; j++) {
			const AsmMember *m = st->members.v[j];
			btf_out_member(t->b, m->name, mt[j], m->offset * 8);
		}
	}
}

static void build_types(Types *t, Code *c)
{
	t->t_int = btf_out_int(t->b, "int", 4, BTF_INT_SIGNED);
	t->t_index = btf_out_int(t->b, "__ARRAY_SIZE_TYPE__", 4, 0);
	structs(t, c->u);
	kstructs(t, c->u);
	ObjMapTypes *mt = obj_map_types_new(t->a, t->b, t->t_int, t->t_index);
	uint32_t *var = arena_alloc(t->a, sizeof *var * (size_t)(c->nmaps + 1));
	for (int i = 0; i < c->nmaps; i++) {
		uint32_t size;
		const AsmMap *am = c->u->maps.v[i];
		c->maps[i].btf_key_type_id = map_type_id(t, c->u, &am->key);
		c->maps[i].btf_value_type_id = map_type_id(t, c->u, &am->value);
		var[i] = obj_map_btf(mt, &c->maps[i], &size);
		c->maps[i].btf_var = var[i];
		c->maps[i].off = c->maps_size;
		c->maps[i].size = size;
		c->maps_size += size;
	}
	for (int i = 0; i < c->secs.n; i++) {
		CodeSection *s = c->secs.v[i];
		for (int j = 0; j < s->funcs.n; j++) {
			CodeFunc *f = s->funcs.v[j];
			f->btf_func = prog_func(t, f->prog);
		}
	}
	uint32_t lic_var = 0, lic_size = 0;
	if (c->u->license) {
		lic_size = (uint32_t)strlen(c->u->license) + 1;
		uint32_t ch = btf_out_int(t->b, "char", 1, BTF_INT_SIGNED);
		uint32_t arr = btf_out_array(t->b, ch, t->t_index, lic_size);
		lic_var = btf_out_type(t->b, BTF_KIND_VAR, OBJ_LICENSE_SYMBOL, 0, 0, arr);
		btf_out_u32(t->b, BTF_VAR_GLOBAL_ALLOCATED);
	}
	if (c->nmaps) {
		btf_out_type(t->b, BTF_KIND_DATASEC, ".maps", 0, (uint32_t)c->nmaps,
			     (uint32_t)c->maps_size);
		for (int i = 0; i < c->nmaps; i++)
			btf_out_secinfo(t->b, var[i], (uint32_t)c->maps[i].off,
					(uint32_t)c->maps[i].size);
	}
	if (c->u->license) {
		btf_out_type(t->b, BTF_KIND_DATASEC, "license", 0, 1, lic_size);
		btf_out_secinfo(t->b, lic_var, 0, lic_size);
	}
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
	char *text;
	size_t len;
	if (!path || read_file_try(a, path, &text, &len))
		return src;
	int lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	src.line = arena_alloc(a, sizeof *src.line * (size_t)lines);
	for (size_t i = 0, start = 0; i <= len; i++)
		if (i == len || text[i] == '\n') {
			size_t end = i;
			if (end > start && text[end - 1] == '\r')
				end--;
			src.line[src.n++] = arena_strndup(a, text + start, end - start);
			start = i + 1;
		}
	return src;
}

/* func_info for every section (the subsection is always there), line_info
 * for the sections with positions. */
static ObjExt *ext_records(Arena *a, const Code *c)
{
	ObjExt *x = arena_alloc(a, sizeof *x);
	x->present[EXT_FUNC] = 1;
	for (int i = 0; i < c->secs.n; i++) {
		const CodeSection *s = c->secs.v[i];
		ObjExtGroup *g = obj_ext_group(a, x, EXT_FUNC, s->name);
		for (int j = 0; j < s->funcs.n; j++) {
			const CodeFunc *f = s->funcs.v[j];
			ObjFuncInfo *r = arena_alloc(a, sizeof *r);
			*r = (ObjFuncInfo){f->off, f->btf_func};
			vec_push(a, &g->recs, r);
		}
	}
	Source src = read_source(a, c->u->file);
	const char *file = c->u->file ? c->u->file : "";
	for (int i = 0; i < c->secs.n; i++) {
		const CodeSection *s = c->secs.v[i];
		if (!s->lines.n)
			continue;
		ObjExtGroup *g = obj_ext_group(a, x, EXT_LINE, s->name);
		for (int j = 0; j < s->lines.n; j++) {
			const CodeLine *l = s->lines.v[j];
			ObjLineInfo *r = arena_alloc(a, sizeof *r);
			r->off = l->off;
			r->file = file;
			r->text = l->pos.line <= src.n ? src.line[l->pos.line - 1] : "";
			r->line = l->pos.line > MAX_LINE ? MAX_LINE : (uint32_t)l->pos.line;
			r->col = l->pos.col > MAX_COL ? MAX_COL :
				 l->pos.col < 0 ? 0 : (uint32_t)l->pos.col;
			vec_push(a, &g->recs, r);
		}
	}
	return x;
}

/* core_relo for the sections with .core lines. */
static void core_records(Arena *a, const Types *t, const Code *c, ObjExt *x)
{
	for (int i = 0; i < c->secs.n; i++) {
		const CodeSection *s = c->secs.v[i];
		if (!s->cores.n)
			continue;
		x->present[EXT_CORE] = 1;
		ObjExtGroup *g = obj_ext_group(a, x, EXT_CORE, s->name);
		for (int j = 0; j < s->cores.n; j++) {
			const CodeCore *k = s->cores.v[j];
			int si = 0;
			while (strcmp(((AsmStruct *)c->u->kstructs.v[si])->name, k->core->type))
				si++;   /* the asm parser checked that it is there */
			const AsmStruct *st = c->u->kstructs.v[si];
			int mi = 0;
			while (strcmp(((AsmMember *)st->members.v[mi])->name, k->core->member))
				mi++;
			ObjCoreRelo *r = arena_alloc(a, sizeof *r);
			*r = (ObjCoreRelo){k->off, t->kstruct_ids[si], arena_printf(a, "0:%d", mi),
					   (uint32_t)k->core->kind->kind};
			vec_push(a, &g->recs, r);
		}
	}
}

void code_btf(Arena *a, Code *c, Btf **btf, ObjExt **ext)
{
	Types t = {.a = a, .b = btf_out_new(a)};
	build_types(&t, c);
	*btf = btf_out_finish(t.b);
	*ext = ext_records(a, c);
	core_records(a, &t, c, *ext);
}
