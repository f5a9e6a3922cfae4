/* elf_sym.c: where a uprobe goes: a function symbol of an executable or
 * shared library (.symtab first, then .dynsym; "name" also matches
 * versioned "name@VER") turned into a file offset through the program
 * header of the loadable segment that holds it. With the object reader,
 * the one user of libelf. */
#include "elf_sym.h"
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <string.h>
#include <unistd.h>

static int name_matches(const char *have, const char *want)
{
	size_t n = strlen(want);
	return !strncmp(have, want, n) && (have[n] == 0 || have[n] == '@');
}

/* The symbol's address, from one symbol table; 1 found, 0 not. */
static int find_in(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh, const char *sym,
		   uint64_t *addr)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || !sh->sh_entsize)
		return 0;
	size_t n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym s;
		if (!gelf_getsym(d, (int)i, &s) || s.st_shndx == SHN_UNDEF)
			continue;
		int type = GELF_ST_TYPE(s.st_info);
		if (type != STT_FUNC && type != STT_GNU_IFUNC)
			continue;
		const char *name = elf_strptr(e, sh->sh_link, s.st_name);
		if (name && name_matches(name, sym)) {
			*addr = s.st_value;
			return 1;
		}
	}
	return 0;
}

static const char *lookup(Arena *a, Elf *e, const char *path, const char *sym,
			  uint64_t *off)
{
	static const unsigned tables[] = {SHT_SYMTAB, SHT_DYNSYM};
	uint64_t addr = 0;
	int found = 0;
	for (size_t t = 0; t < 2 && !found; t++)
		for (Elf_Scn *scn = NULL; !found && (scn = elf_nextscn(e, scn));) {
			GElf_Shdr sh;
			if (gelf_getshdr(scn, &sh) && sh.sh_type == tables[t])
				found = find_in(e, scn, &sh, sym, &addr);
		}
	if (!found)
		return arena_printf(a, "no function '%s' in %s", sym, path);
	size_t nph;
	if (elf_getphdrnum(e, &nph) < 0)
		return arena_printf(a, "%s: %s", path, elf_errmsg(-1));
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD &&
		    (ph.p_flags & PF_X) && addr >= ph.p_vaddr &&
		    addr < ph.p_vaddr + ph.p_memsz) {
			*off = addr - ph.p_vaddr + ph.p_offset;
			return NULL;
		}
	}
	return arena_printf(a, "'%s' in %s is in no executable segment", sym, path);
}

const char *elf_func_offset(Arena *a, const char *path, const char *sym, uint64_t *off)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return arena_printf(a, "libelf: %s", elf_errmsg(-1));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return arena_printf(a, "%s: %s", path, strerror(errno));
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	const char *err;
	if (!e || elf_kind(e) != ELF_K_ELF)
		err = arena_printf(a, "%s is not an ELF file", path);
	else
		err = lookup(a, e, path, sym, off);
	if (e)
		elf_end(e);
	close(fd);
	return err;
}
