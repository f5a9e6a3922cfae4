/* session_compile.c: compiling a session's BPF side through the phase
 * pipeline. The source given to wh-read is the user's file with every
 * character outside the kept forms blanked (newlines kept), so each kept
 * form stays at its own line and column and the phases' messages point
 * into the user's file; a session's (bpf:map ...) and (bpf:prog ...)
 * become (defmap  ...) and (defprog ...) in place (same length). */
#include "session.h"
#include "io.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

size_t session_offset(Session *s, Pos p)
{
	if (p.line < 1 || p.line > s->line_starts.n || p.col < 1)
		return (size_t)-1;
	size_t off = (size_t)(uintptr_t)s->line_starts.v[p.line - 1] + (size_t)(p.col - 1);
	return off < s->len ? off : (size_t)-1;
}

size_t session_form_end(Session *s, size_t off)
{
	return sx_source_end(s->text, s->len, off);
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

/* Run the pipeline on src, writing out; 0 on success. */
static int run_pipeline(Session *s, const char *src, const char *out)
{
	static const char script[] =
		"set -o pipefail\n"
		"d=$1\n"
		"\"$d/wh-read\" --name \"$2\" \"$3\" | \"$d/wh-expand\" | \"$d/wh-lower\" |"
		" \"$d/wh-opt\" | \"$d/wh-ra\" | \"$d/wh-emit\" | \"$d/wh-elf\" -o \"$4\"\n";
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setenv("WH_PIPE", "1", 1);
		execlp("bash", "bash", "-c", script, "bash", s->phase_dir, s->path, src, out,
		       (char *)NULL);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static void keep(char *buf, Session *s, const SrcSpan *sp)
{
	memcpy(buf + sp->start, s->text + sp->start, sp->end - sp->start);
	if (!sp->rewrite)
		return;
	/* the head after "(" and blanks: bpf:map -> defmap, bpf:prog -> defprog */
	size_t i = sp->start + 1;
	while (i < sp->end && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n'))
		i++;
	if (!strncasecmp(buf + i, "bpf:map", 7))
		memcpy(buf + i, "defmap ", 7);
	else if (!strncasecmp(buf + i, "bpf:prog", 8))
		memcpy(buf + i, "defprog ", 8);
}

const char *session_compile(Session *s, SrcSpan **extra, int nextra, const char *out,
			    Pos p)
{
	make_tmpdir(s, p);
	char *buf = arena_alloc(s->a, s->len + 1);
	for (size_t i = 0; i < s->len; i++)
		buf[i] = s->text[i] == '\n' ? '\n' : ' ';
	for (int i = 0; i < s->top_spans.n; i++)
		keep(buf, s, s->top_spans.v[i]);
	for (int i = 0; i < nextra; i++)
		keep(buf, s, extra[i]);
	int k = s->ncompiled++;
	const char *src = arena_printf(s->a, "%s/bpf-%d.lisp", s->tmpdir, k);
	FILE *f = fopen(src, "w");
	if (!f || fwrite(buf, 1, s->len, f) != s->len || fclose(f) != 0)
		lisp_error(s->L, p, "cannot write %s", src);
	if (!out)
		out = arena_printf(s->a, "%s/bpf-%d.bpf.o", s->tmpdir, k);
	if (run_pipeline(s, src, out) != 0)
		lisp_error(s->L, p, "the BPF side does not compile (messages above)");
	return out;
}
