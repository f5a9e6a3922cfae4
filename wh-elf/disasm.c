/* disasm.c: an ELF BPF object (ours or clang's) -> AsmUnit, for
 * `wh-elf --disasm`. Programs come from STT_FUNC symbols, maps from the
 * .maps symbols and their BTF structs, the license from its section and
 * .loc positions from .BTF.ext line_info. Every offset and size is
 * checked; structs and unions come from .BTF. An instruction the asm
 * cannot spell exactly (so that reassembling gives the same bytes) is
 * refused. */
#include "whelf.h"
#include <gelf.h>
#include <libelf.h>
#include <linux/btf.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LD_IMM64 = BC_LD | BS_DW | BM_IMM };

typedef struct {
	uint32_t off;           /* byte offset in the section */
	Pos pos;
	const char *file;
} LineRec;

typedef struct {
	uint32_t off, sym;
} RelRec;

typedef struct {
	const char *name;
	GElf_Shdr sh;
	const uint8_t *data;    /* contents, once read */
	size_t size;
	Vec rels;               /* RelRec* (code sections) */
	Vec lines;              /* LineRec* (code sections) */
} Sec;

typedef struct {
	const uint8_t *types, *strs;
	uint32_t types_len, strs_len;
	const uint8_t **type;   /* type[id], 1 <= id <= n */
	uint32_t n;
} BtfR;

typedef struct {
	Arena *a;
	const char *what;
	Elf *e;
	size_t nsec;
	Sec *sec;
	size_t symtab, maps, license, btf, ext;  /* section indices, 0: none */
	GElf_Sym *sym;
	const char **symname;
	size_t nsym;
	BtfR b;
	AsmUnit *u;
} Dis;

static noreturn void bad(Dis *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static noreturn void bad(Dis *d, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (char *p = msg; *p; p++)    /* names from the file: keep one line */
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	fatal("%s: %s", d->what, msg);
}

/* Names and strings must be spellable in asm: names are C identifiers,
 * strings hold no control characters. */
static bool is_ident(const char *s)
{
	bool ok = *s && !isdigit((unsigned char)*s);
	for (const char *p = s; *p && ok; p++)
		ok = isalnum((unsigned char)*p) || *p == '_';
	return ok;
}

static const char *ident(Dis *d, const char *s, const char *what)
{
	if (!is_ident(s))
		bad(d, "%s name '%.64s' is not a C identifier", what, s);
	return s;
}

static const char *text(Dis *d, const char *s, const char *what)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			bad(d, "%s contains control characters", what);
	return s;
}

/* ================================================================ ELF */

static void open_elf(Dis *d, char *image, size_t len)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		bad(d, "libelf: %s", elf_errmsg(-1));
	d->e = elf_memory(image, len);
	if (!d->e || elf_kind(d->e) != ELF_K_ELF)
		bad(d, "not an ELF file");
	GElf_Ehdr eh;
	if (!gelf_getehdr(d->e, &eh))
		bad(d, "bad ELF header: %s", elf_errmsg(-1));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64)
		bad(d, "not a 64-bit ELF object");
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
		bad(d, "not a little-endian ELF object");
	if (eh.e_type != ET_REL)
		bad(d, "not a relocatable object (e_type %d)", eh.e_type);
	if (eh.e_machine != EM_BPF && eh.e_machine != EM_NONE)
		bad(d, "not a BPF object (e_machine %d)", eh.e_machine);
	size_t shstrndx;
	if (elf_getshdrnum(d->e, &d->nsec) || elf_getshdrstrndx(d->e, &shstrndx))
		bad(d, "bad section headers: %s", elf_errmsg(-1));
	d->sec = arena_alloc(d->a, sizeof *d->sec * (d->nsec + 1));
	for (size_t i = 1; i < d->nsec; i++) {
		Sec *s = &d->sec[i];
		Elf_Scn *scn = elf_getscn(d->e, i);
		if (!scn || !gelf_getshdr(scn, &s->sh))
			bad(d, "section %zu: bad header", i);
		s->name = elf_strptr(d->e, shstrndx, s->sh.sh_name);
		if (!s->name)
			bad(d, "section %zu: bad name offset", i);
		if (s->sh.sh_type == SHT_SYMTAB) {
			if (d->symtab)
				bad(d, "more than one symbol table");
			d->symtab = i;
		}
		if (!strcmp(s->name, ".maps"))
			d->maps = i;
		else if (!strcmp(s->name, "license"))
			d->license = i;
		else if (!strcmp(s->name, ".BTF"))
			d->btf = i;
		else if (!strcmp(s->name, ".BTF.ext"))
			d->ext = i;
	}
	if (!d->symtab)
		bad(d, "no symbol table");
}

/* The contents of section i, checked to be all there. */
static const uint8_t *contents(Dis *d, size_t i)
{
	Sec *s = &d->sec[i];
	if (s->data || !s->sh.sh_size)
		return s->data;
	if (s->sh.sh_type == SHT_NOBITS)
		bad(d, "section '%s' has no contents", s->name);
	Elf_Data *data = elf_getdata(elf_getscn(d->e, i), NULL);
	if (!data || data->d_size != s->sh.sh_size || !data->d_buf)
		bad(d, "section '%s': bad offset or size", s->name);
	s->data = data->d_buf;
	s->size = data->d_size;
	return s->data;
}

static void read_symbols(Dis *d)
{
	Sec *st = &d->sec[d->symtab];
	if (st->sh.sh_entsize != sizeof(Elf64_Sym) || st->sh.sh_size % sizeof(Elf64_Sym))
		bad(d, "bad symbol table entry size");
	if (st->sh.sh_link == 0 || st->sh.sh_link >= d->nsec)
		bad(d, "bad symbol table string section");
	Elf_Data *data = elf_getdata(elf_getscn(d->e, d->symtab), NULL);
	if (!data)
		bad(d, "bad symbol table: %s", elf_errmsg(-1));
	d->nsym = st->sh.sh_size / sizeof(Elf64_Sym);
	d->sym = arena_alloc(d->a, sizeof *d->sym * (d->nsym + 1));
	d->symname = arena_alloc(d->a, sizeof *d->symname * (d->nsym + 1));
	for (size_t i = 0; i < d->nsym; i++) {
		if (!gelf_getsym(data, (int)i, &d->sym[i]))
			bad(d, "symbol %zu: unreadable", i);
		d->symname[i] = elf_strptr(d->e, st->sh.sh_link, d->sym[i].st_name);
		if (!d->symname[i])
			bad(d, "symbol %zu: bad name offset", i);
	}
}

static bool is_code(Dis *d, size_t i)
{
	return i > 0 && i < d->nsec && d->sec[i].sh.sh_type == SHT_PROGBITS &&
	       (d->sec[i].sh.sh_flags & SHF_EXECINSTR);
}

static int rel_by_off(const void *x, const void *y)
{
	const RelRec *a = *(RelRec *const *)x, *b = *(RelRec *const *)y;
	return a->off < b->off ? -1 : a->off > b->off;
}

static void sort_relocs(Dis *d)
{
	for (size_t i = 1; i < d->nsec; i++) {
		Sec *s = &d->sec[i];
		if (s->rels.n)
			qsort(s->rels.v, (size_t)s->rels.n, sizeof(void *), rel_by_off);
	}
}

static void read_relocs(Dis *d)
{
	for (size_t i = 1; i < d->nsec; i++) {
		Sec *s = &d->sec[i];
		if ((s->sh.sh_type != SHT_REL && s->sh.sh_type != SHT_RELA) || !is_code(d, s->sh.sh_info))
			continue;
		Sec *code = &d->sec[s->sh.sh_info];
		if (s->sh.sh_type == SHT_RELA)
			bad(d, "section '%s': RELA relocations are not supported", s->name);
		if (s->sh.sh_link != d->symtab || s->sh.sh_entsize != sizeof(Elf64_Rel) ||
		    s->sh.sh_size % sizeof(Elf64_Rel))
			bad(d, "section '%s': malformed relocation section", s->name);
		Elf_Data *data = elf_getdata(elf_getscn(d->e, i), NULL);
		if (!data)
			bad(d, "section '%s': %s", s->name, elf_errmsg(-1));
		for (size_t k = 0; k < s->sh.sh_size / sizeof(Elf64_Rel); k++) {
			GElf_Rel r;
			if (!gelf_getrel(data, (int)k, &r))
				bad(d, "section '%s': relocation %zu unreadable", s->name, k);
			uint64_t type = GELF_R_TYPE(r.r_info), sym = GELF_R_SYM(r.r_info);
			if (r.r_offset % 8 || code->sh.sh_size < 16 || r.r_offset > code->sh.sh_size - 16)
				bad(d, "%s: relocation at 0x%llx outside the code", code->name,
				    (unsigned long long)r.r_offset);
			if (type == R_BPF_64_32)
				bad(d, "%s+0x%llx: calls to BPF functions are not supported", code->name,
				    (unsigned long long)r.r_offset);
			if (type != R_BPF_64_64)
				bad(d, "%s+0x%llx: relocation type %llu is not supported", code->name,
				    (unsigned long long)r.r_offset, (unsigned long long)type);
			if (sym == 0 || sym >= d->nsym)
				bad(d, "%s+0x%llx: relocation against a bad symbol", code->name,
				    (unsigned long long)r.r_offset);
			RelRec *rr = arena_alloc(d->a, sizeof *rr);
			*rr = (RelRec){(uint32_t)r.r_offset, (uint32_t)sym};
			vec_push(d->a, &code->rels, rr);
		}
	}
	sort_relocs(d);
}

/* ================================================================ BTF */

/* Bytes that follow the 12-byte common header, per kind. */
static const struct {
	uint8_t fixed, per_vlen;
} kind_extra[] = {
	[BTF_KIND_INT] = {4, 0},      [BTF_KIND_PTR] = {0, 0},
	[BTF_KIND_ARRAY] = {12, 0},   [BTF_KIND_STRUCT] = {0, 12},
	[BTF_KIND_UNION] = {0, 12},   [BTF_KIND_ENUM] = {0, 8},
	[BTF_KIND_FWD] = {0, 0},      [BTF_KIND_TYPEDEF] = {0, 0},
	[BTF_KIND_VOLATILE] = {0, 0}, [BTF_KIND_CONST] = {0, 0},
	[BTF_KIND_RESTRICT] = {0, 0}, [BTF_KIND_FUNC] = {0, 0},
	[BTF_KIND_FUNC_PROTO] = {0, 8}, [BTF_KIND_VAR] = {4, 0},
	[BTF_KIND_DATASEC] = {0, 12}, [BTF_KIND_FLOAT] = {0, 0},
	[BTF_KIND_DECL_TAG] = {4, 0}, [BTF_KIND_TYPE_TAG] = {0, 0},
	[BTF_KIND_ENUM64] = {0, 12},
};
#define MAX_KIND (int)(sizeof kind_extra / sizeof *kind_extra - 1)

static int kind(const uint8_t *t) { return (int)(get_u32(t + 4) >> 24 & 0x1f); }
static uint32_t vlen(const uint8_t *t) { return get_u32(t + 4) & 0xffff; }

static const char *btf_str(Dis *d, uint32_t off)
{
	if (off >= d->b.strs_len || !memchr(d->b.strs + off, 0, d->b.strs_len - off))
		bad(d, ".BTF: bad string offset %u", off);
	return (const char *)d->b.strs + off;
}

static const uint8_t *btf_type(Dis *d, uint32_t id)
{
	if (id == 0 || id > d->b.n)
		bad(d, ".BTF: bad type id %u", id);
	return d->b.type[id];
}

static void read_btf(Dis *d)
{
	const uint8_t *p = contents(d, d->btf);
	size_t size = d->sec[d->btf].sh.sh_size;
	if (size < 24 || get_u16(p) != BTF_MAGIC || p[2] != 1)
		bad(d, ".BTF: bad header");
	uint64_t hdr = get_u32(p + 4), toff = get_u32(p + 8), tlen = get_u32(p + 12);
	uint64_t soff = get_u32(p + 16), slen = get_u32(p + 20);
	if (hdr < 24 || hdr + toff + tlen > size || hdr + soff + slen > size)
		bad(d, ".BTF: header offsets outside the section");
	d->b.types = p + hdr + toff;
	d->b.types_len = (uint32_t)tlen;
	d->b.strs = p + hdr + soff;
	d->b.strs_len = (uint32_t)slen;
	d->b.type = arena_alloc(d->a, sizeof *d->b.type * (tlen / 12 + 2));
	for (uint64_t off = 0; off < tlen; ) {
		const uint8_t *t = d->b.types + off;
		if (off + 12 > tlen)
			bad(d, ".BTF: truncated type");
		int k = kind(t);
		if (k < 1 || k > MAX_KIND)
			bad(d, ".BTF: unknown type kind %d", k);
		uint64_t n = 12 + kind_extra[k].fixed + (uint64_t)kind_extra[k].per_vlen * vlen(t);
		if (off + n > tlen)
			bad(d, ".BTF: truncated type");
		d->b.type[++d->b.n] = t;
		off += n;
	}
}

static bool is_modifier(int k)
{
	return k == BTF_KIND_TYPEDEF || k == BTF_KIND_VOLATILE || k == BTF_KIND_CONST ||
	       k == BTF_KIND_RESTRICT || k == BTF_KIND_TYPE_TAG;
}

/* id with typedefs and qualifiers skipped */
static uint32_t resolve(Dis *d, uint32_t id)
{
	for (int depth = 0; depth < 32; depth++) {
		const uint8_t *t = btf_type(d, id);
		if (!is_modifier(kind(t)))
			return id;
		id = get_u32(t + 8);
	}
	bad(d, ".BTF: type chain too long");
}

static uint64_t type_size(Dis *d, uint32_t id, int depth)
{
	if (depth > 32)
		bad(d, ".BTF: type chain too long");
	const uint8_t *t = btf_type(d, resolve(d, id));
	switch (kind(t)) {
	case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_FLOAT:
		return get_u32(t + 8);
	case BTF_KIND_PTR:
		return 8;
	case BTF_KIND_ARRAY: {
		uint64_t elem = type_size(d, get_u32(t + 12), depth + 1), n = get_u32(t + 20);
		if (elem > UINT32_MAX || n > UINT32_MAX)
			bad(d, ".BTF: type %u is too large", id);
		return elem * n;
	}
	}
	bad(d, ".BTF: type %u has no size", id);
}

/* ================================================================ maps */

static const uint8_t *find_datasec(Dis *d, const char *name)
{
	for (uint32_t id = 1; id <= d->b.n; id++) {
		const uint8_t *t = d->b.type[id];
		if (kind(t) == BTF_KIND_DATASEC && !strcmp(btf_str(d, get_u32(t)), name))
			return t;
	}
	return NULL;
}

/* The BTF struct of the map variable called name. */
static const uint8_t *map_struct(Dis *d, const uint8_t *ds, const char *name)
{
	for (uint32_t i = 0; i < vlen(ds); i++) {
		const uint8_t *var = btf_type(d, get_u32(ds + 12 + 12 * i));
		if (kind(var) != BTF_KIND_VAR || strcmp(btf_str(d, get_u32(var)), name))
			continue;
		const uint8_t *st = btf_type(d, resolve(d, get_u32(var + 8)));
		if (kind(st) != BTF_KIND_STRUCT)
			bad(d, "map '%s': its BTF type is not a struct", name);
		return st;
	}
	bad(d, "map '%s': no BTF variable in the .maps DATASEC", name);
}

/* __uint(name, N): PTR -> ARRAY with nelems N */
static uint32_t uint_member(Dis *d, const char *map, const char *member, uint32_t id)
{
	const uint8_t *p = btf_type(d, resolve(d, id));
	const uint8_t *arr = kind(p) == BTF_KIND_PTR ? btf_type(d, resolve(d, get_u32(p + 8))) : NULL;
	if (!arr || kind(arr) != BTF_KIND_ARRAY)
		bad(d, "map '%s': member '%s' is not a pointer to an array", map, member);
	return get_u32(arr + 20);
}

/* __type(name, T): PTR -> T, the size of T */
static uint32_t type_member(Dis *d, const char *map, const char *member, uint32_t id)
{
	const uint8_t *p = btf_type(d, resolve(d, id));
	if (kind(p) != BTF_KIND_PTR)
		bad(d, "map '%s': member '%s' is not a pointer", map, member);
	uint64_t size = type_size(d, get_u32(p + 8), 0);
	if (size > UINT32_MAX)
		bad(d, "map '%s': member '%s' is too large", map, member);
	return (uint32_t)size;
}

static void read_map(Dis *d, const uint8_t *ds, size_t symi)
{
	const char *name = ident(d, d->symname[symi], "map");
	const uint8_t *st = map_struct(d, ds, name);
	uint32_t type = 0, key = 0, value = 0;
	bool has_type = false, has_key_size = false, has_value_size = false;
	AsmMap *m = arena_alloc(d->a, sizeof *m);
	m->name = name;
	for (uint32_t i = 0; i < vlen(st); i++) {
		const uint8_t *mem = st + 12 + 12 * i;
		const char *mn = btf_str(d, get_u32(mem));
		uint32_t mt = get_u32(mem + 4);
		if (!strcmp(mn, "type")) {
			type = uint_member(d, name, mn, mt);
			has_type = true;
		} else if (!strcmp(mn, "key_size")) {
			m->key_size = uint_member(d, name, mn, mt);
			has_key_size = true;
		} else if (!strcmp(mn, "value_size")) {
			m->value_size = uint_member(d, name, mn, mt);
			has_value_size = true;
		} else if (!strcmp(mn, "max_entries")) {
			m->max_entries = uint_member(d, name, mn, mt);
		} else if (!strcmp(mn, "map_flags")) {
			m->flags = uint_member(d, name, mn, mt);
		} else if (!strcmp(mn, "key")) {
			key = type_member(d, name, mn, mt);
		} else if (!strcmp(mn, "value")) {
			value = type_member(d, name, mn, mt);
		} else {
			bad(d, "map '%s': member '%s' is not supported", name, mn);
		}
	}
	if (key && has_key_size && key != m->key_size)
		bad(d, "map '%s': conflicting key sizes", name);
	if (value && has_value_size && value != m->value_size)
		bad(d, "map '%s': conflicting value sizes", name);
	if (key)
		m->key_size = key;
	if (value)
		m->value_size = value;
	if (!has_type)
		bad(d, "map '%s': no map type", name);
	const MapTypeInfo *mt = map_type_by_id((int)type);
	if (!mt)
		bad(d, "map '%s': map type %u is not supported", name, type);
	m->type = mt->keyword;
	vec_push(d->a, &d->u->maps, m);
}

static int by_value(const void *x, const void *y, void *ctx)
{
	const Dis *d = ctx;
	const GElf_Sym *a = &d->sym[*(const size_t *)x], *b = &d->sym[*(const size_t *)y];
	if (a->st_shndx != b->st_shndx)
		return a->st_shndx < b->st_shndx ? -1 : 1;
	return a->st_value < b->st_value ? -1 : a->st_value > b->st_value;
}

/* Symbol indices matching keep(), ordered by section then value. */
static size_t *sorted_syms(Dis *d, bool (*keep)(Dis *, const GElf_Sym *), size_t *n)
{
	size_t *v = arena_alloc(d->a, sizeof *v * (d->nsym + 1));
	*n = 0;
	for (size_t i = 1; i < d->nsym; i++)
		if (keep(d, &d->sym[i]))
			v[(*n)++] = i;
	qsort_r(v, *n, sizeof *v, by_value, d);
	return v;
}

static bool is_map_sym(Dis *d, const GElf_Sym *s)
{
	return d->maps && s->st_shndx == d->maps && GELF_ST_TYPE(s->st_info) == STT_OBJECT;
}

static void read_maps(Dis *d)
{
	size_t n;
	size_t *v = sorted_syms(d, is_map_sym, &n);
	if (!n)
		return;
	if (!d->btf)
		bad(d, "maps without .BTF: legacy map definitions are not supported");
	const uint8_t *ds = find_datasec(d, ".maps");
	if (!ds)
		bad(d, ".BTF has no .maps DATASEC");
	for (size_t i = 0; i < n; i++) {
		const GElf_Sym *s = &d->sym[v[i]];
		if (s->st_value > d->sec[d->maps].sh.sh_size ||
		    s->st_size > d->sec[d->maps].sh.sh_size - s->st_value)
			bad(d, "map '%s' lies outside .maps", d->symname[v[i]]);
		read_map(d, ds, v[i]);
	}
}

/* ============================================================= structs */

/* The asm type of a member's BTF type: an unsigned INT as uW, or a struct
 * read before; NULL when the asm cannot spell it. *align gets its
 * alignment. */
static const char *member_type(Dis *d, uint32_t id, uint32_t *align)
{
	const uint8_t *t = btf_type(d, id);
	if (kind(t) == BTF_KIND_INT) {
		uint32_t size = get_u32(t + 8), enc = get_u32(t + 12);
		int w = width_index((int)size);
		*align = size;
		return w >= 0 && enc == size * 8 ? width_info[w].name : NULL;
	}
	if (kind(t) != BTF_KIND_STRUCT && kind(t) != BTF_KIND_UNION)
		return NULL;
	const AsmStruct *st = asm_struct(d->u, btf_str(d, get_u32(t)));
	*align = st ? st->align : 0;
	return st ? st->name : NULL;
}

/* A named STRUCT/UNION made of what .member spells, or NULL (clang's
 * objects hold other types; they are left out, as the code needs none). */
static AsmStruct *read_struct(Dis *d, const uint8_t *t)
{
	const char *name = btf_str(d, get_u32(t));
	if (!is_ident(name) || !vlen(t) || get_u32(t + 4) >> 31 || asm_struct(d->u, name))
		return NULL;
	AsmStruct *st = arena_alloc(d->a, sizeof *st);
	*st = (AsmStruct){.name = name, .is_union = kind(t) == BTF_KIND_UNION,
			  .size = get_u32(t + 8), .align = 1};
	for (uint32_t i = 0; i < vlen(t); i++) {
		const uint8_t *mem = t + 12 + 12 * i;
		AsmMember *m = arena_alloc(d->a, sizeof *m);
		uint32_t id = get_u32(mem + 4), bits = get_u32(mem + 8), align = 0;
		const uint8_t *mt = btf_type(d, id);
		if (kind(mt) == BTF_KIND_ARRAY) {
			m->count = get_u32(mt + 20);
			id = get_u32(mt + 12);
		}
		m->name = btf_str(d, get_u32(mem));
		m->type = member_type(d, id, &align);
		m->offset = bits / 8;
		if (!is_ident(m->name) || !m->type || bits % 8 || (kind(mt) == BTF_KIND_ARRAY && !m->count) ||
		    m->offset + (uint64_t)asm_member_width(d->u, m) * (m->count ? m->count : 1) > st->size)
			return NULL;
		if (align > st->align)
			st->align = align;
		vec_push(d->a, &st->members, m);
	}
	return st;
}

static void read_structs(Dis *d)
{
	for (uint32_t id = 1; id <= d->b.n; id++) {
		int k = kind(d->b.type[id]);
		AsmStruct *st = k == BTF_KIND_STRUCT || k == BTF_KIND_UNION ?
				read_struct(d, d->b.type[id]) : NULL;
		if (st)
			vec_push(d->a, &d->u->structs, st);
	}
}

static void read_license(Dis *d)
{
	if (!d->license)
		return;
	const uint8_t *p = contents(d, d->license);
	size_t n = d->sec[d->license].sh.sh_size;
	const uint8_t *nul = p ? memchr(p, 0, n) : NULL;
	if (nul)
		n = (size_t)(nul - p);
	d->u->license = text(d, arena_strndup(d->a, p ? (const char *)p : "", n), "the license");
}

/* ========================================================== line info */

static size_t sec_by_name(Dis *d, const char *name)
{
	for (size_t i = 1; i < d->nsec; i++)
		if (is_code(d, i) && !strcmp(d->sec[i].name, name))
			return i;
	return 0;
}

static int by_off(const void *x, const void *y)
{
	const LineRec *a = *(LineRec *const *)x, *b = *(LineRec *const *)y;
	return a->off < b->off ? -1 : a->off > b->off;
}

static void read_lines(Dis *d)
{
	if (!d->ext || !d->btf)
		return;
	const uint8_t *p = contents(d, d->ext);
	uint64_t size = d->sec[d->ext].sh.sh_size;
	if (size < 24 || get_u16(p) != BTF_MAGIC || p[2] != 1)
		bad(d, ".BTF.ext: bad header");
	uint64_t hdr = get_u32(p + 4), off = get_u32(p + 16), len = get_u32(p + 20);
	if (hdr < 24 || hdr > size || hdr + off + len > size)
		bad(d, ".BTF.ext: header offsets outside the section");
	if (len == 0)
		return;
	const uint8_t *li = p + hdr + off, *end = li + len;
	if (len < 4 || get_u32(li) < 16 || get_u32(li) % 4)
		bad(d, ".BTF.ext: bad line_info record size");
	uint32_t rec = get_u32(li);
	for (li += 4; li < end; ) {
		if (end - li < 8)
			bad(d, ".BTF.ext: truncated line_info");
		const char *sname = btf_str(d, get_u32(li));
		uint64_t n = get_u32(li + 4);
		li += 8;
		if (n * rec > (uint64_t)(end - li))
			bad(d, ".BTF.ext: truncated line_info for section '%s'", sname);
		size_t si = sec_by_name(d, sname);
		for (uint64_t k = 0; k < n; k++, li += rec) {
			if (!si)
				continue;
			LineRec *r = arena_alloc(d->a, sizeof *r);
			uint32_t lc = get_u32(li + 12);
			r->off = get_u32(li);
			r->file = btf_str(d, get_u32(li + 4));
			btf_str(d, get_u32(li + 8));
			r->pos = (Pos){(int)(lc >> 10), (int)(lc & 0x3ff)};
			vec_push(d->a, &d->sec[si].lines, r);
		}
	}
	for (size_t i = 1; i < d->nsec; i++)
		if (d->sec[i].lines.n)
			qsort(d->sec[i].lines.v, (size_t)d->sec[i].lines.n, sizeof(void *), by_off);
}

/* =========================================================== programs */

enum { F_DST = 1, F_SRC = 2, F_OFF = 4, F_IMM = 8 };

static bool known_alu(uint8_t op)
{
	for (int i = 0; i < ALU_COUNT; i++)
		if (alu_info[i].op == op)
			return true;
	return op == BA_MOV;
}

static bool known_cond(uint8_t op)
{
	for (int i = 0; i < CC_COUNT; i++)
		if (cond_info[i].op == op)
			return true;
	return false;
}

/* The fields an instruction's asm form shows, or -1 when it has none. */
static int shown_fields(const BpfInsn *in)
{
	uint8_t cls = in->code & 7, op = in->code & 0xf0, mode = in->code & 0xe0;
	uint8_t size = in->code & 0x18;
	bool x = in->code & BSRC_X;
	switch (cls) {
	case BC_ALU:
	case BC_ALU64:
		if (op == BA_END)
			return cls == BC_ALU && (in->imm == 16 || in->imm == 32 || in->imm == 64) ?
			       F_DST | F_IMM : -1;
		if (op == BA_NEG)
			return x ? -1 : F_DST;
		if (known_alu(op))
			return x ? F_DST | F_SRC : F_DST | F_IMM;
		return -1;
	case BC_LD:
		return in->code == LD_IMM64 ? F_DST | F_IMM : -1;
	case BC_LDX:
		return mode == BM_MEM ? F_DST | F_SRC | F_OFF : -1;
	case BC_ST:
		return mode == BM_MEM ? F_DST | F_OFF | F_IMM : -1;
	case BC_STX:
		if (mode == BM_MEM ||
		    (mode == BM_ATOMIC && (size == BS_W || size == BS_DW) && in->imm == BA_ADD))
			return F_DST | F_SRC | F_OFF;
		return -1;
	default:        /* BC_JMP, BC_JMP32 */
		if (op == BJ_JA || op == BJ_CALL || op == BJ_EXIT)
			return cls != BC_JMP || x ? -1 : op == BJ_JA ? F_OFF : op == BJ_CALL ? F_IMM : 0;
		if (known_cond(op))
			return x ? F_DST | F_SRC | F_OFF : F_DST | F_OFF | F_IMM;
		return -1;
	}
}

static void check_insn(Dis *d, const Sec *s, uint32_t off, const BpfInsn *in)
{
	int f = shown_fields(in), dst = in->regs & 0xf, src = in->regs >> 4;
	uint8_t cls = in->code & 7;
	bool writes = cls == BC_ALU || cls == BC_ALU64 || cls == BC_LD || cls == BC_LDX;
	if (f < 0 || dst > 10 || src > 10 || (writes && dst == BPF_REG_FP) ||
	    (!(f & F_DST) && dst) || (!(f & F_SRC) && src) ||
	    (!(f & F_OFF) && in->off) || (!(f & F_IMM) && in->imm))
		bad(d, "%s+0x%x: instruction (code 0x%02x regs 0x%02x off %d imm %d) "
		    "has no asm form", s->name, off, in->code, in->regs, in->off, in->imm);
}

static BpfInsn decode(const uint8_t *p)
{
	return (BpfInsn){p[0], p[1], (int16_t)get_u16(p + 2), (int32_t)get_u32(p + 4)};
}

/* The relocation at off (s->rels is sorted by offset). */
static const RelRec *reloc_at(const Sec *s, uint32_t off)
{
	int lo = 0, hi = s->rels.n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		const RelRec *r = s->rels.v[mid];
		if (r->off == off)
			return r;
		if (off < r->off)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* ld_imm64 at off: its value, or the map named by its relocation */
static void ld_imm64(Dis *d, const Sec *s, uint32_t off, const uint8_t *p, AsmLine *l)
{
	BpfInsn hi = decode(p + 8);
	if (hi.code || hi.regs || hi.off)
		bad(d, "%s+0x%x: malformed ld_imm64", s->name, off);
	l->imm64 = (int64_t)((uint64_t)(uint32_t)hi.imm << 32 | (uint32_t)l->in.imm);
	const RelRec *r = reloc_at(s, off);
	if (!r)
		return;
	const GElf_Sym *sym = &d->sym[r->sym];
	if (!is_map_sym(d, sym))
		bad(d, "%s+0x%x: relocation against '%s', which is not a map, is not supported",
		    s->name, off, d->symname[r->sym]);
	if (l->imm64)
		bad(d, "%s+0x%x: map reference with an addend is not supported", s->name, off);
	l->sym = d->symname[r->sym];
}

/* The position in force at byte offset off: the last line record at or
 * before it, counting only records inside this program (from start). The
 * cursor *k advances monotonically over the section's sorted records. */
static Pos pos_at(Dis *d, const Sec *s, uint32_t start, uint32_t off, int *k, Pos cur)
{
	for (; *k < s->lines.n; ++*k) {
		const LineRec *r = s->lines.v[*k];
		if (r->off > off)
			break;
		if (r->off < start)
			continue;
		cur = r->pos;
		if (!d->u->file && *r->file)
			d->u->file = text(d, r->file, "the source file name");
	}
	return cur;
}

static AsmProg *read_prog(Dis *d, size_t symi)
{
	const GElf_Sym *sym = &d->sym[symi];
	Sec *s = &d->sec[sym->st_shndx];
	const char *name = ident(d, d->symname[symi], "program");
	text(d, s->name, "a section name");
	const uint8_t *code = contents(d, sym->st_shndx);
	uint32_t start = (uint32_t)sym->st_value, n = (uint32_t)(sym->st_size / 8);
	const SectionInfo *si = section_lookup(s->name);
	if (!si)
		si = section_lookup_loose(s->name);
	const ProgTypeInfo *pt = si ? prog_type_by_id(si->prog_type) : NULL;
	if (!pt)
		bad(d, "program '%s': no program type known for section '%s'", name, s->name);
	AsmProg *p = arena_alloc(d->a, sizeof *p);
	p->name = name;
	p->type = pt->keyword;
	p->section = s->name;

	/* pass 1: check, find jump targets */
	int *label = arena_alloc(d->a, sizeof *label * (n + 1));
	bool *second = arena_alloc(d->a, sizeof *second * (n + 1));
	for (uint32_t i = 0; i <= n; i++)
		label[i] = -1;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t off = start + 8 * i;
		BpfInsn in = decode(code + off);
		check_insn(d, s, off, &in);
		if (in.code == LD_IMM64) {
			if (i + 1 >= n)
				bad(d, "%s+0x%x: truncated ld_imm64", s->name, off);
			second[++i] = true;
		} else if ((in.code & 7) == BC_JMP || (in.code & 7) == BC_JMP32) {
			int64_t t = (int64_t)i + 1 + in.off;
			uint8_t op = in.code & 0xf0;
			if (op == BJ_CALL || op == BJ_EXIT)
				continue;
			if (t < 0 || t > n)
				bad(d, "%s+0x%x: jump outside program '%s'", s->name, off, name);
			label[t] = 0;
		} else if (reloc_at(s, off)) {
			bad(d, "%s+0x%x: relocation on an instruction that is not ld_imm64",
			    s->name, off);
		}
	}
	int nlabels = 0;
	for (uint32_t i = 0; i <= n; i++) {
		if (label[i] < 0)
			continue;
		if (second[i])
			bad(d, "%s: jump into the middle of an ld_imm64", s->name);
		label[i] = nlabels++;
	}

	/* pass 2: lines */
	int k = 0;
	Pos pos = {0, 0};
	for (uint32_t i = 0; i <= n; i++) {
		if (label[i] >= 0) {
			AsmLine *l = arena_alloc(d->a, sizeof *l);
			l->kind = AL_LABEL;
			l->label = arena_printf(d->a, "L%d", label[i]);
			vec_push(d->a, &p->lines, l);
		}
		if (i == n || second[i])
			continue;
		uint32_t off = start + 8 * i;
		AsmLine *l = arena_alloc(d->a, sizeof *l);
		l->kind = AL_INSN;
		l->in = decode(code + off);
		l->pos = pos = pos_at(d, s, start, off, &k, pos);
		uint8_t cls = l->in.code & 7, op = l->in.code & 0xf0;
		if (l->in.code == LD_IMM64)
			ld_imm64(d, s, off, code + off, l);
		else if ((cls == BC_JMP || cls == BC_JMP32) && op != BJ_CALL && op != BJ_EXIT)
			l->target = arena_printf(d->a, "L%d", label[(int64_t)i + 1 + l->in.off]);
		vec_push(d->a, &p->lines, l);
	}
	return p;
}

static bool is_prog_sym(Dis *d, const GElf_Sym *s)
{
	(void)d;
	return GELF_ST_TYPE(s->st_info) == STT_FUNC;
}

static void read_progs(Dis *d)
{
	size_t n;
	size_t *v = sorted_syms(d, is_prog_sym, &n);
	uint64_t end = 0;
	size_t prev_sec = 0;
	for (size_t i = 0; i < n; i++) {
		const GElf_Sym *s = &d->sym[v[i]];
		const char *name = d->symname[v[i]];
		if (!is_code(d, s->st_shndx))
			bad(d, "function '%s' is not in an executable section", name);
		if (s->st_value % 8 || s->st_size % 8 || s->st_size == 0 ||
		    s->st_value + s->st_size > d->sec[s->st_shndx].sh.sh_size ||
		    s->st_value + s->st_size < s->st_value)
			bad(d, "function '%s': bad offset or size", name);
		if (s->st_shndx == prev_sec && s->st_value < end)
			bad(d, "function '%s' overlaps the one before", name);
		prev_sec = s->st_shndx;
		end = s->st_value + s->st_size;
		vec_push(d->a, &d->u->progs, read_prog(d, v[i]));
	}
	if (!n)
		bad(d, "no programs (STT_FUNC symbols) found");
}

AsmUnit *elf_disasm(Arena *a, char *image, size_t len, const char *what)
{
	Dis d = {.a = a, .what = what};
	d.u = arena_alloc(a, sizeof *d.u);
	open_elf(&d, image, len);
	read_symbols(&d);
	read_relocs(&d);
	if (d.btf)
		read_btf(&d);
	if (d.btf)
		read_structs(&d);
	read_maps(&d);
	read_license(&d);
	read_lines(&d);
	read_progs(&d);
	elf_end(d.e);
	return d.u;
}
