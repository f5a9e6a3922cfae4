/* bpf_refused.c: the instructions the kernel verifier refuses whatever the
 * program around them (kernel/bpf/verifier.c: check_alu_op, check_reg_arg,
 * check_atomic), one rule each: the ones no program makes through the
 * language, so that wh-emit checks its output against the table (an
 * internal error: a phase made such an instruction), and the `asm` form is
 * refused with the rule's words. (A stack access outside the frame is not
 * here: a constant offset the program writes makes one, which wh-opt's
 * refuse pass reports in Lisp terms.) */
#include "bpf.h"
#include <stddef.h>

enum { FP = BPF_REG_FP };

static int dst(const BpfInsn *in) { return in->regs & 15; }
static int src(const BpfInsn *in) { return in->regs >> 4; }
static int cls(const BpfInsn *in) { return in->code & 7; }
static int is_alu(const BpfInsn *in) { return cls(in) == BC_ALU || cls(in) == BC_ALU64; }
static int alu_op(const BpfInsn *in) { return in->code & 0xf0; }
static int imm_form(const BpfInsn *in) { return (in->code & BSRC_X) == BSRC_K; }
static int is_ldimm64(const BpfInsn *in) { return in->code == (BC_LD | BM_IMM | BS_DW); }

static int zero_divisor(const BpfInsn *in)
{
	return is_alu(in) && (alu_op(in) == BA_DIV || alu_op(in) == BA_MOD) && imm_form(in) &&
	       in->imm == 0;
}

static int wide_shift(const BpfInsn *in)
{
	int op = alu_op(in);
	return is_alu(in) && (op == BA_LSH || op == BA_RSH || op == BA_ARSH) && imm_form(in) &&
	       (uint32_t)in->imm >= (cls(in) == BC_ALU64 ? 64u : 32u);
}

static int writes_fp(const BpfInsn *in)
{
	return dst(in) == FP && (is_alu(in) || cls(in) == BC_LDX || is_ldimm64(in));
}

static int no_such_reg(const BpfInsn *in)
{
	return dst(in) > FP || src(in) > FP;
}

static int size_bytes(const BpfInsn *in)
{
	switch (in->code & 0x18) {
	case BS_B: return 1;
	case BS_H: return 2;
	case BS_W: return 4;
	default: return 8;
	}
}

static int narrow_atomic(const BpfInsn *in)
{
	return cls(in) == BC_STX && (in->code & 0xe0) == BM_ATOMIC &&
	       !BPF_ATOMIC_WIDTH_OK(size_bytes(in));
}

static int bad_bswap(const BpfInsn *in)
{
	return is_alu(in) && alu_op(in) == BA_END &&
	       ((in->imm != 16 && in->imm != 32 && in->imm != 64) || src(in) || in->off);
}

const BpfRefusal bpf_refusals[] = {
	{"regs",      no_such_reg,   "names a register above r10"},
	{"fp",        writes_fp,     "writes r10, the read-only frame pointer"},
	{"divzero",   zero_divisor,  "divides by the immediate 0"},
	{"shift",     wide_shift,    "shifts by an immediate of the operation's width or more"},
	{"atomic",    narrow_atomic, "is an atomic operation on 1 or 2 bytes"},
	{"bswap",     bad_bswap,     "is a byte swap of a width other than 16, 32 or 64"},
};
const int bpf_nrefusals = (int)(sizeof bpf_refusals / sizeof *bpf_refusals);

const BpfRefusal *bpf_refused(const BpfInsn *in)
{
	for (int i = 0; i < bpf_nrefusals; i++)
		if (bpf_refusals[i].refused(in))
			return &bpf_refusals[i];
	return NULL;
}
