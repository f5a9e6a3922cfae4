/* reloc.c: the relocations of program code (ObjProg.rels of the object
 * model). An R_BPF_64_64 that reaches a map of .maps becomes a WlRelo at
 * open time, and an ld_imm64 with src_reg=BPF_PSEUDO_MAP_FD, imm=map fd
 * at load time. Anything else a program needs (global data, externs,
 * bpf-to-bpf calls) is refused with a message saying what it is. */
#include "wl.h"
#include "wl_int.h"
#include <elf.h>

/* <elf.h> has only some of these (llvm_reloc.rst has them all). */
enum {
	RELO_64_64 = 1, RELO_ABS64 = 2, RELO_ABS32 = 3, RELO_NODYLD32 = 4,
	RELO_64_32 = 10,
	LD_IMM64 = BC_LD | BS_DW | BM_IMM,
};

static const struct {
	uint32_t type;
	const char *name;
} reloc_names[] = {
	{RELO_64_64, "R_BPF_64_64"}, {RELO_ABS64, "R_BPF_64_ABS64"},
	{RELO_ABS32, "R_BPF_64_ABS32"}, {RELO_NODYLD32, "R_BPF_64_NODYLD32"},
	{RELO_64_32, "R_BPF_64_32"},
};

static const char *reloc_name(uint32_t type)
{
	for (size_t i = 0; i < sizeof reloc_names / sizeof *reloc_names; i++)
		if (reloc_names[i].type == type)
			return reloc_names[i].name;
	return "unknown";
}

/* The function a call relocation reaches: clang relocates calls of
 * static functions against the section symbol, with the target in imm. */
static const char *callee(const ObjFile *o, const ObjSym *y, int32_t imm)
{
	if (y->type != STT_SECTION)
		return obj_sym_name(o, y);
	uint64_t at = y->value + ((uint64_t)(int64_t)imm + 1) * 8;
	for (size_t i = 0; i < o->nsym; i++)
		if (o->sym[i].type == STT_FUNC && o->sym[i].shndx == y->shndx &&
		    o->sym[i].value == at)
			return o->sym[i].name;
	return obj_sym_name(o, y);
}

/* What the symbol of a relocation is, when it is not a map. */
static int refuse(const ObjFile *o, const WlProg *p, const ObjSym *y)
{
	const char *name = obj_sym_name(o, y);
	if (y->shndx == SHN_UNDEF)
		return wl_fail("program %s: refers to extern symbol %s, "
			       "which is not supported", p->name, name);
	if (y->shndx < o->nsec) {
		const ObjSec *s = &o->sec[y->shndx];
		if (s->flags & SHF_EXECINSTR)
			return wl_fail("program %s: takes the address of code (%s), "
				       "which is not supported", p->name, name);
		return wl_fail("program %s: uses global data %s in section %s, "
			       "which is not supported yet", p->name, name, s->name);
	}
	return wl_fail("program %s: relocation against symbol %s is not supported",
		       p->name, name);
}

static int add_relo(const ObjFile *o, WlProg *p, const ObjProgRel *r)
{
	const ObjSym *y = &o->sym[r->sym];
	const char *sec = p->obj->section;
	uint32_t i = r->off / 8;
	if (r->type == RELO_64_32)
		return wl_fail("program %s: calls function %s: bpf-to-bpf calls are "
			       "not supported yet", p->name,
			       callee(o, y, r->off % 8 ? 0 : p->insns[i].imm));
	if (r->type != RELO_64_64)
		return wl_fail("program %s: unsupported relocation %s (%u) in %s",
			       p->name, reloc_name(r->type), r->type, sec);
	if (r->off % 8 || i + 1 >= p->insn_cnt || p->insns[i].code != LD_IMM64)
		return wl_fail("program %s: relocation at byte %llu of %s is not on "
			       "an ld_imm64 instruction", p->name,
			       (unsigned long long)(p->obj->off + r->off), sec);
	if (o->maps_sec < 0 || (int)y->shndx != o->maps_sec)
		return refuse(o, p, y);
	if (r->map < 0)
		return wl_fail("program %s: relocation against .maps offset %llu names no map",
			       p->name, (unsigned long long)(y->value + (uint32_t)p->insns[i].imm));
	p->relos[p->nrelos++] = (WlRelo){i, r->map};
	return 0;
}

int wl_collect_relos(WlObject *o)
{
	for (int k = 0; k < o->nprogs; k++) {
		WlProg *p = &o->progs[k];
		p->relos = arena_alloc(o->arena, sizeof *p->relos * (size_t)(p->obj->nrels + 1));
		for (int j = 0; j < p->obj->nrels; j++)
			if (add_relo(o->obj, p, &p->obj->rels[j]))
				return -1;
	}
	return 0;
}

int wl_apply_relos(WlObject *o, WlProg *p)
{
	for (int k = 0; k < p->nrelos; k++) {
		const WlMap *m = &o->maps[p->relos[k].map];
		if (m->fd < 0)
			return wl_fail("program %s: map %s is not created", p->name, m->name);
		BpfInsn *in = &p->insns[p->relos[k].insn];
		in->regs = (uint8_t)((in->regs & 0x0f) | (BPF_PSEUDO_MAP_FD << 4));
		in->imm = m->fd;
		in[1].imm = 0;
	}
	return 0;
}
