/* object.c: the object's life: reading the file into programs, maps,
 * license, BTF and relocations (wl_open), finding things by name, and
 * closing every fd it owns (wl_close). */
#include "wl.h"
#include "wl_btf.h"
#include "wl_elf.h"
#include "wl_reloc.h"
#include "io.h"
#include <gelf.h>
#include <string.h>
#include <unistd.h>

static int read_license(WlObject *o)
{
	int i = wl_elf_section(o->elf, "license");
	o->license = "";
	if (i < 0)
		return 0;
	const WlElfSec *s = &o->elf->sec[i];
	if (!s->data || !memchr(s->data, 0, s->size))
		return wl_fail("license section is not a NUL-terminated string");
	o->license = (const char *)s->data;
	return 0;
}

static int read_btf(WlObject *o)
{
	int i = wl_elf_section(o->elf, ".BTF");
	if (i < 0)
		return 0;
	const WlElfSec *s = &o->elf->sec[i];
	if (wl_btf_parse(o->arena, s->data, s->size, &o->btf))
		return -1;
	int x = wl_elf_section(o->elf, ".BTF.ext");
	if (x < 0)
		return 0;
	s = &o->elf->sec[x];
	return wl_btf_ext_parse(o->arena, o->btf, s->data, s->size, &o->ext);
}

static int read_maps(WlObject *o)
{
	if (wl_elf_section(o->elf, "maps") >= 0)
		return wl_fail("legacy 'maps' section is not supported; "
			       "define maps with BTF in '.maps'");
	o->maps_sec = wl_elf_section(o->elf, ".maps");
	if (o->maps_sec < 0)
		return 0;
	if (!o->btf)
		return wl_fail(".maps needs .BTF to describe the maps (compile with -g)");
	return wl_maps_from_btf(o);
}

/* A program is a global function in an executable section other than
 * .text (which holds subprograms in libbpf's convention). */
static int is_program(const WlObject *o, const WlElfSym *y)
{
	if (y->type != STT_FUNC || y->bind != STB_GLOBAL || y->shndx == SHN_UNDEF ||
	    y->shndx >= o->elf->nsec)
		return 0;
	const WlElfSec *s = &o->elf->sec[y->shndx];
	return s->type == SHT_PROGBITS && (s->flags & SHF_EXECINSTR) &&
	       strcmp(s->name, ".text");
}

static int read_program(WlObject *o, const WlElfSym *y, WlProg *p)
{
	const WlElfSec *s = &o->elf->sec[y->shndx];
	p->fd = -1;
	p->name = y->name;
	p->section = s->name;
	p->sec_index = (int)y->shndx;
	p->sec = section_lookup_loose(s->name[0] == '?' ? s->name + 1 : s->name);
	p->sec_off = y->value;
	if (!*y->name)
		return wl_fail("section %s: unnamed program", s->name);
	if (y->value % 8 || y->size % 8 || !y->size)
		return wl_fail("program %s: bad offset %llu or size %llu", y->name,
			       (unsigned long long)y->value, (unsigned long long)y->size);
	const uint8_t *code = wl_elf_bytes(s, y->value, y->size);
	if (!code)
		return wl_fail("program %s: outside its section %s", y->name, s->name);
	if (y->size / 8 > UINT32_MAX)
		return wl_fail("program %s: too large", y->name);
	p->insn_cnt = (uint32_t)(y->size / 8);
	p->insns = arena_alloc(o->arena, y->size);
	memcpy(p->insns, code, y->size);
	if (o->ext)
		return wl_btf_ext_for_prog(o->arena, o->ext, p);
	return 0;
}

static int read_programs(WlObject *o)
{
	int n = 0;
	for (size_t i = 0; i < o->elf->nsym; i++)
		n += is_program(o, &o->elf->sym[i]);
	o->progs = arena_alloc(o->arena, (size_t)(n ? n : 1) * sizeof *o->progs);
	for (int k = 0; k < n; k++)
		o->progs[k].fd = -1;
	for (size_t i = 0; i < o->elf->nsym; i++)
		if (is_program(o, &o->elf->sym[i]) &&
		    read_program(o, &o->elf->sym[i], &o->progs[o->nprogs++]))
			return -1;
	return 0;
}

/* An empty object owning its arena; image gets the file's bytes. */
static WlObject *read_image(Arena *a, const char *name, const char *image, size_t len)
{
	WlObject *o = arena_alloc(a, sizeof *o);
	o->arena = a;
	o->path = arena_strdup(a, name ? name : "-");
	o->btf_fd = -1;
	o->maps_sec = -1;
	if (wl_elf_read(a, image, len, &o->elf) || read_license(o) ||
	    read_btf(o) || read_maps(o) || read_programs(o) ||
	    wl_collect_relos(o)) {
		wl_close(o);
		return NULL;
	}
	return o;
}

WlObject *wl_open(const char *path)
{
	Arena *a = arena_new();
	size_t len;
	const char *image = read_file_all(a, path, &len);
	return read_image(a, path, image, len);
}

WlObject *wl_open_mem(const void *image, size_t len, const char *name)
{
	Arena *a = arena_new();
	/* Our own aligned copy: the tables point into it. */
	char *copy = arena_alloc(a, len + 1);
	if (len)
		memcpy(copy, image, len);
	return read_image(a, name ? name : "(memory)", copy, len);
}

void wl_close(WlObject *o)
{
	if (!o)
		return;
	for (int i = 0; i < o->nprogs; i++)
		wl_prog_unload(&o->progs[i]);
	for (int i = 0; i < o->nmaps; i++)
		if (o->maps[i].fd >= 0)
			close(o->maps[i].fd);
	if (o->btf_fd >= 0)
		close(o->btf_fd);
	arena_free(o->arena);
}

void wl_prog_unload(WlProg *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

/* Program names as typed on a command line: '-' stands for '_'. */
static int name_matches(const char *sym, const char *want)
{
	for (; *sym && *want; sym++, want++)
		if (*sym != *want && !(*sym == '_' && *want == '-'))
			return 0;
	return !*sym && !*want;
}

WlProg *wl_find_prog(WlObject *o, const char *name)
{
	for (int i = 0; i < o->nprogs; i++)
		if (name_matches(o->progs[i].name, name))
			return &o->progs[i];
	return NULL;
}

WlMap *wl_find_map(WlObject *o, const char *name)
{
	for (int i = 0; i < o->nmaps; i++)
		if (name_matches(o->maps[i].name, name))
			return &o->maps[i];
	return NULL;
}
