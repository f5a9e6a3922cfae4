/* session_driver.c: running the driver, `whistler compile SRC -o OUT`,
 * for a session, so that a session compiles as the command line does
 * (WH_BIN and the WH_READ ... WH_ELF overrides hold): finding it, its
 * messages (put back at a REPL's own places), an interrupt while it runs
 * (its whole process group stopped and reaped). */
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

/* The driver runs in a process group
 * of its own; its messages come through a pipe (print_message_line). An
 * interrupt (SIGINT, SIGTERM) ends the group, waits for it, and is
 * signalled: a compilation interrupted leaves no process behind and is no
 * compile error. */
int session_run_driver(Session *s, const char *src, const char *out)
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
