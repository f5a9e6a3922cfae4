/* layout.c: the ELF64 ET_REL EM_BPF object wh-elf writes, as an object
 * model (shared/obj.h) for shared/obj_write.c. Sections: the code
 * sections (each followed by its .rel section when it refers to maps),
 * .maps, license, .BTF, .BTF.ext, .symtab, .strtab, .shstrtab. Symbols:
 * the programs, the maps, the license, all global. */
#include "whelf.h"
#include <elf.h>
#include <string.h>

typedef struct {
	Arena *a;
	ObjFile *o;
	Vec secs, syms;         /* ObjSec*, ObjSym* */
} Lay;

static size_t section(Lay *l, const char *name, uint32_t type, uint64_t flags,
		      const void *data, uint64_t size, uint64_t align)
{
	ObjSec *s = arena_alloc(l->a, sizeof *s);
	*s = (ObjSec){.name = name, .type = type, .flags = flags, .data = data,
		      .size = size, .align = align};
	vec_push(l->a, &l->secs, s);
	return (size_t)l->secs.n;       /* the null section is index 0 */
}

static size_t symbol(Lay *l, const char *name, uint8_t type, size_t shndx,
		     uint64_t value, uint64_t size)
{
	ObjSym *y = arena_alloc(l->a, sizeof *y);
	*y = (ObjSym){.name = name, .value = value, .size = size,
		      .shndx = (uint32_t)shndx, .type = type, .bind = STB_GLOBAL};
	vec_push(l->a, &l->syms, y);
	return (size_t)l->syms.n;       /* the null symbol is index 0 */
}

static ObjSec *sec(Lay *l, size_t i) { return l->secs.v[i - 1]; }

/* Every section index is known before the first is made, so the
 * relocation sections can name .symtab. */
ObjFile *code_layout(Arena *a, Code *c)
{
	Lay l = {.a = a, .o = arena_alloc(a, sizeof *l.o)};
	ObjFile *o = l.o;
	o->a = a;
	o->maps_sec = -1;
	code_btf(a, c, &o->btf, &o->ext);
	const char *license = c->u->license;
	size_t idx = 1;
	size_t *code_idx = arena_alloc(a, sizeof(size_t) * (size_t)(c->secs.n + 1));
	for (int i = 0; i < c->secs.n; i++) {
		CodeSection *s = c->secs.v[i];
		code_idx[i] = idx++;
		idx += s->relocs.n > 0;
	}
	size_t maps_idx = c->nmaps ? idx++ : 0;
	size_t lic_idx = license ? idx++ : 0;
	size_t symtab_idx = idx + 2;

	for (int i = 0; i < c->secs.n; i++) {
		CodeSection *s = c->secs.v[i];
		for (int j = 0; j < s->funcs.n; j++) {
			CodeFunc *f = s->funcs.v[j];
			symbol(&l, f->prog->name, STT_FUNC, code_idx[i], f->off, f->size);
		}
	}
	size_t map_sym0 = (size_t)l.syms.n + 1;
	for (int i = 0; i < c->nmaps; i++)
		symbol(&l, c->maps[i].name, STT_OBJECT, maps_idx, c->maps[i].off,
		       c->maps[i].size);
	if (license)
		symbol(&l, OBJ_LICENSE_SYMBOL, STT_OBJECT, lic_idx, 0, strlen(license) + 1);

	for (int i = 0; i < c->secs.n; i++) {
		CodeSection *s = c->secs.v[i];
		section(&l, s->name, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, s->code,
			s->size, 8);
		if (!s->relocs.n)
			continue;
		size_t ri = section(&l, arena_printf(a, ".rel%s", s->name), SHT_REL,
				    SHF_INFO_LINK, NULL, 0, 8);
		ObjSec *rs = sec(&l, ri);
		rs->link = (uint32_t)symtab_idx;
		rs->info = (uint32_t)code_idx[i];
		rs->entsize = sizeof(Elf64_Rel);
		rs->rel = arena_alloc(a, sizeof *rs->rel * (size_t)s->relocs.n);
		rs->nrel = (size_t)s->relocs.n;
		for (int j = 0; j < s->relocs.n; j++) {
			CodeReloc *r = s->relocs.v[j];
			rs->rel[j] = (ObjRel){r->off, R_BPF_64_64,
					      (uint32_t)(map_sym0 + (size_t)r->map)};
		}
	}
	if (maps_idx)
		section(&l, ".maps", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
			arena_alloc(a, c->maps_size), c->maps_size, 8);
	if (lic_idx)
		section(&l, "license", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, license,
			strlen(license) + 1, 1);
	section(&l, ".BTF", SHT_PROGBITS, 0, NULL, 0, 4);
	section(&l, ".BTF.ext", SHT_PROGBITS, 0, NULL, 0, 4);
	if (section(&l, ".symtab", SHT_SYMTAB, 0, NULL, 0, 8) != symtab_idx)
		bug("symtab index");
	sec(&l, symtab_idx)->link = (uint32_t)symtab_idx + 1;
	sec(&l, symtab_idx)->info = 1;
	sec(&l, symtab_idx)->entsize = sizeof(Elf64_Sym);
	section(&l, ".strtab", SHT_STRTAB, 0, NULL, 0, 1);
	o->shstrndx = section(&l, ".shstrtab", SHT_STRTAB, 0, NULL, 0, 1);

	o->nsec = (size_t)l.secs.n + 1;
	o->sec = arena_alloc(a, sizeof *o->sec * o->nsec);
	o->sec[0].name = "";
	for (size_t i = 1; i < o->nsec; i++)
		o->sec[i] = *sec(&l, i);
	o->nsym = (size_t)l.syms.n + 1;
	o->sym = arena_alloc(a, sizeof *o->sym * o->nsym);
	o->sym[0].name = "";
	for (size_t i = 1; i < o->nsym; i++)
		o->sym[i] = *(ObjSym *)l.syms.v[i - 1];
	return o;
}
