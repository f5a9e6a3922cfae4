/* refuse.c: what the kernel verifier would refuse for a reason known at
 * compile time, refused here at the Lisp form, in Lisp terms. It runs on
 * the optimized program, where constants have been propagated and dead
 * code is gone, so an instruction that is left is taken to be reached.
 * Each check errs towards silence: it speaks only when no path through
 * the program could satisfy the verifier.
 *   - a return value outside the program type's range (cgroup programs);
 *   - a GPL-only helper called under a license that is not GPL-compatible;
 *   - a packet access before the packet's start;
 *   - a load or store through an address that is a number;
 *   - a pointer moved by 2^29 bytes or more;
 *   - a constant-offset access outside its stack object, map value or
 *     ring-buffer record;
 *   - a constant-offset packet access past every bounds check of the
 *     program (the verifier learns the packet's length only from them,
 *     and nothing from a check past 65535 bytes);
 *   - a pointer stored into fewer than 8 bytes of the stack;
 *   - a map key or value passed from a stack object smaller than the
 *     map's key or value size. */
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
	IrType *ty;
	Arena *a;
	int64_t pkt_checked;    /* the longest packet bounds check (bytes) */
	const Ins *pkt_check;   /* the instruction that made it */
	const Ins *pkt_too_far; /* a check past BPF_MAX_PACKET_OFF, which proves nothing */
	int64_t pkt_too_far_len;
} Ctx;

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
			int64_t n = d->args[k].n;
			if (n < INT32_MIN || n > INT32_MAX)
				break;
			r.off += d->sub == ALU_ADD ? n : -n;
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

static const char *access_verb(const Ins *in)
{
	return in->op == I_LOAD ? "reads" : in->op == I_STORE ? "writes" : "adds to";
}

static noreturn void refuse(const Ctx *c, const Ins *in, const char *what)
{
	error_at(in->pos, "%s: %s", c->p->name, what);
}

/* ---- returns ---- */

static void check_return(const Ctx *c, const Ins *in)
{
	int64_t lo, hi;
	if (in->args[0].kind != V_IMM ||
	    !prog_ret_range(prog_type_by_keyword(c->p->type), c->p->section, &lo, &hi))
		return;
	int64_t v = in->args[0].n;
	if (v >= lo && v <= hi)
		return;
	const char *range = lo == hi ? arena_printf(c->a, "%" PRId64, lo) :
		hi == lo + 1 ? arena_printf(c->a, "%" PRId64 " or %" PRId64, lo, hi) :
		arena_printf(c->a, "%" PRId64 " to %" PRId64, lo, hi);
	refuse(c, in, arena_printf(c->a, ":%s programs in section \"%s\" return %s; "
				 "this returns %" PRId64 ", which the kernel refuses",
				 c->p->type, c->p->section, range, v));
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

/* The size of the object a root instruction makes, and what to call it;
 * 0 when it is not an object of known size. */
static int64_t object_size(const Ctx *c, const Ins *root, const char **what)
{
	if (root->op == I_SLOT) {
		*what = arena_printf(c->a, "the %" PRId64 "-byte stack object made at %d:%d",
				     root->off, root->pos.line, root->pos.col);
		return root->off;
	}
	if (root->op != I_CALL)
		return 0;
	const AsmMap *m = looked_up_map(c, root);
	if (m) {
		*what = arena_printf(c->a, "a value of map %s (%u bytes)", m->name,
				     m->value_size);
		return m->value_size;
	}
	if (!strcmp(root->name, "ringbuf-reserve") && root->nargs >= 2 &&
	    root->args[1].kind == V_IMM && root->args[1].n > 0) {
		*what = arena_printf(c->a, "the %" PRId64 "-byte ring-buffer record reserved "
				     "at %d:%d", root->args[1].n, root->pos.line, root->pos.col);
		return root->args[1].n;
	}
	return 0;
}

static int is_pkt_root(const Ctx *c, const Ins *root)
{
	return root->op == I_LOAD && root->dst.kind == V_TMP &&
	       c->ty[root->dst.n] == T_PKT;
}

static void check_memory(const Ctx *c, const Ins *in)
{
	Addr ad = addr_of(c, in->args[0]);
	if (!ad.known)
		return;
	int64_t at = ad.off + in->off, end = at + in->width - 1;
	if (!ad.root) {
		int64_t addr = (int64_t)((uint64_t)ad.imm_root + (uint64_t)at);   /* wraps as BPF does */
		refuse(c, in, arena_printf(c->a, "%s memory at address %" PRId64 ", a number "
			"and not a pointer: programs reach memory only through the pointers "
			"the kernel gives them (packet, map value, stack, context); kernel or "
			"user memory is read with probe-read-kernel or probe-read-user",
			access_verb(in), addr));
	}
	if (ad.root->op == I_LOAD && ad.root->args[0].kind == V_TMP) {
		/* a value loaded from a map value, a record or the packet is a
		 * number to the kernel (it keeps pointers only in registers and
		 * on the stack) */
		IrType from = c->ty[ad.root->args[0].n];
		const char *where = from == T_MAPVAL ? "a map value" :
			from == T_RINGBUF ? "a ring-buffer record" :
			from == T_PKT ? "the packet" : NULL;
		if (where)
			refuse(c, in, arena_printf(c->a, "%s memory through a value read from %s "
				"at %d:%d, which the kernel sees as a number, not a pointer (getmap on "
				"a map whose value is at most 8 bytes gives the value, not its address)",
				access_verb(in), where, ad.root->pos.line, ad.root->pos.col));
	}
	const char *what;
	int64_t size = object_size(c, ad.root, &what);
	if (size && (at < 0 || end >= size))
		refuse(c, in, arena_printf(c->a, "%s bytes %" PRId64 "..%" PRId64 " of %s, "
			"outside it", access_verb(in), at, end, what));
	if (is_pkt_root(c, ad.root) && at < 0)
		refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64
			", before the packet's start: the kernel lets a program read the "
			"packet only from its data pointer on", access_verb(in), at, end));
	if (is_pkt_root(c, ad.root) && at >= 0 && end >= c->pkt_checked) {
		if (c->pkt_too_far)
			refuse(c, in, arena_printf(c->a, "%s packet bytes %" PRId64 "..%" PRId64
				", but the bounds check at %d:%d, of %" PRId64 " bytes, proves nothing: "
				"the kernel learns nothing from a check past %d bytes (with-packet "
				":min-len at most %d)", access_verb(in), at, end,
				c->pkt_too_far->pos.line, c->pkt_too_far->pos.col,
				c->pkt_too_far_len, BPF_MAX_PACKET_OFF, BPF_MAX_PACKET_OFF));
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
	const char *what;
	if (ad.root && ad.root->op == I_SLOT && object_size(c, ad.root, &what))
		refuse(c, in, arena_printf(c->a, "stores a pointer into %d bytes of %s; the "
			"kernel keeps pointers on the stack only as whole 8-byte slots: give "
			"the field the type u64", in->width, what));
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
	Addr ad = addr_of(c, in->args[arg]);
	const char *what;
	if (!ad.root || ad.root->op != I_SLOT)
		return;
	int64_t bytes = object_size(c, ad.root, &what) - ad.off;
	if (ad.off < 0 || bytes >= (int64_t)size)
		return;
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

/* ---- packet bounds checks ---- */

/* A comparison of a packet pointer with the packet end: the bytes it
 * proves are there on its good side: N for ptr + N <= end (the false side
 * of >, the true side of <=), N + 1 for ptr + N < end (the false side of
 * >=, the true side of <), as the verifier counts. */
static void note_pkt_check(Ctx *c, const Ins *in)
{
	for (int k = 0; k < 2; k++) {
		Val p = in->args[k], e = in->args[1 - k];
		if (p.kind != V_TMP || e.kind != V_TMP || c->ty[e.n] != T_PKT_END)
			continue;
		Addr ad = addr_of(c, p);
		if (!ad.root || !is_pkt_root(c, ad.root))
			continue;
		Cond cc = k ? cond_info[in->sub].swapped : (Cond)in->sub;
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

void opt_refuse(Arena *a, const IrUnit *u, IrProg *p)
{
	Blk **where;
	Ctx c = {u, p, def_map(a, p, &where), ir_infer_types(a, p), a, 0, NULL, NULL, 0};
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
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			switch (in->op) {
			case I_RET: check_return(&c, in); break;
			case I_LOAD: case I_ATOMIC: check_memory(&c, in); break;
			case I_STORE: check_memory(&c, in); check_pointer_store(&c, in); break;
			case I_CALL: check_license(&c, in); check_map_call(&c, in); break;
			case I_ALU: check_pointer_move(&c, in); break;
			default: break;
			}
		}
	}
}
