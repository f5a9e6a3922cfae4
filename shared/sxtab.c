/* sxtab.c: s-expressions as a C table (sxtab.h): written at build time
 * from forms the reader read, built again at run time without reading. */
#include "sxtab.h"
#include "symtab.h"
#include <string.h>

/* ---- at run time ---- */

SxFile *sx_table_forms(Arena *a, const SxTable *t)
{
	Sx *x = arena_alloc(a, (t->n_nodes ? t->n_nodes : 1) * sizeof *x);
	const char **names = arena_alloc(a, (t->n_strs ? t->n_strs : 1) * sizeof *names);
	for (uint32_t i = 0; i < t->n_nodes; i++) {
		const SxTabNode *n = &t->nodes[i];
		x[i].kind = (SxKind)n->kind;
		switch (n->kind) {
		case SX_CONS:
			x[i].car = &x[n->car];
			x[i].cdr = &x[n->cdr];
			break;
		case SX_SYM:
			if (!names[n->v])
				names[n->v] = intern_n(t->strs[n->v], t->lens[n->v]);
			x[i].s = names[n->v];
			x[i].written = n->car ? t->strs[n->car - 1] : NULL;
			break;
		case SX_STR:
			x[i].s = arena_strndup(a, t->strs[n->v], t->lens[n->v]);
			x[i].len = t->lens[n->v];
			break;
		default:        /* INT, CHAR: the value; NIL: nothing */
			x[i].i = n->v;
			break;
		}
	}
	SxFile *f = arena_alloc(a, sizeof *f);
	for (uint32_t i = 0; i < t->n_forms; i++)
		vec_push(a, &f->forms, &x[t->forms[i]]);
	return f;
}

/* ---- at build time ---- */

typedef struct {
	Buf nodes, strs, lens;
	uint32_t n_nodes, n_strs;
	SymTab names;           /* a symbol's name: its index + 1 */
} Writer;

/* A C string literal of s: octal escapes for all but plain printable
 * characters ('?' too: no trigraph can form). */
static void put_c_string(Buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= ' ' && c < 127 && c != '"' && c != '\\' && c != '?')
			buf_putc(b, (char)c);
		else
			buf_printf(b, "\\%03o", c);
	}
	buf_putc(b, '"');
}

static uint32_t put_string(Writer *w, const char *s, size_t n)
{
	buf_putc(&w->strs, '\t');
	put_c_string(&w->strs, s, n);
	buf_puts(&w->strs, ",\n");
	buf_printf(&w->lens, "\t%zu,\n", n);
	return w->n_strs++;
}

static uint32_t put_name(Writer *w, const char *interned)
{
	uintptr_t k = (uintptr_t)symtab_get(&w->names, interned);
	if (!k) {
		k = put_string(w, interned, strlen(interned)) + 1u;
		symtab_put(&w->names, interned, (void *)k);
	}
	return (uint32_t)(k - 1);
}

static const char *const kind_names[] = {
	[SX_NIL] = "SX_NIL", [SX_INT] = "SX_INT", [SX_STR] = "SX_STR",
	[SX_SYM] = "SX_SYM", [SX_CHAR] = "SX_CHAR", [SX_CONS] = "SX_CONS",
};

/* x's node, after those of what it holds; returns its index */
static uint32_t put_node(Writer *w, const Sx *x)
{
	uint32_t car = 0, cdr = 0;
	int64_t v = 0;
	switch (x->kind) {
	case SX_CONS:
		car = put_node(w, x->car);
		cdr = put_node(w, x->cdr);
		break;
	case SX_SYM:
		v = put_name(w, x->s);
		if (x->written)
			car = put_string(w, x->written, strlen(x->written)) + 1;
		break;
	case SX_STR:
		v = put_string(w, x->s, x->len);
		break;
	case SX_INT:
	case SX_CHAR:
		v = x->i;
		break;
	case SX_NIL:
		break;
	default:
		fatal("a function value in a table of read forms");
	}
	buf_printf(&w->nodes, "\t{%s, ", kind_names[x->kind]);
	if (v == INT64_MIN)
		buf_puts(&w->nodes, "INT64_MIN");
	else
		buf_printf(&w->nodes, "INT64_C(%lld)", (long long)v);
	buf_printf(&w->nodes, ", %u, %u},\n", car, cdr);
	return w->n_nodes++;
}

void sx_table_write(Buf *b, const SxFile *f, const char *name)
{
	Writer w = {0};
	Buf forms = {0};
	for (int i = 0; i < f->forms.n; i++)
		buf_printf(&forms, "\t%u,\n", put_node(&w, f->forms.v[i]));
	/* each array gets one more entry, which no count includes: C has no
	 * empty arrays */
	buf_puts(b, "#include \"sxtab.h\"\n\nstatic const SxTabNode nodes[] = {\n");
	buf_put(b, w.nodes.data, w.nodes.len);
	buf_puts(b, "\t{SX_NIL, 0, 0, 0},\n};\n\nstatic const char *const strs[] = {\n");
	buf_put(b, w.strs.data, w.strs.len);
	buf_puts(b, "\t\"\",\n};\n\nstatic const uint32_t lens[] = {\n");
	buf_put(b, w.lens.data, w.lens.len);
	buf_puts(b, "\t0,\n};\n\nstatic const uint32_t forms[] = {\n");
	buf_put(b, forms.data, forms.len);
	buf_printf(b, "\t0,\n};\n\nconst SxTable %s = {\n\tnodes, strs, lens, forms, %u, %u, %d,\n};\n",
		   name, w.n_nodes, w.n_strs, f->forms.n);
	buf_free(&w.nodes);
	buf_free(&w.strs);
	buf_free(&w.lens);
	buf_free(&forms);
	symtab_free(&w.names);
}
