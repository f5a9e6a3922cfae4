/* gen_files.c: the command line of wh-expand --gen: which languages, which
 * files, and the model read from sx (expanded first) or core. */
#include "expand.h"
#include "gen.h"
#include "io.h"
#include <string.h>

void gen_parse_langs(Arena *a, Vec *langs, const char *list)
{
	const char *p = list;
	for (;;) {
		size_t n = strcspn(p, ",");
		char *name = arena_strndup(a, p, n);
		const GenLang *l = gen_find(name);
		if (!l)
			usage_error("unknown language '%s' for --gen (c, go, rust, python, lisp)",
				    name);
		vec_push(a, langs, (void *)l);
		if (!p[n])
			break;
		p += n + 1;
	}
}

/* The file name less its folder and `suffix` (foo for out/foo_types.go). */
static const char *base_of(Arena *a, const char *path, const char *suffix)
{
	const char *slash = strrchr(path, '/');
	char *b = arena_strdup(a, slash ? slash + 1 : path);
	size_t n = strlen(b), k = strlen(suffix);
	if (n > k && !strcmp(b + n - k, suffix))
		b[n - k] = 0;
	return b;
}

static void write_lang(GenModel *m, const GenLang *l, const char *path)
{
	Buf b = {0};
	l->fn(&b, m);
	write_output(path, b.data, b.len);
	buf_free(&b);
}

/* The (output "NAME") a core file holds (compile-to-elf), or NULL. */
static const char *core_output(const SxFile *core)
{
	for (int i = 0; i < core->forms.n; i++) {
		Sx *d = core->forms.v[i];
		if (d->kind == SX_CONS && sx_is(d->car, intern("output")) &&
		    d->cdr->kind == SX_CONS && d->cdr->car->kind == SX_STR)
			return d->cdr->car->s;
	}
	return NULL;
}

/* An object's name less .o, and less .bpf before it. */
static const char *object_base(Arena *a, const char *obj)
{
	char *b = arena_strdup(a, obj);
	size_t n = strlen(b);
	if (n > 2 && !strcmp(b + n - 2, ".o"))
		b[n -= 2] = 0;
	if (n > 4 && !strcmp(b + n - 4, ".bpf"))
		b[n - 4] = 0;
	return b;
}

void gen_files(Arena *a, const char *text, Vec langs, const char *base, int base_default,
	       const char *out, const char *prefix)
{
	if (!langs.n)
		usage_error("--base needs --gen LANG");
	if (!base && langs.n != 1)
		usage_error("--gen with several languages needs --base BASE");
	if (base && out)
		usage_error("--base and -o do not go together");
	int is_core = !strncmp(text, "#!core", 6);
	SxFile *core;
	if (is_core) {
		core = sx_read_format(a, text, "core");
	} else {
		SxFile *in = sx_read_format(a, text, "sx");
		if (in->file)
			diag_file = in->file;
		core = expand_file(a, in);
	}
	const char *named = base_default ? core_output(core) : NULL;
	if (named)
		base = object_base(a, named);
	const char *name = base ? base_of(a, base, "") :
		out && strcmp(out, "-") ? base_of(a, out, ((const GenLang *)langs.v[0])->suffix) :
		base_of(a, core->file ? core->file : "types", ".lisp");
	GenModel *m = gen_model(a, core, name, prefix ? prefix : name);
	for (int i = 0; i < langs.n; i++) {
		const GenLang *l = langs.v[i];
		write_lang(m, l, base ? arena_printf(a, "%s%s", base, l->suffix) : out);
	}
	if (!is_core)
		expand_done();
}
