/* session.c: `wh-load session FILE.lisp`, what `whistler run` runs. The
 * file's top-level forms are evaluated in order by the Lisp in run-time
 * mode; the ASDF and package lines are ignored; BPF declarations (defmap,
 * defprog, defstruct ...) are kept for the sessions' compilations (and
 * defstruct, defconstant and defmacro are evaluated too, for the
 * userspace side); (compile-to-elf "F") compiles them to F. On every way
 * out (the end, an error, SIGINT or SIGTERM) consumers are closed, links
 * detached and objects closed. */
#include "diag.h"
#include "io.h"
#include "session.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Session *the_session;

/* Top-level heads: ignored, BPF only, or both BPF and evaluated. */
static const struct {
	const char *head;
	SessionHead is;
} heads[] = {
	{"require", {0, 0}}, {"load-system", {0, 0}}, {"use-package", {0, 0}},
	{"in-package", {0, 0}}, {"declaim", {0, 0}},
	{"defmap", {1, 0}}, {"defprog", {1, 0}}, {"defunion", {1, 0}}, {"defheader", {1, 0}},
	{"deftracepoint", {1, 0}}, {"import-kernel-struct", {1, 0}},
	{"defstruct", {1, 1}}, {"defconstant", {1, 1}}, {"defmacro", {1, 1}},
};

static const char *head_of(Sx *form)
{
	return form->kind == SX_CONS && form->car->kind == SX_SYM ? form->car->s : "";
}

SessionHead session_head(Sx *form)
{
	for (unsigned k = 0; k < sizeof heads / sizeof *heads; k++)
		if (!strcmp(heads[k].head, head_of(form)))
			return heads[k].is;
	return (SessionHead){0, 1};
}

/* Package prefixes go (whistler/loader:x -> x), except bpf: which names
 * the session forms. */
void session_strip_packages(Sx *x)
{
	while (x->kind == SX_CONS) {
		session_strip_packages(x->car);
		x = x->cdr;
	}
	if (x->kind != SX_SYM || x->s[0] == ':' || !strncmp(x->s, "bpf:", 4))
		return;
	const char *c = strrchr(x->s, ':');
	if (c)
		x->s = intern(c + 1);
}

/* Close everything (once). The session stays reachable: on an error
 * path the process exits right after. */
static void cleanup(void)
{
	Session *s = the_session;
	if (!s || s->closed)
		return;
	s->closed = 1;
	fflush(stdout);
	session_close_rings(s);
	for (int i = s->objects.n - 1; i >= 0; i--)
		lobj_close(s->objects.v[i]);
	wl_detach_all();
	if (s->tmpdir && getenv("WH_SESSION_KEEP"))      /* for debugging */
		fprintf(stderr, "%s: kept %s\n", diag_prog, s->tmpdir);
	else if (s->tmpdir) {
		DIR *d = opendir(s->tmpdir);
		struct dirent *e;
		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.')
				unlink(arena_printf(s->a, "%s/%s", s->tmpdir, e->d_name));
		if (d)
			closedir(d);
		rmdir(s->tmpdir);
	}
}

Session *session_new(const char *path)
{
	Arena *a = arena_new();
	Session *s = arena_alloc(a, sizeof *s);
	s->a = a;
	s->path = path;
	diag_file = path;
	the_session = s;
	diag_on_exit = cleanup;
	setvbuf(stdout, NULL, _IOLBF, 0);
	Lisp *L = lisp_new(a);
	s->L = L;
	lisp_install_runtime(L);
	session_install_loader(L);
	session_install_attach(L);
	session_install_ring(L);
	session_install_struct(L);
	session_install_forms(L);
	session_install_compile(L);
	session_scoped_builtins(L);
	return s;
}

void session_end(Session *s)
{
	fflush(stdout);
	cleanup();
	symtab_free(&s->session_cache);
	session_free_structs();
	lisp_free(s->L);
	session_free_ring_memory(s);
	the_session = NULL;
	if (diag_on_exit == cleanup)
		diag_on_exit = NULL;
	arena_free(s->a);
}

int session_run(const char *path)
{
	Session *s = session_new(path);
	Arena *a = s->a;
	size_t len;
	const char *text = read_file_all(a, s->path, &len);
	/* read twice: the forms evaluated (their packages dropped below),
	 * and the forms as the file has them, for the compilations */
	SxFile *f = sx_read_source(a, text);
	s->source = sx_read_source(a, text);
	/* first the BPF declarations, so every session compiles all of them */
	int *eval = arena_alloc(a, sizeof *eval * (size_t)(f->forms.n + 1));
	for (int i = 0; i < f->forms.n; i++) {
		Sx *form = f->forms.v[i];
		session_strip_packages(form);
		SessionHead is = session_head(form);
		eval[i] = is.eval;
		if (is.bpf)
			vec_push(a, &s->top_forms, s->source->forms.v[i]);
	}
	int status = 0;
	for (int i = 0; i < f->forms.n && !status; i++) {
		if (!eval[i])
			continue;
		const char *msg = NULL;
		const char *cond = lisp_run(s->L, lisp_read_time(s->L, f->forms.v[i]), &msg);
		if (cond) {
			fflush(stdout);
			fprintf(stderr, "%s: interrupted\n", diag_prog);
			status = 130;
		}
	}
	session_end(s);
	return status;
}
