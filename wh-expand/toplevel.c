/* toplevel.c: the top-level forms of a Whistler file (in-package,
 * compile-to-elf, defconstant, defmap, defprog; the compile-time Lisp's
 * defmacro, defun, defvar ...; top-level macro calls) and the assembly of
 * the core file they produce. */
#include "expand.h"
#include "suggest.h"
#include "sxtab.h"
#include <stdio.h>
#include <string.h>

extern const SxTable wh_prelude;       /* prelude.lisp, read at build time */

Sx *sym(Expander *e, const char *name, Pos p) { return sx_sym(e->a, intern(name), p); }
Sx *num(Expander *e, int64_t v, Pos p) { return sx_int(e->a, v, p); }

Sx *list_v(Expander *e, Pos p, int n, Sx **items, int count)
{
	if (n != count)
		bug("list of %d items built with a count of %d", count, n);
	Sx *l = sx_nil(e->a, p);
	for (int i = n - 1; i >= 0; i--)
		l = sx_cons(e->a, items[i], l, p);
	return l;
}

const char *c_identifier(Expander *e, const char *lisp_name)
{
	return intern(name_c(e->a, lisp_name));
}

const char *gensym(Expander *e, const char *base)
{
	return intern(arena_printf(e->a, "%s#%d", base, ++e->lisp->gensym));
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
	lisp_set_global(e->lisp, name, sx_int(e->a, value, p));
	symtab_put(&e->lisp->specials, name, (void *)1);
	symtab_put(&e->lisp->constants, name, (void *)1);
	if (p.line)     /* the user's constants go to the core file */
		vec_push(e->a, &e->out, list(e, p, 3, sym(e, "constant", p),
					     sx_sym(e->a, name, p), num(e, value, p)));
}

int lookup_constant(Expander *e, const char *name, int64_t *v)
{
	Sx *x = lisp_global(e->lisp, name);
	if (x && x->kind == SX_INT) {
		*v = x->i;
		return 1;
	}
	return 0;
}

int64_t const_eval(Expander *e, Sx *x, const char *what)
{
	if (x->kind == SX_INT)
		return x->i;
	if (x->kind == SX_SYM && !lisp_global(e->lisp, x->s) && x->s[0] != ':')
		error_at(x->pos, "%s must be a compile-time constant, and %s is not one",
			 what, x->s);
	e->lisp->pos = x->pos;
	Sx *v = lisp_eval(e->lisp, x);
	if (v->kind != SX_INT)
		error_at(x->pos, "%s must be a constant integer expression, not %s", what,
			 sx_brief(e->a, x, 40));
	return v->i;
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

/* A helper's map argument must be of a type the helper takes (the table
 * in shared/bpf_tables.c). */
void check_helper_map(const HelperInfo *h, MapDecl *m, const char *form, Pos p)
{
	char types[128];
	if (!helper_takes_map(h, m->type->keyword))
		error_at(p, "%s needs a %s map; %s is a :%s map", form,
			 helper_map_types_text(h, types, sizeof types), m->lisp_name,
			 m->type->keyword);
}

MapDecl *map_arg(Expander *e, Sx *x, const char *form)
{
	if (x->kind != SX_SYM)
		error_at(x->pos, "%s: expected a map name, got %s", form, sx_brief(e->a, x, 30));
	MapDecl *m = find_map(e, x->s);
	if (!m)
		error_at(x->pos, "%s: unknown map '%s'%s", form, sx_written(x), map_hint(e, x));
	return m;
}

const char *map_hint(Expander *e, Sx *name)
{
	Suggest s;
	suggest_start(&s, name->s);
	for (int i = 0; i < e->maps.n; i++)
		suggest_offer(&s, ((MapDecl *)e->maps.v[i])->lisp_name);
	return suggest_hint(e->a, &s, sx_written(name));
}

/* Keyword arguments: (:key value ...) from `args`, checked against `known`. */
typedef struct {
	const char *key;        /* without the colon */
	Sx *value;
} KeyArg;

static void parse_keys(Expander *e, Sx *args, KeyArg *keys, int nkeys, const char *form)
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
		if (!found) {
			Suggest s;
			suggest_start(&s, k->s + 1);
			s.prefix = ":";
			for (int i = 0; i < nkeys; i++)
				suggest_offer(&s, keys[i].key);
			error_at(k->pos, "%s: unknown option %s%s", form, sx_written(k),
				 suggest_hint(e->a, &s, sx_written(k)));
		}
	}
}

/* A map's or program's name becomes a symbol of the object (and a BTF
 * name): it must be a C identifier once each '-' is '_', and no other map
 * or program may have the same symbol. Returns the symbol. */
static const char *object_name(Expander *e, const char *lisp_name, Pos at, const char *kind)
{
	const char *shown = name_shown(e->a, lisp_name);
	const char *why = name_c_problem(e->a, lisp_name);
	if (why)
		error_at(at, "%s name %s cannot be a symbol in the object: %s", kind, shown, why);
	const char *c_name = c_identifier(e, lisp_name);
	const ObjectName *was = symtab_get(&e->object_names, c_name);
	if (was) {
		note_after_error(was->pos, "the %s %s is defined here", was->kind,
				 name_shown(e->a, was->lisp_name));
		if (!strcmp(was->kind, kind) && !strcmp(was->lisp_name, lisp_name))
			error_at(at, "%s %s is defined twice", kind, shown);
		int respelled = strcmp(c_name, lisp_name) || strcmp(c_name, was->lisp_name);
		error_at(at, "%s %s has the same symbol in the object%s%s%s as the %s %s; "
			 "rename one of them", kind, shown, respelled ? " (" : "",
			 respelled ? name_shown(e->a, c_name) : "", respelled ? ")" : "",
			 was->kind, name_shown(e->a, was->lisp_name));
	}
	ObjectName *n = arena_alloc(e->a, sizeof *n);
	*n = (ObjectName){lisp_name, kind, at};
	symtab_put(&e->object_names, c_name, n);
	return c_name;
}

static const char *keyword_name(Expander *e, Sx *x, const char *what)
{
	if (x->kind != SX_SYM || x->s[0] != ':')
		error_at(x->pos, "%s must be a keyword, not %s", what, sx_brief(e->a, x, 30));
	return x->s + 1;
}

/* A map's key (value): its :key-size and its :key-type, either or both
 * (they must agree); *size gets the bytes. Returns the type's core
 * spelling, or NULL for an untyped key. */
static Sx *map_key_or_value(Expander *e, const MapDecl *m, const KeyArg *size_arg,
			    const KeyArg *type_arg, const char *which, int64_t *size)
{
	const char *shown = name_shown(e->a, m->lisp_name);
	if (!size_arg->value && !type_arg->value)
		error_at(m->pos, "defmap %s: :%s-size or :%s-type is required for :%s maps",
			 shown, which, which, m->type->keyword);
	if (size_arg->value)
		*size = const_eval(e, size_arg->value, arena_printf(e->a, ":%s-size", which));
	if (!type_arg->value)
		return NULL;
	const char *what = arena_printf(e->a, "defmap %s: :%s-type", shown, which);
	int64_t bytes;
	MapTypeKind kind;
	Sx *t = map_type_core(e, type_arg->value, what, &bytes, &kind);
	Pos at = type_arg->value->pos;
	if (size_arg->value && *size != bytes)
		error_at(size_arg->value->pos, "defmap %s: :%s-size %lld disagrees with "
			 ":%s-type %s, which is %lld bytes", shown, which, (long long)*size,
			 which, sx_brief(e->a, type_arg->value, 30), (long long)bytes);
	*size = bytes;
	/* the types the kernel takes for the map type (it refuses to create
	 * the map with others): shared/bpf_tables.c */
	int is_key = which[0] == 'k';
	if (m->type->typed == MAP_TYPED_NONE)
		error_at(at, "defmap %s: :%s maps take no key or value type", shown,
			 m->type->keyword);
	if (is_key && m->type->typed == MAP_TYPED_U32_KEY && (kind != MAPTYPE_INT || bytes != 4))
		error_at(at, "defmap %s: the key of an :%s map is its index, a u32 (or "
			 "i32), not %s", shown, m->type->keyword,
			 sx_brief(e->a, type_arg->value, 30));
	if (is_key && m->type->typed == MAP_TYPED_STRUCT_KEY && kind != MAPTYPE_STRUCT)
		error_at(at, "defmap %s: the key of an :%s map is a defstruct whose first "
			 "field is the u32 prefix length, not %s", shown, m->type->keyword,
			 sx_brief(e->a, type_arg->value, 30));
	return t;
}

static void defmap(Expander *e, Sx *form)
{
	Sx *name = sx_nth(form, 1);
	if (!name || name->kind != SX_SYM)
		error_at(form->pos, "defmap needs a map name");
	const char *c_name = object_name(e, name->s, form->pos, "map");
	KeyArg k[] = {{"type", 0}, {"key-size", 0}, {"value-size", 0},
		      {"max-entries", 0}, {"map-flags", 0}, {"key-type", 0},
		      {"value-type", 0}};
	parse_keys(e, form->cdr->cdr, k, 7, "defmap");
	if (!k[0].value)
		error_at(form->pos, "defmap %s: :type is required", name->s);
	if (!k[3].value)
		error_at(form->pos, "defmap %s: :max-entries is required", name->s);
	const char *tname = keyword_name(e, k[0].value, ":type");
	MapDecl *m = arena_alloc(e->a, sizeof *m);
	m->type = map_type_by_keyword(tname);
	if (!m->type) {
		Suggest s;
		suggest_start(&s, tname);
		s.prefix = ":";
		for (int i = 0; map_type_at(i); i++)
			suggest_offer(&s, map_type_at(i)->keyword);
		error_at(k[0].value->pos, "defmap %s: unknown map type %s%s", name->s,
			 sx_written(k[0].value), suggest_hint(e->a, &s, sx_written(k[0].value)));
	}
	m->lisp_name = name->s;
	m->c_name = c_name;
	m->pos = form->pos;
	m->max_entries = const_eval(e, k[3].value, ":max-entries");
	m->flags = k[4].value ? const_eval(e, k[4].value, ":map-flags") : 0;
	Sx *types[2] = {NULL, NULL};
	if (m->type->needs_sizes) {
		types[0] = map_key_or_value(e, m, &k[1], &k[5], "key", &m->key_size);
		types[1] = map_key_or_value(e, m, &k[2], &k[6], "value", &m->value_size);
	} else if (k[1].value || k[2].value || k[5].value || k[6].value) {
		error_at(form->pos, "defmap %s: :%s maps take no key or value size or type",
			 name->s, tname);
	}
	/* what the kernel would refuse to create is refused here, before
	 * anything is built from the sizes */
	const char *why = map_def_problem(e->a, m->type, m->key_size, m->value_size,
					  m->max_entries, m->flags);
	if (why)
		error_at(form->pos, "defmap %s: %s", name_shown(e->a, name->s), why);
	vec_push(e->a, &e->maps, m);
	Pos p = form->pos;
	Sx *decl = sx_cons(e->a, sym(e, "map", p), sx_cons(e->a, sx_sym(e->a, m->c_name, p),
		 sx_list(e->a, p, 10,
			 sym(e, ":type", p), sym(e, tname, p),
			 sym(e, ":key-size", p), num(e, m->key_size, p),
			 sym(e, ":value-size", p), num(e, m->value_size, p),
			 sym(e, ":max-entries", p), num(e, m->max_entries, p),
			 sym(e, ":map-flags", p), num(e, m->flags, p)), p), p);
	/* the types, when given, follow: (... :key-type T :value-type T) */
	Sx **end = &decl;
	while ((*end)->kind == SX_CONS)
		end = &(*end)->cdr;
	for (int i = 0; i < 2; i++)
		if (types[i]) {
			*end = sx_list(e->a, p, 2, sym(e, i ? ":value-type" : ":key-type", p),
				       types[i]);
			end = &(*end)->cdr->cdr;
		}
	vec_push(e->a, &e->out, decl);
}

/* The program type a section implies (libbpf's names), or NULL. */
static const ProgTypeInfo *type_of_section(const char *section)
{
	const SectionInfo *si = section_lookup_loose(section);
	return si ? prog_type_by_id(si->prog_type) : NULL;
}

static void defprog(Expander *e, Sx *form)
{
	Sx *name = sx_nth(form, 1);
	Sx *opts = sx_nth(form, 2);
	if (!name || name->kind != SX_SYM)
		error_at(form->pos, "defprog needs a program name");
	const char *c_name = object_name(e, name->s, form->pos, "program");
	if (!opts || !sx_is_list(opts))
		error_at(form->pos, "defprog %s needs an option list, e.g. (:type :xdp)",
			 name->s);
	KeyArg k[] = {{"type", 0}, {"section", 0}, {"license", 0}};
	parse_keys(e, opts, k, 3, "defprog");
	const char *tname = k[0].value ? keyword_name(e, k[0].value, ":type") : "xdp";
	const ProgTypeInfo *pt = prog_type_by_keyword(tname);
	if (!pt) {
		Suggest s;
		suggest_start(&s, tname);
		s.prefix = ":";
		for (int i = 0; prog_type_at(i); i++)
			suggest_offer(&s, prog_type_at(i)->keyword);
		error_at(k[0].value->pos, "defprog %s: unknown program type %s%s",
			 name->s, sx_written(k[0].value), suggest_hint(e->a, &s, sx_written(k[0].value)));
	}
	const char *section = pt->default_section;
	if (k[1].value && !sx_is(k[1].value, intern("nil"))) {
		if (k[1].value->kind != SX_STR || !k[1].value->len)
			error_at(k[1].value->pos, "defprog %s: :section must be a string",
				 name->s);
		section = k[1].value->s;
	}
	/* The section decides the kernel program type when it names one
	 * (notes/semantics.md). A :type that names another type is an error,
	 * but for the manual's :type :xdp with "tc/...": a TC program. */
	const ProgTypeInfo *by_section = type_of_section(section);
	Pos sec_pos = k[1].value ? k[1].value->pos : form->pos;
	if (by_section && k[0].value && by_section->type != pt->type &&
	    !(!strcmp(pt->keyword, "xdp") && !strcmp(by_section->keyword, "tc")))
		error_at(form->pos, "defprog %s: :type :%s contradicts section \"%s\", which "
			 "makes a :%s program; drop :type or make them agree",
			 name_shown(e->a, name->s), pt->keyword, section, by_section->keyword);
	if (by_section)
		pt = by_section;
	if (!by_section)        /* nothing but the section name records the type */
		error_at(sec_pos, "defprog %s: section \"%s\" names no program type, and "
			 "loaders take the type from the section name (write \"%s\")",
			 name->s, section, pt->default_section);
	const char *libbpf = section_libbpf_spelling(section);
	if (libbpf)
		warn_at(sec_pos, "defprog %s: libbpf does not recognize section \"%s\"; "
			"it is kept, and wh-load loads it as :%s, but libbpf and bpftool need "
			"\"%s\" (or bpftool's 'type %s')", name->s, section, pt->keyword,
			libbpf, libbpf);
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
	e->section = section;
	e->scope = NULL;
	Pos p = form->pos;
	Sx *body = expand_body(e, form->cdr->cdr->cdr, p);
	vec_push(e->a, &e->out,
		 sx_list(e->a, p, 7, sym(e, "prog", p),
			 sx_sym(e->a, c_name, p),
			 sym(e, ":type", p), sym(e, pt->keyword, p),
			 sym(e, ":section", p), sx_str(e->a, section, strlen(section), p),
			 body));
	e->prog_type = NULL;
}

static void defconstant(Expander *e, Sx *form)
{
	Sx *name = sx_nth(form, 1), *val = sx_nth(form, 2);
	if (!name || name->kind != SX_SYM || !val)
		error_at(form->pos, "defconstant needs a name and a value");
	e->lisp->pos = form->pos;
	Sx *v = lisp_eval(e->lisp, val);
	if (v->kind == SX_INT) {
		define_constant(e, name->s, v->i, form->pos);
		return;
	}
	/* a list or string constant: for macros only */
	lisp_set_global(e->lisp, name->s, v);
	symtab_put(&e->lisp->constants, name->s, (void *)1);
}

static void compile_to_elf(Expander *e, Sx *form)
{
	Sx *f = sx_nth(form, 1);
	if (!f || f->kind != SX_STR || !f->len)
		error_at(form->pos, "compile-to-elf needs an output file name");
	e->output_name = f->s;
}

/* Package prefixes the compiler knows are dropped: whistler:defstruct is
 * defstruct. bpf: stays (it names session forms). */
static const char *unqualified(const char *s)
{
	static const char *const pkgs[] = {
		"whistler::", "whistler:", "cl:", "common-lisp:", "whistler/loader:",
		"whistler-loader-user:",
	};
	for (unsigned i = 0; i < sizeof pkgs / sizeof *pkgs; i++) {
		size_t n = strlen(pkgs[i]);
		if (!strncmp(s, pkgs[i], n) && s[n])
			return intern(s + n);
	}
	return s;
}

static void strip_packages(Sx *x)
{
	while (x->kind == SX_CONS) {
		strip_packages(x->car);
		x = x->cdr;
	}
	if (x->kind == SX_SYM && strchr(x->s, ':') && x->s[0] != ':')
		x->s = unqualified(x->s);
}

/* Forms the compile-time Lisp evaluates as they are. */
static const char *const lisp_forms[] = {
	"defmacro", "defun", "defvar", "defparameter", "defsetf", "setf", "setq",
	"let", "let*", "eval-when", "format", "when", "unless", "cond", "case", "dolist", "dotimes",
	"flet", "labels", "loop",
};

void expand_toplevel(Expander *e, Sx *form)
{
	if (form->kind != SX_CONS || form->car->kind != SX_SYM)
		error_at(form->pos, "expected a top-level form such as (defprog ...), "
			 "got %s", sx_brief(e->a, form, 40));
	const char *head = form->car->s;
	static const struct {
		const char *name;
		void (*fn)(Expander *, Sx *);
	} decls[] = {
		{"defmap", defmap}, {"defprog", defprog}, {"defconstant", defconstant},
		{"compile-to-elf", compile_to_elf}, {"defheader", expand_defheader},
		{"deftracepoint", expand_deftracepoint},
		{"import-kernel-struct", expand_import_kernel_struct},
	};
	if (!strcmp(head, "in-package") || !strcmp(head, "use-package") ||
	    !strcmp(head, "require") || !strcmp(head, "declaim") ||
	    !strcmp(head, "asdf:load-system"))
		return;
	for (unsigned i = 0; i < sizeof decls / sizeof *decls; i++)
		if (!strcmp(head, decls[i].name)) {
			decls[i].fn(e, form);
			return;
		}
	if (!strcmp(head, "defstruct") || !strcmp(head, "defunion")) {
		expand_defstruct(e, form, head[3] == 'u');
		return;
	}
	if (!strcmp(head, "progn")) {
		for (Sx *l = form->cdr; l->kind == SX_CONS; l = l->cdr)
			expand_toplevel(e, l->car);
		return;
	}
	/* before the macros: when and unless are the language's macros too */
	for (unsigned i = 0; i < sizeof lisp_forms / sizeof *lisp_forms; i++)
		if (!strcmp(head, lisp_forms[i])) {
			e->lisp->pos = form->pos;
			lisp_eval(e->lisp, form);
			return;
		}
	Sx *m = lisp_macro(e->lisp, head);
	if (m) {
		expand_toplevel(e, expand_macro_call(e, m, form));
		expansion_done(e);
		return;
	}
	if (symtab_get(&e->lisp->funs, head)) {
		e->lisp->pos = form->pos;
		lisp_eval(e->lisp, form);
		return;
	}
	error_at(form->pos, "unknown top-level form '%s'", head);
}

static Expander *live;

void expand_done(void)
{
	kernel_types_done();
	if (!live)
		return;
	symtab_free(&live->accessors);
	symtab_free(&live->structs);
	symtab_free(&live->object_names);
	lisp_free(live->lisp);
	live = NULL;
}

SxFile *expand_file(Arena *a, SxFile *in)
{
	Expander *e = arena_alloc(a, sizeof *e);
	live = e;
	e->a = a;
	e->lisp = lisp_new(a);
	e->lisp->user = e;
	/* standard output is the core text: what the program prints goes to
	 * the terminal (docs/language-notes.md) */
	lisp_set_output(e->lisp, stderr);
	glue_install(e);
	/* the language's own macros and constants */
	SxFile *prelude = sx_table_forms(a, &wh_prelude);     /* no positions */
	for (int i = 0; i < prelude->forms.n; i++)
		expand_toplevel(e, prelude->forms.v[i]);
	e->out.n = 0;
	for (int i = 0; i < in->forms.n; i++) {
		strip_packages(in->forms.v[i]);
		expand_toplevel(e, lisp_read_time(e->lisp, in->forms.v[i]));
	}
	SxFile *out = arena_alloc(a, sizeof *out);
	out->header = "core";
	out->file = in->file;
	if (e->license) {
		Pos p = e->license_pos;
		vec_push(a, &out->forms, list(e, p, 2, sym(e, "license", p),
					      sx_str(a, e->license, strlen(e->license), p)));
	}
	if (e->output_name) {
		Pos none = {0, 0};
		vec_push(a, &out->forms, list(e, none, 2, sym(e, "output", none),
			 sx_str(a, e->output_name, strlen(e->output_name), none)));
	}
	for (int i = 0; i < e->out.n; i++)
		vec_push(a, &out->forms, e->out.v[i]);
	kernel_struct_decls(e, &out->forms);
	return out;
}
