/* wh-lower: core to ssa. Reads the declarations (license, maps, structs,
 * programs) and lowers each program body to SSA basic blocks. */
#include "io.h"
#include "lower.h"
#include "names.h"
#include <stdio.h>
#include <string.h>

static const char help[] =
	"Usage: wh-lower [FILE.core] [-o FILE.ssa]\n"
	"Lower core forms (the output of wh-expand) to the ssa format: 64-bit\n"
	"virtual registers in basic blocks with explicit phis and helper calls.\n"
	"\n"
	"  --reprint   parse the core input and print it back canonically\n"
	"  -o FILE     write the output to FILE (only on success)\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exit status: 0 success, 1 bad input, 2 bad usage.\n";

static Sx *key(Sx *form, int from, const char *name)
{
	for (Sx *l = sx_nth(form, from) ? form : NULL; l && l->kind == SX_CONS; l = l->cdr)
		if (l->car->kind == SX_SYM && !strcmp(l->car->s, name) && l->cdr->kind == SX_CONS)
			return l->cdr->car;
	return NULL;
}

static int64_t int_key(Sx *form, const char *name)
{
	Sx *v = key(form, 2, name);
	if (!v || v->kind != SX_INT)
		error_at(form->pos, "core map: %s must be an integer", name);
	if (v->i < 0 || v->i > 0xffffffffLL)
		error_at(form->pos, "core map: %s out of range", name);
	return v->i;
}

static const char *sym_key(Sx *form, const char *name, const char *what)
{
	Sx *v = key(form, 2, name);
	if (!v || v->kind != SX_SYM)
		error_at(form->pos, "core %s: %s must be a name", what, name);
	return v->s;
}

/* :key-type / :value-type: a name (scalar or struct) or (array NAME N);
 * whether it is one wh-elf checks, with the whole unit. */
static AsmMapType type_key(Arena *a, Sx *form, const char *name)
{
	AsmMapType t = {0};
	Sx *v = key(form, 2, name);
	if (!v)
		return t;
	if (v->kind == SX_CONS && sx_length(v) == 3 && sx_is(v->car, intern("array"))) {
		Sx *n = sx_nth(v, 2);
		if (!n || n->kind != SX_INT || n->i <= 0 || n->i > 0xffffffffLL)
			error_at(form->pos, "core map: %s: the array length must be 1 to "
				 "4294967295", name);
		t.count = (uint32_t)n->i;
		v = sx_nth(v, 1);
	}
	if (v->kind != SX_SYM || strchr(v->s, '-') || name_c_problem(a, v->s))
		error_at(form->pos, "core map: %s must be a type name or (array NAME N)", name);
	t.name = v->s;
	return t;
}

int main(int argc, char **argv)
{
	diag_prog = "wh-lower";
	int reprint = 0;
	FilterArgs fa = parse_filter_args(argc, argv, help, reprint_option, &reprint);
	Arena *a = arena_new();
	diag_file = fa.input ? fa.input : "<stdin>";
	const char *text = read_file_all(a, fa.input, NULL);
	SxFile *in = sx_read_format(a, text, "core");
	if (in->file)
		diag_file = in->file;
	if (reprint) {
		Buf rb = {0};
		sx_print_file(&rb, in);
		write_output(fa.output, rb.data, rb.len);
		buf_free(&rb);
		arena_free(a);
		return 0;
	}
	IrUnit *u = arena_alloc(a, sizeof *u);
	u->file = in->file;
	/* declarations first, so programs can refer to every map */
	for (int i = 0; i < in->forms.n; i++) {
		Sx *f = in->forms.v[i];
		if (f->kind != SX_CONS || f->car->kind != SX_SYM)
			error_at(f->pos, "expected a core declaration (license, map, prog)");
		const char *h = f->car->s;
		if (!strcmp(h, "license")) {
			Sx *s = sx_nth(f, 1);
			if (!s || s->kind != SX_STR)
				error_at(f->pos, "core license needs a string");
			u->license = s->s;
		} else if (!strcmp(h, "map")) {
			Sx *name = sx_nth(f, 1);
			if (!name || name->kind != SX_SYM)
				error_at(f->pos, "core map needs a name");
			AsmMap *m = arena_alloc(a, sizeof *m);
			m->name = name->s;
			m->type = sym_key(f, ":type", "map");
			if (!map_type_by_keyword(m->type))
				error_at(f->pos, "unknown map type '%s'", m->type);
			m->key_size = (uint32_t)int_key(f, ":key-size");
			m->value_size = (uint32_t)int_key(f, ":value-size");
			m->max_entries = (uint32_t)int_key(f, ":max-entries");
			m->flags = (uint32_t)int_key(f, ":map-flags");
			m->key = type_key(a, f, ":key-type");
			m->value = type_key(a, f, ":value-type");
			m->pos = f->pos;
			vec_push(a, &u->maps, m);
		} else if (!strcmp(h, "struct") || !strcmp(h, "union")) {
			lower_struct(a, u, f);
		} else if (!strcmp(h, "kstruct")) {
			lower_kstruct(a, u, f);
		} else if (!strcmp(h, "output")) {
			Sx *s = sx_nth(f, 1);
			if (!s || s->kind != SX_STR || !s->len)
				error_at(f->pos, "core output needs a file name");
			u->output = s->s;       /* wh-elf writes there by default */
		} else if (!strcmp(h, "constant")) {
			/* for header generation; nothing to lower */
		} else if (strcmp(h, "prog")) {
			error_at(f->pos, "unknown core declaration '%s'", h);
		}
	}
	for (int i = 0; i < in->forms.n; i++) {
		Sx *f = in->forms.v[i];
		if (strcmp(f->car->s, "prog"))
			continue;
		Sx *name = sx_nth(f, 1);
		int n = sx_length(f);
		if (!name || name->kind != SX_SYM || n != 7)
			error_at(f->pos, "core prog: expected (prog NAME :type T :section S BODY)");
		const char *type = sym_key(f, ":type", "prog");
		if (!prog_type_by_keyword(type))
			error_at(f->pos, "unknown program type '%s'", type);
		Sx *sec = key(f, 2, ":section");
		if (!sec || sec->kind != SX_STR)
			error_at(f->pos, "core prog: :section must be a string");
		IrProg *p = lower_prog(a, u, name->s, type, sec->s, sx_nth(f, 6), f->pos);
		vec_push(a, &u->progs, p);
	}
	Buf b = {0};
	ir_print(&b, u);
	write_output(fa.output, b.data, b.len);
	buf_free(&b);
	arena_free(a);
	return 0;
}
