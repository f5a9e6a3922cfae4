/* obj_read.c: the object reader. The image is copied into the model's
 * arena and checked: ELF header, section headers and bounds, symbols and
 * relocations through libelf (every name copied out), then .BTF,
 * .BTF.ext, license, the maps of .maps and the programs with their
 * relocations and .BTF.ext records. libelf's memory is released before
 * returning: nothing of the model points into it. */
#include "obj.h"
#include <gelf.h>
#include <libelf.h>
#include <string.h>

#ifndef EM_BPF
#define EM_BPF 247
#endif

enum { LD_IMM64 = BC_LD | BS_DW | BM_IMM };

typedef struct {
	Arena *a;
	ObjFile *o;
	const uint8_t *im;
	size_t len;
	Elf *elf;
} Rd;

const uint8_t *obj_bytes(const ObjSec *s, uint64_t off, uint64_t n)
{
	if (!s->data || off > s->size || n > s->size - off)
		return NULL;
	return s->data + off;
}

int obj_section(const ObjFile *o, const char *name)
{
	for (size_t i = 1; i < o->nsec; i++)
		if (!strcmp(o->sec[i].name, name))
			return (int)i;
	return -1;
}

const char *obj_sym_name(const ObjFile *o, const ObjSym *y)
{
	if (*y->name)
		return y->name;
	return y->shndx < o->nsec ? o->sec[y->shndx].name : "(unnamed)";
}

/* ================================================================ ELF */

/* The identification bytes, checked before libelf sees the file so the
 * common mistakes get precise messages. */
static const char *check_ident(Rd *r)
{
	if (r->len < EI_NIDENT || memcmp(r->im, ELFMAG, SELFMAG))
		return "not an ELF file";
	if (r->im[EI_CLASS] != ELFCLASS64)
		return "not a 64-bit ELF file (BPF objects are ELF64)";
	if (r->im[EI_DATA] != ELFDATA2LSB)
		return "not a little-endian ELF file";
	if (r->len < sizeof(Elf64_Ehdr))
		return arena_printf(r->a, "truncated ELF header (%zu bytes)", r->len);
	return NULL;
}

static const char *check_header(Rd *r)
{
	GElf_Ehdr eh;
	if (!gelf_getehdr(r->elf, &eh))
		return arena_printf(r->a, "bad ELF header: %s", elf_errmsg(-1));
	if (eh.e_machine != EM_BPF)
		return arena_printf(r->a, "not a BPF object (ELF machine %u, expected %u EM_BPF)",
			    eh.e_machine, EM_BPF);
	if (eh.e_type != ET_REL)
		return arena_printf(r->a, "not a relocatable object (ELF type %u, expected ET_REL)",
			    eh.e_type);
	if (eh.e_shnum && eh.e_shentsize != sizeof(Elf64_Shdr))
		return arena_printf(r->a, "bad section header size %u", eh.e_shentsize);
	if (eh.e_shoff > r->len ||
	    (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr) > r->len - eh.e_shoff)
		return arena_printf(r->a, "section headers outside the file (%u at offset %llu)",
			    eh.e_shnum, (unsigned long long)eh.e_shoff);
	r->o->e_flags = eh.e_flags;
	return NULL;
}

static const char *read_section(Rd *r, size_t shstrndx, size_t i, ObjSec *s)
{
	Elf_Scn *scn = elf_getscn(r->elf, i);
	GElf_Shdr sh;
	if (!scn || !gelf_getshdr(scn, &sh))
		return arena_printf(r->a, "section %zu: bad header: %s", i, elf_errmsg(-1));
	const char *name = elf_strptr(r->elf, shstrndx, sh.sh_name);
	if (!name)
		return arena_printf(r->a, "section %zu: bad name", i);
	s->name = arena_strdup(r->a, name);
	s->type = sh.sh_type;
	s->flags = sh.sh_flags;
	s->size = sh.sh_size;
	s->link = sh.sh_link;
	s->info = sh.sh_info;
	s->align = sh.sh_addralign;
	s->entsize = sh.sh_entsize;
	/* ELF wants 0 or a power of two; past a page, the writer would lay
	 * out gigabytes of padding for one section (a hostile object) */
	if (sh.sh_addralign & (sh.sh_addralign - 1) || sh.sh_addralign > OBJ_MAX_SECTION_ALIGN)
		return arena_printf(r->a, "section %s: alignment %llu is not a power of two of at "
			    "most %d", s->name, (unsigned long long)sh.sh_addralign,
			    OBJ_MAX_SECTION_ALIGN);
	if (sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
		return NULL;
	if (sh.sh_offset > r->len || sh.sh_size > r->len - sh.sh_offset)
		return arena_printf(r->a, "section %s: extends past the end of the file", s->name);
	s->data = r->im + sh.sh_offset;
	return NULL;
}

/* The data of a table section as libelf converts it (symbols,
 * relocations), with its entry size checked. NULL with *count 0 for an
 * empty table; NULL with *count non-zero and *err set for a bad one. */
static Elf_Data *table_data(Rd *r, size_t i, size_t entsize, size_t *count,
			    const char **err)
{
	const ObjSec *s = &r->o->sec[i];
	*count = 1;
	if (s->size % entsize) {
		*err = arena_printf(r->a, "section %s: size %llu is not a multiple of %zu",
			    s->name, (unsigned long long)s->size, entsize);
		return NULL;
	}
	*count = s->size / entsize;
	if (!*count)
		return NULL;
	Elf_Data *d = elf_getdata(elf_getscn(r->elf, i), NULL);
	if (!d || d->d_size < s->size) {
		*err = arena_printf(r->a, "section %s: cannot read: %s", s->name, elf_errmsg(-1));
		return NULL;
	}
	return d;
}

static const char *read_symbols(Rd *r)
{
	ObjFile *o = r->o;
	size_t symtab = 0;
	for (size_t i = 1; i < o->nsec; i++) {
		if (o->sec[i].type != SHT_SYMTAB)
			continue;
		if (symtab)
			return "more than one symbol table";
		symtab = i;
	}
	if (!symtab)
		return "no symbol table";
	const ObjSec *s = &o->sec[symtab];
	if (s->link == 0 || s->link >= o->nsec || o->sec[s->link].type != SHT_STRTAB)
		return arena_printf(r->a, "symbol table: bad string table link %u", s->link);
	size_t n;
	const char *err = NULL;
	Elf_Data *d = table_data(r, symtab, sizeof(Elf64_Sym), &n, &err);
	if (!d)
		return err;
	o->sym = arena_alloc(r->a, n * sizeof *o->sym);
	o->nsym = n;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym gs;
		if (!gelf_getsym(d, (int)i, &gs))
			return arena_printf(r->a, "symbol %zu: %s", i, elf_errmsg(-1));
		ObjSym *y = &o->sym[i];
		const char *name = elf_strptr(r->elf, s->link, gs.st_name);
		if (!name)
			return arena_printf(r->a, "symbol %zu: bad name", i);
		y->name = arena_strdup(r->a, name);
		y->value = gs.st_value;
		y->size = gs.st_size;
		y->shndx = gs.st_shndx;
		y->type = GELF_ST_TYPE(gs.st_info);
		y->bind = GELF_ST_BIND(gs.st_info);
		y->other = gs.st_other;
		if (y->shndx >= o->nsec && y->shndx != SHN_ABS && y->shndx != SHN_COMMON)
			return arena_printf(r->a, "symbol %s: bad section index %u",
				    *y->name ? y->name : "(unnamed)", y->shndx);
	}
	return NULL;
}

static int is_code(const ObjFile *o, size_t i)
{
	return i > 0 && i < o->nsec && (o->sec[i].flags & SHF_EXECINSTR);
}

static const char *read_relocations(Rd *r)
{
	ObjFile *o = r->o;
	for (size_t i = 1; i < o->nsec; i++) {
		ObjSec *s = &o->sec[i];
		if (s->type == SHT_RELA && is_code(o, s->info))
			return arena_printf(r->a, "section %s: RELA relocations are not used by BPF",
				    s->name);
		/* Only code relocations matter to the views; those of debug
		 * info, .BTF and .BTF.ext (for linkers) stay bytes. */
		if (s->type != SHT_REL || !is_code(o, s->info))
			continue;
		if (!o->nsym || s->link >= o->nsec || o->sec[s->link].type != SHT_SYMTAB)
			return arena_printf(r->a, "section %s: not linked to the symbol table", s->name);
		size_t n;
		const char *err = NULL;
		Elf_Data *d = table_data(r, i, sizeof(Elf64_Rel), &n, &err);
		if (!d && err)
			return err;
		if (!d)
			continue;
		s->rel = arena_alloc(r->a, n * sizeof *s->rel);
		s->nrel = n;
		for (size_t k = 0; k < n; k++) {
			GElf_Rel gr;
			if (!gelf_getrel(d, (int)k, &gr))
				return arena_printf(r->a, "section %s: relocation %zu: %s",
					    s->name, k, elf_errmsg(-1));
			ObjRel *rel = &s->rel[k];
			rel->off = gr.r_offset;
			rel->type = (uint32_t)GELF_R_TYPE(gr.r_info);
			rel->sym = (uint32_t)GELF_R_SYM(gr.r_info);
			if (rel->sym >= o->nsym)
				return arena_printf(r->a, "section %s: relocation %zu: bad symbol %u",
					    s->name, k, rel->sym);
		}
	}
	return NULL;
}

static const char *read_tables(Rd *r)
{
	ObjFile *o = r->o;
	const char *err = check_header(r);
	if (err)
		return err;
	size_t nsec, shstrndx;
	if (elf_getshdrnum(r->elf, &nsec) || elf_getshdrstrndx(r->elf, &shstrndx))
		return arena_printf(r->a, "bad section headers: %s", elf_errmsg(-1));
	if (nsec < 2)
		return "no sections";
	if (shstrndx == 0 || shstrndx >= nsec)
		return arena_printf(r->a, "bad section name table index %zu", shstrndx);
	o->sec = arena_alloc(r->a, nsec * sizeof *o->sec);
	o->nsec = nsec;
	o->shstrndx = shstrndx;
	o->sec[0].name = "";
	for (size_t i = 1; i < nsec; i++)
		if ((err = read_section(r, shstrndx, i, &o->sec[i])))
			return err;
	if ((err = read_symbols(r)) || (err = read_relocations(r)))
		return err;
	return NULL;
}

static const char *read_elf(Rd *r)
{
	const char *err = check_ident(r);
	if (err)
		return err;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return arena_printf(r->a, "libelf: %s", elf_errmsg(-1));
	r->elf = elf_memory((char *)r->im, r->len);
	if (!r->elf)
		return arena_printf(r->a, "not a valid ELF file: %s", elf_errmsg(-1));
	if (elf_kind(r->elf) != ELF_K_ELF)
		err = "not an ELF object file";
	else
		err = read_tables(r);
	/* Every name was copied and every section's bytes lie in the image,
	 * so libelf's memory can go now. */
	elf_end(r->elf);
	r->elf = NULL;
	return err;
}

/* ================================================================ views */

static const char *read_license(Rd *r)
{
	ObjFile *o = r->o;
	int i = obj_section(o, "license");
	if (i < 0)
		return NULL;
	const ObjSec *s = &o->sec[i];
	if (!s->data || !memchr(s->data, 0, s->size))
		return "license section is not a NUL-terminated string";
	o->license = arena_strdup(r->a, (const char *)s->data);
	return NULL;
}

static const char *read_btf(Rd *r)
{
	ObjFile *o = r->o;
	int i = obj_section(o, ".BTF");
	if (i < 0)
		return NULL;
	const ObjSec *s = &o->sec[i];
	const char *err = btf_parse(r->a, s->data, s->size, &o->btf);
	if (err)
		return arena_printf(r->a, ".BTF: %s", err);
	int x = obj_section(o, ".BTF.ext");
	if (x < 0)
		return NULL;
	return obj_read_ext(o, o->sec[x].data, o->sec[x].size);
}

static const char *read_maps(Rd *r)
{
	ObjFile *o = r->o;
	o->maps_sec = obj_section(o, ".maps");
	if (obj_section(o, "maps") >= 0)
		return "legacy 'maps' section is not supported; define maps with BTF in '.maps'";
	if (o->maps_sec < 0)
		return NULL;
	if (!o->btf)
		return ".maps needs .BTF to describe the maps (compile with -g)";
	return obj_read_maps(o);
}

/* A program is a global function in an executable section other than
 * .text (which holds subprograms in libbpf's convention). */
static int is_program(const ObjFile *o, const ObjSym *y)
{
	if (y->type != STT_FUNC || y->bind != STB_GLOBAL || y->shndx == SHN_UNDEF ||
	    y->shndx >= o->nsec)
		return 0;
	const ObjSec *s = &o->sec[y->shndx];
	return s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR) &&
	       strcmp(s->name, ".text");
}

static const char *read_program(Rd *r, const ObjSym *y, ObjProg *p)
{
	const ObjSec *s = &r->o->sec[y->shndx];
	p->name = y->name;
	p->sec = y->shndx;
	p->section = s->name;
	p->kind = section_lookup_loose(s->name[0] == '?' ? s->name + 1 : s->name);
	p->off = y->value;
	if (!*y->name)
		return arena_printf(r->a, "section %s: unnamed program", s->name);
	if (y->value % 8 || y->size % 8 || !y->size)
		return arena_printf(r->a, "program %s: bad offset %llu or size %llu", y->name,
			    (unsigned long long)y->value, (unsigned long long)y->size);
	const uint8_t *code = obj_bytes(s, y->value, y->size);
	if (!code)
		return arena_printf(r->a, "program %s: outside its section %s", y->name, s->name);
	if (y->size / 8 > UINT32_MAX)
		return arena_printf(r->a, "program %s: too large", y->name);
	p->ninsns = (uint32_t)(y->size / 8);
	p->insns = arena_alloc(r->a, y->size);    /* aligned */
	memcpy(p->insns, code, y->size);
	return NULL;
}

static const char *read_programs(Rd *r)
{
	ObjFile *o = r->o;
	int n = 0;
	for (size_t i = 0; i < o->nsym; i++)
		n += is_program(o, &o->sym[i]);
	o->progs = arena_alloc(r->a, (size_t)(n ? n : 1) * sizeof *o->progs);
	for (size_t i = 0; i < o->nsym; i++) {
		if (!is_program(o, &o->sym[i]))
			continue;
		const char *err = read_program(r, &o->sym[i], &o->progs[o->nprogs++]);
		if (err)
			return err;
	}
	return NULL;
}

static ObjProg *prog_at(ObjFile *o, size_t sec, uint64_t off)
{
	for (int i = 0; i < o->nprogs; i++) {
		ObjProg *p = &o->progs[i];
		if (p->sec == sec && off >= p->off && off - p->off < (uint64_t)p->ninsns * 8)
			return p;
	}
	return NULL;
}

/* The map an R_BPF_64_64 on an ld_imm64 reaches: a map symbol carries
 * the definition's offset, a section symbol puts it in imm. */
static int map_of(const ObjFile *o, const ObjProg *p, const ObjProgRel *pr)
{
	uint32_t i = pr->off / 8;
	const ObjSym *y = &o->sym[pr->sym];
	if (pr->type != R_BPF_64_64 || pr->off % 8 || i + 1 >= p->ninsns ||
	    p->insns[i].code != LD_IMM64 || o->maps_sec < 0 ||
	    (int)y->shndx != o->maps_sec)
		return -1;
	uint64_t at = y->value + (uint32_t)p->insns[i].imm;
	for (int m = 0; m < o->nmaps; m++)
		if (o->maps[m].off == at)
			return m;
	return -1;
}

/* Each program's relocations: counted, then recorded. Relocations outside
 * every program (in .text subprograms) concern no program. */
static void program_relocations(Rd *r)
{
	ObjFile *o = r->o;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t s = 1; s < o->nsec; s++) {
			const ObjSec *rs = &o->sec[s];
			if (rs->type != SHT_REL || !is_code(o, rs->info))
				continue;
			for (size_t k = 0; k < rs->nrel; k++) {
				ObjProg *p = prog_at(o, rs->info, rs->rel[k].off);
				if (!p)
					continue;
				if (!pass) {
					p->nrels++;
					continue;
				}
				ObjProgRel *pr = &p->rels[p->nrels++];
				pr->off = (uint32_t)(rs->rel[k].off - p->off);
				pr->type = rs->rel[k].type;
				pr->sym = rs->rel[k].sym;
				pr->map = map_of(o, p, pr);
			}
		}
		for (int i = 0; !pass && i < o->nprogs; i++) {
			ObjProg *p = &o->progs[i];
			p->rels = arena_alloc(r->a, (size_t)(p->nrels ? p->nrels : 1) * sizeof *p->rels);
			p->nrels = 0;
		}
	}
}

const char *obj_read(Arena *a, const void *image, size_t len, ObjFile **out)
{
	uint8_t *copy = arena_alloc(a, len + 1);
	if (len)
		memcpy(copy, image, len);
	ObjFile *o = arena_alloc(a, sizeof *o);
	o->a = a;
	o->maps_sec = -1;
	Rd r = {a, o, copy, len, NULL};
	const char *err;
	if ((err = read_elf(&r)) || (err = read_license(&r)) || (err = read_btf(&r)) ||
	    (err = read_maps(&r)) || (err = read_programs(&r)))
		return err;
	if (o->ext && (err = obj_ext_for_progs(o)))
		return err;
	program_relocations(&r);
	*out = o;
	return NULL;
}
