/* elf.c: reading an object's ELF tables with libelf. Every offset and size
 * is checked against the image here; hostile input gets an error, never a
 * read outside the file. */
#include "wl_elf.h"
#include "wl.h"
#include <gelf.h>
#include <libelf.h>
#include <string.h>

#ifndef EM_BPF
#define EM_BPF 247
#endif

const uint8_t *wl_elf_bytes(const WlElfSec *s, uint64_t off, uint64_t n)
{
	if (!s->data || off > s->size || n > s->size - off)
		return NULL;
	return s->data + off;
}

int wl_elf_section(const struct WlElf *e, const char *name)
{
	for (size_t i = 1; i < e->nsec; i++)
		if (!strcmp(e->sec[i].name, name))
			return (int)i;
	return -1;
}

/* The identification bytes, checked before libelf sees the file so the
 * common mistakes get precise messages. */
static int check_ident(const unsigned char *im, size_t len)
{
	if (len < EI_NIDENT || memcmp(im, ELFMAG, SELFMAG))
		return wl_fail("not an ELF file");
	if (im[EI_CLASS] != ELFCLASS64)
		return wl_fail("not a 64-bit ELF file (BPF objects are ELF64)");
	if (im[EI_DATA] != ELFDATA2LSB)
		return wl_fail("not a little-endian ELF file");
	if (len < sizeof(Elf64_Ehdr))
		return wl_fail("truncated ELF header (%zu bytes)", len);
	return 0;
}

static int check_header(Elf *elf, size_t len)
{
	GElf_Ehdr eh;
	if (!gelf_getehdr(elf, &eh))
		return wl_fail("bad ELF header: %s", elf_errmsg(-1));
	if (eh.e_machine != EM_BPF)
		return wl_fail("not a BPF object (ELF machine %u, expected %u EM_BPF)",
			       eh.e_machine, EM_BPF);
	if (eh.e_type != ET_REL)
		return wl_fail("not a relocatable object (ELF type %u, expected ET_REL)",
			       eh.e_type);
	if (eh.e_shnum && eh.e_shentsize != sizeof(Elf64_Shdr))
		return wl_fail("bad section header size %u", eh.e_shentsize);
	if (eh.e_shoff > len || (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr) > len - eh.e_shoff)
		return wl_fail("section headers outside the file (%u at offset %llu)",
			       eh.e_shnum, (unsigned long long)eh.e_shoff);
	return 0;
}

static int read_section(Arena *a, Elf *elf, size_t shstrndx, size_t i, const uint8_t *im,
			size_t len, WlElfSec *s)
{
	Elf_Scn *scn = elf_getscn(elf, i);
	GElf_Shdr sh;
	if (!scn || !gelf_getshdr(scn, &sh))
		return wl_fail("section %zu: bad header: %s", i, elf_errmsg(-1));
	const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
	if (!name)
		return wl_fail("section %zu: bad name", i);
	s->name = wl_name_dup(a, name);
	s->type = sh.sh_type;
	s->flags = sh.sh_flags;
	s->size = sh.sh_size;
	s->link = sh.sh_link;
	s->info = sh.sh_info;
	if (sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
		return 0;
	if (sh.sh_offset > len || sh.sh_size > len - sh.sh_offset)
		return wl_fail("section %s: extends past the end of the file", name);
	s->data = im + sh.sh_offset;
	return 0;
}

/* The data of a section as libelf converts it (symbols, relocations), with
 * its entry size checked. NULL with *count 0 for an empty table; NULL with
 * *count non-zero (and wl_error set) for a bad one. */
static Elf_Data *table_data(Elf *elf, size_t i, const WlElfSec *s,
			    size_t entsize, size_t *count)
{
	*count = 1;
	if (s->size % entsize) {
		wl_fail("section %s: size %llu is not a multiple of %zu",
			s->name, (unsigned long long)s->size, entsize);
		return NULL;
	}
	*count = s->size / entsize;
	if (!*count)
		return NULL;
	Elf_Data *d = elf_getdata(elf_getscn(elf, i), NULL);
	if (!d || d->d_size < s->size) {
		wl_fail("section %s: cannot read: %s", s->name, elf_errmsg(-1));
		return NULL;
	}
	return d;
}

static int read_symbols(Arena *a, Elf *elf, struct WlElf *e)
{
	size_t symtab = 0;
	for (size_t i = 1; i < e->nsec; i++) {
		if (e->sec[i].type != SHT_SYMTAB)
			continue;
		if (symtab)
			return wl_fail("more than one symbol table");
		symtab = i;
	}
	if (!symtab)
		return wl_fail("no symbol table");
	const WlElfSec *s = &e->sec[symtab];
	if (s->link == 0 || s->link >= e->nsec || e->sec[s->link].type != SHT_STRTAB)
		return wl_fail("symbol table: bad string table link %u", s->link);
	size_t n;
	Elf_Data *d = table_data(elf, symtab, s, sizeof(Elf64_Sym), &n);
	if (!d && n)
		return -1;
	if (!d)
		return 0;
	e->sym = arena_alloc(a, n * sizeof *e->sym);
	e->nsym = n;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym gs;
		if (!gelf_getsym(d, (int)i, &gs))
			return wl_fail("symbol %zu: %s", i, elf_errmsg(-1));
		WlElfSym *y = &e->sym[i];
		const char *name = elf_strptr(elf, s->link, gs.st_name);
		if (!name)
			return wl_fail("symbol %zu: bad name", i);
		y->name = wl_name_dup(a, name);
		y->value = gs.st_value;
		y->size = gs.st_size;
		y->shndx = gs.st_shndx;
		y->type = GELF_ST_TYPE(gs.st_info);
		y->bind = GELF_ST_BIND(gs.st_info);
		if (y->shndx >= e->nsec && y->shndx != SHN_ABS && y->shndx != SHN_COMMON)
			return wl_fail("symbol %s: bad section index %u",
				       *y->name ? y->name : "(unnamed)", y->shndx);
	}
	return 0;
}

static int read_relocations(Arena *a, Elf *elf, struct WlElf *e)
{
	for (size_t i = 1; i < e->nsec; i++) {
		WlElfSec *s = &e->sec[i];
		if (s->type == SHT_RELA && s->info < e->nsec &&
		    (e->sec[s->info].flags & SHF_EXECINSTR))
			return wl_fail("section %s: RELA relocations are not used by BPF",
				       s->name);
		/* Only code relocations matter to a loader; those of debug
		 * info, .BTF and .BTF.ext are for linkers. */
		if (s->type != SHT_REL || s->info == 0 || s->info >= e->nsec ||
		    !(e->sec[s->info].flags & SHF_EXECINSTR))
			continue;
		if (!e->nsym || s->link >= e->nsec || e->sec[s->link].type != SHT_SYMTAB)
			return wl_fail("section %s: not linked to the symbol table", s->name);
		size_t n;
		Elf_Data *d = table_data(elf, i, s, sizeof(Elf64_Rel), &n);
		if (!d && n)
			return -1;
		if (!d)
			continue;
		s->rel = arena_alloc(a, n * sizeof *s->rel);
		s->nrel = n;
		for (size_t k = 0; k < n; k++) {
			GElf_Rel gr;
			if (!gelf_getrel(d, (int)k, &gr))
				return wl_fail("section %s: relocation %zu: %s",
					       s->name, k, elf_errmsg(-1));
			WlElfRel *r = &s->rel[k];
			r->offset = gr.r_offset;
			r->type = (uint32_t)GELF_R_TYPE(gr.r_info);
			r->sym = (uint32_t)GELF_R_SYM(gr.r_info);
			if (r->sym >= e->nsym)
				return wl_fail("section %s: relocation %zu: bad symbol %u",
					       s->name, k, r->sym);
		}
	}
	return 0;
}

static int read_tables(Arena *a, Elf *elf, const uint8_t *im, size_t len,
		       struct WlElf *e)
{
	if (check_header(elf, len))
		return -1;
	size_t nsec, shstrndx;
	if (elf_getshdrnum(elf, &nsec) || elf_getshdrstrndx(elf, &shstrndx))
		return wl_fail("bad section headers: %s", elf_errmsg(-1));
	if (nsec < 2)
		return wl_fail("no sections");
	if (shstrndx == 0 || shstrndx >= nsec)
		return wl_fail("bad section name table index %zu", shstrndx);
	e->sec = arena_alloc(a, nsec * sizeof *e->sec);
	e->nsec = nsec;
	e->sec[0].name = "";
	for (size_t i = 1; i < nsec; i++)
		if (read_section(a, elf, shstrndx, i, im, len, &e->sec[i]))
			return -1;
	if (read_symbols(a, elf, e) || read_relocations(a, elf, e))
		return -1;
	return 0;
}

int wl_elf_read(Arena *a, const void *image, size_t len, struct WlElf **out)
{
	if (check_ident(image, len))
		return -1;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return wl_fail("libelf: %s", elf_errmsg(-1));
	Elf *elf = elf_memory((char *)image, len);
	if (!elf)
		return wl_fail("not a valid ELF file: %s", elf_errmsg(-1));
	int r = -1;
	if (elf_kind(elf) != ELF_K_ELF) {
		wl_fail("not an ELF object file");
	} else {
		struct WlElf *e = arena_alloc(a, sizeof *e);
		r = read_tables(a, elf, image, len, e);
		*out = e;
	}
	/* Everything kept was copied into the arena or points into the
	 * image, so libelf's memory can go now. */
	elf_end(elf);
	return r;
}
