/* pkt.c: packet pointers, as the verifier will see them, and the check-len
 * rewrite. The verifier forbids arithmetic on the packet-end pointer and
 * learns a packet's bounds only from comparing a packet pointer with it,
 * so a comparison of the length (- end data) with a constant K becomes a
 * comparison of data + K with end:
 *
 *	(< (- end data) K)  is  (> (+ data K) end)      and likewise
 *	for <= > >= = /= and their signed forms (a length is never negative).
 *
 * Not for K = 0: comparing the pointer itself with end teaches the
 * verifier no bound (a packet range starts at offset 1), and on the branch
 * where the pointer is not below end the verifier marks that register as
 * pointing past the packet, so every later load through it (`data` itself)
 * is refused. The length (- end data) is then computed and compared.
 *
 * Values are classified as they are lowered: context loads that core
 * marks as packet pointers (`(ctx-load u32 0 pkt)`, decided by the
 * expander), a packet pointer plus or minus a non-pointer, and the
 * difference end - pointer. Through let-bound variables this follows the
 * values themselves, so `(let ((len (- end data))) (< len 14))` is
 * rewritten too; the sub is then dead and wh-opt removes it. */
#include "lower.h"
#include <string.h>

static PktInfo *info(L *l, Val v)
{
	static PktInfo none;
	if (v.kind != V_TMP || v.n >= l->pktcap)
		return &none;
	return &l->pkt[v.n];
}

static PktInfo *slot(L *l, Val v)
{
	if (v.n >= l->pktcap) {
		int cap = l->pktcap ? l->pktcap : 64;
		while (cap <= v.n)
			cap *= 2;
		PktInfo *p = arena_alloc(l->a, sizeof *p * (size_t)cap);
		if (l->pktcap)
			memcpy(p, l->pkt, sizeof *p * (size_t)l->pktcap);
		l->pkt = p;
		l->pktcap = cap;
	}
	return &l->pkt[v.n];
}

void pkt_note(L *l, const Ins *in)
{
	if (in->dst.kind != V_TMP)
		return;
	PktInfo r = {PK_NONE, {V_NONE, 0}, {V_NONE, 0}};
	int k0 = in->nargs > 0 ? info(l, in->args[0])->kind : PK_NONE;
	int k1 = in->nargs > 1 ? info(l, in->args[1])->kind : PK_NONE;
	switch (in->op) {
	case I_LOAD:
		r.kind = in->packet == CTX_PKT ? PK_DATA : in->packet == CTX_PKT_END ? PK_END : PK_NONE;
		break;
	case I_COPY:
		r = *info(l, in->args[0]);
		break;
	case I_ALU:
		if (in->w32)
			break;
		if (in->sub == ALU_ADD && ((k0 == PK_DATA && k1 == PK_NONE) ||
					   (k0 == PK_NONE && k1 == PK_DATA)))
			r.kind = PK_DATA;
		else if (in->sub == ALU_SUB && k0 == PK_DATA && k1 == PK_NONE)
			r.kind = PK_DATA;
		else if (in->sub == ALU_SUB && k0 == PK_END && k1 == PK_DATA)
			r = (PktInfo){PK_LEN, in->args[0], in->args[1]};
		break;
	default:
		break;
	}
	if (r.kind != PK_NONE || in->dst.n < l->pktcap)
		*slot(l, in->dst) = r;
}

Val pkt_alu(L *l, AluOp op, Val a, Val b)
{
	Ins *in = emit(l, I_ALU, 2);
	in->sub = op;
	in->args[0] = a;
	in->args[1] = b;
	pkt_note(l, in);
	return in->dst;
}

/* A length is at most 64 KiB; keep data + K well inside what the verifier
 * accepts as a packet offset. */
enum { MAX_K = 1 << 16 };

static Cond unsigned_of(Cond cc)
{
	switch (cc) {
	case CC_SGT: return CC_GT;
	case CC_SGE: return CC_GE;
	case CC_SLT: return CC_LT;
	case CC_SLE: return CC_LE;
	default: return cc;
	}
}

int pkt_rewrite_cmp(L *l, Cond *cc, Val *a, Val *b, int fresh)
{
	Cond c = *cc;
	Val len = *a, k = *b;
	if (info(l, *b)->kind == PK_LEN && a->kind == V_IMM) {
		len = *b;
		k = *a;
		c = cond_info[c].swapped;       /* now: len c k */
		fresh >>= 1;
	}
	fresh &= 1;
	PktInfo *p = info(l, len);
	if (p->kind != PK_LEN || k.kind != V_IMM || k.n < 1 || k.n > MAX_K || c == CC_SET)
		return 0;
	Val end = p->a, ptr = p->b;
	/* the sub was made for this comparison alone: drop it */
	Blk *b0 = l->cur;
	if (fresh && b0 && b0->ins.n &&
	    val_eq(((Ins *)b0->ins.v[b0->ins.n - 1])->dst, len)) {
		b0->ins.n--;
		p->kind = PK_NONE;      /* its number stays unused (renumbered later) */
	}
	ptr = pkt_alu(l, ALU_ADD, ptr, k);
	/* end - ptr c K  <=>  end c ptr + K  <=>  ptr + K c' end */
	*cc = cond_info[unsigned_of(c)].swapped;
	*a = ptr;
	*b = end;
	return 1;
}
