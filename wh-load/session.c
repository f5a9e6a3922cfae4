/* session.c: `wh-load session FILE.lisp`, what `whistler run` runs. The
 * file's top-level forms are evaluated in order by the Lisp in run-time
 * mode; the ASDF and package lines are ignored; BPF declarations (defmap,
 * defprog, defstruct ...) are kept for the sessions' compilations (and
 * defstruct, defconstant and defmacro are evaluated too, for the
 * userspace side); (compile-to-elf "F") compiles them to F. On every way
 * out (the end, an error, SIGINT or SIGTERM) consumers are closed, links
 * detached and objects closed. */
#include "cli.h"
#include "diag.h"
#include "io.h"
#include "session.h"
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_session_help[] =
"Usage: wh-load session FILE.lisp\n"
"Run a Lisp file with the loader library: with-bpf-session (its bpf:map and\n"
"bpf:prog forms compiled through the phases found next to wh-load),\n"
"with-bpf-object, attach-*, map-*, ring consumers, defstruct records.\n"
"Everything the file attached or opened is closed when it ends, fails or\n"
"is interrupted (SIGINT, SIGTERM). Exit status: 0, 1 on an error, 130 when\n"
"interrupted and nothing handled it.\n";

Session *the_session;

/* Top-level heads: ignored, BPF only, or both BPF and evaluated. */
static const struct {
	const char *head;
	int bpf, eval;
} heads[] = {
	{"require", 0, 0}, {"load-system", 0, 0}, {"use-package", 0, 0},
	{"in-package", 0, 0}, {"declaim", 0, 0},
	{"defmap", 1, 0}, {"defprog", 1, 0}, {"defunion", 1, 0}, {"defheader", 1, 0},
	{"deftracepoint", 1, 0}, {"import-kernel-struct", 1, 0},
	{"defstruct", 1, 1}, {"defconstant", 1, 1}, {"defmacro", 1, 1},
};

/* Package prefixes go (whistler/loader:x -> x), except bpf: which names
 * the session forms. */
static void strip_packages(Sx *x)
{
	while (x->kind == SX_CONS) {
		strip_packages(x->car);
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
	static int done;
	Session *s = the_session;
	if (!s || done)
		return;
	done = 1;
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

/* The directory of this executable: the phases are next to it. */
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

static const char *head_of(Sx *form)
{
	return form->kind == SX_CONS && form->car->kind == SX_SYM ? form->car->s : "";
}

int cmd_session(int argc, char **argv, CliGlobal *g)
{
	static const struct option longopts[] = {CLI_COMMON_OPTS};
	int c;
	while ((c = cli_getopt(argc, argv, "+hjd", longopts, cmd_session_help, g)) != -1)
		usage_error("unknown option");
	if (optind != argc - 1)
		usage_error("session takes one file (FILE.lisp)");
	Arena *a = arena_new();
	Session *s = arena_alloc(a, sizeof *s);
	s->a = a;
	s->path = argv[optind];
	s->text = read_file_all(a, s->path, &s->len);
	s->phase_dir = getenv("WH_PHASE_DIR") ? getenv("WH_PHASE_DIR") : self_dir(a);
	vec_push(a, &s->line_starts, (void *)(uintptr_t)0);
	for (size_t i = 0; i < s->len; i++)
		if (s->text[i] == '\n')
			vec_push(a, &s->line_starts, (void *)(uintptr_t)(i + 1));
	diag_file = s->path;
	SxFile *f = sx_read_source(a, s->text);
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
	/* first the BPF declarations, so every session compiles all of them */
	int *eval = arena_alloc(a, sizeof *eval * (size_t)(f->forms.n + 1));
	for (int i = 0; i < f->forms.n; i++) {
		Sx *form = f->forms.v[i];
		strip_packages(form);
		eval[i] = 1;
		for (unsigned k = 0; k < sizeof heads / sizeof *heads; k++) {
			if (strcmp(heads[k].head, head_of(form)))
				continue;
			eval[i] = heads[k].eval;
			if (!heads[k].bpf)
				break;
			size_t off = session_offset(s, form->pos);
			if (off == (size_t)-1 || s->text[off] != '(')
				error_at(form->pos, "cannot find this form in the source");
			SrcSpan *sp = arena_alloc(a, sizeof *sp);
			sp->start = off;
			sp->end = session_form_end(s, off);
			vec_push(a, &s->top_spans, sp);
		}
	}
	int status = 0;
	for (int i = 0; i < f->forms.n && !status; i++) {
		Sx *form = f->forms.v[i];
		if (!strcmp(head_of(form), "compile-to-elf")) {
			Sx *out = sx_nth(form, 1);
			if (!out || out->kind != SX_STR)
				error_at(form->pos, "compile-to-elf: expected a file name");
			session_compile(s, NULL, 0, arena_strndup(a, out->s, out->len), form->pos);
			continue;
		}
		if (!eval[i])
			continue;
		const char *msg = NULL;
		const char *cond = lisp_run(L, lisp_read_time(L, form), &msg);
		if (cond) {
			fflush(stdout);
			fprintf(stderr, "%s: %s\n", diag_prog, msg ? msg : cond);
			status = 130;
		}
	}
	fflush(stdout);
	cleanup();
	symtab_free(&s->session_cache);
	session_free_structs();
	lisp_free(L);
	the_session = NULL;
	arena_free(a);
	return status;
}
