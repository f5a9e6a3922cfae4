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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
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

/* The chunk whose lines of the compiled text hold `line`, or NULL. */
static SessionChunk *chunk_at_vline(Session *s, int line)
{
	for (int i = 0; i < s->ncompile_chunks; i++) {
		SessionChunk *c = s->compile_chunks[i];
		if (line >= c->vline && line < c->vline + c->nlines)
			return c;
	}
	return NULL;
}

/* A line of the driver's messages, with every "VTEXT:L" (a place in the
 * REPL's compiled text) put back where the chunk at line L came from, and
 * VTEXT alone named as the REPL. */
static void print_message_line(Session *s, const char *line, size_t n)
{
	const char *vt = s->compile_vtext;
	size_t vn = vt ? strlen(vt) : 0;
	const char *end = line + n;
	while (vn && line < end) {
		const char *hit = memmem(line, (size_t)(end - line), vt, vn);
		if (!hit)
			break;
		char *after = (char *)hit + vn;
		long l = hit + vn + 1 < end && hit[vn] == ':' ? strtol(hit + vn + 1, &after, 10) : 0;
		SessionChunk *c = after > hit + vn + 1 ? chunk_at_vline(s, (int)l) : NULL;
		if (!c) {
			fwrite(line, 1, (size_t)(hit - line), stderr);
			fputs(s->path, stderr);
			line = hit + vn;
			continue;
		}
		fwrite(line, 1, (size_t)(hit - line), stderr);
		fprintf(stderr, "%s:%ld", c->file, l - c->vline + c->from.line);
		line = after;
	}
	fwrite(line, 1, (size_t)(end - line), stderr);
}

/* Reap every process of group `pgid` (the driver's pipeline, told to
 * stop; wh-load is their subreaper, so the pipeline's processes come to
 * it when the driver dies first); what has not ended after a second is
 * killed. */
static void end_group(pid_t pgid)
{
	struct timespec tick = {0, 10 * 1000 * 1000};
	for (int i = 0;; i++) {
		pid_t r = waitpid(-pgid, NULL, i < 100 ? WNOHANG : 0);
		if (r < 0 && errno != EINTR)
			return;         /* ECHILD: none left */
		if (r == 0)
			nanosleep(&tick, NULL);
		if (i == 100)
			kill(-pgid, SIGKILL);
	}
}

/* `whistler compile SRC -o OUT`, with the phases beside wh-load unless
 * WH_BIN names others; 0 on success. The driver runs in a process group
 * of its own; its messages come through a pipe (print_message_line). An
 * interrupt (SIGINT, SIGTERM) ends the group, waits for it, and is
 * signalled: a compilation interrupted leaves no process behind and is no
 * compile error. */
static int run_driver(Session *s, const char *src, const char *out)
{
	const char *dir = self_dir(s->a);
	const char *drv = driver(s, dir);
	fflush(stdout);
	int fds[2];
	if (pipe(fds) < 0)
		return -1;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		close(fds[0]);
		dup2(fds[1], 2);
		close(fds[1]);
		if (!getenv("WH_BIN"))
			setenv("WH_BIN", dir, 1);
		execlp(drv, drv, "compile", src, "-o", out, (char *)NULL);
		fprintf(stderr, "%s: cannot run the driver %s: %s\n", diag_prog, drv,
			strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(fds[1]);
	Buf text = {0};
	char chunk[4096];
	int stopped = 0;
	for (;;) {
		if (lisp_interrupt_pending && !stopped) {
			kill(-pid, SIGTERM);
			stopped = 1;
		}
		ssize_t n = read(fds[0], chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_put(&text, chunk, (size_t)n);
		/* print the whole lines, keep the rest */
		size_t done = 0;
		for (size_t i = 0; i < text.len; i++)
			if (text.data[i] == '\n') {
				print_message_line(s, text.data + done, i + 1 - done);
				done = i + 1;
			}
		memmove(text.data, text.data + done, text.len - done);
		text.len -= done;
	}
	if (text.len)
		print_message_line(s, text.data, text.len);
	buf_free(&text);
	close(fds[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			break;
	if (stopped)
		end_group(pid);
	if (WIFSIGNALED(st) && (WTERMSIG(st) == SIGINT || WTERMSIG(st) == SIGTERM) &&
	    !lisp_interrupt_pending)
		lisp_interrupt_pending = WTERMSIG(st);
	lisp_poll_interrupt(s->L);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* A REPL's compiled text: each chunk holding a definition (or the forms
 * of `extra`) placed at lines of its own, at its own columns, in the file
 * VTEXT of the temporary directory; the forms read back from there, so
 * the phases' messages and line_info name those lines (and
 * print_message_line puts them back). */
static void repl_forms(Session *s, SxFile *f, Sx **extra, int nextra, Pos p)
{
	SessionChunk **chunks = arena_alloc(s->a, sizeof *chunks * (size_t)(s->defs.n + 1));
	int nchunks = 0;
	for (int i = 0; i < s->defs.n; i++)
		chunks[nchunks++] = ((SessionDef *)s->defs.v[i])->chunk;
	if (nextra)
		chunks[nchunks++] = s->chunk;
	Buf text = {0};
	int line = 1;
	for (int i = 0; i < nchunks; i++) {
		SessionChunk *c = chunks[i];
		c->vline = line;
		c->nlines = 1;
		buf_printf(&text, "%*s%s\n\n", c->from.col - 1, "", c->text);
		for (const char *t = c->text; *t; t++)
			c->nlines += *t == '\n';
		line += c->nlines + 1;
		SxExtent e = {0, strlen(c->text), {c->vline, c->from.col}, {0, 0}};
		Sx *form = sx_read_extent(s->a, c->text, &e);
		if (i < s->defs.n) {
			vec_push(s->a, &f->forms, form);
			continue;
		}
		for (int k = 0; k < nextra; k++) {
			Pos at = {extra[k]->pos.line - c->from.line + c->vline, extra[k]->pos.col};
			Sx *x = form->pos.line == at.line && form->pos.col == at.col ? form :
				form_at(form, at);
			if (!x)
				lisp_error(s->L, p, "cannot find a form of the session again");
			vec_push(s->a, &f->forms, as_declaration(s, x));
		}
	}
	s->compile_vtext = arena_printf(s->a, "%s/repl-%d.lisp", s->tmpdir, s->ncompiled);
	s->compile_chunks = chunks;
	s->ncompile_chunks = nchunks;
	f->file = s->compile_vtext;
	FILE *fp = fopen(f->file, "w");
	int ok = fp && fwrite(text.data, 1, text.len, fp) == text.len;
	if (fp && fclose(fp) != 0)
		ok = 0;
	buf_free(&text);
	if (!ok)
		lisp_error(s->L, p, "cannot write %s", f->file);
}

const char *session_compile(Session *s, Sx **extra, int nextra, const char *out, Pos p)
{
	make_tmpdir(s, p);
	SxFile f = {.header = "sx", .file = s->path};
	if (s->repl) {
		repl_forms(s, &f, extra, nextra, p);
	} else {
		for (int i = 0; i < s->top_forms.n; i++)
			vec_push(s->a, &f.forms, s->top_forms.v[i]);
		for (int i = 0; i < nextra; i++)
			vec_push(s->a, &f.forms, as_declaration(s, extra[i]));
		if (f.forms.n > 1)
			qsort(f.forms.v, (size_t)f.forms.n, sizeof(void *), by_position);
	}
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

#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, Sx **a, \
				__attribute__((unused)) int n, __attribute__((unused)) Pos p)

static const char *plural(long n) { return n == 1 ? "" : "s"; }

/* (compile-to-elf "F"): the declarations compiled to F, the manual's line
 * about what F holds; the value is F. */
B(b_compile_to_elf)
{
	if (a[0]->kind != SX_STR)
		lisp_error(L, p, "compile-to-elf: expected a file name, got %s",
			   lisp_brief(L, a[0], 30));
	const char *out = session_compile(the_session, NULL, 0,
					  arena_strndup(L->a, a[0]->s, a[0]->len), p);
	WlObject *o = wl_open(out);
	if (!o)
		lisp_error(L, p, "compile-to-elf: cannot read %s back: %s", out, wl_error());
	long insns = 0;
	for (int i = 0; i < o->nprogs; i++)
		insns += o->progs[i].insn_cnt;
	printf("Compiled %d program%s (%ld instruction%s total), %d map%s -> %s\n",
	       o->nprogs, plural(o->nprogs), insns, plural(insns), o->nmaps,
	       plural(o->nmaps), out);
	wl_close(o);
	return a[0];
}

void session_install_compile(Lisp *L)
{
	lisp_defbuiltin(L, "compile-to-elf", b_compile_to_elf, 1, 1);
}
