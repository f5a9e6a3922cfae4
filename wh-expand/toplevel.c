/* toplevel.c: the top-level forms of a Whistler file (in-package,
 * defconstant, defmap, defprog) and the constants every program sees. */
#include "expand.h"
#include <stdarg.h>
#include <string.h>

/* Constants the language predefines (return codes, map update flags). */
static const struct { const char *name; int64_t value; } builtin_constants[] = {
	{"xdp_aborted", 0}, {"xdp_drop", 1}, {"xdp_pass", 2}, {"xdp_tx", 3},
	{"xdp_redirect", 4},
	{"tc_act_ok", 0}, {"tc_act_shot", 2}, {"tc_act_unspec", -1},
	{"tc_act_redirect", 7},
	{"bpf_any", 0}, {"bpf_noexist", 1}, {"bpf_exist", 2},
	{"sk_pass", 1}, {"sk_drop", 0},
};

Sx *sym(Expander *e, const char *name, Pos p) { return sx_sym(e->a, name, p); }
Sx *num(Expander *e, int64_t v, Pos p) { return sx_int(e->a, v, p); }

Sx *list(Expander *e, Pos p, int n, ...)
{
	Sx *items[16];
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		items[i] = va_arg(ap, Sx *);
	va_end(ap);
	Sx *l = sx_nil(e->a, p);
	for (int i = n - 1; i >= 0; i--)
		l = sx_cons(e->a, items[i], l, p);
	return l;
}

const char *c_identifier(Expander *e, const char *lisp_name)
{
	char *s = arena_strdup(e->a, lisp_name);
	for (char *c = s; *c; c++)
		if (*c == '-')
			*c = '_';
	return intern(s);
}

void define_accessor(Expander *e, const Accessor *acc)
{
	Accessor *copy = arena_alloc(e->a, sizeof *copy);
	*copy = *acc;
	symtab_put(&e->accessors, acc->name, copy);
}

const Accessor *find_accessor(Expander *e, const char *name)
{
	return symtab_get(&e->accessors, name);
}

void define_constant(Expander *e, const char *name, int64_t value, Pos p)
{
	(void)p;
	Constant *c = arena_alloc(e->a, sizeof *c);
	c->name = name;
	c->value = value;
	vec_push(e->a, &e->constants, c);
}

MapDecl *find_map(Expander *e, const char *lisp_name)
{
	for (int i = 0; i < e->maps.n; i++) {
		MapDecl *m = e->maps.v[i];
		if (m->lisp_name == lisp_name)
			return m;
	}
	return NULL;
}

int lookup_constant(Expander *e, const char *name, int64_t *v)
{
	for (int i = e->constants.n - 1; i >= 0; i--) {
		Constant *c = e->constants.v[i];
		if (c->name == name) {
			*v = c->value;
			return 1;
		}
	}
	for (unsigned i = 0; i < sizeof builtin_constants / sizeof *builtin_constants; i++)
		if (!strcmp(builtin_constants[i].name, name)) {
			*v = builtin_constants[i].value;
			return 1;
		}
	return 0;
}

int64_t const_eval(Expander *e, Sx *x, const char *what)
{
	int64_t v;
	if (x->kind == SX_INT)
		return x->i;
	if (x->kind == SX_SYM && lookup_constant(e, x->s, &v))
		return v;
	if (x->kind == SX_CONS && x->car->kind == SX_SYM) {
		const char *op = x->car->s;
		int n = sx_length(x) - 1;
		if (n >= 1 && (!strcmp(op, "+") || !strcmp(op, "*") ||
			       !strcmp(op, "-") || !strcmp(op, "logior") ||
			       !strcmp(op, "logand"))) {
			uint64_t acc = (uint64_t)const_eval(e, sx_nth(x, 1), what);
			if (n == 1 && !strcmp(op, "-"))
				return (int64_t)-acc;
			for (int i = 2; i <= n; i++) {
				uint64_t b = (uint64_t)const_eval(e, sx_nth(x, i), what);
				switch (op[0]) {
				case '+': acc += b; break;
				case '*': acc *= b; break;
				case '-': acc -= b; break;
				default: acc = op[3] == 'i' ? acc | b : acc & b; break;
				}
			}
			return (int64_t)acc;
		}
	}
	error_at(x->pos, "%s must be a constant expression, not %s", what,
		 sx_brief(e->a, x, 40));
}

/* Keyword arguments: (:key value ...) from `args`, checked against `known`. */
typedef struct {
	const char *key;        /* without the colon */
	Sx *value;
} KeyArg;

static void parse_keys(Expander *e, Sx *args, KeyArg *keys, int nkeys,
		       const char *form)
{
	for (Sx *l = args; l->kind == SX_CONS; l = l->cdr->kind == SX_CONS ? l->cdr->cdr : l->cdr) {
		Sx *k = l->car;
		if (k->kind != SX_SYM || k->s[0] != ':')
			error_at(k->pos, "%s: expected a keyword, got %s", form,
				 sx_brief(e->a, k, 30));
		if (l->cdr->kind != SX_CONS)
			error_at(k->pos, "%s: keyword %s has no value", form, k->s);
		int found = 0;
		for (int i = 0; i < nkeys; i++)
			if (!strcmp(keys[i].key, k->s + 1)) {
				if (keys[i].value)
					error_at(k->pos, "%s: %s given twice", form, k->s);
				keys[i].value = l->cdr->car;
				found = 1;
			}
		if (!found)
			error_at(k->pos, "%s: unknown option %s", form, k->s);
	}
}

static const char *keyword_name(Expander *e, Sx *x, const char *what)
{
	if (x->kind != SX_SYM || x->s[0] != ':')
		error_at(x->pos, "%s must be a keyword, not %s", what, sx_brief(e->a, x, 30));
	return x->s + 1;
}

static void defmap(Expander *e, Sx *form)
{
	Sx *name = sx_nth(form, 1);
	if (!name || name->kind != SX_SYM)
		error_at(form->pos, "defmap needs a map name");
	if (find_map(e, name->s))
		error_at(form->pos, "map %s is defined twice", name->s);
	KeyArg k[] = {{"type", 0}, {"key-size", 0}, {"value-size", 0},
		      {"max-entries", 0}, {"map-flags", 0}};
	parse_keys(e, form->cdr->cdr, k, 5, "defmap");
	if (!k[0].value)
		error_at(form->pos, "defmap %s: :type is required", name->s);
	if (!k[3].value)
		error_at(form->pos, "defmap %s: :max-entries is required", name->s);
	const char *tname = keyword_name(e, k[0].value, ":type");
	MapDecl *m = arena_alloc(e->a, sizeof *m);
	m->type = map_type_by_keyword(tname);
	if (!m->type)
		error_at(k[0].value->pos, "defmap %s: unknown map type :%s", name->s, tname);
	m->lisp_name = name->s;
	m->c_name = c_identifier(e, name->s);
	m->pos = form->pos;
	m->max_entries = const_eval(e, k[3].value, ":max-entries");
	m->flags = k[4].value ? const_eval(e, k[4].value, ":map-flags") : 0;
	if (m->type->needs_sizes) {
		if (!k[1].value || !k[2].value)
			error_at(form->pos, "defmap %s: :key-size and :value-size are "
				 "required for :%s maps", name->s, tname);
		m->key_size = const_eval(e, k[1].value, ":key-size");
		m->value_size = const_eval(e, k[2].value, ":value-size");
		if (m->key_size <= 0 || m->value_size <= 0)
			error_at(form->pos, "defmap %s: key and value sizes must be positive",
				 name->s);
	} else {
		if (k[1].value || k[2].value)
			error_at(form->pos, "defmap %s: :%s maps take no key or value size",
				 name->s, tname);
		int64_t n = m->max_entries;
		if (n <= 0 || (n & (n - 1)))
			error_at(k[3].value->pos, "defmap %s: ring buffer :max-entries must be a "
				 "power of two, not %lld", name->s, (long long)n);
	}
	if (m->max_entries <= 0 || m->max_entries > 0xffffffffLL)
		error_at(k[3].value->pos, "defmap %s: :max-entries out of range", name->s);
	vec_push(e->a, &e->maps, m);
	Pos p = form->pos;
	vec_push(e->a, &e->out,
		 sx_cons(e->a, sym(e, "map", p), sx_cons(e->a, sym(e, m->c_name, p),
		 sx_list(e->a, p, 10,
			 sym(e, ":type", p), sym(e, tname, p),
			 sym(e, ":key-size", p), num(e, m->key_size, p),
			 sym(e, ":value-size", p), num(e, m->value_size, p),
			 sym(e, ":max-entries", p), num(e, m->max_entries, p),
			 sym(e, ":map-flags", p), num(e, m->flags, p)), p), p));
}

static void defprog(Expander *e, Sx *form)
{
	Sx *name = sx_nth(form, 1);
	Sx *opts = sx_nth(form, 2);
	if (!name || name->kind != SX_SYM)
		error_at(form->pos, "defprog needs a program name");
	if (!opts || !sx_is_list(opts))
		error_at(form->pos, "defprog %s needs an option list, e.g. (:type :xdp)",
			 name->s);
	KeyArg k[] = {{"type", 0}, {"section", 0}, {"license", 0}};
	parse_keys(e, opts, k, 3, "defprog");
	const char *tname = k[0].value ? keyword_name(e, k[0].value, ":type") : "xdp";
	const ProgTypeInfo *pt = prog_type_by_keyword(tname);
	if (!pt)
		error_at(k[0].value->pos, "defprog %s: unknown program type :%s",
			 name->s, tname);
	const char *section = pt->default_section;
	if (k[1].value && !sx_is(k[1].value, intern("nil"))) {
		if (k[1].value->kind != SX_STR || !k[1].value->len)
			error_at(k[1].value->pos, "defprog %s: :section must be a string",
				 name->s);
		section = k[1].value->s;
	}
	const char *license = "GPL";
	if (k[2].value) {
		if (k[2].value->kind != SX_STR)
			error_at(k[2].value->pos, "defprog %s: :license must be a string",
				 name->s);
		license = k[2].value->s;
	}
	if (e->license && strcmp(e->license, license))
		error_at(form->pos, "defprog %s: license \"%s\" differs from \"%s\" "
			 "given earlier; an object has one license", name->s,
			 license, e->license);
	if (!e->license) {
		e->license = license;
		e->license_pos = form->pos;
	}
	e->prog_type = pt;
	e->scope = NULL;
	Pos p = form->pos;
	Sx *body = expand_body(e, form->cdr->cdr->cdr, p);
	vec_push(e->a, &e->out,
		 sx_list(e->a, p, 7, sym(e, "prog", p),
			 sym(e, c_identifier(e, name->s), p),
			 sym(e, ":type", p), sym(e, tname, p),
			 sym(e, ":section", p), sx_str(e->a, section, strlen(section), p),
			 body));
}

static void defconstant(Expander *e, Sx *form)
{
	Sx *name = sx_nth(form, 1), *val = sx_nth(form, 2);
	if (!name || name->kind != SX_SYM || !val)
		error_at(form->pos, "defconstant needs a name and a value");
	Constant *c = arena_alloc(e->a, sizeof *c);
	c->name = name->s;
	c->value = const_eval(e, val, "a defconstant value");
	vec_push(e->a, &e->constants, c);
}

/* Strip a package prefix the compiler knows (whistler:defstruct). */
static const char *unqualified(const char *s)
{
	static const char *const pkgs[] = {"whistler:", "whistler::", "cl:", "common-lisp:"};
	for (unsigned i = 0; i < sizeof pkgs / sizeof *pkgs; i++) {
		size_t n = strlen(pkgs[i]);
		if (!strncmp(s, pkgs[i], n))
			return intern(s + n);
	}
	return s;
}

void expand_toplevel(Expander *e, Sx *form)
{
	if (form->kind != SX_CONS || form->car->kind != SX_SYM)
		error_at(form->pos, "expected a top-level form such as (defprog ...), "
			 "got %s", sx_brief(e->a, form, 40));
	const char *head = unqualified(form->car->s);
	if (!strcmp(head, "in-package") || !strcmp(head, "compile-to-elf"))
		return;
	if (!strcmp(head, "defmap"))
		defmap(e, form);
	else if (!strcmp(head, "defprog"))
		defprog(e, form);
	else if (!strcmp(head, "defconstant"))
		defconstant(e, form);
	else if (!strcmp(head, "deftracepoint"))
		expand_deftracepoint(e, form);
	else if (!strcmp(head, "import-kernel-struct"))
		expand_import_kernel_struct(e, form);
	else
		error_at(form->pos, "unknown top-level form '%s'", form->car->s);
}
