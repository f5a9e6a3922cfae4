/* lisp_runtime.c: what the Lisp needs when it runs programs (sessions)
 * rather than macros: SIGINT as the condition interactive-interrupt, no
 * step bound, and sleep and unix-time (the printing functions are the
 * library's, lisp_print.c). SIGTERM and SIGHUP are interrupts too. */
#include "lisp.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

volatile sig_atomic_t lisp_interrupt_pending;

static void on_sigint(int sig)
{
	lisp_interrupt_pending = sig;
}

void lisp_poll_interrupt(Lisp *L)
{
	if (!lisp_interrupt_pending)
		return;
	lisp_interrupt_pending = 0;
	fflush(stdout);
	lisp_signal(L, intern("interactive-interrupt"), "Interactive interrupt");
	fatal_status(130, "interrupted");   /* as a shell reports SIGINT */
}

#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, Sx **a, __attribute__((unused)) int n, \
				__attribute__((unused)) Pos p)

/* (sleep seconds): integer seconds, or a ratio written as (/ 1 2) giving
 * 0; fractions of a second come as milliseconds from sleep-ms. An
 * interrupt ends the wait and is signalled. */
static void sleep_ns(Lisp *L, int64_t ns)
{
	struct timespec t = {ns / 1000000000, ns % 1000000000};
	fflush(stdout);
	while (nanosleep(&t, &t) < 0 && errno == EINTR) {
		lisp_poll_interrupt(L);
	}
	lisp_poll_interrupt(L);
}

B(b_sleep)
{
	int64_t s = lisp_get_int(L, a[0], p, "sleep");
	if (s < 0)
		lisp_error(L, p, "sleep: negative time %lld", (long long)s);
	sleep_ns(L, s > INT64_MAX / 1000000000 ? INT64_MAX : s * 1000000000);
	return lisp_nil(L);
}

B(b_sleep_ms)
{
	int64_t ms = lisp_get_int(L, a[0], p, "sleep-ms");
	if (ms < 0)
		lisp_error(L, p, "sleep-ms: negative time %lld", (long long)ms);
	sleep_ns(L, ms > INT64_MAX / 1000000 ? INT64_MAX : ms * 1000000);
	return lisp_nil(L);
}

/* Seconds since the epoch (as get-universal-time, from 1970). */
B(b_unix_time) { (void)a; return lisp_int(L, (int64_t)time(NULL)); }

static const struct {
	const char *name;
	LispBuiltin fn;
	int min, max;
} builtins[] = {
	{"sleep", b_sleep, 1, 1}, {"sleep-ms", b_sleep_ms, 1, 1},
	{"unix-time", b_unix_time, 0, 0},
};

void lisp_catch_interrupts(void)
{
	/* no SA_RESTART: a blocking call returns EINTR and the caller polls */
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);   /* the terminal went away */
}

void lisp_install_runtime(Lisp *L)
{
	L->runtime = 1;
	lisp_no_memory_limit_unless_given();
	for (unsigned i = 0; i < sizeof builtins / sizeof *builtins; i++)
		lisp_defbuiltin(L, builtins[i].name, builtins[i].fn, builtins[i].min,
				builtins[i].max);
	lisp_install_scopes(L);
	lisp_catch_interrupts();
}
