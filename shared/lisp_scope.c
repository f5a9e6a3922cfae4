/* lisp_scope.c: scopes of the run-time Lisp (lisp.h): a call whose
 * allocations can be given back when it returns, and the lists of the
 * builtins and special forms that may run in one. A builtin is listed
 * only when it stores nothing it was given into an older object (or into
 * C state) and keeps no pointer past its return; everything else keeps
 * the scope. */
#include "lisp.h"

/* Builtins of shared/ that keep nothing: arithmetic, predicates, list
 * and sequence functions that build new structure (not nconc, delete,
 * nreverse, sort, fill, mapcan ...), readers, printing (a string
 * stream's growth is watched in lisp_print.c), values. */
static const char *const scoped_builtins[] = {
	"+", "-", "*", "/", "floor", "ceiling", "truncate", "round", "mod", "rem", "ash",
	"logand", "logior", "logxor", "lognot", "logtest", "logbitp", "logcount",
	"integer-length", "byte", "byte-size", "byte-position", "ldb", "ldb-test",
	"mask-field", "dpb", "deposit-field", "1+", "1-", "abs", "min", "max", "signum",
	"expt", "gcd", "=", "/=", "<", ">", "<=", ">=", "zerop", "plusp", "minusp",
	"evenp", "oddp", "integerp", "numberp", "stringp", "symbolp", "keywordp",
	"consp", "listp", "atom", "null", "not", "endp", "functionp", "characterp",
	"eq", "eql", "equal", "equalp", "cons", "car", "cdr", "first", "rest", "caar",
	"cadr", "cdar", "cddr", "caddr", "cdddr", "cadddr", "cdadr", "caadr", "cddar",
	"cadar", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
	"ninth", "tenth", "nth", "nthcdr", "list", "list*", "make-list", "append",
	"list-length", "last", "butlast", "copy-list", "copy-tree", "acons", "getf",
	"funcall", "apply", "identity", "values", "values-list", "typep", "error",
	"symbol-name", "%check-integer",
	"find", "find-if", "find-if-not", "position", "position-if", "position-if-not",
	"count", "count-if", "count-if-not", "remove", "remove-if", "remove-if-not",
	"substitute", "substitute-if", "substitute-if-not", "remove-duplicates",
	"search", "mismatch", "length", "elt", "subseq", "copy-seq", "reverse",
	"reduce", "concatenate", "mapcar", "mapc", "maplist", "map", "some", "every",
	"notany", "notevery", "member", "member-if", "member-if-not", "assoc",
	"assoc-if", "rassoc", "rassoc-if", "union", "intersection", "set-difference",
	"subsetp", "adjoin",
	"make-array", "vector", "aref", "svref", "vectorp", "arrayp", "coerce",
	"string", "string-upcase", "string-downcase", "string-capitalize", "string=",
	"string-equal", "string<", "string>", "string<=", "string>=", "string/=",
	"string-lessp", "string-greaterp", "string-trim", "string-left-trim",
	"string-right-trim", "make-string", "char", "schar", "char-code", "char-int",
	"code-char", "char-upcase", "char-downcase", "char=", "char<", "char>",
	"char<=", "char>=", "char-equal", "alpha-char-p", "alphanumericp",
	"upper-case-p", "lower-case-p", "digit-char-p", "digit-char", "parse-integer",
	"format", "princ", "prin1", "print", "pprint", "write", "write-string",
	"write-line", "write-char", "terpri", "fresh-line", "finish-output",
	"force-output", "princ-to-string", "prin1-to-string", "write-to-string",
	"gethash", "hash-table-count", "hash-table-p", "hash-table-test", "sxhash",
	"sleep", "sleep-ms", "unix-time",
};

/* Special forms that store only into bindings (watched by lisp_assign)
 * and into what they make themselves. */
static const char *const scoped_forms[] = {
	"handler-case", "quote", "quasiquote", "unquote", "unquote-splicing",
	"function", "lambda", "if", "progn", "locally", "let", "let*", "flet",
	"labels", "setq", "setf", "block", "return-from", "unwind-protect", "%while",
	"destructuring-bind", "multiple-value-bind", "multiple-value-prog1",
	"multiple-value-call", "declare", "eval-when", "the", "loop", "%loop-run",
	"%loop-iterate", "loop-finish", "with-output-to-string",
};

void lisp_scoped_builtins(Lisp *L, const char *const *names, int n)
{
	for (int i = 0; i < n; i++) {
		Sx *f = symtab_get(&L->funs, intern(names[i]));
		if (f && f->kind == SX_FN && f->fn->builtin)
			f->fn->scoped = 1;
	}
}

void lisp_install_scopes(Lisp *L)
{
	lisp_scoped_builtins(L, scoped_builtins,
			     (int)(sizeof scoped_builtins / sizeof *scoped_builtins));
	for (unsigned i = 0; i < sizeof scoped_forms / sizeof *scoped_forms; i++)
		lisp_scoped_form(L, scoped_forms[i]);
}

void lisp_scope_enter(Lisp *L, LispScope *s, Arena *scratch)
{
	s->outer = L->a;
	s->up = L->scope;
	s->serial = ++L->scope_serial;
	s->kept = 0;
	s->assigned = (Vec){0};
	s->globals = (Vec){0};
	L->scope = s;
	L->a = scratch;
}

void lisp_scope_keep(Lisp *L)
{
	if (L->scope)
		L->scope->kept = 1;
}

void lisp_scope_assigned(Lisp *L, LispEnv *b, const char *name)
{
	LispScope *s = L->scope;
	if (s->kept)
		return;
	Vec *v = b ? &s->assigned : &s->globals;
	void *key = b ? (void *)b : (void *)name;
	for (int i = 0; i < v->n && i < 16; i++)
		if (v->v[v->n - 1 - i] == key)
			return;
	vec_push(L->a, v, key);        /* the list lives as long as the scope */
}

/* An integer, character or symbol is a value (eql compares what they
 * hold): a copy of it serves as well. */
static int is_value(const Sx *v)
{
	return v->kind == SX_INT || v->kind == SX_CHAR || v->kind == SX_SYM ||
	       v->kind == SX_NIL;
}

/* v, or a copy of it in the outer arena when it may be the scope's; NULL
 * for anything but a value, which may be shared. */
static Sx *outlive(Lisp *L, LispScope *s, Sx *v)
{
	if (v == L->nil || v == L->t)
		return v;
	if (!is_value(v))
		return NULL;
	Sx *c = arena_alloc(s->outer, sizeof *c);
	*c = *v;
	return c;
}

int lisp_scope_shared(Lisp *L, LispScope *s)
{
	if (s->kept)
		return 1;
	for (int i = 0; i < s->assigned.n; i++)
		if (!is_value(*lisp_env_value(s->assigned.v[i])))
			return 1;
	for (int i = 0; i < s->globals.n; i++) {
		Sx *v = lisp_global(L, s->globals.v[i]);
		if (v && !is_value(v))
			return 1;
	}
	return 0;
}

int lisp_scope_leave(Lisp *L, LispScope *s)
{
	for (int i = 0; i < s->assigned.n && !s->kept; i++) {
		Sx **slot = lisp_env_value(s->assigned.v[i]);
		Sx *c = outlive(L, s, *slot);
		if (c)
			*slot = c;
		else
			s->kept = 1;
	}
	for (int i = 0; i < s->globals.n && !s->kept; i++) {
		const char *name = s->globals.v[i];
		Sx *v = lisp_global(L, name), *c = v ? outlive(L, s, v) : NULL;
		if (c)
			lisp_set_global(L, name, c);
		else if (v)
			s->kept = 1;
	}
	L->scope = s->up;
	L->a = s->outer;
	if (s->kept && s->up)
		s->up->kept = 1;        /* the outer scope's memory holds it now */
	return !s->kept;
}

void lisp_scope_unwind(Lisp *L, LispScope *to)
{
	while (L->scope && L->scope != to) {
		LispScope *s = L->scope;
		s->kept = 1;
		L->scope = s->up;
		L->a = s->outer;
	}
	if (to)
		to->kept = 1;           /* what was left may refer into its memory */
}
