/* session_compile.c: compiling a session's BPF side with the driver,
 * `whistler compile`, so that a session compiles as the command line
 * does (WH_BIN and the WH_READ ... WH_ELF overrides hold). What the driver
 * gets is sx text (docs/formats.md) printed from the file's own forms as
 * the reader read them: the top-level BPF declarations and a session's
 * bpf:map and bpf:prog forms (given the heads defmap and defprog), in the
 * order of the file. Each keeps its position, so the phases' messages
 * point into the user's file and line_info names its lines. */
#include "session.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static Sx *form_at(Sx *x, Pos p)
{
	for (; x->kind == SX_CONS; x = x->cdr) {
		if (x->pos.line == p.line && x->pos.col == p.col)
			return x;
		Sx *in = form_at(x->car, p);
		if (in)
			return in;
	}
	return NULL;
}

Sx *session_source_form(Session *s, Pos p)
{
	for (int i = 0; i < s->source->forms.n; i++) {
		Sx *f = form_at(s->source->forms.v[i], p);
		if (f)
			return f;
	}
	return NULL;
}

/* bpf:map -> defmap, bpf:prog -> defprog; other forms as they are. */
static Sx *as_declaration(Session *s, Sx *form)
{
	static const struct {
		const char *from, *to;
	} heads[] = {{"bpf:map", "defmap"}, {"bpf:prog", "defprog"}};
	for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
		if (form->car->kind == SX_SYM && !strcmp(form->car->s, heads[i].from))
			return sx_cons(s->a, sx_sym(s->a, intern(heads[i].to), form->car->pos),
				       form->cdr, form->pos);
	return form;
}

static int by_position(const void *x, const void *y)
{
	const Sx *a = *(const Sx *const *)x, *b = *(const Sx *const *)y;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	return a->pos.col < b->pos.col ? -1 : a->pos.col > b->pos.col;
}

static void make_tmpdir(Session *s, Pos p)
{
	if (s->tmpdir)
		return;
	const char *base = getenv("TMPDIR");
	char *tmpl = arena_printf(s->a, "%s/whistler-run-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl))
		lisp_error(s->L, p, "cannot make a temporary directory: %s", strerror(errno));
	s->tmpdir = tmpl;
}

/* The directory of this executable. */
static const char *self_dir(Arena *a)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return ".";
	buf[n] = 0;
	char *slash = strrchr(buf, '/');
	if (slash)
		*slash = 0;
	return arena_strdup(a, buf);
}

/* The driver: $WH_DRIVER (what `whistler run` sets), else beside wh-load
 * (installed) or one folder up (the tree's bin/), else on PATH. */
static const char *driver(Session *s, const char *dir)
{
	const char *env = getenv("WH_DRIVER");
	if (env && *env)
		return env;
	const char *near[] = {arena_printf(s->a, "%s/whistler", dir),
			      arena_printf(s->a, "%s/../whistler", dir)};
	for (size_t i = 0; i < sizeof near / sizeof *near; i++)
		if (access(near[i], X_OK) == 0)
			return near[i];
	return "whistler";
}

/* `whistler compile SRC -o OUT`, with the phases beside wh-load unless
 * WH_BIN names others; 0 on success. */
static int run_driver(Session *s, const char *src, const char *out)
{
	const char *dir = self_dir(s->a);
	const char *drv = driver(s, dir);
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!getenv("WH_BIN"))
			setenv("WH_BIN", dir, 1);
		execlp(drv, drv, "compile", src, "-o", out, (char *)NULL);
		fprintf(stderr, "%s: cannot run the driver %s: %s\n", diag_prog, drv,
			strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

const char *session_compile(Session *s, Sx **extra, int nextra, const char *out, Pos p)
{
	make_tmpdir(s, p);
	SxFile f = {.header = "sx", .file = s->path};
	for (int i = 0; i < s->top_forms.n; i++)
		vec_push(s->a, &f.forms, s->top_forms.v[i]);
	for (int i = 0; i < nextra; i++)
		vec_push(s->a, &f.forms, as_declaration(s, extra[i]));
	if (f.forms.n > 1)
		qsort(f.forms.v, (size_t)f.forms.n, sizeof(void *), by_position);
	Buf text = {0};
	sx_print_file(&text, &f);
	int k = s->ncompiled++;
	const char *src = arena_printf(s->a, "%s/bpf-%d.sx", s->tmpdir, k);
	FILE *fp = fopen(src, "w");
	int ok = fp && fwrite(text.data, 1, text.len, fp) == text.len;
	if (fp && fclose(fp) != 0)
		ok = 0;
	buf_free(&text);
	if (!ok)
		lisp_error(s->L, p, "cannot write %s", src);
	if (!out)
		out = arena_printf(s->a, "%s/bpf-%d.bpf.o", s->tmpdir, k);
	if (run_driver(s, src, out) != 0)
		lisp_error(s->L, p, "the BPF side does not compile (messages above)");
	return out;
}
