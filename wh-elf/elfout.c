/* elfout.c: the ELF64 little-endian ET_REL EM_BPF object, built with
 * libelf in an anonymous memory file and then written all at once.
 * Layout: code sections (each followed by its .rel section), .maps,
 * license, .BTF, .BTF.ext, .symtab, .strtab, .shstrtab. */
#include "whelf.h"
#include "io.h"
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct {
	Arena *a;
	Elf *e;
	Buf shstr;              /* section names */
	Buf str;                /* symbol names */
	size_t nscn;
} Out;

static noreturn void elf_fail(const char *what)
{
	fatal("libelf: %s: %s", what, elf_errmsg(-1));
}

static uint32_t add_str(Buf *b, const char *s)
{
	uint32_t off = (uint32_t)b->len;
	buf_put(b, s, strlen(s) + 1);
	return off;
}

/* A new section holding a copy of data; returns its index. */
static size_t section(Out *o, const char *name, Elf64_Word type, Elf64_Xword flags,
		      const void *data, size_t size, size_t align, Elf_Type dtype)
{
	Elf_Scn *scn = elf_newscn(o->e);
	if (!scn)
		elf_fail("elf_newscn");
	Elf_Data *d = elf_newdata(scn);
	if (!d)
		elf_fail("elf_newdata");
	void *copy = arena_alloc(o->a, size);
	if (size)
		memcpy(copy, data, size);
	d->d_buf = copy;
	d->d_size = size;
	d->d_align = align;
	d->d_type = dtype;
	d->d_version = EV_CURRENT;
	Elf64_Shdr *sh = elf64_getshdr(scn);
	if (!sh)
		elf_fail("elf64_getshdr");
	sh->sh_name = add_str(&o->shstr, name);
	sh->sh_type = type;
	sh->sh_flags = flags;
	sh->sh_addralign = align;
	sh->sh_size = size;
	size_t idx = elf_ndxscn(scn);
	if (idx != ++o->nscn)
		bug("section index %zu, expected %zu", idx, o->nscn);
	return idx;
}

static void set_link(Elf *e, size_t idx, Elf64_Word link, Elf64_Word info, Elf64_Xword entsize)
{
	Elf64_Shdr *sh = elf64_getshdr(elf_getscn(e, idx));
	if (!sh)
		elf_fail("elf64_getshdr");
	sh->sh_link = link;
	sh->sh_info = info;
	sh->sh_entsize = entsize;
}

static Elf64_Sym sym(Out *o, const char *name, int type, size_t shndx,
		     uint64_t value, uint64_t size)
{
	Elf64_Sym s = {0};
	s.st_name = add_str(&o->str, name);
	s.st_info = ELF64_ST_INFO(STB_GLOBAL, type);
	s.st_other = STV_DEFAULT;
	s.st_shndx = (Elf64_Section)shndx;
	s.st_value = value;
	s.st_size = size;
	return s;
}

/* Every section index is known before the first is created, so the
 * relocation sections can name .symtab. */
static void build(Out *o, Obj *obj)
{
	const AsmUnit *u = obj->u;
	size_t idx = 1, nprogs = 0;
	size_t *code_idx = arena_alloc(o->a, sizeof(size_t) * (size_t)(obj->secs.n + 1));
	for (int i = 0; i < obj->secs.n; i++) {
		ObjSection *s = obj->secs.v[i];
		code_idx[i] = idx++;
		idx += s->relocs.n > 0;
		nprogs += (size_t)s->funcs.n;
	}
	size_t maps_idx = obj->maps.n ? idx++ : 0;
	size_t lic_idx = u->license ? idx++ : 0;
	size_t symtab_idx = idx + 2;
	size_t strtab_idx = symtab_idx + 1;

	/* symbols: null, programs, maps, license; all but the first global */
	size_t nsyms = 1 + nprogs + (size_t)obj->maps.n + (u->license != NULL);
	Elf64_Sym *syms = arena_alloc(o->a, sizeof *syms * nsyms);
	size_t k = 1;
	buf_putc(&o->str, 0);
	for (int i = 0; i < obj->secs.n; i++) {
		ObjSection *s = obj->secs.v[i];
		for (int j = 0; j < s->funcs.n; j++) {
			ObjFunc *f = s->funcs.v[j];
			syms[k++] = sym(o, f->prog->name, STT_FUNC, code_idx[i], f->off, f->size);
		}
	}
	size_t map_sym0 = k;
	for (int i = 0; i < obj->maps.n; i++) {
		ObjMap *m = obj->maps.v[i];
		syms[k++] = sym(o, m->map->name, STT_OBJECT, maps_idx, m->off, m->size);
	}
	if (u->license)
		syms[k++] = sym(o, LICENSE_SYMBOL, STT_OBJECT, lic_idx, 0, strlen(u->license) + 1);

	buf_putc(&o->shstr, 0);
	for (int i = 0; i < obj->secs.n; i++) {
		ObjSection *s = obj->secs.v[i];
		section(o, s->name, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, s->code, s->size,
			8, ELF_T_BYTE);
		if (!s->relocs.n)
			continue;
		Elf64_Rel *rel = arena_alloc(o->a, sizeof *rel * (size_t)s->relocs.n);
		for (int j = 0; j < s->relocs.n; j++) {
			ObjReloc *r = s->relocs.v[j];
			rel[j].r_offset = r->off;
			rel[j].r_info = ELF64_R_INFO(map_sym0 + (size_t)r->map, R_BPF_64_64);
		}
		size_t ri = section(o, arena_printf(o->a, ".rel%s", s->name), SHT_REL, SHF_INFO_LINK,
				    rel, sizeof *rel * (size_t)s->relocs.n, 8, ELF_T_REL);
		set_link(o->e, ri, (Elf64_Word)symtab_idx, (Elf64_Word)code_idx[i], sizeof *rel);
	}
	if (maps_idx) {
		uint8_t *zero = arena_alloc(o->a, obj->maps_size);
		section(o, ".maps", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, zero, obj->maps_size,
			8, ELF_T_BYTE);
	}
	if (lic_idx)
		section(o, "license", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, u->license,
			strlen(u->license) + 1, 1, ELF_T_BYTE);
	Buf btf = {0}, ext = {0};
	btf_build(o->a, obj, &btf, &ext);
	section(o, ".BTF", SHT_PROGBITS, 0, btf.data, btf.len, 4, ELF_T_BYTE);
	section(o, ".BTF.ext", SHT_PROGBITS, 0, ext.data, ext.len, 4, ELF_T_BYTE);
	buf_free(&btf);
	buf_free(&ext);
	if (section(o, ".symtab", SHT_SYMTAB, 0, syms, sizeof *syms * nsyms, 8, ELF_T_SYM) != symtab_idx)
		bug("symtab index");
	set_link(o->e, symtab_idx, (Elf64_Word)strtab_idx, 1, sizeof *syms);
	section(o, ".strtab", SHT_STRTAB, 0, o->str.data, o->str.len, 1, ELF_T_BYTE);
	/* the name table holds its own name, so its data is set last */
	size_t shstr_idx = section(o, ".shstrtab", SHT_STRTAB, 0, NULL, 0, 1, ELF_T_BYTE);
	Elf_Data *d = elf_getdata(elf_getscn(o->e, shstr_idx), NULL);
	d->d_buf = arena_strndup(o->a, o->shstr.data, o->shstr.len);
	d->d_size = o->shstr.len;
	Elf64_Ehdr *eh = elf64_getehdr(o->e);
	eh->e_shstrndx = (Elf64_Half)shstr_idx;
}

void elf_write(Arena *a, Obj *obj, const char *path)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		elf_fail("elf_version");
	int fd = memfd_create("wh-elf", MFD_CLOEXEC);
	if (fd < 0)
		fatal("cannot create a memory file: %s", strerror(errno));
	Out o = {.a = a};
	o.e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!o.e)
		elf_fail("elf_begin");
	Elf64_Ehdr *eh = elf64_newehdr(o.e);
	if (!eh)
		elf_fail("elf64_newehdr");
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_OSABI] = ELFOSABI_NONE;
	eh->e_type = ET_REL;
	eh->e_machine = EM_BPF;
	eh->e_version = EV_CURRENT;
	build(&o, obj);
	off_t size = elf_update(o.e, ELF_C_WRITE);
	if (size < 0)
		elf_fail("elf_update");
	elf_end(o.e);
	char *image = arena_alloc(a, (size_t)size);
	for (off_t done = 0; done < size; ) {
		ssize_t n = pread(fd, image + done, (size_t)(size - done), done);
		if (n <= 0)
			fatal("cannot read back the object: %s", n < 0 ? strerror(errno) : "short read");
		done += n;
	}
	close(fd);
	buf_free(&o.shstr);
	buf_free(&o.str);
	write_output(path, image, (size_t)size);
}
