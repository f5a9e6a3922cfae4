/* lisp_loop.c: the `loop` macro of the compile-time Lisp, interpreted
 * directly: the clauses are parsed once, then run. Supported: named, with,
 * for/as (in on from upfrom downfrom to upto below downto above by, = then,
 * across, being the hash-keys/hash-values of ... using), repeat, while, until, always, never, thereis, collect append
 * nconc sum count maximize minimize (with into), do, when/if/unless with
 * and/else/end, return, initially, finally; and the simple (loop forms...). */
#include "lisp_lib.h"
#include <stdint.h>
#include <string.h>

typedef enum {
	C_FOR_IN, C_FOR_ON, C_FOR_NUM, C_FOR_EQ, C_FOR_ACROSS, C_FOR_HASH, C_REPEAT,
	C_WHILE, C_UNTIL, C_ALWAYS, C_NEVER, C_THEREIS, C_ACC, C_DO, C_COND,
	C_RETURN
} Kind;

typedef enum { A_COLLECT, A_APPEND, A_SUM, A_COUNT, A_MAX, A_MIN } Acc;

typedef struct Clause Clause;
struct Clause {
	Kind kind;
	Sx *var;                /* for: symbol or destructuring pattern */
	Sx *other;              /* for ... using (hash-value v): v */
	int values;             /* for ... being the hash-values */
	Sx *e1, *e2, *e3;       /* for: init / end / step; others: the form */
	Sx *forms;              /* do: list of forms */
	int down, inclusive, has_end;
	Acc acc;
	const char *into;       /* accumulation variable, NULL for the result */
	/* runtime */
	Sx *cur;                /* list tail / vector */
	int64_t num, end, step, count;
	/* conditional */
	int negate;
	Clause **then, **els;
	int nthen, nels;
};

typedef struct {
	Lisp *L;
	Sx *form;
	Sx *rest;               /* unparsed clauses */
	Pos p;
} Parser;

static const char *word(Sx *x)
{
	if (x->kind != SX_SYM)
		return NULL;
	return x->s[0] == ':' ? x->s + 1 : x->s;
}

static int is_word(Sx *x, const char *w)
{
	const char *s = word(x);
	return s && !strcmp(s, w);
}

static int at_end(Parser *P) { return P->rest->kind != SX_CONS; }

static Sx *take(Parser *P, const char *what)
{
	if (at_end(P))
		lisp_error(P->L, P->p, "loop: expected %s at the end of the clauses", what);
	Sx *x = P->rest->car;
	P->rest = P->rest->cdr;
	return x;
}

static int next_is(Parser *P, const char *w)
{
	if (!at_end(P) && is_word(P->rest->car, w)) {
		P->rest = P->rest->cdr;
		return 1;
	}
	return 0;
}

static Clause *new_clause(Parser *P, Kind k)
{
	Clause *c = arena_alloc(P->L->a, sizeof *c);
	c->kind = k;
	return c;
}

static const struct { const char *w; Acc acc; } acc_words[] = {
	{"collect", A_COLLECT}, {"collecting", A_COLLECT}, {"append", A_APPEND},
	{"appending", A_APPEND}, {"nconc", A_APPEND}, {"nconcing", A_APPEND},
	{"sum", A_SUM}, {"summing", A_SUM}, {"count", A_COUNT}, {"counting", A_COUNT},
	{"maximize", A_MAX}, {"maximizing", A_MAX}, {"minimize", A_MIN},
	{"minimizing", A_MIN},
};

static int is_clause_word(Sx *x)
{
	static const char *const words[] = {
		"for", "as", "with", "repeat", "while", "until", "always", "never",
		"thereis", "do", "doing", "when", "if", "unless", "return", "initially",
		"finally", "named", "else", "end", "and",
	};
	const char *s = word(x);
	if (!s)
		return 0;
	for (unsigned i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcmp(words[i], s))
			return 1;
	for (unsigned i = 0; i < sizeof acc_words / sizeof *acc_words; i++)
		if (!strcmp(acc_words[i].w, s))
			return 1;
	return 0;
}

static Clause *parse_clause(Parser *P);

/* A selectable clause inside when/if/unless: accumulation, do, return,
 * or a nested conditional. */
static Clause *parse_selectable(Parser *P)
{
	Clause *c = parse_clause(P);
	if (!c || c->kind <= C_REPEAT)
		lisp_error(P->L, P->p, "loop: a conditional needs a clause such as do or collect");
	return c;
}

static void parse_branch(Parser *P, Clause ***out, int *n)
{
	Vec v = {0};
	vec_push(P->L->a, &v, parse_selectable(P));
	while (next_is(P, "and"))
		vec_push(P->L->a, &v, parse_selectable(P));
	*out = (Clause **)v.v;
	*n = v.n;
}

/* for K being {the|each} {hash-key|hash-keys|hash-value|hash-values}
 * {of|in} TABLE [using ({hash-value|hash-key} OTHER)] */
static Clause *parse_hash(Parser *P)
{
	if (!next_is(P, "the"))
		next_is(P, "each");
	Sx *w = take(P, "hash-keys or hash-values");
	int values = is_word(w, "hash-value") || is_word(w, "hash-values");
	if (!values && !is_word(w, "hash-key") && !is_word(w, "hash-keys"))
		lisp_error(P->L, P->p, "loop: being %s is not supported (hash-keys and "
			   "hash-values are)", lisp_brief(P->L, w, 20));
	if (!next_is(P, "of") && !next_is(P, "in"))
		lisp_error(P->L, P->p, "loop: expected of or in after %s", word(w));
	Clause *c = new_clause(P, C_FOR_HASH);
	c->values = values;
	c->e1 = take(P, "a hash table");
	if (next_is(P, "using")) {
		Sx *u = take(P, "(hash-value VAR) or (hash-key VAR)");
		if (sx_length(u) != 2 || !is_word(u->car, values ? "hash-key" : "hash-value"))
			lisp_error(P->L, P->p, "loop: expected using (%s VAR)",
				   values ? "hash-key" : "hash-value");
		c->other = sx_nth(u, 1);
	}
	return c;
}

static Clause *parse_for(Parser *P)
{
	Sx *var = take(P, "a variable");
	Sx *w = take(P, "in, on, from, = or across");
	Clause *c;
	if (is_word(w, "in") || is_word(w, "on")) {
		c = new_clause(P, is_word(w, "in") ? C_FOR_IN : C_FOR_ON);
		c->e1 = take(P, "a list");
		if (next_is(P, "by"))
			c->e3 = take(P, "a step function");
	} else if (is_word(w, "across")) {
		c = new_clause(P, C_FOR_ACROSS);
		c->e1 = take(P, "a sequence");
	} else if (is_word(w, "being")) {
		c = parse_hash(P);
	} else if (is_word(w, "=")) {
		c = new_clause(P, C_FOR_EQ);
		c->e1 = take(P, "an initial value");
		if (next_is(P, "then"))
			c->e3 = take(P, "a step form");
	} else if (is_word(w, "from") || is_word(w, "upfrom") || is_word(w, "downfrom") ||
		   is_word(w, "to") || is_word(w, "upto") || is_word(w, "below") ||
		   is_word(w, "by")) {
		c = new_clause(P, C_FOR_NUM);
		c->down = is_word(w, "downfrom");
		if (is_word(w, "to") || is_word(w, "upto") || is_word(w, "below") ||
		    is_word(w, "by")) {
			/* (loop for i below n): counting up from 0 */
			c->e1 = lisp_int(P->L, 0);
			P->rest = lisp_cons(P->L, w, P->rest);
		} else {
			c->e1 = take(P, "a start value");
		}
		for (;;) {
			if (next_is(P, "to") || next_is(P, "upto")) {
				c->e2 = take(P, "an end value");
				c->inclusive = 1;
			} else if (next_is(P, "below")) {
				c->e2 = take(P, "an end value");
			} else if (next_is(P, "downto")) {
				c->e2 = take(P, "an end value");
				c->inclusive = c->down = 1;
			} else if (next_is(P, "above")) {
				c->e2 = take(P, "an end value");
				c->down = 1;
			} else if (next_is(P, "by")) {
				c->e3 = take(P, "a step");
			} else {
				break;
			}
		}
		c->has_end = c->e2 != NULL;
	} else {
		lisp_error(P->L, P->p, "loop: unsupported for clause '%s'",
			   lisp_brief(P->L, w, 20));
	}
	c->var = var;
	return c;
}

static Clause *parse_clause(Parser *P)
{
	Sx *w = take(P, "a clause");
	if (is_word(w, "for") || is_word(w, "as"))
		return parse_for(P);
	if (is_word(w, "repeat")) {
		Clause *c = new_clause(P, C_REPEAT);
		c->e1 = take(P, "a count");
		return c;
	}
	static const struct { const char *w; Kind k; } tests[] = {
		{"while", C_WHILE}, {"until", C_UNTIL}, {"always", C_ALWAYS},
		{"never", C_NEVER}, {"thereis", C_THEREIS}, {"return", C_RETURN},
	};
	for (unsigned i = 0; i < sizeof tests / sizeof *tests; i++)
		if (is_word(w, tests[i].w)) {
			Clause *c = new_clause(P, tests[i].k);
			c->e1 = take(P, "a form");
			return c;
		}
	for (unsigned i = 0; i < sizeof acc_words / sizeof *acc_words; i++)
		if (is_word(w, acc_words[i].w)) {
			Clause *c = new_clause(P, C_ACC);
			c->acc = acc_words[i].acc;
			c->e1 = take(P, "a form");
			if (next_is(P, "into")) {
				Sx *v = take(P, "a variable");
				if (v->kind != SX_SYM)
					lisp_error(P->L, P->p, "loop: into needs a variable");
				c->into = v->s;
			}
			return c;
		}
	if (is_word(w, "do") || is_word(w, "doing")) {
		Clause *c = new_clause(P, C_DO);
		Sx *head = NULL, **tail = &head;
		while (!at_end(P) && P->rest->car->kind == SX_CONS) {
			*tail = lisp_cons(P->L, take(P, "a form"), NULL);
			tail = &(*tail)->cdr;
		}
		*tail = lisp_nil(P->L);
		if (head->kind == SX_NIL)
			lisp_error(P->L, P->p, "loop: do needs at least one compound form");
		c->forms = head;
		return c;
	}
	if (is_word(w, "when") || is_word(w, "if") || is_word(w, "unless")) {
		Clause *c = new_clause(P, C_COND);
		c->negate = is_word(w, "unless");
		c->e1 = take(P, "a test");
		parse_branch(P, &c->then, &c->nthen);
		if (next_is(P, "else"))
			parse_branch(P, &c->els, &c->nels);
		next_is(P, "end");
		return c;
	}
	lisp_error(P->L, P->p, "loop: unknown clause '%s'", lisp_brief(P->L, w, 30));
}

/* ---- running ---- */

typedef struct {
	Lisp *L;
	LispEnv *env;
	Sx *result, **tail;     /* default accumulation list */
	int64_t num;            /* default numeric accumulation */
	int have_num, is_num;
	const char *block;
	Pos p;
} Run;

typedef struct {
	Run *R;
	Vec *clauses;
	Sx *finally;
} LoopState;

static void bind_vars(Run *R, Sx *pattern)
{
	if (pattern->kind == SX_SYM) {
		if (strcmp(pattern->s, "nil"))
			R->env = lisp_bind(R->L, R->env, pattern->s, lisp_nil(R->L));
		return;
	}
	for (; pattern->kind == SX_CONS; pattern = pattern->cdr)
		bind_vars(R, pattern->car);
	if (pattern->kind == SX_SYM)
		bind_vars(R, pattern);
}

static void assign(Run *R, Sx *pattern, Sx *v)
{
	if (pattern->kind == SX_SYM) {
		if (strcmp(pattern->s, "nil"))
			lisp_assign(R->L, R->env, pattern, v);
		return;
	}
	for (; pattern->kind == SX_CONS; pattern = pattern->cdr) {
		assign(R, pattern->car, v->kind == SX_CONS ? v->car : lisp_nil(R->L));
		v = v->kind == SX_CONS ? v->cdr : v;
	}
	if (pattern->kind == SX_SYM)
		assign(R, pattern, v);
}

static Sx *ev(Run *R, Sx *x) { return lisp_eval_in(R->L, x, R->env); }

static void accumulate(Run *R, Clause *c, Sx *v)
{
	Lisp *L = R->L;
	if (c->into) {
		Sx *sym = sx_sym(L->a, c->into, R->p);
		Sx *old = lisp_eval_in(L, sym, R->env);
		Sx *nv;
		switch (c->acc) {
		case A_COLLECT:
		case A_APPEND: {
			Sx *add = c->acc == A_COLLECT ? lisp_cons(L, v, lisp_nil(L)) : v;
			Sx *args[2] = {old, add};
			nv = lisp_funcall(L, lisp_eval(L, sx_list(L->a, R->p, 2,
				sx_sym(L->a, intern("function"), R->p),
				sx_sym(L->a, intern("append"), R->p))), args, 2, R->p);
			break;
		}
		default: {
			int64_t o = lisp_true(old) ? lisp_get_int(L, old, R->p, "loop") : 0;
			int64_t x = c->acc == A_COUNT ? lisp_true(v) : lisp_get_int(L, v, R->p, "loop");
			int64_t r = c->acc == A_MAX ? (lisp_true(old) && o > x ? o : x) :
				    c->acc == A_MIN ? (lisp_true(old) && o < x ? o : x) :
				    (int64_t)((uint64_t)o + (uint64_t)x);   /* wraps, as + does */
			nv = lisp_int(L, r);
		}
		}
		lisp_assign(L, R->env, sym, nv);
		return;
	}
	switch (c->acc) {
	case A_COLLECT:
		*R->tail = lisp_cons(L, v, lisp_nil(L));
		R->tail = &(*R->tail)->cdr;
		break;
	case A_APPEND:
		for (; v->kind == SX_CONS; v = v->cdr) {
			*R->tail = lisp_cons(L, v->car, lisp_nil(L));
			R->tail = &(*R->tail)->cdr;
		}
		break;
	default: {
		R->is_num = 1;
		int64_t x = c->acc == A_COUNT ? lisp_true(v) : lisp_get_int(L, v, R->p, "loop");
		if (c->acc == A_MAX)
			R->num = R->have_num && R->num > x ? R->num : x;
		else if (c->acc == A_MIN)
			R->num = R->have_num && R->num < x ? R->num : x;
		else
			R->num = (int64_t)((uint64_t)R->num + (uint64_t)x);     /* wraps, as + does */
		R->have_num = 1;
	}
	}
}

static int has_numeric_acc(Clause *c)
{
	if (c->kind == C_ACC)
		return !c->into && c->acc != A_COLLECT && c->acc != A_APPEND;
	for (int i = 0; i < c->nthen; i++)
		if (has_numeric_acc(c->then[i]))
			return 1;
	for (int i = 0; i < c->nels; i++)
		if (has_numeric_acc(c->els[i]))
			return 1;
	return 0;
}

static Sx *result(Run *R)
{
	if (R->is_num)
		return R->have_num ? lisp_int(R->L, R->num) : lisp_int(R->L, 0);
	return R->result;
}

/* Run one body clause; returns 0 to stop the loop normally. */
static int exec(Run *R, Clause *c)
{
	Lisp *L = R->L;
	switch (c->kind) {
	case C_WHILE:
		return lisp_true(ev(R, c->e1));
	case C_UNTIL:
		return !lisp_true(ev(R, c->e1));
	case C_ALWAYS:
		if (!lisp_true(ev(R, c->e1)))
			lisp_return_from(L, R->block, lisp_nil(L), R->p);
		R->result = lisp_t(L);
		return 1;
	case C_NEVER:
		if (lisp_true(ev(R, c->e1)))
			lisp_return_from(L, R->block, lisp_nil(L), R->p);
		R->result = lisp_t(L);
		return 1;
	case C_THEREIS: {
		Sx *v = ev(R, c->e1);
		if (lisp_true(v))
			lisp_return_from(L, R->block, v, R->p);
		return 1;
	}
	case C_ACC:
		accumulate(R, c, ev(R, c->e1));
		return 1;
	case C_DO:
		for (Sx *f = c->forms; f->kind == SX_CONS; f = f->cdr)
			ev(R, f->car);
		return 1;
	case C_RETURN:
		lisp_return_from(L, R->block, ev(R, c->e1), R->p);
	case C_COND: {
		int t = lisp_true(ev(R, c->e1));
		if (c->negate)
			t = !t;
		Clause **b = t ? c->then : c->els;
		int n = t ? c->nthen : c->nels;
		for (int i = 0; i < n; i++)
			if (!exec(R, b[i]))
				return 0;
		return 1;
	}
	default:
		return 1;
	}
}

/* Initialise (first) or step a for/repeat clause; 0 when it is exhausted. */
static int iterate(Run *R, Clause *c, int first)
{
	Lisp *L = R->L;
	switch (c->kind) {
	case C_FOR_IN:
	case C_FOR_ON:
		if (first) {
			c->cur = ev(R, c->e1);
		} else if (c->e3) {
			Sx *fn = ev(R, c->e3);
			c->cur = lisp_funcall(L, fn, &c->cur, 1, R->p);
		} else {
			c->cur = c->cur->kind == SX_CONS ? c->cur->cdr : c->cur;
		}
		if (c->cur->kind != SX_CONS)
			return 0;
		assign(R, c->var, c->kind == C_FOR_IN ? c->cur->car : c->cur);
		return 1;
	case C_FOR_ACROSS:
		if (first) {
			c->cur = ev(R, c->e1);
			c->num = 0;
		} else {
			c->num++;
		}
		if (c->cur->kind == SX_STR) {
			if ((size_t)c->num >= c->cur->len)
				return 0;
			assign(R, c->var, lisp_char(L, (unsigned char)c->cur->s[c->num]));
			return 1;
		} else if (lisp_object(c->cur, LISP_VECTOR)) {
			if (c->num >= c->cur->fn->nitems)
				return 0;
			assign(R, c->var, lisp_vec_ref(L, c->cur->fn, (int)c->num));
			return 1;
		} else {
			Sx *l = c->cur;
			for (int64_t i = 0; i < c->num && l->kind == SX_CONS; i++)
				l = l->cdr;
			if (l->kind != SX_CONS)
				return 0;
			assign(R, c->var, l->car);
			return 1;
		}
	case C_FOR_HASH:        /* the entries when the loop starts */
		c->cur = first ? lisp_hash_entries(L, ev(R, c->e1), R->p) : c->cur->cdr;
		if (c->cur->kind != SX_CONS)
			return 0;
		assign(R, c->var, c->values ? c->cur->car->cdr : c->cur->car->car);
		if (c->other)
			assign(R, c->other, c->values ? c->cur->car->car : c->cur->car->cdr);
		return 1;
	case C_FOR_EQ:
		assign(R, c->var, first || !c->e3 ? ev(R, c->e1) : ev(R, c->e3));
		return 1;
	case C_FOR_NUM:
		if (first) {
			c->num = lisp_get_int(L, ev(R, c->e1), R->p, "loop");
			if (c->e2)
				c->end = lisp_get_int(L, ev(R, c->e2), R->p, "loop");
			c->step = c->e3 ? lisp_get_int(L, ev(R, c->e3), R->p, "loop") : 1;
			if (c->step <= 0)
				lisp_error(L, R->p, "loop: the step must be positive");
		} else if (c->down ? __builtin_sub_overflow(c->num, c->step, &c->num) :
			   __builtin_add_overflow(c->num, c->step, &c->num)) {
			return 0;       /* past every integer: past any end too */
		}
		if (c->has_end) {
			if (c->down ? (c->inclusive ? c->num < c->end : c->num <= c->end) :
				      (c->inclusive ? c->num > c->end : c->num >= c->end))
				return 0;
		}
		assign(R, c->var, lisp_int(L, c->num));
		return 1;
	case C_REPEAT:
		if (first)
			c->count = lisp_get_int(L, ev(R, c->e1), R->p, "loop");
		else
			c->count--;
		return c->count > 0;
	default:
		return 1;
	}
}

Sx *lisp_loop(Lisp *L, Sx *form, LispEnv *env)
{
	Pos p = form->pos.line ? form->pos : L->pos;
	Sx *body = form->cdr;
	/* simple loop: (loop form...) repeats forever, leave with return */
	if (body->kind == SX_CONS && body->car->kind == SX_CONS) {
		Sx *wrapped = lisp_cons(L, sx_sym(L->a, intern("%while"), p),
					lisp_cons(L, lisp_t(L), body));
		return lisp_block(L, intern("nil"), lisp_cons(L, wrapped, lisp_nil(L)), env);
	}
	Parser P = {L, form, body, p};
	const char *block = intern("nil");
	Vec clauses = {0}, withs = {0};
	Sx *initially = lisp_nil(L), *finally = lisp_nil(L);
	Sx **itail = &initially, **ftail = &finally;
	while (!at_end(&P)) {
		Sx *w = P.rest->car;
		if (is_word(w, "named")) {
			take(&P, "named");
			Sx *n = take(&P, "a block name");
			block = n->kind == SX_SYM ? n->s : block;
		} else if (is_word(w, "with")) {
			take(&P, "with");
			do {
				Sx *var = take(&P, "a variable");
				Sx *init = NULL;
				if (next_is(&P, "="))
					init = take(&P, "a value");
				vec_push(L->a, &withs, var);
				vec_push(L->a, &withs, init);
			} while (next_is(&P, "and"));
		} else if (is_word(w, "initially") || is_word(w, "finally")) {
			int fin = is_word(w, "finally");
			take(&P, "initially");
			while (!at_end(&P) && P.rest->car->kind == SX_CONS) {
				Sx *f = take(&P, "a form");
				Sx ***t = fin ? &ftail : &itail;
				**t = lisp_cons(L, f, lisp_nil(L));
				*t = &(**t)->cdr;
			}
		} else if (!is_clause_word(w)) {
			lisp_error(L, p, "loop: unknown clause '%s'", lisp_brief(L, w, 30));
		} else {
			vec_push(L->a, &clauses, parse_clause(&P));
		}
	}
	Run R = {L, env, NULL, NULL, 0, 0, 0, block, p};
	R.result = lisp_nil(L);
	R.tail = &R.result;
	/* sum, count, maximize, minimize without into return 0 when nothing
	 * was accumulated, as in SBCL */
	for (int i = 0; i < clauses.n; i++)
		R.is_num |= has_numeric_acc(clauses.v[i]);
	for (int i = 0; i < withs.n; i += 2) {
		Sx *var = withs.v[i], *init = withs.v[i + 1];
		Sx *v = init ? lisp_eval_in(L, init, R.env) : lisp_nil(L);
		if (var->kind != SX_SYM)
			lisp_error(L, p, "loop: with needs a variable");
		R.env = lisp_bind(L, R.env, var->s, v);
	}
	for (int i = 0; i < clauses.n; i++) {
		Clause *c = clauses.v[i];
		if (c->var)
			bind_vars(&R, c->var);
		if (c->other)
			bind_vars(&R, c->other);
	}
	/* into variables start as nil (lists) or 0 (numbers) */
	for (int i = 0; i < clauses.n; i++) {
		Clause *c = clauses.v[i];
		Clause *stack[64];
		int sp = 0;
		stack[sp++] = c;
		while (sp) {
			Clause *d = stack[--sp];
			if (d->kind == C_ACC && d->into) {
				Sx *init = d->acc == A_COLLECT || d->acc == A_APPEND ? lisp_nil(L) :
					   d->acc == A_SUM || d->acc == A_COUNT ? lisp_int(L, 0) :
					   lisp_nil(L);
				R.env = lisp_bind(L, R.env, d->into, init);
			}
			for (int k = 0; k < d->nthen && sp < 63; k++)
				stack[sp++] = d->then[k];
			for (int k = 0; k < d->nels && sp < 63; k++)
				stack[sp++] = d->els[k];
		}
	}
	/* Run inside a block so that return and named blocks work; the body
	 * is a special %loop-run form handled below. */
	for (Sx *f = initially; f->kind == SX_CONS; f = f->cdr)
		lisp_eval_in(L, f->car, R.env);
	Sx *runner = lisp_cons(L, sx_sym(L->a, intern("%loop-run"), p), lisp_nil(L));
	/* the clause state travels in a global slot read by %loop-run */
	LoopState st = {&R, &clauses, finally};
	Sx *holder = lisp_int(L, (int64_t)(intptr_t)&st);
	runner->cdr = lisp_cons(L, holder, lisp_nil(L));
	return lisp_block(L, block, lisp_cons(L, runner, lisp_nil(L)), R.env);
}

/* The iterations of a parsed loop, until a clause ends it; run inside a
 * block that (loop-finish) returns from. */
static Sx *loop_iterate(Lisp *L, Sx *form, LispEnv *env)
{
	(void)env;
	LoopState *st = (void *)(intptr_t)form->cdr->car->i;
	Run *R = st->R;
	Vec *clauses = st->clauses;
	if (clauses->n == 0)
		lisp_error(L, R->p, "loop: no clauses");
	for (int first = 1;; first = 0)
		for (int i = 0; i < clauses->n; i++) {
			Clause *c = clauses->v[i];
			int go = c->kind <= C_REPEAT ? iterate(R, c, first) : exec(R, c);
			if (!go)
				return lisp_nil(L);
		}
}

/* The body of a parsed loop, evaluated inside its block. */
static Sx *loop_run(Lisp *L, Sx *form, LispEnv *env)
{
	LoopState *st = (void *)(intptr_t)form->cdr->car->i;
	Run *R = st->R;
	Sx *iter = lisp_cons(L, sx_sym(L->a, intern("%loop-iterate"), R->p), form->cdr);
	lisp_block(L, intern("%loop-finish"), lisp_cons(L, iter, lisp_nil(L)), env);
	for (Sx *f = st->finally; f->kind == SX_CONS; f = f->cdr)
		lisp_eval_in(L, f->car, R->env);
	return result(R);
}

/* (loop-finish): leave the innermost loop normally, through its finally */
static Sx *loop_finish(Lisp *L, Sx *form, LispEnv *env)
{
	(void)env;
	lisp_return_from(L, intern("%loop-finish"), lisp_nil(L), form->pos);
}

void lisp_install_loop(Lisp *L)
{
	lisp_defspecial(L, "%loop-run", loop_run);
	lisp_defspecial(L, "%loop-iterate", loop_iterate);
	lisp_defspecial(L, "loop-finish", loop_finish);
}
