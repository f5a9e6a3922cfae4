/* reloc.c: ELF relocations of program code. R_BPF_64_64 against a map in
 * .maps becomes a WlRelo at open time, and an ld_imm64 with
 * src_reg=BPF_PSEUDO_MAP_FD, imm=map fd at load time. Anything else a
 * program needs (global data, externs, bpf-to-bpf calls) is refused with
 * a message saying what it is. */
#include "wl.h"
#include "wl_elf.h"
#include "wl_reloc.h"
#include <gelf.h>

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

static WlProg *prog_at(WlObject *o, int sec, uint64_t off)
{
	for (int i = 0; i < o->nprogs; i++) {
		WlProg *p = &o->progs[i];
		if (p->sec_index == sec && off >= p->sec_off &&
		    off - p->sec_off < (uint64_t)p->insn_cnt * 8)
			return p;
	}
	return NULL;
}

static const char *sym_name(const WlElfSym *y, const struct WlElf *e)
{
	if (*y->name)
		return y->name;
	return y->shndx < e->nsec ? e->sec[y->shndx].name : "(unnamed)";
}

/* The function a call relocation reaches: clang relocates calls of
 * static functions against the section symbol, with the target in imm. */
static const char *callee(const struct WlElf *e, const WlElfSym *y, int32_t imm)
{
	if (y->type != STT_SECTION)
		return sym_name(y, e);
	uint64_t at = y->value + ((uint64_t)(int64_t)imm + 1) * 8;
	for (size_t i = 0; i < e->nsym; i++)
		if (e->sym[i].type == STT_FUNC && e->sym[i].shndx == y->shndx &&
		    e->sym[i].value == at)
			return e->sym[i].name;
	return sym_name(y, e);
}

/* What the symbol of a relocation is, when it is not a map. */
static int refuse(const WlObject *o, const WlProg *p, const WlElfSym *y)
{
	const char *name = sym_name(y, o->elf);
	if (y->shndx == SHN_UNDEF)
		return wl_fail("program %s: refers to extern symbol %s, "
			       "which is not supported", p->name, name);
	if (y->shndx < o->elf->nsec) {
		const WlElfSec *s = &o->elf->sec[y->shndx];
		if (s->flags & SHF_EXECINSTR)
			return wl_fail("program %s: takes the address of code (%s), "
				       "which is not supported", p->name, name);
		return wl_fail("program %s: uses global data %s in section %s, "
			       "which is not supported yet", p->name, name, s->name);
	}
	return wl_fail("program %s: relocation against symbol %s is not supported",
		       p->name, name);
}

static int add_relo(WlObject *o, WlProg *p, int sec, const WlElfRel *r)
{
	const WlElfSym *y = &o->elf->sym[r->sym];
	uint64_t off = r->offset - p->sec_off;
	uint32_t i = (uint32_t)(off / 8);
	if (r->type == RELO_64_32)
		return wl_fail("program %s: calls function %s: bpf-to-bpf calls are "
			       "not supported yet", p->name,
			       callee(o->elf, y, off % 8 ? 0 : p->insns[i].imm));
	if (r->type != RELO_64_64)
		return wl_fail("program %s: unsupported relocation %s (%u) in %s",
			       p->name, reloc_name(r->type), r->type, o->elf->sec[sec].name);
	if (off % 8 || i + 1 >= p->insn_cnt || p->insns[i].code != LD_IMM64)
		return wl_fail("program %s: relocation at byte %llu of %s is not on "
			       "an ld_imm64 instruction", p->name,
			       (unsigned long long)r->offset, o->elf->sec[sec].name);
	if (o->maps_sec < 0 || (int)y->shndx != o->maps_sec)
		return refuse(o, p, y);
	/* Map symbols carry the offset; a section symbol puts it in imm. */
	uint64_t at = y->value + (uint32_t)p->insns[i].imm;
	for (int m = 0; m < o->nmaps; m++) {
		if (o->maps[m].sec_off == at) {
			p->relos[p->nrelos++] = (WlRelo){i, m};
			return 0;
		}
	}
	return wl_fail("program %s: relocation against .maps offset %llu names no map",
		       p->name, (unsigned long long)at);
}

/* Pass 0 counts each program's relocations, pass 1 checks and records
 * them. Relocations outside every program (in .text subprograms) do not
 * concern the programs we load. */
int wl_collect_relos(WlObject *o)
{
	for (int pass = 0; pass < 2; pass++) {
		for (size_t s = 1; s < o->elf->nsec; s++) {
			const WlElfSec *rs = &o->elf->sec[s];
			if (!rs->nrel)  /* wl_elf_read keeps only code relocations */
				continue;
			for (size_t k = 0; k < rs->nrel; k++) {
				WlProg *p = prog_at(o, (int)rs->info, rs->rel[k].offset);
				if (!p)
					continue;
				if (!pass)
					p->nrelos++;
				else if (add_relo(o, p, (int)rs->info, &rs->rel[k]))
					return -1;
			}
		}
		for (int i = 0; !pass && i < o->nprogs; i++) {
			WlProg *p = &o->progs[i];
			p->relos = arena_alloc(o->arena, (size_t)p->nrelos * sizeof *p->relos);
			p->nrelos = 0;
		}
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
