/* asm.c: the asm format (docs/formats.md, "asm"): a line lexer, the parser
 * from text to AsmUnit, and the canonical printer. Opcode spellings come
 * from the bpf.h tables (alu_info, cond_info, width_info). */
#include "asm.h"
#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Byte-order conversions: `rD = be16 rD` ... (class ALU, op BA_END). */
static const struct {
	const char *name;
	uint8_t src;            /* BEND_BE / BEND_LE */
	int bits;
} endian_ops[] = {
	{"be16", BEND_BE, 16}, {"be32", BEND_BE, 32}, {"be64", BEND_BE, 64},
	{"le16", BEND_LE, 16}, {"le32", BEND_LE, 32}, {"le64", BEND_LE, 64},
};
#define N_ENDIAN (int)(sizeof endian_ops / sizeof *endian_ops)

enum { LD_IMM64 = BC_LD | BS_DW | BM_IMM };

/* ================================================================ printer */

static const AluInfo *alu_by_op(uint8_t op)
{
	for (int i = 0; i < ALU_COUNT; i++)
		if (alu_info[i].op == op)
			return &alu_info[i];
	return NULL;
}

static const CondInfo *cond_by_op(uint8_t op)
{
	for (int i = 0; i < CC_COUNT; i++)
		if (cond_info[i].op == op)
			return &cond_info[i];
	return NULL;
}

static const WidthInfo *width_by_size(uint8_t size)
{
	for (int i = 0; i < 4; i++)
		if (width_info[i].size == size)
			return &width_info[i];
	return NULL;
}

/* A register, as r3 or w3 (kind 'r' or 'w'). */
static void put_reg(Buf *out, char kind, int n)
{
	buf_putc(out, kind);
	buf_put_int(out, n);
}

static void print_mem(Buf *out, uint8_t code, int reg, int off)
{
	buf_puts(out, "*(");
	buf_puts(out, width_by_size(code & 0x18)->name);
	buf_puts(out, " *)(");
	put_reg(out, 'r', reg);
	buf_puts(out, off < 0 ? " - " : " + ");
	buf_put_int(out, off < 0 ? -(long long)off : off);
	buf_putc(out, ')');
}

static void print_target(Buf *out, const AsmLine *l)
{
	if (l->target)
		buf_puts(out, l->target);
	else    /* not parseable: only for debugging output of unresolved code */
		buf_printf(out, "%+d", l->in.off);
}

static void print_alu(Buf *out, const BpfInsn *in)
{
	char r = (in->code & 7) == BC_ALU64 ? 'r' : 'w';
	int d = in->regs & 0xf, s = in->regs >> 4;
	uint8_t op = in->code & 0xf0;
	bool x = in->code & BSRC_X;
	if (op == BA_END) {
		for (int i = 0; i < N_ENDIAN; i++)
			if (endian_ops[i].src == (in->code & 0x08) &&
			    endian_ops[i].bits == in->imm) {
				buf_printf(out, "r%d = %s r%d", d, endian_ops[i].name, d);
				return;
			}
	} else if (op == BA_NEG) {
		buf_printf(out, "%c%d = -%c%d", r, d, r, d);
		return;
	} else if (op == BA_MOV || alu_by_op(op)) {
		const char *opname = op == BA_MOV ? "=" : alu_by_op(op)->asm_op;
		put_reg(out, r, d);
		buf_putc(out, ' ');
		buf_puts(out, opname);
		buf_putc(out, ' ');
		if (x)
			put_reg(out, r, s);
		else
			buf_put_int(out, in->imm);
		return;
	}
	buf_printf(out, "<bad alu 0x%02x>", in->code);
}

static void print_jump(Buf *out, const AsmLine *l)
{
	const BpfInsn *in = &l->in;
	char r = (in->code & 7) == BC_JMP ? 'r' : 'w';
	int d = in->regs & 0xf, s = in->regs >> 4;
	uint8_t op = in->code & 0xf0;
	const CondInfo *cc = cond_by_op(op);
	if (op == BJ_JA) {
		buf_puts(out, "goto ");
		print_target(out, l);
	} else if (op == BJ_CALL) {
		buf_puts(out, "call ");
		buf_put_int(out, in->imm);
	} else if (op == BJ_EXIT) {
		buf_puts(out, "exit");
	} else if (cc) {
		buf_puts(out, "if ");
		put_reg(out, r, d);
		buf_putc(out, ' ');
		buf_puts(out, cc->asm_op);
		buf_putc(out, ' ');
		if (in->code & BSRC_X)
			put_reg(out, r, s);
		else
			buf_put_int(out, in->imm);
		buf_puts(out, " goto ");
		print_target(out, l);
	} else {
		buf_printf(out, "<bad jump 0x%02x>", in->code);
	}
}

void asm_print_insn(Buf *out, const AsmLine *l)
{
	const BpfInsn *in = &l->in;
	int d = in->regs & 0xf, s = in->regs >> 4;
	switch (in->code & 7) {
	case BC_ALU:
	case BC_ALU64:
		print_alu(out, in);
		return;
	case BC_JMP:
	case BC_JMP32:
		print_jump(out, l);
		return;
	case BC_LD:
		if (in->code == LD_IMM64) {
			if (l->sym)
				buf_printf(out, "r%d = %s ll", d, l->sym);
			else
				buf_printf(out, "r%d = %" PRId64 " ll", d, l->imm64);
			return;
		}
		break;
	case BC_LDX:
		put_reg(out, 'r', d);
		buf_puts(out, " = ");
		print_mem(out, in->code, s, in->off);
		return;
	case BC_ST:
		print_mem(out, in->code, d, in->off);
		buf_puts(out, " = ");
		buf_put_int(out, in->imm);
		return;
	case BC_STX:
		if ((in->code & 0xe0) == BM_ATOMIC)
			buf_puts(out, "lock ");
		print_mem(out, in->code, d, in->off);
		buf_puts(out, (in->code & 0xe0) == BM_ATOMIC ? " += " : " = ");
		put_reg(out, 'r', s);
		return;
	}
	buf_printf(out, "<bad insn 0x%02x>", in->code);
}

static void print_string(Buf *out, const char *s)
{
	buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			buf_putc(out, '\\');
		buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

static void print_at(Buf *out, Pos p)
{
	if (p.line > 0)
		buf_printf(out, " @%d:%d", p.line, p.col);
}

void asm_print_prog_line(Buf *out, const char *name, const char *type,
			 const char *section, Pos pos)
{
	buf_printf(out, ".prog %s type=%s section=", name, type);
	print_string(out, section);
	print_at(out, pos);
	buf_putc(out, '\n');
}

static void print_prog(Buf *out, const AsmProg *p)
{
	asm_print_prog_line(out, p->name, p->type, p->section, p->pos);
	Pos cur = {-1, -1};
	for (int i = 0; i < p->lines.n; i++) {
		const AsmLine *l = p->lines.v[i];
		if (l->kind == AL_LABEL) {
			buf_puts(out, l->label);
			buf_puts(out, ":\n");
			continue;
		}
		if (l->pos.line != cur.line || l->pos.col != cur.col) {
			buf_puts(out, "\t.loc ");
			buf_put_int(out, l->pos.line);
			buf_putc(out, ':');
			buf_put_int(out, l->pos.col);
			buf_putc(out, '\n');
			cur = l->pos;
		}
		if (l->core) {
			buf_putc(out, '\t');
			asm_print_core(out, l->core);
			buf_putc(out, '\n');
		}
		buf_putc(out, '\t');
		asm_print_insn(out, l);
		buf_putc(out, '\n');
	}
}

static void print_kstruct(Buf *out, const AsmStruct *st)
{
	buf_printf(out, ".%s %s size=%" PRIu32, st->is_union ? "kunion" : "kstruct",
		   st->name, st->size);
	print_at(out, st->pos);
	buf_putc(out, '\n');
	for (int i = 0; i < st->members.n; i++) {
		const AsmMember *m = st->members.v[i];
		buf_printf(out, ".kmember %s offset=%" PRIu32 " ", m->name, m->offset);
		asm_print_ktype(out, m->ktype);
		buf_putc(out, '\n');
	}
}

void asm_print_struct(Buf *out, const AsmStruct *st)
{
	buf_printf(out, ".%s %s size=%" PRIu32 " align=%" PRIu32,
		   st->is_union ? "union" : "struct", st->name, st->size, st->align);
	print_at(out, st->pos);
	buf_putc(out, '\n');
	for (int i = 0; i < st->members.n; i++) {
		const AsmMember *m = st->members.v[i];
		buf_printf(out, ".member %s %s offset=%" PRIu32, m->name, m->type, m->offset);
		if (m->count)
			buf_printf(out, " count=%" PRIu32, m->count);
		buf_putc(out, '\n');
	}
}

static void print_map_type(Buf *out, const char *which, const AsmMapType *t)
{
	if (!t->name)
		return;
	buf_printf(out, " %s=%s", which, t->name);
	if (t->count)
		buf_printf(out, "[%" PRIu32 "]", t->count);
}

void asm_print_decls(Buf *out, const AsmUnit *u)
{
	if (u->file) {
		buf_puts(out, ".file ");
		print_string(out, u->file);
		buf_putc(out, '\n');
	}
	if (u->license) {
		buf_puts(out, ".license ");
		print_string(out, u->license);
		buf_putc(out, '\n');
	}
	if (u->output) {
		buf_puts(out, ".output ");
		print_string(out, u->output);
		buf_putc(out, '\n');
	}
	for (int i = 0; i < u->maps.n; i++) {
		const AsmMap *m = u->maps.v[i];
		buf_printf(out, ".map %s type=%s key_size=%" PRIu32 " value_size=%" PRIu32
			   " max_entries=%" PRIu32 " flags=%" PRIu32,
			   m->name, m->type, m->key_size, m->value_size,
			   m->max_entries, m->flags);
		print_map_type(out, "key", &m->key);
		print_map_type(out, "value", &m->value);
		print_at(out, m->pos);
		buf_putc(out, '\n');
	}
	for (int i = 0; i < u->structs.n; i++)
		asm_print_struct(out, u->structs.v[i]);
	for (int i = 0; i < u->kstructs.n; i++)
		print_kstruct(out, u->kstructs.v[i]);
}

void asm_print(Buf *out, const AsmUnit *u)
{
	buf_puts(out, "#!asm\n");
	asm_print_decls(out, u);
	for (int i = 0; i < u->progs.n; i++)
		print_prog(out, u->progs.v[i]);
}

/* ================================================================= lexer */

typedef enum { T_END, T_WORD, T_INT, T_STR, T_PUNCT } TokKind;

typedef struct {
	TokKind kind;
	const char *s;
	int len;
	Pos pos;                /* in the asm text */
} Tok;

#define MAX_TOKS 40

typedef struct {
	Arena *a;
	Tok tok[MAX_TOKS];
	int n, i;
} Cur;

/* The punctuation, by first character, longest first, so that "s>>="
 * wins over "s>" and "<<=" over "<". */
typedef struct {
	const char *s;
	unsigned char len;
} Punct;
#define P(s) {s, sizeof s - 1}
#define GROUP(...) (const Punct[]){__VA_ARGS__, {NULL, 0}}
static const Punct *const puncts[256] = {
	['s'] = GROUP(P("s>>="), P("s>="), P("s<="), P("s>"), P("s<")),
	['<'] = GROUP(P("<<="), P("<="), P("<")),
	['>'] = GROUP(P(">>="), P(">="), P(">")),
	['+'] = GROUP(P("+="), P("+")),
	['-'] = GROUP(P("-="), P("-")),
	['*'] = GROUP(P("*="), P("*")),
	['/'] = GROUP(P("/=")),
	['%'] = GROUP(P("%=")),
	['&'] = GROUP(P("&="), P("&")),
	['|'] = GROUP(P("|=")),
	['^'] = GROUP(P("^=")),
	['='] = GROUP(P("=="), P("=")),
	['!'] = GROUP(P("!=")),
	['('] = GROUP(P("(")),
	[')'] = GROUP(P(")")),
	[':'] = GROUP(P(":")),
	['@'] = GROUP(P("@")),
	['['] = GROUP(P("[")),
	[']'] = GROUP(P("]")),
};
#undef GROUP
#undef P

/* The length of the punctuation at p (the longest that matches), or 0. */
static size_t punct_len(const char *p, const char *end)
{
	const Punct *q = puncts[(unsigned char)*p];
	for (; q && q->s; q++)
		if ((size_t)(end - p) >= q->len && !memcmp(p, q->s, q->len))
			return q->len;
	return 0;
}

static bool word_start(const char *p, const char *end)
{
	return isalpha((unsigned char)*p) || *p == '_' ||
	       (*p == '.' && p + 1 < end && isalpha((unsigned char)p[1]));
}

/* Split one line into tokens. In directive lines words may contain '-'
 * (map and program type keywords such as percpu-hash, cgroup-skb). */
static void lex(Cur *c, const char *s, const char *end, int line, bool dashes)
{
	const char *p = s;
	c->n = c->i = 0;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		Tok *t = &c->tok[c->n];
		t->pos = (Pos){line, (int)(p - s) + 1};
		t->s = p;
		if (p == end) {
			t->kind = T_END;
			t->len = 0;
			return;
		}
		if (c->n == MAX_TOKS - 1)
			error_at(t->pos, "line too long (more than %d tokens)", MAX_TOKS - 1);
		bool sop = *p == 's' && p + 1 < end && (p[1] == '<' || p[1] == '>');
		if (word_start(p, end) && !sop) {
			t->kind = T_WORD;
			for (p++; p < end && (isalnum((unsigned char)*p) || *p == '_' ||
					      (dashes && *p == '-')); p++)
				;
		} else if (isdigit((unsigned char)*p)) {
			t->kind = T_INT;
			for (p++; p < end && (isalnum((unsigned char)*p) || *p == '_'); p++)
				;
		} else if (*p == '"') {
			t->kind = T_STR;
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
			if (p == end)
				error_at(t->pos, "unterminated string");
			p++;
		} else {
			t->kind = T_PUNCT;
			/* an unknown character is a token of its own, so that
			 * the parser reports it in context */
			size_t len = punct_len(p, end);
			p += len ? len : 1;
		}
		t->len = (int)(p - t->s);
		c->n++;
	}
}

/* ========================================================= token helpers */

static Tok *peek(Cur *c) { return &c->tok[c->i]; }
static Tok *peek2(Cur *c) { return c->i < c->n ? &c->tok[c->i + 1] : &c->tok[c->i]; }

static Tok *next(Cur *c)
{
	Tok *t = &c->tok[c->i];
	if (t->kind != T_END)
		c->i++;
	return t;
}

static bool is(const Tok *t, const char *s)
{
	if (t->kind != T_WORD && t->kind != T_PUNCT)
		return false;
	for (int i = 0; i < t->len; i++)        /* stops at s's end too */
		if (t->s[i] != s[i] || !s[i])
			return false;
	return !s[t->len];
}

static const char *show(Cur *c, const Tok *t)
{
	if (t->kind == T_END)
		return "end of line";
	return arena_printf(c->a, "'%.*s'", t->len, t->s);
}

static char *text(Cur *c, const Tok *t)
{
	return arena_strndup(c->a, t->s, (size_t)t->len);
}

static bool accept(Cur *c, const char *s)
{
	if (!is(peek(c), s))
		return false;
	next(c);
	return true;
}

static Tok *expect(Cur *c, const char *s)
{
	Tok *t = peek(c);
	if (!is(t, s))
		error_at(t->pos, "expected '%s', got %s", s, show(c, t));
	return next(c);
}

static void expect_end(Cur *c, const char *what)
{
	Tok *t = peek(c);
	if (t->kind != T_END)
		error_at(t->pos, "unexpected %s after %s", show(c, t), what);
}

/* A C identifier. */
static const char *name(Cur *c, const char *what)
{
	Tok *t = peek(c);
	if (t->kind != T_WORD || t->s[0] == '.' || memchr(t->s, '-', (size_t)t->len))
		error_at(t->pos, "expected %s (a C identifier), got %s", what, show(c, t));
	return text(c, next(c));
}

static char *string(Cur *c)
{
	Tok *t = peek(c);
	if (t->kind != T_STR)
		error_at(t->pos, "expected a string, got %s", show(c, t));
	next(c);
	char *out = arena_alloc(c->a, (size_t)t->len), *o = out;
	for (const char *p = t->s + 1; p < t->s + t->len - 1; p++) {
		if (*p == '\\') {
			p++;
			if (*p != '\\' && *p != '"')
				error_at((Pos){t->pos.line, t->pos.col + (int)(p - t->s) - 1},
					 "bad escape '\\%c' in string (only \\\\ and \\\" are allowed)", *p);
		}
		*o++ = *p;
	}
	*o = 0;
	return out;
}

/* ============================================================== integers */

typedef struct {
	bool neg;
	uint64_t mag;
	Tok *tok;               /* where to report (the sign or the digits) */
} Num;

static Num number(Cur *c, bool signed_ok)
{
	Num n = {false, 0, peek(c)};
	if (signed_ok && accept(c, "-"))
		n.neg = true;
	Tok *t = peek(c);
	if (t->kind != T_INT)
		error_at(t->pos, "expected an integer, got %s", show(c, t));
	next(c);
	const char *p = t->s, *end = t->s + t->len;
	unsigned base = 10;
	if (end - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (; p < end; p++) {
		int ch = tolower((unsigned char)*p);
		unsigned dg = isdigit(ch) ? (unsigned)(ch - '0') :
			      base == 16 && ch >= 'a' && ch <= 'f' ? (unsigned)(ch - 'a' + 10) : 99;
		if (dg >= base)
			error_at(t->pos, "bad integer '%.*s'", t->len, t->s);
		if (n.mag > (UINT64_MAX - dg) / base)
			error_at(t->pos, "bad integer '%.*s' (too large)", t->len, t->s);
		n.mag = n.mag * base + dg;
	}
	return n;
}

/* The value of n, which must lie in [lo, hi]. */
static int64_t in_range(Num n, int64_t lo, uint64_t hi)
{
	bool ok = n.neg ? n.mag <= (uint64_t)0 - (uint64_t)lo : n.mag <= hi;
	if (n.neg && n.mag == 0)
		ok = true;
	if (!ok)
		error_at(n.tok->pos, "integer %s%" PRIu64 " out of range (%" PRId64 "..%" PRIu64 ")",
			 n.neg ? "-" : "", n.mag, lo, hi);
	return n.neg ? (int64_t)((uint64_t)0 - n.mag) : (int64_t)n.mag;
}

static uint32_t u32_field(Cur *c)
{
	return (uint32_t)in_range(number(c, false), 0, UINT32_MAX);
}

/* "@LINE:COL" (after '@') or "LINE:COL" (.loc) */
static Pos line_col(Cur *c)
{
	Pos p;
	p.line = (int)in_range(number(c, false), 0, INT32_MAX);
	expect(c, ":");
	p.col = (int)in_range(number(c, false), 0, INT32_MAX);
	return p;
}

static Pos opt_at(Cur *c)
{
	Pos p = {0, 0};
	if (accept(c, "@"))
		p = line_col(c);
	return p;
}

/* ============================================================= registers */

static bool reg_shaped(const Tok *t)
{
	if (t->kind != T_WORD || t->len < 2 || (t->s[0] != 'r' && t->s[0] != 'w'))
		return false;
	for (int i = 1; i < t->len; i++)
		if (!isdigit((unsigned char)t->s[i]))
			return false;
	return true;
}

/* A register of class cls ('r' or 'w'; 0: either, stored in *cls). */
static int reg(Cur *c, char *cls)
{
	Tok *t = peek(c);
	if (!reg_shaped(t))
		error_at(t->pos, "expected a register, got %s", show(c, t));
	int n = 0;
	for (int i = 1; i < t->len && n <= 10; i++)
		n = n * 10 + (t->s[i] - '0');
	if (n > 10 || (t->len > 2 && t->s[1] == '0'))
		error_at(t->pos, "bad register '%.*s' (registers are r0-r10, w0-w10)",
			 t->len, t->s);
	if (*cls && t->s[0] != *cls)
		error_at(t->pos, "bad register '%.*s': expected a %s register (%cN) here",
			 t->len, t->s, *cls == 'r' ? "64-bit" : "32-bit", *cls);
	*cls = t->s[0];
	next(c);
	return n;
}

static int reg_of(Cur *c, char cls)
{
	return reg(c, &cls);
}

static void writable(Tok *t, int r)
{
	if (r == BPF_REG_FP)
		error_at(t->pos, "bad register '%.*s': r10 is the read-only frame pointer "
			 "and cannot be a destination", t->len, t->s);
}

static void need64(Tok *t, char cls, const char *what)
{
	if (cls != 'r')
		error_at(t->pos, "bad register '%.*s': %s needs a 64-bit register (rN)",
			 t->len, t->s, what);
}

static void same_reg(Tok *t, int d, int s, const char *what)
{
	if (d != s)
		error_at(t->pos, "%s needs the same register on both sides", what);
}

/* ========================================================== instructions */

static AsmLine *insn(Cur *c, uint8_t code, int d, int s, int off, int32_t imm)
{
	AsmLine *l = arena_alloc(c->a, sizeof *l);
	l->kind = AL_INSN;
	l->in = (BpfInsn){code, (uint8_t)(d | s << 4), (int16_t)off, imm};
	return l;
}

/* A 32-bit immediate: w-class operations also take unsigned 32-bit values. */
static int32_t imm32(Cur *c, char cls)
{
	Num n = number(c, true);
	return (int32_t)(uint32_t)in_range(n, INT32_MIN, cls == 'w' ? UINT32_MAX : INT32_MAX);
}

/* "*(uW *)(rN + OFF)": returns the BS_* size. */
static uint8_t mem(Cur *c, int *r, int *off, Tok **wtok)
{
	expect(c, "*");
	expect(c, "(");
	Tok *w = peek(c);
	int bytes = w->kind == T_WORD ? width_from_name(text(c, w)) : 0;
	if (!bytes)
		error_at(w->pos, "bad width %s (expected u8, u16, u32 or u64)", show(c, w));
	next(c);
	if (wtok)
		*wtok = w;
	expect(c, "*");
	expect(c, ")");
	expect(c, "(");
	*r = reg_of(c, 'r');
	bool neg = false;
	if (accept(c, "-"))
		neg = true;
	else if (!accept(c, "+"))
		error_at(peek(c)->pos, "expected '+' or '-', got %s", show(c, peek(c)));
	Num n = number(c, false);
	*off = (int)in_range(n, 0, neg ? 32768 : 32767);
	if (neg)
		*off = -*off;
	expect(c, ")");
	return width_info[width_index(bytes)].size;
}

static AsmLine *p_exit(Cur *c)
{
	return insn(c, BC_JMP | BJ_EXIT, 0, 0, 0, 0);
}

static AsmLine *p_call(Cur *c)
{
	return insn(c, BC_JMP | BJ_CALL, 0, 0, 0, imm32(c, 'r'));
}

static AsmLine *p_goto(Cur *c)
{
	AsmLine *l = insn(c, BC_JMP | BJ_JA, 0, 0, 0, 0);
	l->target = name(c, "a label");
	return l;
}

static AsmLine *p_if(Cur *c)
{
	char cls = 0;
	int d = reg(c, &cls), s = 0;
	Tok *op = peek(c);
	int k = 0;
	while (k < CC_COUNT && !(op->kind == T_PUNCT && is(op, cond_info[k].asm_op)))
		k++;
	if (k == CC_COUNT)
		error_at(op->pos, "expected a comparison (== != > >= < <= s> s>= s< s<= &), got %s",
			 show(c, op));
	next(c);
	int32_t imm = 0;
	uint8_t x = BSRC_K;
	if (reg_shaped(peek(c))) {
		s = reg(c, &cls);
		x = BSRC_X;
	} else {
		imm = imm32(c, cls);
	}
	expect(c, "goto");
	AsmLine *l = insn(c, (cls == 'r' ? BC_JMP : BC_JMP32) | cond_info[k].op | x, d, s, 0, imm);
	l->target = name(c, "a label");
	return l;
}

static AsmLine *p_lock(Cur *c)
{
	int d, off;
	Tok *w;
	uint8_t size = mem(c, &d, &off, &w);
	if (size != BS_W && size != BS_DW)
		error_at(w->pos, "lock needs u32 or u64, got '%.*s'", w->len, w->s);
	expect(c, "+=");
	int s = reg_of(c, 'r');
	return insn(c, BC_STX | BM_ATOMIC | size, d, s, off, BA_ADD);
}

static AsmLine *p_store(Cur *c)
{
	int d, off;
	uint8_t size = mem(c, &d, &off, NULL);
	expect(c, "=");
	if (reg_shaped(peek(c)))
		return insn(c, BC_STX | BM_MEM | size, d, reg_of(c, 'r'), off, 0);
	Num n = number(c, true);
	uint64_t hi = size == BS_DW ? INT32_MAX : UINT32_MAX;
	int32_t imm = (int32_t)(uint32_t)in_range(n, INT32_MIN, hi);
	return insn(c, BC_ST | BM_MEM | size, d, 0, off, imm);
}

/* rD = ...: mov, neg, byte swap, load, ld_imm64 */
static AsmLine *p_assign(Cur *c, Tok *dt, char cls, int d)
{
	uint8_t alu = cls == 'r' ? BC_ALU64 : BC_ALU;
	Tok *t = peek(c);
	writable(dt, d);
	if (is(t, "*")) {
		need64(dt, cls, "a load");
		int s, off;
		uint8_t size = mem(c, &s, &off, NULL);
		return insn(c, BC_LDX | BM_MEM | size, d, s, off, 0);
	}
	if (is(t, "-") && reg_shaped(peek2(c))) {
		next(c);
		Tok *st = peek(c);
		same_reg(st, d, reg(c, &cls), "negation");
		return insn(c, alu | BA_NEG, d, 0, 0, 0);
	}
	if (t->kind == T_WORD && is(peek2(c), "ll")) {
		need64(dt, cls, "ld_imm64");
		AsmLine *l = insn(c, LD_IMM64, d, 0, 0, 0);
		l->sym = name(c, "a map name");
		next(c);
		return l;
	}
	if (reg_shaped(t))
		return insn(c, alu | BA_MOV | BSRC_X, d, reg(c, &cls), 0, 0);
	if (t->kind == T_INT || is(t, "-")) {
		Num n = number(c, true);
		if (!accept(c, "ll")) {
			int32_t imm = (int32_t)(uint32_t)in_range(n, INT32_MIN,
							      cls == 'w' ? UINT32_MAX : INT32_MAX);
			return insn(c, alu | BA_MOV, d, 0, 0, imm);
		}
		need64(dt, cls, "ld_imm64");
		AsmLine *l = insn(c, LD_IMM64, d, 0, 0, 0);
		l->imm64 = in_range(n, INT64_MIN, UINT64_MAX);
		return l;
	}
	if (t->kind == T_WORD) {
		for (int i = 0; i < N_ENDIAN; i++)
			if (is(t, endian_ops[i].name)) {
				next(c);
				need64(dt, cls, "a byte swap");
				Tok *st = peek(c);
				same_reg(st, d, reg_of(c, 'r'), "byte swap");
				return insn(c, BC_ALU | BA_END | endian_ops[i].src, d, 0, 0,
					    endian_ops[i].bits);
			}
		name(c, "a map name");
		expect(c, "ll");
	}
	error_at(t->pos, "expected a register, integer, map name or memory operand, got %s",
		 show(c, t));
}

static AsmLine *p_reg(Cur *c)
{
	Tok *dt = peek(c);
	char cls = 0;
	int d = reg(c, &cls);
	Tok *op = peek(c);
	if (is(op, "=")) {
		next(c);
		return p_assign(c, dt, cls, d);
	}
	int k = 0;
	while (k < ALU_COUNT && !(op->kind == T_PUNCT && is(op, alu_info[k].asm_op)))
		k++;
	if (k == ALU_COUNT)
		error_at(op->pos, "expected '=' or an operator (+= -= *= ...) after the register, got %s",
			 show(c, op));
	next(c);
	writable(dt, d);
	uint8_t code = (cls == 'r' ? BC_ALU64 : BC_ALU) | alu_info[k].op;
	if (reg_shaped(peek(c)))
		return insn(c, code | BSRC_X, d, reg(c, &cls), 0, 0);
	return insn(c, code, d, 0, 0, imm32(c, cls));
}

static const struct {
	const char *first;
	AsmLine *(*parse)(Cur *c);
	bool consume;           /* the first token is a keyword, not an operand */
} insn_forms[] = {
	{"exit", p_exit, true}, {"call", p_call, true}, {"goto", p_goto, true},
	{"if", p_if, true}, {"lock", p_lock, true}, {"*", p_store, false},
};

static AsmLine *parse_insn(Cur *c)
{
	Tok *t = peek(c);
	AsmLine *l = NULL;
	for (size_t i = 0; i < sizeof insn_forms / sizeof *insn_forms && !l; i++)
		if (is(t, insn_forms[i].first)) {
			if (insn_forms[i].consume)
				next(c);
			l = insn_forms[i].parse(c);
		}
	if (!l && reg_shaped(t))
		l = p_reg(c);
	if (!l)
		error_at(t->pos, "unknown mnemonic %s", show(c, t));
	expect_end(c, "the instruction");
	l->line_pos = t->pos;
	return l;
}

/* ============================================================ directives */

/* The declaration directives (.file, .license, .map, .struct, .union,
 * .member, .prog), shared with the ssa and mir parser (asm_parse_decl):
 * one line, tokenized by lex(), and the unit it declares into. */
typedef struct {
	Cur *c;
	AsmUnit *u;
	bool after_progs;       /* a .prog came before */
	AsmProg *prog;          /* .prog: the new program */
} Decl;

static void before_progs(Decl *d, Tok *t)
{
	if (d->after_progs)
		error_at(t->pos, "'%.*s' must come before the first .prog", t->len, t->s);
}

static void d_file(Decl *d, Tok *t)
{
	before_progs(d, t);
	if (d->u->file)
		error_at(t->pos, "duplicate .file");
	d->u->file = string(d->c);
}

static void d_license(Decl *d, Tok *t)
{
	before_progs(d, t);
	if (d->u->license)
		error_at(t->pos, "duplicate .license");
	d->u->license = string(d->c);
}

static void d_output(Decl *d, Tok *t)
{
	before_progs(d, t);
	if (d->u->output)
		error_at(t->pos, "duplicate .output");
	d->u->output = string(d->c);
	if (!*d->u->output)
		error_at(t->pos, ".output needs a file name");
}

static void key(Cur *c, const char *k)
{
	Tok *t = peek(c);
	if (!is(t, k) || !is(peek2(c), "="))
		error_at(t->pos, "malformed directive: expected '%s=', got %s", k, show(c, t));
	next(c);
	next(c);
}

static const char *keyword(Cur *c, const char *what, bool (*known)(const char *))
{
	Tok *t = peek(c);
	if (t->kind != T_WORD)
		error_at(t->pos, "expected a %s, got %s", what, show(c, t));
	const char *s = text(c, next(c));
	if (!known(s))
		error_at(t->pos, "unknown %s '%s'", what, s);
	return s;
}

static bool known_map(const char *s) { return map_type_by_keyword(s) != NULL; }
static void map_type(Cur *c, const char *which, AsmMapType *t);
static bool known_prog(const char *s) { return prog_type_by_keyword(s) != NULL; }

static void d_map(Decl *d, Tok *t)
{
	Cur *c = d->c;
	before_progs(d, t);
	AsmMap *m = arena_alloc(c->a, sizeof *m);
	m->name = name(c, "a map name");
	key(c, "type");
	m->type = keyword(c, "map type", known_map);
	key(c, "key_size");
	m->key_size = u32_field(c);
	key(c, "value_size");
	m->value_size = u32_field(c);
	key(c, "max_entries");
	m->max_entries = u32_field(c);
	key(c, "flags");
	m->flags = u32_field(c);
	map_type(c, "key", &m->key);
	map_type(c, "value", &m->value);
	m->pos = opt_at(c);
	vec_push(c->a, &d->u->maps, m);
}

const AsmStruct *asm_struct_in(const Vec *structs, const char *name)
{
	for (int i = 0; i < structs->n; i++)
		if (!strcmp(((AsmStruct *)structs->v[i])->name, name))
			return structs->v[i];
	return NULL;
}

/* [key=|value=] NAME ["[" N "]"]: a scalar type or a struct, maybe an array */
static void map_type(Cur *c, const char *which, AsmMapType *t)
{
	if (!is(peek(c), which))
		return;
	key(c, which);
	t->name = name(c, arena_printf(c->a, "a %s type (u8 .. u64, i8 .. i64 or a struct)",
				       which));
	if (accept(c, "[")) {
		Tok *at = peek(c);
		t->count = u32_field(c);
		if (!t->count)
			error_at(at->pos, "an array of 0 elements");
		expect(c, "]");
	}
}

const AsmStruct *asm_struct(const AsmUnit *u, const char *name)
{
	return asm_struct_in(&u->structs, name);
}

uint32_t asm_member_width(const AsmUnit *u, const AsmMember *m)
{
	const AsmStruct *st = asm_struct(u, m->type);
	return st ? st->size : (uint32_t)width_from_name(m->type);
}

/* The bytes of a key or value type, 0 when u does not know it. */
static uint64_t map_type_size(const AsmUnit *u, const AsmMapType *t, int *is_int)
{
	int is_signed;
	uint64_t w = (uint64_t)scalar_type_width(t->name, &is_signed);
	*is_int = w != 0;
	if (!w && asm_struct(u, t->name))
		w = asm_struct(u, t->name)->size;
	return w * (t->count ? t->count : 1);
}

const char *asm_map_types_error(Arena *a, const AsmUnit *u, const AsmMap *m)
{
	const MapTypeInfo *mt = map_type_by_keyword(m->type);
	const AsmMapType *t[2] = {&m->key, &m->value};
	const char *which[2] = {"key", "value"};
	uint32_t size[2] = {m->key_size, m->value_size};
	for (int i = 0; i < 2; i++) {
		if (!t[i]->name)
			continue;
		int is_int;
		uint64_t n = map_type_size(u, t[i], &is_int);
		if (!n)
			return arena_printf(a, "map '%s': unknown %s type '%s' (u8 .. u64, "
					    "i8 .. i64 or a struct declared in the unit)",
					    m->name, which[i], t[i]->name);
		if (n != size[i])
			return arena_printf(a, "map '%s': its %s type is %" PRIu64 " bytes, "
					    "but %s_size=%" PRIu32, m->name, which[i], n,
					    which[i], size[i]);
		if (!mt || mt->typed == MAP_TYPED_NONE)
			return arena_printf(a, "map '%s': %s maps take no key or value type",
					    m->name, m->type);
		if (i == 0 && mt->typed == MAP_TYPED_U32_KEY && (!is_int || t[i]->count))
			return arena_printf(a, "map '%s': the key of %s maps is a 4-byte "
					    "integer, not '%s'", m->name, m->type, t[i]->name);
		if (i == 0 && mt->typed == MAP_TYPED_STRUCT_KEY && (is_int || t[i]->count))
			return arena_printf(a, "map '%s': the key of %s maps is a struct, "
					    "not '%s'", m->name, m->type, t[i]->name);
	}
	return NULL;
}

const char *asm_struct_error(Arena *a, const AsmUnit *u, const AsmStruct *st,
			     AsmDeclPart *part)
{
	*part = DECL_NAME;
	if (asm_struct(u, st->name))
		return arena_printf(a, "duplicate struct or union '%s'", st->name);
	*part = DECL_SIZE;
	if (st->size > UINT32_MAX / 8)  /* BTF member offsets count bits in 32 */
		return arena_printf(a, "struct '%s' is too large", st->name);
	*part = DECL_ALIGN;
	if (st->align == 0 || st->align > 8 || (st->align & (st->align - 1)))
		return arena_printf(a, "bad alignment %" PRIu32 " (1, 2, 4 or 8)", st->align);
	return NULL;
}

const char *asm_member_error(Arena *a, const AsmUnit *u, const AsmStruct *st,
			     const AsmMember *m, AsmDeclPart *part)
{
	*part = DECL_NAME;
	for (int i = 0; i < st->members.n; i++)
		if (!strcmp(((AsmMember *)st->members.v[i])->name, m->name))
			return arena_printf(a, "duplicate member '%s' in '%s'", m->name, st->name);
	*part = DECL_TYPE;
	uint32_t width = asm_member_width(u, m);
	if (!width)
		return arena_printf(a, "unknown member type '%s' (u8, u16, u32, u64 or a "
				    "struct declared before)", m->type);
	*part = DECL_NAME;
	uint64_t end = m->offset + (uint64_t)width * (m->count ? m->count : 1);
	if (end > st->size)
		return arena_printf(a, "member '%s' ends at byte %" PRIu64 ", past the end of "
				    "'%s' (size %" PRIu32 ")", m->name, end, st->name, st->size);
	return NULL;
}

/* .struct NAME size=N align=N [@L:C] and .union, members follow */
static void d_struct(Decl *d, Tok *t)
{
	Cur *c = d->c;
	before_progs(d, t);
	AsmStruct *st = arena_alloc(c->a, sizeof *st);
	st->is_union = is(t, ".union");
	Pos at[4];
	at[DECL_NAME] = peek(c)->pos;
	st->name = name(c, "a struct name");
	key(c, "size");
	at[DECL_SIZE] = peek(c)->pos;
	st->size = u32_field(c);
	key(c, "align");
	at[DECL_ALIGN] = peek(c)->pos;
	st->align = u32_field(c);
	AsmDeclPart part;
	const char *err = asm_struct_error(c->a, d->u, st, &part);
	if (err)
		error_at(at[part], "%s", err);
	st->pos = opt_at(c);
	vec_push(c->a, &d->u->structs, st);
}

/* The struct a member line `t` belongs to: the last of `structs`, which
 * the directives `parents` declare. */
static AsmStruct *member_parent(Decl *d, Tok *t, Vec *structs, const char *parents)
{
	before_progs(d, t);
	if (!structs->n)
		error_at(t->pos, "'%s' outside a %s", text(d->c, t), parents);
	return structs->v[structs->n - 1];
}

/* .member NAME TYPE offset=N [count=N], inside the last .struct/.union */
static void d_member(Decl *d, Tok *t)
{
	Cur *c = d->c;
	AsmStruct *st = member_parent(d, t, &d->u->structs, ".struct or .union");
	AsmMember *m = arena_alloc(c->a, sizeof *m);
	Pos at[4];
	at[DECL_NAME] = peek(c)->pos;
	m->name = name(c, "a member name");
	at[DECL_TYPE] = peek(c)->pos;
	m->type = name(c, "a member type (u8, u16, u32, u64 or a struct)");
	key(c, "offset");
	m->offset = u32_field(c);
	if (is(peek(c), "count")) {
		key(c, "count");
		m->count = u32_field(c);
		if (!m->count)
			error_at(at[DECL_TYPE], "member '%s': count=0", m->name);
	}
	AsmDeclPart part;
	const char *err = asm_member_error(c->a, d->u, st, m, &part);
	if (err)
		error_at(at[part], "%s", err);
	vec_push(c->a, &st->members, m);
}

/* .kstruct NAME size=N [@L:C] and .kunion, .kmember lines follow */
static void d_kstruct(Decl *d, Tok *t)
{
	Cur *c = d->c;
	before_progs(d, t);
	AsmStruct *st = arena_alloc(c->a, sizeof *st);
	st->is_union = is(t, ".kunion");
	Tok *at = peek(c);
	st->name = name(c, "a struct name");
	if (asm_kstruct(d->u, st->name))
		error_at(at->pos, "duplicate kernel struct or union '%s'", st->name);
	key(c, "size");
	at = peek(c);
	st->size = u32_field(c);
	if (st->size > UINT32_MAX / 8)  /* BTF member offsets count bits in 32 */
		error_at(at->pos, "struct '%s' is too large", st->name);
	st->pos = opt_at(c);
	vec_push(c->a, &d->u->kstructs, st);
}

/* A member type (docs/formats.md): INT, void (under *), *T, [N]T,
 * struct NAME, union NAME (declared before, unless under *), struct N
 * and union N (anonymous, N bytes), enum N [NAME]. */
static const AsmKType *ktype(Decl *d, int under_ptr)
{
	Cur *c = d->c;
	Tok *t = peek(c);
	AsmKType *k = arena_alloc(c->a, sizeof *k);
	if (accept(c, "*")) {
		k->kind = KT_PTR;
		k->elem = ktype(d, 1);
		return k;
	}
	if (accept(c, "[")) {
		k->kind = KT_ARRAY;
		k->count = u32_field(c);
		expect(c, "]");
		k->elem = ktype(d, 0);
		if (k->elem->kind == KT_VOID)
			error_at(t->pos, "an array of void");
		return k;
	}
	if (t->kind != T_WORD)
		error_at(t->pos, "expected a member type, got %s", show(c, t));
	const char *w = text(c, next(c));
	size_t n = strlen(w);
	if ((w[0] == 'u' || w[0] == 'i') && n > 1 && strspn(w + 1, "0123456789") == n - 1) {
		int bits = atoi(w + 1);
		if (bits != 8 && bits != 16 && bits != 32 && bits != 64 && bits != 128)
			error_at(t->pos, "unknown integer type '%s' (u8 ... u128, i8 ... i128)", w);
		k->kind = KT_INT;
		k->size = (uint32_t)bits / 8;
		k->is_signed = w[0] == 'i';
		return k;
	}
	if (!strcmp(w, "void")) {
		if (!under_ptr)
			error_at(t->pos, "void is a member type only behind a pointer (*void)");
		k->kind = KT_VOID;
		return k;
	}
	if (!strcmp(w, "enum")) {
		k->kind = KT_ENUM;
		Tok *st = peek(c);
		k->size = u32_field(c);
		if (k->size != 1 && k->size != 2 && k->size != 4 && k->size != 8)
			error_at(st->pos, "an enum of %" PRIu32 " bytes (1, 2, 4 or 8)", k->size);
		if (peek(c)->kind == T_WORD)
			k->name = name(c, "an enum name");
		return k;
	}
	if (strcmp(w, "struct") && strcmp(w, "union"))
		error_at(t->pos, "unknown member type '%s'", w);
	k->kind = w[0] == 's' ? KT_STRUCT : KT_UNION;
	Tok *nt = peek(c);
	if (nt->kind == T_INT) {
		k->size = u32_field(c);
		return k;
	}
	k->name = name(c, "a struct name");
	const AsmStruct *st = asm_kstruct(d->u, k->name);
	if (st && st->is_union != (k->kind == KT_UNION))
		error_at(nt->pos, "'%s' is declared as a %s", k->name,
			 st->is_union ? "union" : "struct");
	if (!st && !under_ptr)
		error_at(nt->pos, "%s '%s' is not declared before (.k%s), and only a "
			 "pointer may name an undeclared one", w, k->name, w);
	return k;
}

/* .kmember NAME offset=N TYPE, inside the last .kstruct/.kunion */
static void d_kmember(Decl *d, Tok *t)
{
	Cur *c = d->c;
	AsmStruct *st = member_parent(d, t, &d->u->kstructs, ".kstruct or .kunion");
	AsmMember *m = arena_alloc(c->a, sizeof *m);
	Tok *at = peek(c);
	m->name = name(c, "a member name");
	if (asm_kmember(st, m->name))
		error_at(at->pos, "duplicate member '%s' in '%s'", m->name, st->name);
	key(c, "offset");
	Tok *ot = peek(c);
	m->offset = u32_field(c);
	Tok *tt = peek(c);
	m->ktype = ktype(d, 0);
	const AsmMember *last = st->members.n ? st->members.v[st->members.n - 1] : NULL;
	if (last && m->offset < last->offset)
		error_at(ot->pos, "member '%s' at byte %" PRIu32 " comes after '%s' at byte "
			 "%" PRIu32 " (members are in the order of their offsets)",
			 m->name, m->offset, last->name, last->offset);
	if (st->is_union && m->offset)
		error_at(ot->pos, "a member of union '%s' at byte %" PRIu32, st->name, m->offset);
	uint64_t size = asm_ktype_size(d->u, m->ktype);
	if (m->offset + size > st->size)
		error_at(tt->pos, "member '%s' ends at byte %" PRIu64 ", past the end of "
			 "'%s' (size %" PRIu32 ")", m->name, m->offset + size, st->name, st->size);
	vec_push(c->a, &st->members, m);
}

static void d_prog(Decl *d, Tok *t)
{
	Cur *c = d->c;
	(void)t;
	AsmProg *p = arena_alloc(c->a, sizeof *p);
	p->name = name(c, "a program name");
	key(c, "type");
	p->type = keyword(c, "program type", known_prog);
	key(c, "section");
	p->section = string(c);
	p->pos = opt_at(c);
	d->prog = p;
}

/* KIND TYPE MEMBER: the words of a .core line (and of the ssa/mir core
 * instruction, which has them in the same order). */
static AsmCore *core_words(Cur *c)
{
	AsmCore *k = arena_alloc(c->a, sizeof *k);
	Tok *t = peek(c);
	if (t->kind != T_WORD)
		error_at(t->pos, "expected a CO-RE relocation kind (byte_off, byte_sz, "
			 "lshift_u64, ...), got %s", show(c, t));
	const char *w = text(c, next(c));
	k->kind = core_kind_by_name(w);
	if (!k->kind || !k->kind->field)
		error_at(t->pos, "unknown CO-RE field relocation '%s' (byte_off, byte_sz, "
			 "field_exists, signed, lshift_u64, rshift_u64)", w);
	k->type = name(c, "a kernel struct name");
	k->member = name(c, "a member name");
	expect_end(c, "the CO-RE relocation");
	return k;
}

static const struct {
	const char *name;
	void (*parse)(Decl *d, Tok *t);
} decls[] = {
	{".file", d_file}, {".license", d_license}, {".output", d_output}, {".map", d_map},
	{".prog", d_prog}, {".struct", d_struct}, {".union", d_struct},
	{".member", d_member}, {".kstruct", d_kstruct}, {".kunion", d_kstruct},
	{".kmember", d_kmember},
};

int asm_parse_decl(Arena *a, AsmUnit *u, int after_progs, const char *s,
		   const char *end, int line, AsmProg **prog)
{
	Cur c = {.a = a};
	lex(&c, s, end, line, true);
	Tok *t = peek(&c);
	size_t i = 0, n = sizeof decls / sizeof *decls;
	while (i < n && !is(t, decls[i].name))
		i++;
	if (i == n)
		return 0;
	next(&c);
	Decl d = {&c, u, after_progs, NULL};
	decls[i].parse(&d, t);
	expect_end(&c, arena_printf(a, "the %s directive", decls[i].name));
	*prog = d.prog;
	return 1;
}

AsmCore *asm_parse_core(Arena *a, const char *s, const char *end, int line)
{
	Cur c = {.a = a};
	lex(&c, s, end, line, false);
	expect(&c, ".core");
	return core_words(&c);
}

/* ================================================================ parser */

typedef struct {
	Cur *c;
	AsmUnit *u;
	AsmProg *prog;          /* current program, or NULL before the first */
	Pos loc;                /* current .loc */
	const AsmCore *core;    /* a .core waiting for its instruction */
	Pos core_at;            /* where that .core is */
} Parser;

/* A declaration, or .loc inside a program. */
static void directive(Parser *ps, const char *s, const char *end, int lineno)
{
	AsmProg *p = NULL;
	if (asm_parse_decl(ps->c->a, ps->u, ps->prog != NULL, s, end, lineno, &p)) {
		if (p) {
			vec_push(ps->c->a, &ps->u->progs, p);
			ps->prog = p;
			ps->loc = (Pos){0, 0};
		}
		return;
	}
	Cur *c = ps->c;
	Tok *t = next(c);
	if (is(t, ".core")) {
		if (!ps->prog)
			error_at(t->pos, "'.core' outside a .prog");
		if (ps->core)
			error_at(t->pos, "two .core lines for one instruction");
		ps->core = asm_parse_core(c->a, s, end, lineno);
		ps->core_at = t->pos;
		return;
	}
	if (!is(t, ".loc"))
		error_at(t->pos, "unknown directive %s", show(c, t));
	if (!ps->prog)
		error_at(t->pos, "'.loc' outside a .prog");
	ps->loc = line_col(c);
	expect_end(c, "the .loc directive");
}

/* The instruction after a .core takes it. */
static void take_core(Parser *ps, AsmLine *l)
{
	if (!ps->core)
		return;
	if (!l)
		error_at(ps->core_at, "a .core line must be followed by its instruction");
	const char *why = asm_core_insn_problem(l);
	if (why)
		error_at(l->line_pos, "%s", why);
	int64_t want;
	why = asm_core_value(ps->c->a, ps->u, ps->core, &want);
	if (why)
		error_at(ps->core_at, "%s", why);
	int64_t has = asm_core_insn_value(l);
	if (has != want)
		error_at(l->line_pos, "the instruction holds %" PRId64 ", but %s of %s.%s is "
			 "%" PRId64, has, ps->core->kind->name, ps->core->type,
			 ps->core->member, want);
	l->core = ps->core;
	ps->core = NULL;
}


static void header(const char *text, const char *eol)
{
	if ((size_t)(eol - text) == 5 && !memcmp(text, "#!asm", 5))
		return;
	Pos p = {1, 1};
	if (!strncmp(text, "\x7f" "ELF", 4))
		error_at(p, "expected #!asm input, got an ELF object");
	int n = 0;
	while (text + n < eol && !isspace((unsigned char)text[n]) && n < 40) {
		if (!isprint((unsigned char)text[n]))
			error_at(p, "expected #!asm input, got binary data");
		n++;
	}
	if (n == 0)
		error_at(p, "expected #!asm input, got %s",
			 *text ? "an empty first line" : "an empty file");
	error_at(p, "expected #!asm input, got %.*s", n, text);
}

static void line(Parser *ps, const char *s, const char *end, int lineno)
{
	Cur *c = ps->c;
	const char *p = s;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	lex(c, s, end, lineno, *p == '.');
	Tok *t = peek(c);
	if (t->kind == T_END)
		return;
	if (*p == '.') {
		if (ps->core && !is(t, ".loc") && !is(t, ".core"))
			take_core(ps, NULL);
		directive(ps, s, end, lineno);
		return;
	}
	if (t->kind == T_WORD && is(&c->tok[1], ":") && c->tok[2].kind == T_END) {
		if (!ps->prog)
			error_at(t->pos, "label outside a .prog");
		take_core(ps, NULL);
		AsmLine *l = arena_alloc(c->a, sizeof *l);
		l->kind = AL_LABEL;
		l->label = name(c, "a label");
		l->pos = ps->loc;
		l->line_pos = t->pos;
		vec_push(c->a, &ps->prog->lines, l);
		return;
	}
	if (!ps->prog)
		error_at(t->pos, "instruction outside a .prog");
	AsmLine *l = parse_insn(c);
	l->pos = ps->loc;
	take_core(ps, l);
	vec_push(c->a, &ps->prog->lines, l);
}

AsmUnit *asm_parse(Arena *a, const char *text)
{
	AsmUnit *u = arena_alloc(a, sizeof *u);
	Cur c = {.a = a};
	Parser ps = {.c = &c, .u = u};
	const char *eol = strchr(text, '\n');
	if (!eol)
		eol = text + strlen(text);
	header(text, eol);
	int lineno = 1;
	for (const char *s = *eol ? eol + 1 : eol; *s; ) {
		const char *e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		line(&ps, s, e, ++lineno);
		s = *e ? e + 1 : e;
	}
	take_core(&ps, NULL);
	return u;
}
