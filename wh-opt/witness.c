/* witness.c: a run of the program that reads or writes past the packet's
 * end, found by running it. The kernel verifier follows every path the
 * values it does not know can take, so a real run that reaches a packet
 * access with too short a packet is one it refuses, whatever the bounds
 * checks prove elsewhere. The runs are concrete: the packet's length, the
 * bytes read from the packet, a map value, a record or the context, and
 * whether a map lookup finds its key, are chosen (depth first, among a few
 * values: the ends of each one's width, and the constants it is compared
 * with and their neighbours), everything else is computed as BPF does. A
 * run stops, proving nothing, where the model cannot follow (raw asm,
 * stack bytes a helper wrote, an address of no known object), and the
 * search stops after a budget of runs and steps.
 *
 * Each value read is taken as free even where the program read the same
 * bytes before: the kernel does not know packet or map memory, so it too
 * follows both. Helpers' results are taken as 0 only, and a lookup in an
 * array map as finding its key (the kernel may know both). */
#include "opt.h"
#include <stdlib.h>
#include <string.h>

enum {
	MAX_RUNS = 1024,
	MAX_STEPS = 1 << 18,    /* instructions over all runs */
	MAX_RUN_STEPS = 1 << 16,
	MAX_CHOICES = 256,      /* choice points in one run */
	MAX_SLOTS = 64,         /* stack objects one run may make */
	SLOT_SPAN = 1024,
};

/* the objects' addresses: far apart, so that a move stays recognisable */
#define CTX_AT      0x10000000ull
#define PKT_AT      0x20000000ull
#define PKT_SPAN    0x01000000ull
#define STACK_AT    0x40000000ull
#define MAPVAL_AT   0x100000000ull
#define RECORD_AT   0x200000000ull
#define MAPREF_AT   0x300000000ull
#define OBJ_SPAN    0x01000000ull   /* each map value or record */

typedef struct {
	int n, pick;            /* options, the one taken */
} Choice;

typedef struct {
	const IrUnit *u;
	const IrProg *p;
	Ins **def;
	const IrType *ty;
	Arena *a;
	Vec *cmp_consts;        /* by tmp: int64_t* candidates it is compared with */
	uint64_t *lens;         /* packet lengths to try */
	int nlens;
	Choice choice[MAX_CHOICES];
	int nchoice, at;        /* choices made; the next to replay */
	uint64_t *val;          /* by tmp, this run */
	uint64_t *phi_vals;     /* the phis of a block, read before any is set */
	uint8_t *mem, *known;   /* stack bytes of this run, MAX_SLOTS * SLOT_SPAN */
	int nslots;
	uint64_t len;           /* the packet's length this run */
	long steps;
	Witness *w;
} Run;

/* The option taken at the next choice point of the run (of n). */
static int choose(Run *r, int n)
{
	if (r->at < r->nchoice)
		return r->choice[r->at++].pick;
	if (r->nchoice == MAX_CHOICES)
		return -1;
	r->choice[r->nchoice++] = (Choice){n, 0};
	r->at++;
	return 0;
}

/* The next run's choices: the last that has options left moves on. */
static int next_choices(Run *r)
{
	while (r->nchoice && r->choice[r->nchoice - 1].pick + 1 >= r->choice[r->nchoice - 1].n)
		r->nchoice--;
	if (!r->nchoice)
		return 0;
	r->choice[r->nchoice - 1].pick++;
	return 1;
}

/* opt[0..n) with x added unless it is there or past most; the new n. */
static int add_option(uint64_t *opt, int n, uint64_t x, uint64_t most)
{
	for (int j = 0; j < n; j++)
		if (opt[j] == x)
			return n;
	if (x <= most)
		opt[n++] = x;
	return n;
}

/* A value read from memory the kernel does not know, or from the
 * context: a constant it is compared with (minus 1, itself, plus 1), 0,
 * or all ones of its width. 0 when the run cannot go on. */
static int free_value(Run *r, const Ins *in, int bytes, uint64_t *v)
{
	uint64_t most = eval_zext(UINT64_MAX, bytes);
	uint64_t opt[3 * 8 + 2];
	int n = 0;
	const Vec *k = in->dst.kind == V_TMP ? &r->cmp_consts[in->dst.n] : NULL;
	for (int i = 0; k && i < k->n && n < 3 * 8; i++)
		for (int d = -1; d <= 1; d++)
			n = add_option(opt, n, (uint64_t)*(const int64_t *)k->v[i] + (uint64_t)(int64_t)d,
				       most);
	n = add_option(opt, n, 0, most);
	n = add_option(opt, n, most, most);
	int pick = choose(r, n);
	if (pick < 0)
		return 0;
	*v = opt[pick];
	return 1;
}

static uint64_t value(const Run *r, Val v)
{
	return v.kind == V_IMM ? (uint64_t)v.n : r->val[v.n];
}

static int in_packet(uint64_t addr)
{
	return addr >= PKT_AT - PKT_SPAN && addr < PKT_AT + PKT_SPAN;
}

/* The stack bytes at addr (width), or NULL when they are not a stack
 * object's. */
static uint8_t *stack_bytes(Run *r, uint64_t addr, int width, uint8_t **known)
{
	if (addr < STACK_AT || addr + (uint64_t)width > STACK_AT + (uint64_t)r->nslots * SLOT_SPAN)
		return NULL;
	uint64_t at = addr - STACK_AT;
	if (at / SLOT_SPAN != (at + (uint64_t)width - 1) / SLOT_SPAN)
		return NULL;
	*known = r->known + at;
	return r->mem + at;
}

/* A packet access of width at addr: past the packet on this run? Then
 * the witness is this run. */
static int packet_overrun(Run *r, const Ins *in, uint64_t addr, int width)
{
	int64_t at = (int64_t)(addr - PKT_AT);
	if (at >= 0 && (uint64_t)at + (uint64_t)width <= r->len)
		return 0;
	r->w->access = in;
	r->w->at = at;
	r->w->end = at + width - 1;
	r->w->len = (int64_t)r->len;
	return 1;
}

/* Helpers that only read the memory they are given. */
static const char *const reads_only[] = {
	"map-lookup-elem", "map-update-elem", "map-delete-elem", "ringbuf-output",
	"perf-event-output", "trace-printk", "ringbuf-submit", "ringbuf-discard",
};

/* Helpers after which the packet is another: the run stops there. */
static const char *const changes_packet[] = {
	"skb-store-bytes", "xdp-adjust-head", "xdp-adjust-tail",
};

static int in_list(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], name))
			return 1;
	return 0;
}

static const AsmMap *map_named(const Run *r, uint64_t ref)
{
	uint64_t i = ref - MAPREF_AT;
	return ref >= MAPREF_AT && i < (uint64_t)r->u->maps.n ? r->u->maps.v[i] : NULL;
}

/* The result of a call (0 when the run cannot go on). */
static int call(Run *r, const Ins *in, uint64_t *v)
{
	if (in_list(changes_packet, sizeof changes_packet / sizeof *changes_packet, in->name))
		return 0;
	int only_reads = in_list(reads_only, sizeof reads_only / sizeof *reads_only, in->name);
	for (int k = 0; k < in->nargs; k++) {
		uint64_t a = value(r, in->args[k]);
		uint8_t *known;
		if (!only_reads && stack_bytes(r, a, 1, &known))
			memset(r->known + (a - STACK_AT) / SLOT_SPAN * SLOT_SPAN, 0, SLOT_SPAN);
	}
	*v = 0;
	if (!strcmp(in->name, "map-lookup-elem")) {
		const AsmMap *m = in->nargs ? map_named(r, value(r, in->args[0])) : NULL;
		const MapTypeInfo *t = m ? map_type_by_keyword(m->type) : NULL;
		int missing = t && t->typed == MAP_TYPED_U32_KEY ? 0 : choose(r, 2);
		if (missing < 0)
			return 0;
		*v = missing ? 0 : MAPVAL_AT + (uint64_t)(in->dst.n % 4096) * OBJ_SPAN;
	} else if (!strcmp(in->name, "ringbuf-reserve")) {
		int none = choose(r, 2);
		if (none < 0)
			return 0;
		*v = none ? 0 : RECORD_AT + (uint64_t)(in->dst.n % 4096) * OBJ_SPAN;
	}
	return 1;
}

/* A comparison with the packet's end, made on this run: kept (the last
 * ones) for the witness's message. */
static void note_check(Run *r, const Ins *in)
{
	int end = 0;
	for (int k = 0; k < in->nargs && k < 2; k++)
		end |= in->args[k].kind == V_TMP && r->ty[in->args[k].n] == T_PKT_END;
	if (!end)
		return;
	Witness *w = r->w;
	if (w->nchecks == 8) {
		memmove(w->checks, w->checks + 1, 7 * sizeof *w->checks);
		w->nchecks--;
	}
	w->checks[w->nchecks++] = in;
}

/* The offset of v from the packet's start, through additions of
 * constants; -1 when it is not one. */
static int64_t packet_offset(const Run *r, Val v)
{
	int64_t off = 0;
	const Ins *d = v.kind == V_TMP ? r->def[v.n] : NULL;
	for (int depth = 0; d && d->op == I_ALU && d->sub == ALU_ADD && depth < 8 &&
	     d->args[1].kind == V_IMM && d->args[0].kind == V_TMP; depth++) {
		if (__builtin_add_overflow(off, d->args[1].n, &off))
			return -1;
		d = r->def[d->args[0].n];
	}
	return d && d->op == I_LOAD && d->packet == CTX_PKT ? off : -1;
}

/* The outcome of a comparison: computed, but for a comparison of a packet
 * pointer with the packet's end that proves nothing to the kernel (a
 * signed one, or past BPF_MAX_PACKET_OFF), which the kernel follows both
 * ways whatever the packet: then chosen. -1 when the run cannot go on.
 * A comparison with the packet's end is noted for the message. */
static int compare(Run *r, const Ins *in)
{
	note_check(r, in);
	int end = -1;
	for (int k = 0; k < 2 && k < in->nargs; k++)
		if (in->args[k].kind == V_TMP && r->ty[in->args[k].n] == T_PKT_END)
			end = k;
	if (end >= 0 && in->args[1 - end].kind == V_TMP && r->ty[in->args[1 - end].n] == T_PKT) {
		Cond cc = (Cond)in->sub;
		int64_t off = packet_offset(r, in->args[1 - end]);
		if (cc == CC_SGT || cc == CC_SGE || cc == CC_SLT || cc == CC_SLE ||
		    off > BPF_MAX_PACKET_OFF)
			return choose(r, 2);
	}
	return cond_holds((Cond)in->sub, value(r, in->args[0]), value(r, in->args[1]));
}

/* One instruction (not a phi, not a terminator): 0 when the run stops
 * (it cannot follow, or the witness is found: r->w->access). */
static int step(Run *r, const Ins *in)
{
	uint64_t a = in->nargs > 0 ? value(r, in->args[0]) : 0;
	uint64_t b = in->nargs > 1 ? value(r, in->args[1]) : 0, v = 0;
	uint8_t *bytes, *known;
	switch (in->op) {
	case I_PARAM: v = CTX_AT; break;
	case I_COPY: v = a; break;
	case I_ALU: v = alu_eval((AluOp)in->sub, a, b, in->w32); break;
	case I_NEG: v = in->w32 ? (uint32_t)-a : -a; break;
	case I_ZEXT: v = eval_zext(a, in->width); break;
	case I_BSWAP: v = eval_bswap(a, in->width); break;
	case I_CMP: {
		int holds = compare(r, in);
		if (holds < 0)
			return 0;
		v = (uint64_t)holds;
		break;
	}
	case I_CORE: v = (uint64_t)in->off; break;
	case I_MAPREF:
		for (int i = 0; i < r->u->maps.n; i++)
			if (!strcmp(((AsmMap *)r->u->maps.v[i])->name, in->name))
				v = MAPREF_AT + (uint64_t)i;
		if (!v)
			return 0;
		break;
	case I_SLOT:
		if (r->nslots == MAX_SLOTS || in->off > SLOT_SPAN)
			return 0;
		v = STACK_AT + (uint64_t)r->nslots * SLOT_SPAN;
		memset(r->known + (size_t)r->nslots * SLOT_SPAN, 0, SLOT_SPAN);
		r->nslots++;
		break;
	case I_LOAD:
		a += (uint64_t)in->off;
		if (a >= CTX_AT && a < CTX_AT + 4096) {
			if (in->packet == CTX_PKT || in->packet == CTX_PKT_META)
				v = PKT_AT;
			else if (in->packet == CTX_PKT_END)
				v = PKT_AT + r->len;
			else if (!free_value(r, in, in->width, &v))
				return 0;
		} else if (in_packet(a)) {
			if (packet_overrun(r, in, a, in->width) || !free_value(r, in, in->width, &v))
				return 0;
		} else if ((bytes = stack_bytes(r, a, in->width, &known))) {
			for (int i = 0; i < in->width; i++)
				if (!known[i])
					return 0;
			for (int i = in->width - 1; i >= 0; i--)
				v = v << 8 | bytes[i];
		} else if (a >= MAPVAL_AT && a < MAPREF_AT) {
			if (!free_value(r, in, in->width, &v))
				return 0;
		} else {
			return 0;
		}
		break;
	case I_STORE: case I_ATOMIC:
		a += (uint64_t)in->off;
		if (in_packet(a)) {
			if (in->op == I_ATOMIC || packet_overrun(r, in, a, in->width))
				return 0;
		} else if ((bytes = stack_bytes(r, a, in->width, &known))) {
			if (in->op == I_ATOMIC) {
				memset(known, 0, (size_t)in->width);
				break;
			}
			for (int i = 0; i < in->width; i++, b >>= 8)
				bytes[i] = (uint8_t)b, known[i] = 1;
		} else if (!(a >= MAPVAL_AT && a < MAPREF_AT)) {
			return 0;
		}
		return 1;
	case I_CALL:
		if (!call(r, in, &v))
			return 0;
		break;
	default:
		return 0;       /* asm, frame: not followed */
	}
	if (in->dst.kind == V_TMP)
		r->val[in->dst.n] = v;
	return 1;
}

/* One run from the entry; 1 when it found the witness. */
static int run_once(Run *r)
{
	const Blk *b = r->p->blks.v[0], *from = NULL;
	r->nslots = 0;
	r->w->nchecks = 0;
	for (long n = 0; n < MAX_RUN_STEPS && r->steps < MAX_STEPS; ) {
		/* the phis read the values of the edge taken, all at once */
		int nphi = 0;
		while (nphi < b->ins.n && ((Ins *)b->ins.v[nphi])->op == I_PHI) {
			const Ins *phi = b->ins.v[nphi];
			int k = 0;
			while (k < phi->nargs && phi->blks[k] != from)
				k++;
			if (k == phi->nargs)
				return 0;
			r->phi_vals[nphi++] = value(r, phi->args[k]);
		}
		for (int j = 0; j < nphi; j++)
			r->val[((Ins *)b->ins.v[j])->dst.n] = r->phi_vals[j];
		const Blk *next = NULL;
		for (int j = nphi; j < b->ins.n && !next; j++, n++, r->steps++) {
			const Ins *in = b->ins.v[j];
			if (in->op == I_RET)
				return 0;
			if (in->op == I_JMP || in->op == I_BR) {
				int taken = in->op == I_JMP ? 1 : compare(r, in);
				if (taken < 0)
					return 0;
				next = in->blks[taken ? 0 : 1];
			} else if (!step(r, in)) {
				return r->w->access != NULL;
			}
		}
		if (!next)
			return 0;
		from = b;
		b = next;
	}
	return 0;
}

/* The constants each value is compared with, carried back through
 * copies, zero extensions, additions of constants and masks to the value
 * they are made from. */
static void note_compared(Run *r, Val x, int64_t k)
{
	for (int depth = 0; x.kind == V_TMP && depth < 8; depth++) {
		int64_t *c = arena_alloc(r->a, sizeof *c);
		*c = k;
		vec_push(r->a, &r->cmp_consts[x.n], c);
		const Ins *d = r->def[x.n];
		if (!d)
			return;
		if (d->op == I_COPY || d->op == I_ZEXT) {
			x = d->args[0];
		} else if (d->op == I_ALU && d->nargs == 2 && d->args[1].kind == V_IMM &&
			   (d->sub == ALU_ADD || d->sub == ALU_SUB || d->sub == ALU_AND ||
			    d->sub == ALU_OR)) {
			if (d->sub == ALU_ADD)
				k = (int64_t)((uint64_t)k - (uint64_t)d->args[1].n);
			else if (d->sub == ALU_SUB)
				k = (int64_t)((uint64_t)k + (uint64_t)d->args[1].n);
			x = d->args[0];
		} else {
			return;
		}
	}
}

static void add_length(Run *r, int64_t len)
{
	if (len < 0 || len > BPF_MAX_PACKET_OFF + 1)
		return;
	for (int i = 0; i < r->nlens; i++)
		if (r->lens[i] == (uint64_t)len)
			return;
	r->lens[r->nlens++] = (uint64_t)len;
}

/* The packet lengths worth trying: each side of every bounds check, and
 * one byte short of each access at a constant offset. */
static void note_lengths(Run *r, const Ins *in)
{
	if ((in->op == I_LOAD || in->op == I_STORE) && in->args[0].kind == V_TMP &&
	    r->ty[in->args[0].n] == T_PKT) {
		int64_t off = packet_offset(r, in->args[0]), end;
		if (off >= 0 && !__builtin_add_overflow(off, in->off + in->width - 1, &end))
			add_length(r, end);
		return;
	}
	if ((in->op != I_BR && in->op != I_CMP) || in->nargs != 2)
		return;
	for (int k = 0; k < 2; k++) {
		Val p = in->args[k], e = in->args[1 - k];
		if (p.kind != V_TMP || e.kind != V_TMP || r->ty[e.n] != T_PKT_END ||
		    r->ty[p.n] != T_PKT)
			continue;
		int64_t off = packet_offset(r, p);
		for (int s = -1; s <= 1 && off >= 0 && off <= BPF_MAX_PACKET_OFF; s++)
			add_length(r, off + s);
	}
}

static int by_value(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

int witness_packet_overrun(Arena *a, const IrUnit *u, const IrProg *p, Ins **def,
			   const IrType *ty, Witness *w)
{
	Run r = {.u = u, .p = p, .def = def, .ty = ty, .a = a, .w = w};
	*w = (Witness){0};
	int nlen = 1, nphi = 0;
	for (int i = 0; i < p->blks.n; i++) {
		const Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			IrOp op = ((Ins *)b->ins.v[j])->op;
			nlen += op == I_BR || op == I_CMP ? 3 : op == I_LOAD || op == I_STORE;
			nphi += op == I_PHI;
		}
	}
	r.phi_vals = arena_alloc(a, sizeof(uint64_t) * (size_t)(nphi + 1));
	r.cmp_consts = arena_alloc(a, sizeof(Vec) * (size_t)(p->ntmp + 1));
	memset(r.cmp_consts, 0, sizeof(Vec) * (size_t)(p->ntmp + 1));
	r.lens = arena_alloc(a, sizeof(uint64_t) * (size_t)nlen);
	for (int i = 0; i < p->blks.n; i++) {
		const Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			const Ins *in = b->ins.v[j];
			note_lengths(&r, in);
			if ((in->op != I_BR && in->op != I_CMP) || in->nargs != 2)
				continue;
			for (int k = 0; k < 2; k++)
				if (in->args[1 - k].kind == V_IMM)
					note_compared(&r, in->args[k], in->args[1 - k].n);
		}
	}
	if (!r.nlens)
		return 0;
	qsort(r.lens, (size_t)r.nlens, sizeof *r.lens, by_value);
	r.val = arena_alloc(a, sizeof(uint64_t) * (size_t)(p->ntmp + 1));
	memset(r.val, 0, sizeof(uint64_t) * (size_t)(p->ntmp + 1));
	r.mem = arena_alloc(a, (size_t)MAX_SLOTS * SLOT_SPAN);
	r.known = arena_alloc(a, (size_t)MAX_SLOTS * SLOT_SPAN);
	/* the length is the first choice of every run */
	r.choice[0] = (Choice){r.nlens, 0};
	r.nchoice = 1;
	for (int runs = 0; runs < MAX_RUNS && r.steps < MAX_STEPS; runs++) {
		r.len = r.lens[r.choice[0].pick];
		r.at = 1;
		if (run_once(&r))
			return 1;
		if (!next_choices(&r))
			break;
	}
	return 0;
}
