/* refuse.c: what the kernel verifier would refuse for a reason known at
 * compile time, refused here at the Lisp form, in Lisp terms. It runs on
 * the optimized program, where constants have been propagated and dead
 * code is gone, so an instruction that is left is taken to be reached.
 * Each check errs towards silence: it speaks only when no path through
 * the program could satisfy the verifier.
 *   - a return value outside the program type's range (cgroup programs);
 *   - a GPL-only helper called under a license that is not GPL-compatible;
 *   - a packet access before the packet's start;
 *   - a load or store through an address that is a number, or made
 *     from numbers only, or from pointers by neg, a byte swap or a
 *     difference of two;
 *   - a pointer moved by 2^29 bytes or more, by a helper's result or an
 *     8-byte value read from memory that nothing compared, or cut to 1
 *     or 2 bytes;
 *   - a constant-offset access outside its stack object, map value or
 *     ring-buffer record, or not aligned to its width in a stack object;
 *   - a constant-offset packet access past every bounds check of the
 *     program (the verifier learns the packet's length only from them,
 *     and nothing from a check past 65535 bytes or a signed one);
 *   - an access through a pointer into a map value or record moved by a
 *     value that varies, past the object at the largest value the move
 *     may take, or into a stack object, past the whole 512-byte stack;
 *   - an access through a pointer moved by a loop's counter (times and
 *     plus constants), in a loop the kernel walks turn by turn, on the
 *     first turn that leaves the packet's checked bytes or the object;
 *   - an access through a packet pointer moved by a value that varies,
 *     past every bounds check of that moved pointer (the kernel forgets
 *     what the checks of the packet's start proved), or before the
 *     packet's start;
 *   - a packet access covered only by checks whose failing side every
 *     path to it takes (in a program without loops);
 *   - a packet access that a concrete run reaches with too short a
 *     packet (witness.c), when a check's result is used as a value or
 *     an access is not dominated by a check covering it;
 *   - arithmetic the kernel refuses on a pointer (ir_ptr_alu_problem),
 *     where optimization has shown the operand to be one;
 *   - a pointer stored into fewer than 8 bytes of the stack;
 *   - a map key or value passed from a stack object smaller than the
 *     map's key or value size;
 *   - a helper given a constant size outside what the kernel takes, or
 *     more bytes than the map value or record it reads or writes holds,
 *     or a number where it takes only a pointer, or a size made from a
 *     value of which the kernel knows no bounds;
 *   - a ring-buffer record that is never submitted or discarded;
 *   - raw asm at the program's start that reads a register not set, or
 *     memory through a register holding a number, or a raw ja back with
 *     no way out (an endless loop);
 *   - a counted loop only its test leaves, of more than 1,000,000 turns. */
#include "opt.h"
#include <inttypes.h>
#include <string.h>

enum {
	MAX_VAR_OFF = 1 << 29,          /* the kernel's BPF_MAX_VAR_OFF */
};

/* Where a value points: a root instruction plus a constant offset,
 * through copies and additions of constants. */
typedef struct {
	const Ins *root;        /* NULL: not a constant offset from one root */
	int64_t imm_root;       /* the root is this number (root == NULL, known) */
	int known;              /* root or imm_root is valid */
	int64_t off;
} Addr;

typedef struct {
	const IrUnit *u;
	const IrProg *p;
	Ins **def;
	Blk **where;            /* by tmp: the block defining it */
	IrType *ty;
	Arena *a;
	int64_t pkt_checked;    /* the longest packet bounds check (bytes) */
	const Ins *pkt_check;   /* the instruction that made it */
	const Ins *pkt_too_far; /* a check past BPF_MAX_PACKET_OFF, which proves nothing */
	int64_t pkt_too_far_len;
	const Ins *pkt_signed;  /* a signed comparison with the end, which proves nothing */
	uint8_t *number;        /* by tmp: surely a number to the kernel (numbers_of) */
	Vec pkt_checks;         /* PktCheck*: every unsigned packet bounds check */
	const Dom *dom;
	int loops;              /* the program has a loop */
	const Blk *blk;         /* the block of the instruction checked */
	int *walked_in;         /* find_walked_loops */
	struct Walked *walked;
	int *linked;            /* by tmp: > 0 when a branch or comparison looks
				 * at it (index_compared) */
	struct Seens *seens;    /* Seen sets given back, for the next question */
} Ctx;

/* The tmps one question looked at: marked by tmp, and listed, so that
 * asking whether a comparison looks at one of them, and clearing them for
 * the next question, cost what was marked, not the size of the program. */
typedef struct {
	uint8_t *on;            /* by tmp */
	int *list, n;
} Seen;

enum { MAX_SEENS = 8 };         /* questions asked inside others, at most */
struct Seens {
	Seen *v[MAX_SEENS];
	int n;
};

/* An unsigned comparison of a packet pointer with the packet's end. */
typedef struct {
	const Ins *in;
	const Ins *root;        /* the compared pointer is root plus a constant */
	int64_t proves;         /* the bytes past root it proves on its good side */
	const Blk *failed;      /* its other side, when only it enters there */
	const Blk *good;        /* its good side, when only it enters there */
} PktCheck;

static Addr addr_of(const Ctx *c, Val v)
{
	Addr r = {0};
	for (int steps = 0; steps < 1000; steps++) {
		if (v.kind == V_IMM) {
			r.known = 1;
			r.imm_root = v.n;
			return r;
		}
		if (v.kind != V_TMP || !c->def[v.n])
			return (Addr){0};
		const Ins *d = c->def[v.n];
		if (d->op == I_COPY) {
			v = d->args[0];
			continue;
		}
		if (d->op == I_ALU && !d->w32 && (d->sub == ALU_ADD || d->sub == ALU_SUB)) {
			int k = d->args[1].kind == V_IMM ? 1 :
				d->sub == ALU_ADD && d->args[0].kind == V_IMM ? 0 : -1;
			if (k < 0)
				break;
			int64_t n = d->args[k].n, off;
			if (d->sub == ALU_SUB && n == INT64_MIN)
				break;
			if (__builtin_add_overflow(r.off, d->sub == ALU_ADD ? n : -n, &off))
				break;
			r.off = off;
			v = d->args[1 - k];
			continue;
		}
		break;
	}
	if (v.kind == V_TMP && c->def[v.n]) {
		r.root = c->def[v.n];
		r.known = 1;
	}
	return r;
}

/* Whether an instruction makes a number the kernel can never take for a
 * pointer, given which tmps are numbers: a comparison, a relocated
 * constant, a load of fewer than 8 bytes (but the packet pointers of the
 * context), any load from a map value, a record or the packet, a
 * helper's integer result, or arithmetic, copies and phis of numbers. */
static int makes_number(const Ctx *c, const Ins *in)
{
	switch (in->op) {
	case I_CMP: case I_CORE:
	case I_NEG: case I_BSWAP:       /* of a pointer too: the kernel makes it a number */
		return 1;
	case I_ALU:
		/* the difference of two pointers is a number to the kernel */
		if (in->sub == ALU_SUB && in->nargs == 2 &&
		    ir_type_is_ptr(ir_val_type(c->ty, in->args[0])) &&
		    ir_type_is_ptr(ir_val_type(c->ty, in->args[1])))
			return 1;
		break;
	case I_LOAD: {  /* the kernel keeps no pointer in a map value, record or packet */
		IrType from = in->args[0].kind == V_TMP ? c->ty[in->args[0].n] : T_NONE;
		return (in->width < 8 && ir_type_is_scalar(c->ty[in->dst.n])) ||
		       from == T_MAPVAL || from == T_RINGBUF || from == T_PKT;
	}
	case I_CALL: {  /* a helper's integer result; get-current-task-btf's is a pointer */
		const HelperInfo *h = helper_by_name(in->name);
		return h && h->ret_bytes && ir_type_is_scalar(c->ty[in->dst.n]) &&
		       strcmp(h->name, "get-current-task-btf");
	}
	default:
		break;
	}
	switch (in->op) {
	case I_COPY: case I_ALU: case I_ZEXT: case I_PHI:
		for (int k = 0; k < in->nargs; k++)
			if (in->args[k].kind != V_IMM &&
			    (in->args[k].kind != V_TMP || !c->number[in->args[k].n]))
				return 0;
		return 1;
	default:
		return 0;
	}
}

/* The tmps that are surely numbers: every defined tmp is taken for one,
 * then dropped while some instruction makes it from what is not (the
 * greatest solution, so a loop counter stays a number). */
static void numbers_of(Ctx *c)
{
	c->number = arena_alloc(c->a, (size_t)c->p->ntmp + 1);
	memset(c->number, 0, (size_t)c->p->ntmp + 1);
	for (int t = 0; t < c->p->ntmp; t++)
		c->number[t] = c->def[t] != NULL;
	for (int changed = 1; changed;) {
		changed = 0;
		for (int t = 0; t < c->p->ntmp; t++)
			if (c->number[t] && !makes_number(c, c->def[t]))
				c->number[t] = 0, changed = 1;
	}
}

static const char *access_verb(const Ins *in)
{
	return in->op == I_LOAD ? "reads" : in->op == I_STORE ? "writes" : "adds to";
}

static noreturn void refuse(const Ctx *c, const Ins *in, const char *what)
{
	error_at(in->pos, "%s: %s", c->p->name, what);
}

/* ---- returns ---- */

static const char *range_text(const Ctx *c, int64_t lo, int64_t hi)
{
	return lo == hi ? arena_printf(c->a, "%" PRId64, lo) :
		hi == lo + 1 ? arena_printf(c->a, "%" PRId64 " or %" PRId64, lo, hi) :
		arena_printf(c->a, "%" PRId64 " to %" PRId64, lo, hi);
}

/* What the verifier links to v, so that a comparison of it narrows v
 * too: a copy, a zero extension, v plus or minus a constant. */
static Val linked_from(const Ctx *c, Val v)
{
	const Ins *d = v.kind == V_TMP ? c->def[v.n] : NULL;
	if (d && (d->op == I_COPY || d->op == I_ZEXT))
		return d->args[0];
	if (d && d->op == I_ALU && (d->sub == ALU_ADD || d->sub == ALU_SUB)) {
		if (d->args[1].kind == V_IMM)
			return d->args[0];
		if (d->sub == ALU_ADD && d->args[0].kind == V_IMM)
			return d->args[1];
	}
	return (Val){V_NONE, 0};
}

enum { LINK_STEPS = 1000 };      /* links followed from an operand, at most */

/* c->linked: the tmps a branch or comparison looks at, or a value linked
 * to them within LINK_STEPS links (the verifier then narrows them on each
 * side). A tmp keeps the most links left when a walk reached it, and a
 * walk stops where an earlier one went on with as many: each chain is
 * followed about once, not once per question. */
static void index_compared(Ctx *c)
{
	c->linked = arena_alloc(c->a, sizeof(int) * (size_t)(c->p->ntmp + 1));
	for (int i = 0; i < c->p->blks.n; i++) {
		const Blk *b = c->p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			const Ins *in = b->ins.v[j];
			for (int k = 0; (in->op == I_BR || in->op == I_CMP) && k < in->nargs; k++) {
				Val v = in->args[k];
				for (int left = LINK_STEPS; v.kind == V_TMP && left > c->linked[v.n]; left--) {
					c->linked[v.n] = left;
					v = linked_from(c, v);
				}
			}
		}
	}
}

/* Whether a branch or comparison looks at one of the tmps in `seen` or at
 * a value linked to one. */
static int compared(const Ctx *c, const Seen *seen)
{
	for (int i = 0; i < seen->n; i++)
		if (c->linked[seen->list[i]])
			return 1;
	return 0;
}

static void mark(Seen *seen, int t)
{
	if (!seen->on[t]) {
		seen->on[t] = 1;
		seen->list[seen->n++] = t;
	}
}

/* An empty set for a question; seen_give returns it when answered. */
static Seen *seen_take(const Ctx *c)
{
	struct Seens *f = c->seens;
	if (f->n)
		return f->v[--f->n];
	Seen *s = arena_alloc(c->a, sizeof *s);
	s->on = arena_alloc(c->a, (size_t)c->p->ntmp + 1);
	s->list = arena_alloc(c->a, sizeof(int) * (size_t)(c->p->ntmp + 1));
	return s;
}

static void seen_give(const Ctx *c, Seen *s)
{
	struct Seens *f = c->seens;
	for (int i = 0; i < s->n; i++)
		s->on[s->list[i]] = 0;
	s->n = 0;
	if (f->n == MAX_SEENS)
		bug("refuse: questions nested too deep");
	f->v[f->n++] = s;
}

/* What a returned value can be, through copies and phis: each constant
 * (on the path that brings it), or a value loaded from memory other than
 * the stack (any number of its width, unless some comparison narrows it). */
static void check_returned(const Ctx *c, const Ins *ret, Val v, int64_t lo, int64_t hi,
			   Seen *seen, const Ins **loaded)
{
	for (int steps = 0; steps < 1000; steps++) {
		if (v.kind == V_IMM) {
			if (v.n < lo || v.n > hi)
				refuse(c, ret, arena_printf(c->a, ":%s programs in section \"%s\" "
					"return %s; this returns %" PRId64 "%s, which the kernel refuses",
					c->p->type, c->p->section, range_text(c, lo, hi), v.n,
					ret->args[0].kind == V_IMM ? "" : " on some path"));
			return;
		}
		if (v.kind != V_TMP || seen->on[v.n] || !c->def[v.n])
			return;
		mark(seen, v.n);
		const Ins *d = c->def[v.n];
		if (d->op == I_PHI) {
			for (int k = 0; k < d->nargs; k++)
				check_returned(c, ret, d->args[k], lo, hi, seen, loaded);
			return;
		}
		if (d->op == I_LOAD && d->args[0].kind == V_TMP &&
		    c->ty[d->args[0].n] != T_STACK && c->ty[d->args[0].n] != T_CTX &&
		    (d->width == 8 || hi < ((int64_t)1 << (8 * d->width)) - 1) && !*loaded)
			*loaded = d;
		if (d->op != I_COPY)
			return;
		v = d->args[0];
	}
}

static void check_return(const Ctx *c, const Ins *in)
{
	int64_t lo, hi;
	if (!prog_ret_range(prog_type_by_keyword(c->p->type), c->p->section, &lo, &hi))
		return;
	Seen *seen = seen_take(c);
	const Ins *loaded = NULL;
	check_returned(c, in, in->args[0], lo, hi, seen, &loaded);
	int narrowed = compared(c, seen);
	seen_give(c, seen);
	if (loaded && !narrowed)
		refuse(c, in, arena_printf(c->a, ":%s programs in section \"%s\" return %s; "
			"this returns the %d-byte value read at %d:%d, which may be any number of "
			"%d bytes (no comparison bounds it), so the kernel refuses it",
			c->p->type, c->p->section, range_text(c, lo, hi), loaded->width,
			loaded->pos.line, loaded->pos.col, loaded->width));
}

/* A GPL-only helper in a program whose license the kernel does not
 * count as GPL-compatible (no license at all is left to the loader). */
static void check_license(const Ctx *c, const Ins *in)
{
	const HelperInfo *h = helper_by_name(in->name);
	const char *lic = c->u->license;
	if (h && h->gpl_only && lic && !license_gpl_compatible(lic))
		refuse(c, in, arena_printf(c->a, "%s is a GPL-only helper and the license is "
			"\"%s\", which the kernel does not count as GPL-compatible: give "
			"(defprog NAME (... :license \"GPL\") ...)", h->name, lic));
}

/* ---- memory ---- */

/* The map given to a call as its first argument, or NULL. */
static const AsmMap *called_map(const Ctx *c, const Ins *call)
{
	if (call->nargs < 1 || call->args[0].kind != V_TMP || !c->def[call->args[0].n])
		return NULL;
	const Ins *m = c->def[call->args[0].n];
	while (m->op == I_COPY && m->args[0].kind == V_TMP && c->def[m->args[0].n])
		m = c->def[m->args[0].n];
	if (m->op != I_MAPREF)
		return NULL;
	for (int i = 0; i < c->u->maps.n; i++) {
		const AsmMap *am = c->u->maps.v[i];
		if (!strcmp(am->name, m->name))
			return am;
	}
	return NULL;
}

/* The map a map-lookup-elem call looks into, or NULL. */
static const AsmMap *looked_up_map(const Ctx *c, const Ins *call)
{
	return strcmp(call->name, "map-lookup-elem") ? NULL : called_map(c, call);
}

/* The size of the object a root instruction makes; -1 when it is not an
 * object of known size. */
static int64_t object_size(const Ctx *c, const Ins *root)
{
	if (root->op == I_SLOT)
		return root->off;
	if (root->op != I_CALL)
		return -1;
	const AsmMap *m = looked_up_map(c, root);
	if (m)
		return m->value_size;
	if (!strcmp(root->name, "ringbuf-reserve") && root->nargs >= 2 &&
	    root->args[1].kind == V_IMM && root->args[1].n > 0)
		return (uint32_t)root->args[1].n;   /* the kernel keeps it in 32 bits */
	return -1;
}

/* What to call an object of known size, for a message. */
static const char *object_name(const Ctx *c, const Ins *root)
{
	if (root->op == I_SLOT)
		return arena_printf(c->a, "the %" PRId64 "-byte stack object made at %d:%d",
				    root->off, root->pos.line, root->pos.col);
	const AsmMap *m = looked_up_map(c, root);
	if (m)
		return arena_printf(c->a, "a value of map %s (%u bytes)", m->name, m->value_size);
	int64_t n = root->args[1].n, size = (uint32_t)n;
	return arena_printf(c->a, "the %" PRId64 "-byte ring-buffer record reserved "
			    "at %d:%d%s", size, root->pos.line, root->pos.col,
			    n == size ? "" : arena_printf(c->a, " (%" PRId64 " bytes "
			    "asked, which the kernel takes modulo 2^32)", n));
}

static int is_pkt_root(const Ctx *c, const Ins *root)
{
	return root->op == I_LOAD && root->dst.kind == V_TMP &&
	       c->ty[root->dst.n] == T_PKT;
}

/* Whether the kernel surely takes a value for one that varies. The value
 * is evaluated as an expression (copies, zero extensions, arithmetic)
 * over its sources: values read from the packet, a map value or a record,
 * which the kernel lets be anything of their width (0, 1 and all ones are
 * tried), and comparisons of such a value with a constant, each 0 or 1 on
 * a path of its own (the kernel follows both sides when the value could
 * go either way). The value varies when, on some path, two choices of the
 * sources give two results. Nothing is claimed when a branch or another
 * comparison looks at the value or what it is made of (the kernel would
 * narrow it there), nor past MAX_SOURCES and MAX_CMPS. */
enum { MAX_SOURCES = 4, MAX_CMPS = 3, MAX_NODES = 32 };

typedef struct {
	const Ctx *c;
	const Ins *src[MAX_SOURCES + 2 * MAX_CMPS];     /* loads; those of comparisons last */
	int nsrc, ntree_src;
	const Ins *cmp[MAX_CMPS];
	int ncmp, nodes;
	uint64_t val[MAX_SOURCES + 2 * MAX_CMPS];       /* one choice of the sources */
	int bit[MAX_CMPS];                              /* one path */
	Seen *seen;
} Vary;

/* A load the kernel knows nothing of, through copies; NULL if v is not one. */
static const Ins *free_load(const Ctx *c, Val v)
{
	const Ins *d = v.kind == V_TMP ? c->def[v.n] : NULL;
	while (d && d->op == I_COPY && d->args[0].kind == V_TMP)
		d = c->def[d->args[0].n];
	if (!d || d->op != I_LOAD || d->args[0].kind != V_TMP)
		return NULL;
	IrType from = c->ty[d->args[0].n];
	return from == T_PKT || from == T_MAPVAL || from == T_RINGBUF ? d : NULL;
}

static int source_index(Vary *y, const Ins *load)
{
	for (int i = 0; i < y->nsrc; i++)
		if (y->src[i] == load)
			return i;
	return -1;
}

/* Gathers the sources and comparisons of v, marking what it is made of
 * in seen; 0 when v is made otherwise. */
static int vary_gather(Vary *y, Val v, int depth)
{
	if (v.kind == V_IMM)
		return 1;
	const Ins *d = v.kind == V_TMP ? y->c->def[v.n] : NULL;
	if (!d || depth > 16 || ++y->nodes > MAX_NODES)
		return 0;
	mark(y->seen, v.n);
	const Ins *load = free_load(y->c, v);
	if (load) {
		if (source_index(y, load) < 0) {
			if (y->nsrc == MAX_SOURCES)
				return 0;
			y->src[y->nsrc++] = load;
		}
		return 1;
	}
	switch (d->op) {
	case I_CMP:
		if (y->ncmp == MAX_CMPS)
			return 0;
		y->cmp[y->ncmp++] = d;
		return 1;
	case I_COPY: case I_ZEXT:
		return vary_gather(y, d->args[0], depth + 1);
	case I_ALU:
		return vary_gather(y, d->args[0], depth + 1) && vary_gather(y, d->args[1], depth + 1);
	default:
		return 0;
	}
}

/* The value of v for the sources in y->val, on the path y->bit. */
static uint64_t vary_eval(const Vary *y, Val v)
{
	if (v.kind == V_IMM)
		return (uint64_t)v.n;
	const Ins *load = free_load(y->c, v), *d = y->c->def[v.n];
	for (int i = 0; load && i < y->nsrc; i++)
		if (y->src[i] == load)
			return y->val[i];
	switch (d->op) {
	case I_CMP:
		for (int j = 0; j < y->ncmp; j++)
			if (y->cmp[j] == d)
				return (uint64_t)y->bit[j];
		return 0;
	case I_COPY:
		return vary_eval(y, d->args[0]);
	case I_ZEXT:
		return eval_zext(vary_eval(y, d->args[0]), d->width);
	default:
		return alu_eval((AluOp)d->sub, vary_eval(y, d->args[0]),
				vary_eval(y, d->args[1]), d->w32);
	}
}

/* Evaluates v for each choice of the sources from `from` to `to` (0, 1
 * or all ones of each's width): *two is set when two results differ,
 * *most is the largest (unsigned). */
static void vary_choices(Vary *y, Val v, int from, int to, uint64_t *first, int *any,
			 int *two, uint64_t *most)
{
	if (from == to) {
		uint64_t r = vary_eval(y, v);
		if (*any && r != *first)
			*two = 1;
		if (!*any || r > *most)
			*most = r;
		*first = r, *any = 1;
		return;
	}
	const uint64_t pick[3] = {0, 1, eval_zext(UINT64_MAX, y->src[from]->width)};
	for (int i = 0; i < 3; i++) {
		y->val[from] = pick[i];
		vary_choices(y, v, from + 1, to, first, any, two, most);
	}
}

/* Whether a comparison (or branch) of a value read from memory, which the
 * kernel knows only by its width, with a constant may hold and may fail:
 * tried at 0, 1 and all ones of the width, and, with `near`, also at the
 * constant and its neighbours. *load: the value read. */
static int goes_both_ways(const Ctx *c, const Ins *cmp, int near, const Ins **load)
{
	if (cmp->nargs != 2)
		return 0;
	int k = cmp->args[0].kind == V_IMM ? 1 : 0;
	*load = free_load(c, cmp->args[k]);
	if (!*load || cmp->args[1 - k].kind != V_IMM)
		return 0;
	uint64_t most = eval_zext(UINT64_MAX, (*load)->width), n = (uint64_t)cmp->args[1 - k].n;
	const uint64_t pick[6] = {0, 1, most, n, n + 1, n - 1};
	int outcomes = 0;
	for (int i = 0; i < (near ? 6 : 3); i++) {
		if (pick[i] > most)
			continue;
		uint64_t a = k ? n : pick[i], b = k ? pick[i] : n;
		outcomes |= 1 << cond_holds((Cond)cmp->sub, a, b);
	}
	return outcomes == 3;
}

/* *most: the largest value it takes on a path where it varies. */
static int surely_varies(const Ctx *c, Val v, uint64_t *most)
{
	Vary y = {.c = c};
	y.seen = seen_take(c);
	int gathered = vary_gather(&y, v, 0), narrowed = gathered && compared(c, y.seen);
	seen_give(c, y.seen);
	if (!gathered || narrowed)
		return 0;
	y.ntree_src = y.nsrc;
	/* each comparison: a source (not one of the value's own, nor another
	 * comparison's) against a constant, which the sources make go
	 * either way, so that the kernel follows both of its paths */
	for (int j = 0; j < y.ncmp; j++) {
		const Ins *load;
		if (!goes_both_ways(c, y.cmp[j], 0, &load) || source_index(&y, load) >= 0)
			return 0;
		y.src[y.nsrc++] = load;
	}
	for (int path = 0; path < 1 << y.ncmp; path++) {
		for (int j = 0; j < y.ncmp; j++)
			y.bit[j] = path >> j & 1;
		uint64_t first = 0;
		int any = 0, two = 0;
		vary_choices(&y, v, 0, y.ntree_src, &first, &any, &two, most);
		if (two)
			return 1;
	}
	return 0;
}

/* A packet pointer moved by a value that surely varies: the kernel gives
 * it a new identity and no bytes, until a bounds check of it (or of it
 * moved by a constant) proves some. *most: the largest value the move
 * takes (past BPF_MAX_PACKET_OFF, no check of it proves anything). */
static int is_moved_pkt_root(const Ctx *c, const Ins *root, uint64_t *most)
{
	if (root->op != I_ALU || root->w32 || root->sub != ALU_ADD ||
	    root->dst.kind != V_TMP || c->ty[root->dst.n] != T_PKT || root->nargs != 2)
		return 0;
	for (int k = 0; k < 2; k++)
		if (ir_val_type(c->ty, root->args[k]) == T_PKT &&
		    ir_type_is_scalar(ir_val_type(c->ty, root->args[1 - k])) &&
		    surely_varies(c, root->args[1 - k], most))
			return 1;
	return 0;
}

/* The bytes past root (the packet's start, or a moved pointer) that the
 * bounds checks prove where the current block runs: the longest (*best),
 * leaving out a check whose failing side every path to the block takes
 * (*failed: the longest of those). Checks in a loop may hold from an
 * earlier turn: then none is left out. */
static int64_t checked_at(const Ctx *c, const Ins *root, const PktCheck **best,
			  const PktCheck **failed)
{
	int64_t n = 0;
	*best = *failed = NULL;
	for (int i = 0; i < c->pkt_checks.n; i++) {
		const PktCheck *k = c->pkt_checks.v[i];
		if (is_pkt_root(c, root) ? !is_pkt_root(c, k->root) : k->root != root)
			continue;
		if (!c->loops && k->failed && dominates(c->dom, k->failed, c->blk)) {
			if (!*failed || k->proves > (*failed)->proves)
				*failed = k;
		} else if (!*best || k->proves > n) {
			*best = k;
			n = k->proves;
		}
	}
	return n;
}

/* An access at bytes at..end past the packet's start that the checks
 * cover only on their failing side. */
static void check_pkt_access_side(const Ctx *c, const Ins *in, const Ins *root,
				  int64_t at, int64_t end)
{
	const PktCheck *best, *failed;
	if (at < 0 || end < checked_at(c, root, &best, &failed) || !failed ||
	    end >= failed->proves)
		return;
	refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64 "%s where the "
		"bounds check at %d:%d failed (the packet is shorter than it asked), and no "
		"other check covers them: the kernel lets a program read the packet only on "
		"the side of a check where it is long enough", access_verb(in), at, end,
		is_pkt_root(c, root) ? "" : arena_printf(c->a, " past the pointer moved at "
		"%d:%d", root->pos.line, root->pos.col), failed->in->pos.line, failed->in->pos.col));
}

/* The largest value the kernel takes v to have, when it surely knows no
 * better: a shift by an amount that surely varies, which it does not
 * bound (all ones of the width), and such a value masked with a constant
 * or cut to fewer bytes (the mask); 0 when it may know better. The tmps are marked in
 * seen. */
static uint64_t kernel_max(const Ctx *c, Val v, Seen *seen, int depth)
{
	const Ins *d = v.kind == V_TMP ? c->def[v.n] : NULL;
	if (!d || depth > 8)
		return 0;
	mark(seen, v.n);
	if (d->op == I_COPY)
		return kernel_max(c, d->args[0], seen, depth + 1);
	if (d->op == I_ZEXT)
		return eval_zext(kernel_max(c, d->args[0], seen, depth + 1), d->width);
	if (d->op != I_ALU || d->nargs != 2)
		return 0;
	uint64_t amount;
	if ((d->sub == ALU_SHL || d->sub == ALU_SHR || d->sub == ALU_SAR) &&
	    d->args[1].kind != V_IMM && surely_varies(c, d->args[1], &amount))
		return d->w32 ? 0xffffffffu : UINT64_MAX;
	int k = d->args[1].kind == V_IMM ? 1 : d->args[0].kind == V_IMM ? 0 : -1;
	if (d->sub != ALU_AND || k < 0)
		return 0;
	uint64_t m = kernel_max(c, d->args[1 - k], seen, depth + 1) & (uint64_t)d->args[k].n;
	return d->w32 ? m & 0xffffffffu : m;
}

/* An access through a packet pointer moved by a value the kernel takes
 * to reach past BPF_MAX_PACKET_OFF (kernel_max), which no comparison
 * narrows: the kernel learns nothing from a bounds check of it. */
static void check_pkt_move_kernel_bound(const Ctx *c, const Ins *in, const Ins *root,
					int64_t at, int64_t end)
{
	if (root->op != I_ALU || root->w32 || root->sub != ALU_ADD || root->nargs != 2 ||
	    root->dst.kind != V_TMP || c->ty[root->dst.n] != T_PKT)
		return;
	for (int k = 0; k < 2; k++) {
		if (ir_val_type(c->ty, root->args[k]) != T_PKT ||
		    !ir_type_is_scalar(ir_val_type(c->ty, root->args[1 - k])))
			continue;
		Seen *seen = seen_take(c);
		/* a check covering the access adds end + 1 to the move */
		uint64_t most = kernel_max(c, root->args[1 - k], seen, 0);
		int narrowed = compared(c, seen);
		seen_give(c, seen);
		if (at < 0 || end >= BPF_MAX_PACKET_OFF ||
		    most + (uint64_t)end + 1 <= BPF_MAX_PACKET_OFF ||
		    most >= (uint64_t)1 << 63 || narrowed)
			continue;
		refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64 " past "
			"the pointer moved at %d:%d by a value the kernel takes to reach %" PRIu64
			" (it does not bound a shift by a register, only a mask after it): it "
			"learns nothing from a bounds check that may reach past byte %d, as one "
			"covering these bytes would: bound the value to at most %" PRId64
			" first (a mask, or compare it)", access_verb(in), at, end,
			root->pos.line, root->pos.col, most, BPF_MAX_PACKET_OFF,
			(int64_t)BPF_MAX_PACKET_OFF - end - 1));
	}
}

/* An access at bytes at..end past a moved packet pointer that no bounds
 * check of that pointer covers. */
static void check_moved_pkt_access(const Ctx *c, const Ins *in, const Ins *root,
				   int64_t at, int64_t end)
{
	uint64_t most = 0;
	if (!is_moved_pkt_root(c, root, &most))
		return;
	/* the kernel keeps the constant part of the pointer moved, and
	 * refuses an access before the packet's start whatever the checks */
	Addr from = {0};
	for (int k = 0; k < 2; k++)
		if (ir_val_type(c->ty, root->args[k]) == T_PKT)
			from = addr_of(c, root->args[k]);
	if (from.root && is_pkt_root(c, from.root) && from.off + at < 0)
		refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64 " past "
			"the pointer moved at %d:%d by a value that varies, from byte %" PRId64
			" of the packet, so before the packet's start: the kernel lets a program "
			"read the packet only from its data pointer on", access_verb(in), at, end,
			root->pos.line, root->pos.col, from.off));
	if (most > BPF_MAX_PACKET_OFF)
		refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64 " past "
			"the pointer moved at %d:%d by a value that may be %" PRIu64 ", past %d: "
			"the kernel learns nothing from a bounds check of a pointer that may be "
			"moved that far: bound the value first (logand, or compare it)",
			access_verb(in), at, end, root->pos.line, root->pos.col, most,
			BPF_MAX_PACKET_OFF));
	const PktCheck *best, *failed;
	int64_t proven = checked_at(c, root, &best, &failed);
	if (at < 0 || end < proven)
		return;
	if (failed && end < failed->proves)
		check_pkt_access_side(c, in, root, at, end);
	const char *why = !best ? "and no bounds check of that pointer follows" :
		arena_printf(c->a, "and its bounds checks prove only %" PRId64 " byte%s past "
			     "it (the longest is at %d:%d%s)", proven, proven == 1 ? "" : "s",
			     best->in->pos.line, best->in->pos.col,
			     proven ? "" : "; a check of the pointer moved back proves none");
	refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64 " past the "
		"pointer moved at %d:%d by a value that varies, %s: the kernel forgets the "
		"checks of the packet's start for a pointer moved so, and learns its bytes "
		"only from a check of that pointer: compare (+ it %" PRId64 ") with the end "
		"before the access", access_verb(in), at, end, root->pos.line, root->pos.col,
		why, end + 1));
}

/* The limit past which an access to the object `root` makes is refused
 * whatever its place, and how to say it: a map value's or a record's
 * size; for a stack object, the 512-byte stack, since the kernel knows
 * the frame but not the objects in it (the object sits somewhere below
 * the frame's top, so 512 bytes past its start is surely past the top).
 * -1 for other roots. */
static int64_t object_limit(const Ctx *c, const Ins *root, const char **what)
{
	int64_t size = object_size(c, root);
	if (size < 0)
		return -1;
	*what = root->op == I_SLOT ? arena_printf(c->a, "past the %d-byte stack, wherever %s "
			"sits in it", BPF_STACK_LIMIT, object_name(c, root)) :
		arena_printf(c->a, "past the end of %s", object_name(c, root));
	return root->op == I_SLOT ? BPF_STACK_LIMIT : size;
}

/* An access through a pointer into a stack object, map value or record
 * moved by a value that surely varies, which the kernel takes to reach
 * past the object (for the stack: past the whole stack): it bounds such
 * an access by the largest value the move may take. */
static void check_moved_object_access(const Ctx *c, const Ins *in, const Ins *root,
				      int64_t at, int64_t end)
{
	if (root->op != I_ALU || root->w32 || root->sub != ALU_ADD || root->nargs != 2 ||
	    root->dst.kind != V_TMP || ir_type_is_scalar(c->ty[root->dst.n]))
		return;
	for (int k = 0; k < 2; k++) {
		Addr from = addr_of(c, root->args[k]);
		const char *what;
		int64_t limit = from.root ? object_limit(c, from.root, &what) : -1;
		uint64_t most = 0;
		if (limit < 0 || !ir_type_is_scalar(ir_val_type(c->ty, root->args[1 - k])) ||
		    !surely_varies(c, root->args[1 - k], &most) || most >= MAX_VAR_OFF)
			continue;
		int64_t last = from.off + (int64_t)most + end;  /* no overflow: all < 2^31 here */
		if (from.off < -MAX_VAR_OFF || from.off > MAX_VAR_OFF || at < -MAX_VAR_OFF ||
		    end > MAX_VAR_OFF || last < limit)
			continue;
		refuse(c, in, arena_printf(c->a, "%s bytes %" PRId64 "..%" PRId64 " past the "
			"pointer moved at %d:%d by a value that may be %" PRIu64 ", so up to byte %"
			PRId64 " of the object, %s: the kernel bounds such an access by the largest "
			"value the move may take: bound the value first (logand, or compare it)",
			access_verb(in), at, end, root->pos.line, root->pos.col, most, last, what));
	}
}

/* A loop the kernel surely walks turn by turn: headed by h, entered from
 * `out`, closed by `latch`, whose latch leaves when the counter `i`
 * (i = phi(S, i + C)) fails a test against a constant, and in which every
 * other branch looks only at a value read from the packet, a map value or
 * a record against a constant that it may pass or fail (so that the
 * kernel follows both sides, and on into the next turn). */
typedef struct Walked {
	const Blk *h, *latch;
	const Ins *counter, *test;
	int64_t start, step;
	int stay;               /* the index of the test's target that stays */
	int walked;             /* every other branch goes both ways (above) */
	int closed;             /* no block but the latch leaves the loop */
} Walked;

/* Whether the loop goes on to the turn whose counter is i (its latch
 * tests the stepped counter). */
static int goes_on(const Walked *w, uint64_t i)
{
	return cond_holds((Cond)w->test->sub, i, (uint64_t)w->test->args[1].n) == (w->stay == 0);
}

/* Whether h heads a loop the kernel walks turn by turn (then *w says
 * how); the loop's blocks are marked in `in`, which the caller clears. */
static int walked_loop(const Ctx *c, Blk *h, Walked *w, char *in, Vec *body)
{
	body->n = 0;
	if (!c->dom->loop_head[h->id] || h->preds.n != 2)
		return 0;
	Blk *latch = NULL, *out = NULL;
	for (int k = 0; k < 2; k++) {
		Blk *q = h->preds.v[k];
		*(dominates(c->dom, h, q) ? &latch : &out) = q;
	}
	const Ins *t = latch && out ? ir_term(latch) : NULL;
	if (!t || t->op != I_BR || t->w32 || t->args[0].kind != V_TMP || t->args[1].kind != V_IMM ||
	    t->blks[0] == t->blks[1] || (t->blks[0] != h && t->blks[1] != h))
		return 0;
	loop_mark_body(c->a, h, latch, in, body);
	if (!in[h->id]) {
		in[h->id] = 1;
		vec_push(c->a, body, h);
	}
	int walked = 1, closed = 1;
	Vec tested = {0};       /* the loads the loop's branches test: each once,
				 * so that no branch decides another */
	for (int r = 0; r < body->n; r++) {
		const Blk *x = body->v[r];
		if (x != h && c->dom->loop_head[x->id])
			return 0;               /* a loop inside: not followed here */
		for (int j = 0; j < x->ins.n; j++)
			if (((Ins *)x->ins.v[j])->op == I_ASM)
				return 0;
		Blk *succ[2];
		int ns = ir_succs(x, succ);
		for (int k = 0; x != latch && k < ns; k++)
			closed &= in[succ[k]->id] != 0;
		const Ins *br = ir_term(x);
		if (x == latch || br->op != I_BR || br->blks[0] == br->blks[1] || !walked)
			continue;
		const Ins *load;
		if (!goes_both_ways(c, br, 1, &load))
			load = NULL;
		for (int k = 0; load && k < tested.n; k++)
			if (tested.v[k] == load)
				load = NULL;
		if (load)
			vec_push(c->a, &tested, (void *)load);
		else
			walked = 0;
	}
	for (int j = 0; j < h->ins.n; j++) {
		Ins *phi = h->ins.v[j], *next;
		int64_t start, step;
		if (phi->op == I_PHI && loop_counter(c->def, phi, out, latch, &start, &step, &next) &&
		    val_eq(next->dst, t->args[0])) {
			*w = (Walked){h, latch, phi, t, start, step, t->blks[0] == h ? 0 : 1,
				      walked, closed};
			return 1;
		}
	}
	return 0;
}

/* The loops the kernel walks turn by turn: c->walked_in, by block id, is
 * the header's id plus 1 for the blocks of such a loop (they are
 * innermost loops, so none shares a block), and c->walked, by header id,
 * says how the loop counts. */
static void find_walked_loops(Ctx *c)
{
	int n = c->p->blks.n;
	char *in = arena_alloc(c->a, (size_t)n + 1);
	memset(in, 0, (size_t)n + 1);
	c->walked_in = arena_alloc(c->a, sizeof(int) * (size_t)(n + 1));
	memset(c->walked_in, 0, sizeof(int) * (size_t)(n + 1));
	c->walked = arena_alloc(c->a, sizeof(Walked) * (size_t)(n + 1));
	memset(c->walked, 0, sizeof(Walked) * (size_t)(n + 1));
	Vec body = {0};
	for (int i = 0; i < n; i++) {
		Blk *h = c->p->blks.v[i];
		if (!c->dom->loop_head[h->id])
			continue;
		int ok = walked_loop(c, h, &c->walked[h->id], in, &body) &&
			 c->walked[h->id].walked;
		for (int r = 0; r < body.n; r++) {
			const Blk *x = body.v[r];
			in[x->id] = 0;
			if (ok)
				c->walked_in[x->id] = h->id + 1;
		}
	}
}

/* A counted loop that only its latch leaves (whatever its other branches
 * do, every path through a turn goes on to the next) and that runs more
 * turns than the kernel's limit of instructions checked (at least one a
 * turn): the kernel gives up on the program ("BPF program is too
 * large"). */
static void check_walked_turns(const Ctx *c)
{
	enum { LIMIT = 1000000 };       /* BPF_COMPLEXITY_LIMIT_INSNS */
	for (int i = 0; i < c->p->blks.n; i++) {
		const Blk *h = c->p->blks.v[i];
		const Walked *w = &c->walked[h->id];
		if (!c->dom->loop_head[h->id] || !w->counter || !w->closed)
			continue;
		uint64_t v = (uint64_t)w->start;
		int turns = 1;
		while (turns <= LIMIT) {
			v += (uint64_t)w->step;
			if (!goes_on(w, v))
				break;
			turns++;
		}
		if (turns > LIMIT)
			refuse(c, w->test, arena_printf(c->a, "this loop runs more than %d turns (its "
				"counter goes from %" PRId64 " by %" PRId64 "): the kernel checks a "
				"counted loop turn by turn, at least one instruction each, and refuses "
				"a program once it has checked %d: make it run fewer turns",
				LIMIT, w->start, w->step, LIMIT));
	}
}

/* v for the counter's value i, when v is made of the counter and
 * constants only (the kernel then knows it exactly on each turn). */
static int counter_eval(const Ctx *c, Val v, const Ins *counter, uint64_t i, uint64_t *r,
			int depth)
{
	if (v.kind == V_IMM) {
		*r = (uint64_t)v.n;
		return 1;
	}
	const Ins *d = v.kind == V_TMP ? c->def[v.n] : NULL;
	if (!d || depth > 8)
		return 0;
	if (d == counter) {
		*r = i;
		return 1;
	}
	uint64_t a, b;
	switch (d->op) {
	case I_COPY:
		return counter_eval(c, d->args[0], counter, i, r, depth + 1);
	case I_ZEXT:
		if (!counter_eval(c, d->args[0], counter, i, &a, depth + 1))
			return 0;
		*r = eval_zext(a, d->width);
		return 1;
	case I_ALU:
		if (d->nargs != 2 || (d->sub != ALU_ADD && d->sub != ALU_MUL && d->sub != ALU_SHL &&
				      d->sub != ALU_SUB) ||
		    !counter_eval(c, d->args[0], counter, i, &a, depth + 1) ||
		    !counter_eval(c, d->args[1], counter, i, &b, depth + 1))
			return 0;
		*r = alu_eval((AluOp)d->sub, a, b, d->w32);
		return 1;
	default:
		return 0;
	}
}

/* An access through a pointer moved by a loop's counter (times and plus
 * constants) in a loop the kernel walks turn by turn, on the turn where
 * it first leaves the packet's checked bytes or the object: the kernel
 * knows the counter exactly on each turn, and refuses that turn. */
static void check_counted_access(const Ctx *c, const Ins *in, const Ins *root,
				 int64_t at, int64_t end)
{
	if (!c->loops || root->op != I_ALU || root->w32 || root->sub != ALU_ADD ||
	    root->nargs != 2 || root->dst.kind != V_TMP || ir_type_is_scalar(c->ty[root->dst.n]))
		return;
	for (int k = 0; k < 2; k++) {
		Addr from = addr_of(c, root->args[k]);
		Val moved = root->args[1 - k];
		if (!from.root || !ir_type_is_scalar(ir_val_type(c->ty, moved)) ||
		    moved.kind != V_TMP)
			continue;
		const PktCheck *best = NULL, *failed;
		const char *what = NULL;
		int64_t limit = is_pkt_root(c, from.root) ? checked_at(c, from.root, &best, &failed) :
			object_limit(c, from.root, &what);
		if (limit < 0 || (is_pkt_root(c, from.root) && (c->pkt_too_far || c->pkt_signed)))
			continue;
		/* the counter: the phi the moved value is made of */
		const Ins *d = c->def[moved.n];
		for (int depth = 0; d && d->op != I_PHI && depth < 8; depth++) {
			if (d->op != I_COPY && d->op != I_ZEXT && (d->op != I_ALU || d->nargs != 2)) {
				d = NULL;
				break;
			}
			int j = d->op == I_ALU && d->args[0].kind != V_TMP ? 1 : 0;
			d = d->args[j].kind == V_TMP ? c->def[d->args[j].n] : NULL;
		}
		Blk *h = d && d->op == I_PHI ? c->where[d->dst.n] : NULL;
		if (!h || c->walked_in[c->blk->id] != h->id + 1)
			continue;
		Walked w = c->walked[h->id];
		if (w.counter != d || !dominates(c->dom, c->blk, w.latch))
			continue;
		/* each turn the kernel reaches: the first runs; the next runs
		 * while the latch's test of the stepped counter stays */
		uint64_t i = (uint64_t)w.start, v;
		for (int turn = 0; turn <= BPF_MAX_PACKET_OFF + 1; turn++) {
			if (turn && !goes_on(&w, i))
				break;
			int64_t first, last;
			if (!counter_eval(c, moved, w.counter, i, &v, 0) ||
			    __builtin_add_overflow(from.off, (int64_t)v, &first) ||
			    __builtin_add_overflow(first, at, &first) ||
			    __builtin_add_overflow(first, end - at, &last))
				break;
			if (first >= 0 && last < limit) {
				i += (uint64_t)w.step;
				continue;
			}
			const char *past = is_pkt_root(c, from.root) ? (!best ?
				"no bounds check of the packet covers it" : arena_printf(c->a,
				"no bounds check covers more than %" PRId64 " bytes (the longest is at "
				"%d:%d)", limit, best->in->pos.line, best->in->pos.col)) :
				arena_printf(c->a, "that is %s", what);
			refuse(c, in, arena_printf(c->a, "%s %sbytes %" PRId64 "..%" PRId64 " on turn %d "
				"of the loop at %d:%d (its counter is %" PRId64 " there), and %s: the "
				"kernel walks a counted loop turn by turn, knowing the counter, and "
				"refuses the first turn whose access is out of bounds: end the loop "
				"sooner, or check the bytes inside it", access_verb(in),
				is_pkt_root(c, from.root) ? "packet " : "", first, last, turn + 1,
				w.test->pos.line, w.test->pos.col, (int64_t)i, past));
		}
	}
}

/* An access at bytes at..end whose only cover is the check past
 * BPF_MAX_PACKET_OFF, which proves nothing; `then` ends the message. */
static noreturn void refuse_too_far(const Ctx *c, const Ins *in, int64_t at, int64_t end,
				    const char *then)
{
	refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64 ", but the bounds "
		"check at %d:%d, of %" PRId64 " bytes, proves nothing: the kernel learns nothing "
		"from a check past %d bytes (with-packet :min-len at most %d)%s", access_verb(in),
		at, end, c->pkt_too_far->pos.line, c->pkt_too_far->pos.col, c->pkt_too_far_len,
		BPF_MAX_PACKET_OFF, BPF_MAX_PACKET_OFF, then));
}

static void check_memory(const Ctx *c, const Ins *in)
{
	Addr ad = addr_of(c, in->args[0]);
	IrType loaded_from = ad.root && ad.root->op == I_LOAD && ad.root->args[0].kind == V_TMP ?
		c->ty[ad.root->args[0].n] : T_NONE;
	int said_below = loaded_from == T_MAPVAL || loaded_from == T_RINGBUF ||
			 loaded_from == T_PKT;  /* a value read from there: said below */
	if (ad.root && !said_below && in->args[0].kind == V_TMP && c->number[in->args[0].n])
		refuse(c, in, arena_printf(c->a, "%s memory at an address computed from "
			"numbers only (or from pointers by neg, a byte swap or a difference of "
			"two, which leave a number), not from a pointer: programs reach memory only through "
			"the pointers the kernel gives them (packet, map value, stack, context); "
			"kernel or user memory is read with probe-read-kernel or "
			"probe-read-user", access_verb(in)));
	if (!ad.known)
		return;
	if (!ad.root) {
		int64_t addr = (int64_t)((uint64_t)ad.imm_root + (uint64_t)ad.off +
					 (uint64_t)in->off);      /* wraps as BPF does */
		refuse(c, in, arena_printf(c->a, "%s memory at address %" PRId64 ", a number "
			"and not a pointer: programs reach memory only through the pointers "
			"the kernel gives them (packet, map value, stack, context); kernel or "
			"user memory is read with probe-read-kernel or probe-read-user",
			access_verb(in), addr));
	}
	int64_t at, end;
	if (__builtin_add_overflow(ad.off, in->off, &at) ||
	    __builtin_add_overflow(at, in->width - 1, &end))
		return;         /* a pointer moved that far is refused where it moves */
	if (said_below) {
		/* a value loaded from a map value, a record or the packet is a
		 * number to the kernel (it keeps pointers only in registers and
		 * on the stack) */
		const char *where = loaded_from == T_MAPVAL ? "a map value" :
			loaded_from == T_RINGBUF ? "a ring-buffer record" : "the packet";
		refuse(c, in, arena_printf(c->a, "%s memory through a value read from %s "
			"at %d:%d, which the kernel sees as a number, not a pointer (getmap on "
			"a map whose value is at most 8 bytes gives the value, not its address)",
			access_verb(in), where, ad.root->pos.line, ad.root->pos.col));
	}
	int64_t size = object_size(c, ad.root);
	if (size >= 0 && (at < 0 || end >= size))
		refuse(c, in, arena_printf(c->a, "%s bytes %" PRId64 "..%" PRId64 " of %s, "
			"outside it", access_verb(in), at, end, object_name(c, ad.root)));
	/* a stack object starts at a multiple of its size's alignment (up to
	 * 8, wh-ra/frame.c), and the kernel wants every stack access aligned
	 * to its width */
	if (size >= 0 && ad.root->op == I_SLOT && at % in->width)
		refuse(c, in, arena_printf(c->a, "%s %d bytes at byte %" PRId64 " of %s, not "
			"aligned to %d: the kernel wants an access to the stack aligned to its "
			"size", access_verb(in), in->width, at, object_name(c, ad.root), in->width));
	if (is_pkt_root(c, ad.root) && at < 0)
		refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64
			", before the packet's start: the kernel lets a program read the "
			"packet only from its data pointer on", access_verb(in), at, end));
	if (is_pkt_root(c, ad.root) && at >= 0 && end >= c->pkt_checked) {
		if (c->pkt_too_far)
			refuse_too_far(c, in, at, end, "");
		if (!c->pkt_check && c->pkt_signed)
			refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64
				", but the only bounds check, at %d:%d, is a signed comparison, from "
				"which the kernel learns nothing: compare with > or < (or use "
				"with-packet :min-len %" PRId64 ")", access_verb(in), at, end,
				c->pkt_signed->pos.line, c->pkt_signed->pos.col, end + 1));
		if (!c->pkt_check)
			refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64
				" with no bounds check in the program: the kernel lets a program "
				"read the packet only as far as it compared with its end "
				"(with-packet :min-len %" PRId64 ")", access_verb(in), at, end,
				end + 1));
		refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64
			", but no bounds check covers more than %" PRId64 " bytes (the longest is "
			"at %d:%d): check at least %" PRId64 " bytes (with-packet :min-len %"
			PRId64 ")", access_verb(in), at, end, c->pkt_checked,
			c->pkt_check->pos.line, c->pkt_check->pos.col, end + 1, end + 1));
	}
	if (is_pkt_root(c, ad.root))
		check_pkt_access_side(c, in, ad.root, at, end);
	check_moved_pkt_access(c, in, ad.root, at, end);
	check_pkt_move_kernel_bound(c, in, ad.root, at, end);
	check_moved_object_access(c, in, ad.root, at, end);
	check_counted_access(c, in, ad.root, at, end);
}

/* A pointer stored into fewer than 8 bytes of a stack object: the
 * kernel keeps a pointer on the stack only as a whole 8-byte slot
 * ("invalid size of register spill"), whatever cast (u64 ...) made of
 * it. */
static void check_pointer_store(const Ctx *c, const Ins *in)
{
	if (in->width >= 8 || !ir_type_is_ptr(ir_val_type(c->ty, in->args[1])))
		return;
	Addr ad = addr_of(c, in->args[0]);
	if (ad.root && ad.root->op == I_SLOT && object_size(c, ad.root) >= 0)
		refuse(c, in, arena_printf(c->a, "stores a pointer into %d bytes of %s; the "
			"kernel keeps pointers on the stack only as whole 8-byte slots: give "
			"the field the type u64", in->width, object_name(c, ad.root)));
}

/* ---- map helpers' keys and values ---- */

/* The helpers whose key (value) argument the kernel reads for the map's
 * whole key (value) size: its index, -1 for none. */
static const struct {
	const char *helper;
	int key, value;
} map_reads[] = {
	{"map-lookup-elem", 1, -1},
	{"map-update-elem", 1, 2},
	{"map-delete-elem", 1, -1},
};

/* A key or value passed from a stack object that ends before the map's
 * key or value size ("invalid read from stack"). */
static void check_map_arg(const Ctx *c, const Ins *in, int arg, const char *which,
			  uint32_t size, const AsmMap *m)
{
	if (arg < 0 || arg >= in->nargs)
		return;
	Val v = in->args[arg];
	if (v.kind == V_IMM || (v.kind == V_TMP && c->number[v.n]))
		refuse(c, in, arena_printf(c->a, "%s takes a pointer to the %s (map %s), and is "
			"given a number%s: pass a stack object (make-NAME, stack-addr) or a map "
			"value", in->name, which, m->name, v.kind == V_IMM ?
			arena_printf(c->a, ", %" PRId64, v.n) : ""));
	Addr ad = addr_of(c, v);
	if (!ad.root || ad.root->op != I_SLOT)
		return;
	int64_t bytes = object_size(c, ad.root) - ad.off;
	if (ad.off < 0 || bytes >= (int64_t)size)
		return;
	const char *what = object_name(c, ad.root);
	const char *given = ad.off ? arena_printf(c->a, "byte %" PRId64 " of %s, %" PRId64
						  " bytes from there", ad.off, what, bytes) : what;
	refuse(c, in, arena_printf(c->a, "%s reads a %s of %u bytes (map %s) through its "
		"%s argument, but that is %s", in->name, which, size, m->name, which, given));
}

static void check_map_call(const Ctx *c, const Ins *in)
{
	const AsmMap *m = called_map(c, in);
	for (size_t i = 0; m && i < sizeof map_reads / sizeof *map_reads; i++)
		if (!strcmp(map_reads[i].helper, in->name)) {
			check_map_arg(c, in, map_reads[i].key, "key", m->key_size, m);
			check_map_arg(c, in, map_reads[i].value, "value", m->value_size, m);
		}
}

/* ---- helpers' memory and size arguments ---- */

/* The helpers that read or write `size` bytes at `mem` (their 0-based
 * argument indexes), the size a constant the verifier checks against the
 * memory's bounds (ARG_CONST_SIZE, ARG_CONST_SIZE_OR_ZERO). */
static const struct {
	const char *helper;
	int mem, size;
} sized_args[] = {
	{"probe-read", 0, 1}, {"probe-read-str", 0, 1},
	{"probe-read-user", 0, 1}, {"probe-read-kernel", 0, 1},
	{"probe-read-user-str", 0, 1}, {"probe-read-kernel-str", 0, 1},
	{"get-current-comm", 0, 1}, {"trace-printk", 0, 1},
	{"ringbuf-output", 1, 2}, {"perf-event-output", 3, 4},
	{"skb-load-bytes", 2, 3}, {"skb-store-bytes", 2, 3},
};

static const Ins *unbounded_value(const Ctx *c, Val v, Seen *seen);

/* What a value unbounded_value found is, for a message. */
static const char *unbounded_what(const Ctx *c, const Ins *u)
{
	return u->op == I_CALL ? arena_printf(c->a, "what %s returns", u->name) :
		"8 bytes read from memory";
}

/* The value the kernel knows no bounds of that a sum or difference (in
 * 64 bits, up to depth 4) of values includes, or NULL; its tmps and
 * those of the sums are marked in seen. */
static const Ins *unbounded_term(const Ctx *c, Val v, Seen *seen, int depth)
{
	const Ins *d = v.kind == V_TMP ? c->def[v.n] : NULL;
	if (!d)
		return NULL;
	if (d->op == I_ALU && !d->w32 && (d->sub == ALU_ADD || d->sub == ALU_SUB) && depth < 4) {
		mark(seen, v.n);
		for (int k = 0; k < 2; k++) {
			const Ins *u = unbounded_term(c, d->args[k], seen, depth + 1);
			if (u)
				return u;
		}
		return NULL;
	}
	return unbounded_value(c, v, seen);
}

/* A size made of a value of which the kernel knows no bounds, plus or
 * minus anything, which nothing compared: the kernel refuses it ("min
 * value is negative"). */
static void check_unbounded_size(const Ctx *c, const Ins *in, Val v)
{
	Seen *seen = seen_take(c);
	const Ins *u = unbounded_term(c, v, seen, 0);
	int narrowed = compared(c, seen);
	seen_give(c, seen);
	if (u && !narrowed)
		refuse(c, in, arena_printf(c->a, "%s is given a size made from the value made "
			"at %d:%d (%s), of which the kernel knows no bounds, and refuses it: "
			"compare the size with a limit first, or mask it (logand)", in->name,
			u->pos.line, u->pos.col, unbounded_what(c, u)));
}

static void check_sized_arg(const Ctx *c, const Ins *in, int mem, int size)
{
	if (size < in->nargs && in->args[size].kind == V_TMP)
		check_unbounded_size(c, in, in->args[size]);
	if (size >= in->nargs || in->args[size].kind != V_IMM)
		return;
	int64_t n = in->args[size].n;
	if (n < 0 || n >= MAX_VAR_OFF)
		refuse(c, in, arena_printf(c->a, "%s is given %" PRId64 " bytes; the kernel "
			"refuses a size below 0 or of 2^29 (%d) bytes or more", in->name, n,
			MAX_VAR_OFF));
	Addr ad = addr_of(c, in->args[mem]);
	/* the verifier bounds a map value or a record exactly; the stack only
	 * by its 512 bytes, which objects of ours share */
	int64_t room = ad.root && ad.root->op != I_SLOT ? object_size(c, ad.root) : -1;
	if (room >= 0 && (ad.off < 0 || n > room - ad.off))
		refuse(c, in, arena_printf(c->a, "%s is given %" PRId64 " bytes at byte %"
			PRId64 " of %s, which holds %" PRId64 " bytes from there", in->name, n,
			ad.off, object_name(c, ad.root), room - ad.off < 0 ? 0 : room - ad.off));
}

/* Arguments the kernel takes only as a pointer (0-based), beside the
 * memory of sized_args and the map keys and values of map_reads. */
static const struct {
	const char *helper;
	int arg;
	const char *what;
} pointer_args[] = {
	{"ringbuf-submit", 0, "the record ringbuf-reserve gave"},
	{"ringbuf-discard", 0, "the record ringbuf-reserve gave"},
};

/* A number where the kernel takes only a pointer ("R1 type=scalar
 * expected=..."). */
static void check_pointer_arg(const Ctx *c, const Ins *in, int arg, const char *what)
{
	if (arg >= in->nargs)
		return;
	Val v = in->args[arg];
	if (v.kind == V_IMM || (v.kind == V_TMP && c->number[v.n]))
		refuse(c, in, arena_printf(c->a, "%s takes %s as its argument %d, and is given "
			"a number%s, which the kernel refuses", in->name, what, arg + 1,
			v.kind == V_IMM ? arena_printf(c->a, ", %" PRId64, v.n) : ""));
}

static void check_helper_sizes(const Ctx *c, const Ins *in)
{
	for (size_t i = 0; i < sizeof sized_args / sizeof *sized_args; i++)
		if (!strcmp(sized_args[i].helper, in->name)) {
			check_pointer_arg(c, in, sized_args[i].mem, "a pointer to memory");
			check_sized_arg(c, in, sized_args[i].mem, sized_args[i].size);
		}
	for (size_t i = 0; i < sizeof pointer_args / sizeof *pointer_args; i++)
		if (!strcmp(pointer_args[i].helper, in->name))
			check_pointer_arg(c, in, pointer_args[i].arg, pointer_args[i].what);
}

/* ---- ring-buffer records ---- */

enum { USE_NONE, USE_RELEASED, USE_ESCAPED };

/* What an instruction does with a value of `mine` (the record and what
 * was made from it): USE_RELEASED when it submits or discards it,
 * USE_ESCAPED when the record goes where this check cannot follow it
 * (stored as a value, given to a function or raw asm, returned). Values
 * it makes from the record are added to mine (*grew set). */
static int record_use(const Ins *in, uint8_t *mine, int *grew)
{
	int uses = 0;
	for (int k = 0; k < in->nargs; k++)
		uses |= in->args[k].kind == V_TMP && mine[in->args[k].n];
	if (in->op == I_ASM)
		return USE_ESCAPED;
	if (!uses)
		return USE_NONE;
	switch (in->op) {
	case I_COPY: case I_PHI: case I_ALU:
		if (in->dst.kind == V_TMP && !mine[in->dst.n])
			mine[in->dst.n] = 1, *grew = 1;
		return USE_NONE;
	case I_BR: case I_CMP: case I_LOAD: case I_ATOMIC:
		return USE_NONE;
	case I_STORE:
		return in->args[1].kind == V_TMP && mine[in->args[1].n] ? USE_ESCAPED : USE_NONE;
	case I_CALL:
		if (!helper_by_name(in->name))
			return USE_ESCAPED;
		return (!strcmp(in->name, "ringbuf-submit") || !strcmp(in->name, "ringbuf-discard")) &&
		       in->args[0].kind == V_TMP && mine[in->args[0].n] ? USE_RELEASED : USE_NONE;
	default:
		return USE_ESCAPED;
	}
}

/* A record reserved and never submitted or discarded: the kernel refuses
 * a program that can end holding one ("Unreleased reference"). */
static void check_record_released(const Ctx *c, const Ins *reserve)
{
	if (strcmp(reserve->name, "ringbuf-reserve"))
		return;
	uint8_t *mine = arena_alloc(c->a, (size_t)c->p->ntmp + 1);
	memset(mine, 0, (size_t)c->p->ntmp + 1);
	if (reserve->dst.kind == V_TMP)         /* else its result is not kept */
		mine[reserve->dst.n] = 1;
	int released = 0, grew = 1;
	while (grew) {
		grew = 0;
		for (int i = 0; i < c->p->blks.n; i++) {
			const Blk *b = c->p->blks.v[i];
			for (int j = 0; j < b->ins.n; j++) {
				int use = record_use(b->ins.v[j], mine, &grew);
				if (use == USE_ESCAPED)
					return;
				released |= use == USE_RELEASED;
			}
		}
	}
	if (!released)
		refuse(c, reserve, "the ring-buffer record reserved here is never submitted or "
		       "discarded, and the kernel refuses a program that can end holding one: "
		       "give it to ringbuf-submit or ringbuf-discard (with-ringbuf does)");
}

/* ---- pointer arithmetic ---- */

static void check_pointer_move(const Ctx *c, const Ins *in)
{
	if (in->w32 || (in->sub != ALU_ADD && in->sub != ALU_SUB) ||
	    !ir_type_is_ptr(ir_val_type(c->ty, in->dst)))
		return;
	Addr ad = addr_of(c, in->dst);
	if (ad.root && (ad.off >= MAX_VAR_OFF || ad.off <= -MAX_VAR_OFF))
		refuse(c, in, arena_printf(c->a, "moves a pointer by %" PRId64 " bytes; the "
			"kernel refuses pointer offsets of 2^29 (536870912) bytes or more",
			ad.off));
}

/* A value the kernel knows nothing of, not even a lower bound: the 8-byte
 * result of a helper (but the -str ones, whose results it bounds) or an
 * 8-byte load from a map value, record or the packet, through copies and
 * phis. NULL if v is not one; else the instruction that made it, and the
 * tmps looked at marked in seen (when not NULL). */
static const Ins *unbounded_value_in(const Ctx *c, Val v, Seen *seen, int phis)
{
	for (int steps = 0; v.kind == V_TMP && c->def[v.n] && steps < 1000; steps++) {
		const Ins *d = c->def[v.n];
		if (seen)
			mark(seen, v.n);
		if (d->op == I_COPY) {
			v = d->args[0];
			continue;
		}
		/* a phi: such a value on the path that brings it (getmap's value
		 * or 0), through up to 4 phis */
		for (int k = 0; d->op == I_PHI && phis < 4 && k < d->nargs; k++) {
			const Ins *u = unbounded_value_in(c, d->args[k], seen, phis + 1);
			if (u)
				return u;
		}
		const HelperInfo *h = d->op == I_CALL ? helper_by_name(d->name) : NULL;
		size_t len = d->op == I_CALL ? strlen(d->name) : 0;
		if (h && h->ret_bytes == 8 && ir_type_is_scalar(c->ty[v.n]) &&
		    !(len > 4 && !strcmp(d->name + len - 4, "-str")))
			return d;
		IrType from = d->op == I_LOAD && d->args[0].kind == V_TMP ?
			c->ty[d->args[0].n] : T_NONE;
		if (d->op == I_LOAD && d->width == 8 &&
		    (from == T_MAPVAL || from == T_RINGBUF || from == T_PKT))
			return d;
		return NULL;
	}
	return NULL;
}

static const Ins *unbounded_value(const Ctx *c, Val v, Seen *seen)
{
	return unbounded_value_in(c, v, seen, 0);
}

/* A pointer moved by such a value, which nothing compared first: the
 * kernel refuses it ("math between ... pointer and register with
 * unbounded min value"). */
static void check_pointer_move_unbounded(const Ctx *c, const Ins *in)
{
	if (in->w32 || (in->sub != ALU_ADD && in->sub != ALU_SUB) ||
	    !ir_type_is_ptr(ir_val_type(c->ty, in->dst)))
		return;
	for (int k = 0; k < 2; k++) {
		if (ir_type_is_ptr(ir_val_type(c->ty, in->args[k])))
			continue;
		if (!unbounded_value(c, in->args[k], NULL))
			continue;
		Seen *seen = seen_take(c);
		const Ins *d = unbounded_value(c, in->args[k], seen);
		int narrowed = compared(c, seen);
		seen_give(c, seen);
		if (!narrowed)
			refuse(c, in, arena_printf(c->a, "moves a pointer by the value made at "
				"%d:%d (%s), of which the kernel knows no bounds, and refuses the "
				"move: compare it with a limit first, or mask it (logand)",
				d->pos.line, d->pos.col, unbounded_what(c, d)));
	}
}

/* A pointer cut to 1 or 2 bytes: a mask, which the kernel refuses on a
 * pointer ("bitwise operator &= on pointer"); cut to 4 bytes it is a
 * 32-bit move, which a privileged program may make of a pointer. */
static void check_pointer_cut(const Ctx *c, const Ins *in)
{
	IrType t = ir_val_type(c->ty, in->args[0]);
	if (in->width < 4 && ir_type_is_ptr(t))
		refuse(c, in, arena_printf(c->a, "cuts a pointer (%s) to %d byte%s, a mask the "
			"kernel refuses on a pointer: subtract the pointer it is relative to "
			"first (an offset is a number)", ir_type_info[t].name, in->width,
			in->width > 1 ? "s" : ""));
}

/* Whether the kernel surely holds a value of this type as a pointer
 * (the packet's, the stack's, the context), not a number. */
static int kernel_pointer(IrType t)
{
	return t == T_PKT || t == T_PKT_END || t == T_PKT_META || t == T_STACK || t == T_CTX;
}

/* Arithmetic the kernel refuses on a pointer (ir_ptr_alu_problem: a
 * bitwise operation, a product, the sum of two pointers ...), found
 * where optimization has made a pointer of what was maybe one before. */
static void check_pointer_arith(const Ctx *c, const Ins *in)
{
	IrType ta = ir_val_type(c->ty, in->args[0]), tb = ir_val_type(c->ty, in->args[1]);
	if (!kernel_pointer(ta) && !kernel_pointer(tb))
		return;
	const char *why = ir_ptr_alu_problem(in, ta, tb);
	if (why)
		refuse(c, in, arena_printf(c->a, "computes (%s ...)%s on a %s pointer: %s, which the "
			"kernel refuses; a pointer takes only + and - of a number (subtract the "
			"pointer it is relative to first: an offset is a number)",
			alu_info[in->sub].core, in->w32 ? " in 32 bits" : "",
			ir_type_info[kernel_pointer(ta) ? ta : tb].name, why));
}

/* ---- raw asm at the program's start ---- */

/* The registers a raw instruction reads (*reads) and sets (*sets), as
 * bit masks; 0 when the run must stop here: a backward jump, a call, an
 * exit (its read of r0 is still given) or an instruction not followed.
 * After a forward jump, every path to what follows has run only (some of)
 * the instructions before it, so what none of them set is set on none. */
static int raw_regs(const BpfInsn *in, unsigned *reads, unsigned *sets)
{
	unsigned dst = 1u << (in->regs & 15), src = 1u << (in->regs >> 4);
	int cls = in->code & 7, op = in->code & 0xf0, x = in->code & BSRC_X;
	*reads = *sets = 0;
	switch (cls) {
	case BC_ALU: case BC_ALU64:
		*reads = op == BA_MOV ? (x ? src : 0) :
			op == BA_NEG || op == BA_END ? dst : dst | (x ? src : 0);
		*sets = dst;
		return 1;
	case BC_LDX:
		*reads = src, *sets = dst;
		return (in->code & 0xe0) == BM_MEM;
	case BC_ST:
		*reads = dst;
		return (in->code & 0xe0) == BM_MEM;
	case BC_STX:
		*reads = dst | src;
		return (in->code & 0xe0) == BM_MEM;
	case BC_LD:
		*sets = dst;
		return in->code == (BC_LD | BM_IMM | BS_DW);
	default:        /* jumps: what a condition or the exit reads */
		*reads = op == BJ_EXIT ? 1u : op == BJ_CALL || op == BJ_JA ? 0 : dst | (x ? src : 0);
		if (op == BJ_EXIT || op == BJ_CALL || (op == BJ_JA && cls == BC_JMP32))
			return 0;
		return in->off >= 0;
	}
}

/* Raw asm that starts a program reads only what it set before: the
 * kernel gives a program r1 (the context) and r10 (the frame) and
 * refuses a read of any other register first ("R0 !read_ok"). */
/* Which registers surely hold a number after a raw instruction, given
 * those that did before (numbers): a move of a constant or of a number,
 * arithmetic on numbers, a 64-bit constant that names no map. */
static unsigned raw_numbers(const BpfInsn *in, unsigned numbers)
{
	int cls = in->code & 7, op = in->code & 0xf0, x = in->code & BSRC_X;
	unsigned dst = 1u << (in->regs & 15), src = 1u << (in->regs >> 4);
	if (cls == BC_ALU || cls == BC_ALU64) {
		int number = op == BA_MOV ? (!x || (numbers & src)) :
			(numbers & dst) && (!x || (numbers & src));
		return number ? numbers | dst : numbers & ~dst;
	}
	if (in->code == (BC_LD | BM_IMM | BS_DW))
		return (in->regs >> 4) == 0 ? numbers | dst : numbers & ~dst;
	if (cls == BC_LDX)
		return numbers & ~dst;
	return numbers;
}

/* Raw asm that starts a program reads only what it set before: the
 * kernel gives a program r1 (the context) and r10 (the frame) and
 * refuses a read of any other register first ("R0 !read_ok"); and, up to
 * its first jump, reaches memory only through a register that may hold a
 * pointer ("invalid mem access 'scalar'"). */
static void check_asm_start(const Ctx *c)
{
	const Blk *b = c->p->blks.n ? c->p->blks.v[0] : NULL;
	unsigned set = 1u << 1 | 1u << BPF_REG_FP, numbers = 0;
	int straight = 1;       /* no jump yet: numbers holds */
	for (int j = 0; b && j < b->ins.n; j++) {
		const Ins *in = b->ins.v[j];
		if (in->op == I_PARAM)
			continue;
		if (in->op != I_ASM)
			return;
		unsigned reads, sets;
		int go_on = raw_regs(&in->raw, &reads, &sets);
		for (int r = 0; r < 11; r++)
			if (reads & ~set & 1u << r)
				refuse(c, in, arena_printf(c->a, "asm: reads r%d, which holds nothing "
					"here: a program starts with r1 (the context) and r10 (the frame) "
					"only, and the kernel refuses a read of any other register before "
					"it is set", r));
		int cls = in->raw.code & 7, mem = (in->raw.code & 0xe0) == BM_MEM;
		int base = cls == BC_LDX ? in->raw.regs >> 4 : in->raw.regs & 15;
		if (straight && mem && (cls == BC_LDX || cls == BC_ST || cls == BC_STX) &&
		    numbers & 1u << base)
			refuse(c, in, arena_printf(c->a, "asm: %s memory through r%d, which holds a "
				"number here, not a pointer: the kernel refuses it", cls == BC_LDX ?
				"reads" : "writes", base));
		if (cls == BC_JMP || cls == BC_JMP32)
			straight = 0;
		numbers = raw_numbers(&in->raw, numbers);
		if (!go_on)
			return;
		set |= sets;
	}
}

/* A raw `ja` back to an asm instruction of its run (or to itself) with no
 * conditional jump or exit between: an endless loop, which the kernel
 * refuses ("infinite loop detected"; the code after it, reached no more,
 * is "unreachable insn" too). */
static void check_asm_loops(const Ctx *c)
{
	for (int i = 0; i < c->p->blks.n; i++) {
		const Blk *b = c->p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			const Ins *in = b->ins.v[j];
			if (in->op != I_ASM || in->raw.code != (BC_JMP | BJ_JA) || in->raw.off >= 0)
				continue;
			int to = j + 1 + in->raw.off, way_out = 0;
			for (int k = to; k >= 0 && k < j && !way_out; k++) {
				const Ins *x = b->ins.v[k];
				int cls = x->raw.code & 7;
				way_out = x->op != I_ASM ||
					  ((cls == BC_JMP || cls == BC_JMP32) &&
					   (x->raw.code & 0xf0) != BJ_CALL && x->raw.code != (BC_JMP | BJ_JA));
			}
			if (to < 0 || way_out)
				continue;
			const Ins *t = b->ins.v[to];
			refuse(c, in, to == j ? "asm: this ja jumps to itself (offset -1), an endless "
				"loop, which the kernel refuses" : arena_printf(c->a, "asm: this ja "
				"jumps back to the asm instruction at %d:%d with no jump out between, "
				"an endless loop, which the kernel refuses", t->pos.line, t->pos.col));
		}
	}
}

/* ---- packet bounds checks ---- */

/* A comparison of a packet pointer with the packet end: the bytes it
 * proves are there on its good side: N for ptr + N <= end (the false side
 * of >, the true side of <=), N + 1 for ptr + N < end (the false side of
 * >=, the true side of <), as the verifier counts. A signed comparison
 * (s>, s< ...) proves nothing to it (find_good_pkt_pointers). */
static void note_pkt_check(Ctx *c, const Ins *in)
{
	for (int k = 0; k < 2; k++) {
		Val p = in->args[k], e = in->args[1 - k];
		if (p.kind != V_TMP || e.kind != V_TMP || c->ty[e.n] != T_PKT_END)
			continue;
		Addr ad = addr_of(c, p);
		Cond cc = k ? cond_info[in->sub].swapped : (Cond)in->sub;
		if (ad.root && (cc == CC_GT || cc == CC_GE || cc == CC_LT || cc == CC_LE)) {
			PktCheck *pc = arena_alloc(c->a, sizeof *pc);
			int strict = cc == CC_LT || cc == CC_GE;
			*pc = (PktCheck){in, ad.root, ad.off < 0 || ad.off > BPF_MAX_PACKET_OFF ?
					 0 : ad.off + strict, NULL, NULL};
			/* the side where the pointer is past the end */
			Blk *bad = in->op != I_BR ? NULL : in->blks[cc == CC_GT || cc == CC_GE ? 0 : 1];
			if (bad && in->blks[0] != in->blks[1] && bad->preds.n == 1)
				pc->failed = bad;
			Blk *good = in->op != I_BR ? NULL : in->blks[bad == in->blks[0] ? 1 : 0];
			if (good && in->blks[0] != in->blks[1] && good->preds.n == 1)
				pc->good = good;
			vec_push(c->a, &c->pkt_checks, pc);
		}
		if (!ad.root || !is_pkt_root(c, ad.root))
			continue;
		if (cc != CC_GT && cc != CC_GE && cc != CC_LT && cc != CC_LE) {
			if (cc != CC_EQ && cc != CC_NE && !c->pkt_signed)
				c->pkt_signed = in;
			continue;       /* the kernel learns from unsigned ones only */
		}
		int strict = cc == CC_LT || cc == CC_GE;
		if (ad.off > BPF_MAX_PACKET_OFF) {     /* proves nothing to the kernel */
			if (!c->pkt_too_far)
				c->pkt_too_far = in, c->pkt_too_far_len = ad.off;
			continue;
		}
		if (ad.off + strict > c->pkt_checked) {
			c->pkt_checked = ad.off + strict;
			c->pkt_check = in;
		}
	}
}

/* A bounds check whose result is used as a value (cmp) proves nothing
 * by itself: the kernel learns from it only on the paths that branch on
 * it; and an access that no check covering it dominates may be reached
 * around the check. When the program has either, a concrete run that
 * reads past the packet's end (witness.c) is searched for: the kernel
 * follows that run. */
static int covered_by_dominating_check(const Ctx *c, const Blk *b, const Ins *in)
{
	Addr ad = addr_of(c, in->args[0]);
	int64_t at, end;
	if (!ad.root || __builtin_add_overflow(ad.off, in->off, &at) || at < 0 ||
	    __builtin_add_overflow(at, in->width - 1, &end))
		return 0;
	for (int i = 0; i < c->pkt_checks.n; i++) {
		const PktCheck *k = c->pkt_checks.v[i];
		if ((is_pkt_root(c, ad.root) ? is_pkt_root(c, k->root) : k->root == ad.root) &&
		    k->good && end < k->proves && dominates(c->dom, k->good, b))
			return 1;
	}
	return 0;
}

/* Whether a run could read past the packet's end where the checks seen
 * so far say nothing: a check used as a value, or a packet access that
 * no check covering it dominates. */
static int pkt_runs_worth_trying(const Ctx *c)
{
	for (int i = 0; i < c->pkt_checks.n; i++)
		if (((const PktCheck *)c->pkt_checks.v[i])->in->op == I_CMP)
			return 1;
	for (int i = 0; i < c->p->blks.n; i++) {
		const Blk *b = c->p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			const Ins *in = b->ins.v[j];
			if ((in->op == I_LOAD || in->op == I_STORE) && in->args[0].kind == V_TMP &&
			    c->ty[in->args[0].n] == T_PKT && !covered_by_dominating_check(c, b, in))
				return 1;
		}
	}
	return 0;
}

static void check_pkt_runs(const Ctx *c)
{
	Witness w;
	if (!pkt_runs_worth_trying(c) || !witness_packet_overrun(c->a, c->u, c->p, c->def, c->ty, &w))
		return;
	/* the longest check the run made that failed */
	const PktCheck *failed = NULL;
	for (int i = 0; i < c->pkt_checks.n; i++) {
		const PktCheck *k = c->pkt_checks.v[i];
		int made = 0;
		for (int j = 0; j < w.nchecks; j++)
			made |= w.checks[j] == k->in;
		if (made && is_pkt_root(c, k->root) && k->proves > w.len &&
		    (!failed || k->proves > failed->proves))
			failed = k;
	}
	int too_far = 0, signed_check = 0;
	for (int j = 0; j < w.nchecks; j++) {
		too_far |= c->pkt_too_far && w.checks[j] == c->pkt_too_far;
		signed_check |= c->pkt_signed && w.checks[j] == c->pkt_signed;
	}
	if (!failed && too_far)
		refuse_too_far(c, w.access, w.at, w.end, ", and follows the run on to this access");
	if (!failed && signed_check)
		refuse(c, w.access, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64 ", "
			"but the bounds check at %d:%d is a signed comparison, from which the kernel "
			"learns nothing, and it follows the run on to this access: compare with > "
			"or < (or use with-packet :min-len %" PRId64 ")", access_verb(w.access),
			w.at, w.end, c->pkt_signed->pos.line, c->pkt_signed->pos.col, w.end + 1));
	const char *why = !failed ? arena_printf(c->a, "no bounds check on the way covers "
		"these bytes: check at least %" PRId64 " bytes before the access (with-packet "
		":min-len %" PRId64 ")", w.end + 1, w.end + 1) :
		arena_printf(c->a, "the bounds check at %d:%d (of %" PRId64 " bytes) fails on "
		"that run, %s: branch on the check, with the access only on its good side",
		failed->in->pos.line, failed->in->pos.col, failed->proves,
		failed->in->op == I_CMP ? "but its result is used only as a value, which does "
		"not keep the run from this access" : "and a path from its failing side still "
		"leads to this access");
	refuse(c, w.access, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64 " on a run "
		"where the packet is %" PRId64 " bytes long, which the kernel follows (it "
		"refuses an access past the packet's end on any path): %s",
		access_verb(w.access), w.at, w.end, w.len, why));
}

void opt_refuse(Arena *a, const IrUnit *u, IrProg *p)
{
	Blk **where;
	ir_fill_preds(a, p);
	struct Seens seens = {0};
	Ctx c = {.u = u, .p = p, .def = def_map(a, p, &where), .where = NULL, .ty = ir_infer_types(a, p), .a = a,
		 .dom = dom_build(a, p), .seens = &seens};
	c.where = where;
	index_compared(&c);
	for (int i = 0; i < p->blks.n; i++)
		c.loops |= c.dom->loop_head[((Blk *)p->blks.v[i])->id];
	if (c.loops) {
		find_walked_loops(&c);
		check_walked_turns(&c);
	}
	numbers_of(&c);
	check_asm_start(&c);
	check_asm_loops(&c);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op == I_BR || in->op == I_CMP)
				note_pkt_check(&c, in);
		}
	}
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		c.blk = b;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			switch (in->op) {
			case I_RET: check_return(&c, in); break;
			case I_LOAD: case I_ATOMIC: check_memory(&c, in); break;
			case I_STORE: check_memory(&c, in); check_pointer_store(&c, in); break;
			case I_CALL:
				check_license(&c, in);
				check_map_call(&c, in);
				check_helper_sizes(&c, in);
				check_record_released(&c, in);
				break;
			case I_ALU:
				check_pointer_arith(&c, in);
				check_pointer_move(&c, in);
				check_pointer_move_unbounded(&c, in);
				break;
			case I_ZEXT: check_pointer_cut(&c, in); break;
			default: break;
			}
		}
	}
	check_pkt_runs(&c);
}
