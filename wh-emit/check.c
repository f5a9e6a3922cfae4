/* check.c: what leaves wh-emit, the verifier accepts instruction by
 * instruction: no line is one the table of shared/bpf_refused.c refuses
 * (an immediate 0 divisor, a shift by the width or more, a write to r10
 * ...). Run after instruction selection and after every peephole that
 * changed the code, so that the internal error names the pass that made
 * the instruction. `wh-emit --check FILE.s` applies the table to an asm
 * file, as a user error. */
#include "emit.h"

static const BpfRefusal *first_refused(const AsmProg *p, const AsmLine **at)
{
	for (int i = 0; i < p->lines.n; i++) {
		const AsmLine *l = p->lines.v[i];
		const BpfRefusal *r = is_insn(l) ? bpf_refused(&l->in) : NULL;
		if (r) {
			*at = l;
			return r;
		}
	}
	return NULL;
}

void check_output(const AsmProg *p, const char *pass, const char *peephole)
{
	const AsmLine *l;
	const BpfRefusal *r = first_refused(p, &l);
	if (!r)
		return;
	Buf b = {0};
	asm_print_insn(&b, l);
	bug("%s:%d:%d: program %s: %s%s%s%s made `%s`, which %s (rule %s): the verifier "
	    "refuses it", diag_file, l->pos.line, l->pos.col, p->name, pass,
	    peephole ? " '" : "", peephole ? peephole : "", peephole ? "'" : "", b.data,
	    r->why, r->name);
}

void check_asm_file(const AsmUnit *u)
{
	for (int i = 0; i < u->progs.n; i++) {
		const AsmLine *l;
		const BpfRefusal *r = first_refused(u->progs.v[i], &l);
		if (r) {
			Buf b = {0};
			asm_print_insn(&b, l);
			error_at(l->line_pos, "`%s` %s (rule %s): the verifier refuses it",
				 b.data, r->why, r->name);
		}
	}
}
