/* obj_write.c: the object writer. Sections go out in the model's order,
 * laid out by libelf in an anonymous memory file, then read back whole.
 * The writer makes the contents of the sections that describe others:
 * .symtab from the symbols, the string tables from the section and
 * symbol names ("\0", then each name in order), SHT_REL sections from
 * their entries, .BTF from the type graph (names reinterned in id order)
 * and .BTF.ext from its records (their strings after the types'); other
 * sections keep their bytes. A model read from an object this writer
 * made is written back to the same bytes. */
#include "obj.h"
#include "diag.h"
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef EM_BPF
#define EM_BPF 247
#endif

void obj_encode_btf(const ObjFile *o, Buf *btf, Buf *ext, BtfOut **keep)
{
	BtfOut *b = btf_out_new(o->a);
	btf_out_copy(b, o->btf);
	if (o->ext)
		obj_write_ext(o->ext, b, ext);
	btf_out_encode(b, btf);
	if (keep)
		*keep = b;
	else
		btf_out_free(b);
}

typedef struct {
	const ObjFile *o;
	Arena *a;
	Elf *e;
	Buf *names;             /* per section: the string table it holds */
	uint32_t *sec_name;     /* sh_name of each section */
	uint32_t *sym_name;     /* st_name of each symbol */
	Buf btf, ext;
	const char *err;
} Wr;

static uint32_t add_name(Buf *b, const char *s)
{
	if (!*s)
		return 0;
	uint32_t off = (uint32_t)b->len;
	buf_put(b, s, strlen(s) + 1);
	return off;
}

static size_t symtab_index(const ObjFile *o)
{
	for (size_t i = 1; i < o->nsec; i++)
		if (o->sec[i].type == SHT_SYMTAB)
			return i;
	return 0;
}

static int is_names(const Wr *w, size_t i)
{
	size_t st = symtab_index(w->o);
	return i == w->o->shstrndx || (st && i == w->o->sec[st].link);
}

/* Section names into the section-name table, then symbol names into the
 * symbol table's string table. */
static void make_names(Wr *w)
{
	const ObjFile *o = w->o;
	w->names = arena_alloc(w->a, sizeof *w->names * (o->nsec + 1));
	w->sec_name = arena_alloc(w->a, sizeof *w->sec_name * (o->nsec + 1));
	w->sym_name = arena_alloc(w->a, sizeof *w->sym_name * (o->nsym + 1));
	size_t st = symtab_index(o);
	for (size_t i = 1; i < o->nsec; i++)
		if (is_names(w, i))
			buf_putc(&w->names[i], 0);
	for (size_t i = 1; i < o->nsec; i++)
		w->sec_name[i] = add_name(&w->names[o->shstrndx], o->sec[i].name);
	if (!st)
		return;
	for (size_t i = 1; i < o->nsym; i++)
		w->sym_name[i] = add_name(&w->names[o->sec[st].link], o->sym[i].name);
}

/* The bytes of section i: made here, or the model's. */
static void contents(Wr *w, size_t i, const void **data, size_t *size, Elf_Type *type)
{
	const ObjFile *o = w->o;
	const ObjSec *s = &o->sec[i];
	*type = ELF_T_BYTE;
	*data = s->data;
	*size = s->size;
	if (s->type == SHT_SYMTAB) {
		Elf64_Sym *syms = arena_alloc(w->a, sizeof *syms * (o->nsym + 1));
		for (size_t k = 1; k < o->nsym; k++) {
			const ObjSym *y = &o->sym[k];
			syms[k].st_name = w->sym_name[k];
			syms[k].st_info = ELF64_ST_INFO(y->bind, y->type);
			syms[k].st_other = y->other;
			syms[k].st_shndx = (Elf64_Section)y->shndx;
			syms[k].st_value = y->value;
			syms[k].st_size = y->size;
		}
		*data = syms;
		*size = sizeof *syms * o->nsym;
		*type = ELF_T_SYM;
	} else if (s->type == SHT_REL && s->rel) {
		Elf64_Rel *rel = arena_alloc(w->a, sizeof *rel * (s->nrel + 1));
		for (size_t k = 0; k < s->nrel; k++) {
			rel[k].r_offset = s->rel[k].off;
			rel[k].r_info = ELF64_R_INFO(s->rel[k].sym, s->rel[k].type);
		}
		*data = rel;
		*size = sizeof *rel * s->nrel;
		*type = ELF_T_REL;
	} else if (is_names(w, i)) {
		*data = w->names[i].data;
		*size = w->names[i].len;
	} else if (o->btf && !strcmp(s->name, ".BTF")) {
		*data = w->btf.data;
		*size = w->btf.len;
	} else if (o->ext && !strcmp(s->name, ".BTF.ext")) {
		*data = w->ext.data;
		*size = w->ext.len;
	}
}

static const char *lib_fail(Wr *w, const char *what)
{
	return w->err = arena_printf(w->a, "libelf: %s: %s", what, elf_errmsg(-1));
}

static const char *build(Wr *w)
{
	const ObjFile *o = w->o;
	Elf64_Ehdr *eh = elf64_newehdr(w->e);
	if (!eh)
		return lib_fail(w, "elf64_newehdr");
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_REL;
	eh->e_machine = EM_BPF;
	eh->e_version = EV_CURRENT;
	eh->e_flags = o->e_flags;
	for (size_t i = 1; i < o->nsec; i++) {
		const ObjSec *s = &o->sec[i];
		Elf_Scn *scn = elf_newscn(w->e);
		Elf_Data *d = scn ? elf_newdata(scn) : NULL;
		Elf64_Shdr *sh = scn ? elf64_getshdr(scn) : NULL;
		if (!sh || !d)
			return lib_fail(w, "a new section");
		if (elf_ndxscn(scn) != i)
			bug("section index %zu, expected %zu", elf_ndxscn(scn), i);
		const void *data;
		size_t size;
		Elf_Type type;
		contents(w, i, &data, &size, &type);
		d->d_buf = s->type == SHT_NOBITS ? NULL : (void *)data;
		d->d_size = size;
		d->d_align = s->align ? s->align : 1;
		d->d_type = type;
		d->d_version = EV_CURRENT;
		sh->sh_name = w->sec_name[i];
		sh->sh_type = s->type;
		sh->sh_flags = s->flags;
		sh->sh_addralign = s->align;
		sh->sh_size = size;
		sh->sh_link = s->link;
		sh->sh_info = s->info;
		sh->sh_entsize = s->entsize;
	}
	eh->e_shstrndx = (Elf64_Half)o->shstrndx;
	return NULL;
}

const char *obj_write(const ObjFile *o, Buf *out)
{
	Wr w = {.o = o, .a = o->a};
	if (elf_version(EV_CURRENT) == EV_NONE)
		return lib_fail(&w, "elf_version");
	if (o->btf)
		obj_encode_btf(o, &w.btf, &w.ext, NULL);
	make_names(&w);
	int fd = memfd_create("obj-write", MFD_CLOEXEC);
	if (fd < 0)
		return arena_printf(o->a, "cannot create a memory file: %s", strerror(errno));
	w.e = elf_begin(fd, ELF_C_WRITE, NULL);
	off_t size = -1;
	if (!w.e)
		lib_fail(&w, "elf_begin");
	else if (!build(&w) && (size = elf_update(w.e, ELF_C_WRITE)) < 0)
		lib_fail(&w, "elf_update");
	if (w.e)
		elf_end(w.e);
	for (off_t done = 0; !w.err && done < size; ) {
		char tmp[65536];
		size_t want = (size_t)(size - done) < sizeof tmp ? (size_t)(size - done) : sizeof tmp;
		ssize_t n = pread(fd, tmp, want, done);
		if (n <= 0)
			w.err = arena_printf(o->a, "cannot read back the object: %s",
					     n < 0 ? strerror(errno) : "short read");
		else
			buf_put(out, tmp, (size_t)n);
		done += n > 0 ? n : 0;
	}
	close(fd);
	for (size_t i = 0; i < o->nsec; i++)
		buf_free(&w.names[i]);
	buf_free(&w.btf);
	buf_free(&w.ext);
	return w.err;
}
