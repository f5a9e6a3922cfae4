/* wh-opt: ssa to ssa. Runs the optimization passes in order (or the ones
 * named with -p), optionally checking the IR after each. */
#include "io.h"
#include "opt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const Pass passes[] = {
	/* canonicalization */
	{"copyprop",  pass_copyprop,  "copy and constant propagation"},
	{"constfold", pass_constfold, "fold operations and branches on constants"},
	{"phis",      pass_phis,      "remove trivial phis"},
	{"dce",       pass_dce,       "delete instructions whose results are unused"},
	{"deaddst",   pass_deaddst,   "drop the unused results of helper calls"},
	{"cfg",       pass_cfg,       "simplify the control-flow graph, drop unreachable blocks"},
	/* the rest, in the order the default pipeline runs them */
	{"thread",    pass_thread,    "thread jumps over branches whose outcome is known"},
	{"sccp",      pass_sccp,      "sparse conditional constant propagation"},
	{"cmpfold",   pass_cmpfold,   "test x == K2 - K1 instead of x + K1 == K2, and the like"},
	{"edgeconst", pass_edgeconst, "x is K below the edge where x == K was tested"},
	{"bswapcmp",  pass_bswapcmp,  "compare byte-swapped values with swapped constants"},
	{"reassoc",   pass_reassoc,   "move constants out of sums: a + (y + c) is (a + y) + c"},
	{"offsets",   pass_offsets,   "fold constant additions into memory offsets"},
	{"bitmask",   pass_bitmask,   "test bits with `set` instead of and-then-compare"},
	{"bittests",  pass_bittests,  "two tests of bits of one value failing alike become one"},
	{"demand",    pass_demand,    "skip operations on bits a store or extension drops"},
	{"cse",       pass_cse,       "common subexpressions, loads up to the next write"},
	{"forward",   pass_forward,   "forward stack stores to the loads that read them"},
	{"dse",       pass_dse,       "delete stack stores nothing reads"},
	{"storeup",   pass_storeup,   "move stack stores above helper calls without arguments"},
	{"loopeval",  pass_loopeval,  "run loops whose whole run is known, keep where they leave"},
	{"unroll",    pass_unroll,    "peel short counted loops as many times as they turn"},
	{"licm",      pass_licm,      "hoist loop-invariant computations out of loops"},
	{"strength",  pass_strength,  "base + i * K in a loop counting i: a second counter"},
	{"andor",     pass_andor,     "and, or and if of 0/1 values over comparisons without branches"},
	{"cmpval",    pass_cmpval,    "comparisons used as values computed without a branch"},
	{"narrow",    pass_narrow,    "use 32-bit ALU operations where the result is the same"},
	{"vbound",    pass_vbound,    "mask a pointer's offset the verifier cannot bound but this compiler can"},
	{"split",     pass_split,     "split live ranges after helper calls"},
	{"layout",    pass_layout,    "order blocks so that branches fall through"},
};
enum { NPASSES = sizeof passes / sizeof *passes };

/* The default pipeline: canonicalize to a fixed point, run the other
 * passes and canonicalize again while they find something; then the
 * values of comparisons without branches (after the passes that read
 * comparisons: thread, edgeconst, cmpfold ...; cse shares the
 * differences they compute) and narrowing. */
static const char *const canon[] = {"copyprop", "constfold", "phis", "dce", "deaddst", "cfg"};
static const char *const middle[] = {
	"thread", "sccp", "cmpfold", "edgeconst", "bswapcmp", "reassoc", "offsets", "bitmask", "bittests", "demand", "cse", "forward", "dse", "storeup", "loopeval", "unroll", "licm", "strength",
};
static const char *const last[] = {"andor", "cmpval", "cse", "narrow", "vbound"};
static const char *const order[] = {"split", "layout"};
#define LEN(x) ((int)(sizeof(x) / sizeof *(x)))

static const char help_head[] =
	"Usage: wh-opt [FILE.ssa] [-o FILE.ssa] [-O0] [-p PASS[,PASS...]] [--verify] [--no-refuse] [--time]\n"
	"Optimize ssa (the output of wh-lower). Without -p: the canonicalization\n"
	"passes until nothing changes, then the others (canonicalizing again after\n"
	"them) while they change something, then comparisons' values without\n"
	"branches (andor, cmpval, cse), ALU narrowing, then live-range splitting\n"
	"and block layout. Last (not with -p), what the kernel verifier would\n"
	"refuse for a reason known here is an error at its Lisp form (a packet\n"
	"read past every bounds check, a return value a cgroup program may not\n"
	"give, an access outside its stack object ...).\n"
	"\n"
	"  -O0         run no pass (print the input canonically)\n"
	"  -p LIST     run exactly these passes, once each, in this order\n"
	"  --skip LIST the default pipeline without these passes (to measure them)\n"
	"  --verify    check the IR after every pass: structure, and that every\n"
	"              definition dominates its uses (the input is always checked)\n"
	"  --no-refuse leave those errors to the kernel (to test the checks)\n"
	"  --time      print the CPU time of each pass (and of reading, the\n"
	"              predecessor lists, checking and printing) to stderr\n"
	"  --list      list the passes\n"
	"  -o FILE     write the output to FILE (only on success)\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exit status: 0 success, 1 bad input, 2 bad usage.\n";

typedef struct {
	int o0, verify, no_refuse, time;
	const char *list, *skip;
} Opts;

static const char *skip_list;   /* --skip: passes the pipeline leaves out */

static int opt(int argc, char **argv, int i, void *ctx)
{
	Opts *o = ctx;
	if (!strcmp(argv[i], "-O0")) {
		o->o0 = 1;
		return 1;
	}
	if (!strcmp(argv[i], "-O1") || !strcmp(argv[i], "-O2"))
		return 1;
	if (!strcmp(argv[i], "--verify")) {
		o->verify = 1;
		return 1;
	}
	if (!strcmp(argv[i], "--no-refuse")) {
		o->no_refuse = 1;
		return 1;
	}
	if (!strcmp(argv[i], "--time")) {
		o->time = 1;
		return 1;
	}
	if (!strcmp(argv[i], "--list")) {
		for (int k = 0; k < NPASSES; k++)
			printf("%-10s %s\n", passes[k].name, passes[k].what);
		exit(0);
	}
	if (!strcmp(argv[i], "-p") || !strcmp(argv[i], "--skip")) {
		if (i + 1 >= argc)
			usage_error("option %s needs a list of passes", argv[i]);
		*(argv[i][1] == 'p' ? &o->list : &o->skip) = argv[i + 1];
		return 2;
	}
	return 0;
}

static const Pass *find_pass(const char *name, size_t n)
{
	for (int k = 0; k < NPASSES; k++)
		if (strlen(passes[k].name) == n && !strncmp(passes[k].name, name, n))
			return &passes[k];
	return NULL;
}

/* --time: CPU seconds and runs of each pass, then of the work around the
 * passes (the STEP_ rows), printed to stderr at the end. */
enum { STEP_READ = NPASSES, STEP_PREDS, STEP_COMPACT, STEP_VERIFY, STEP_REFUSE, STEP_PRINT, NSTEPS };
static const char *const step_names[] = {"(read)", "(preds)", "(compact)", "(verify)", "(refuse)", "(print)"};
static double step_secs[NSTEPS];
static int step_runs[NSTEPS];
static int timing;              /* --time: read the clock (a system call) */

static double cpu_now(void)
{
	if (!timing)
		return 0;
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The time since *since goes to step k; *since becomes now. */
static void charge(int k, double *since)
{
	double now = cpu_now();
	step_secs[k] += now - *since;
	step_runs[k]++;
	*since = now;
}

static void print_times(void)
{
	double total = 0;
	for (int k = 0; k < NSTEPS; k++)
		total += step_secs[k];
	for (int k = 0; k < NSTEPS; k++)
		if (step_runs[k])
			fprintf(stderr, "wh-opt: time %-10s %9.3f ms %4d runs\n",
				k < NPASSES ? passes[k].name : step_names[k - NPASSES],
				step_secs[k] * 1e3, step_runs[k]);
	fprintf(stderr, "wh-opt: time %-10s %9.3f ms\n", "total", total * 1e3);
}

/* What the default pipeline knows of one program's changes: a pass that
 * changed nothing, run again on the same program, would change nothing
 * again (a pass is a function of the IR), so it is not run again until
 * some pass has changed the program. */
typedef struct {
	unsigned version;               /* bumped at every change */
	unsigned clean[NPASSES];        /* version + 1 where the pass last
					 * changed nothing; 0: not yet */
} Changes;

/* The arena the passes over one program allocate from. The program's IR
 * moves to a fresh one (compact.c) once the passes have taken more than
 * twice what its last copy took (and COMPACT_MIN at least) since then:
 * what they dropped goes with the old arena, and the copies cost no more
 * than the allocations that call for them. */
enum { COMPACT_MIN = 8 << 20 };
typedef struct {
	Arena *a;
	size_t at;              /* mem_in_use() after the last move (or the start) */
	size_t live;            /* what the last copy took */
} Work;

static Work work_new(void)
{
	return (Work){arena_new(), mem_in_use(), 0};
}

static void compact(Work *w, IrProg *p)
{
	size_t grown = mem_in_use() - w->at;
	if (mem_in_use() < w->at || grown <= 2 * w->live || grown <= COMPACT_MIN)
		return;
	size_t before = mem_in_use();
	Arena *to = arena_new();
	compact_prog(to, p);
	w->live = mem_in_use() - before;
	arena_free(w->a);
	w->a = to;
	w->at = mem_in_use();
}

static int run(Work *w, IrProg *p, const Pass *ps, int verify, Changes *ch)
{
	int k = (int)(ps - passes);
	if (ch && ch->clean[k] == ch->version + 1)
		return 0;
	double t = cpu_now();
	int changed = ps->fn(w->a, p);
	charge(k, &t);
	/* a pass that changed nothing left the predecessor lists right */
	if (changed) {
		ir_fill_preds(w->a, p);
		charge(STEP_PREDS, &t);
	}
	compact(w, p);
	charge(STEP_COMPACT, &t);
	if (verify) {
		opt_verify(w->a, p);
		charge(STEP_VERIFY, &t);
	}
	if (ch) {
		if (changed)
			ch->version++;
		else
			ch->clean[k] = ch->version + 1;
	}
	return changed;
}

static int skipped(const char *name)
{
	for (const char *s = skip_list; s && *s;) {
		size_t n = strcspn(s, ",");
		if (n == strlen(name) && !strncmp(s, name, n))
			return 1;
		s += n + (s[n] == ',');
	}
	return 0;
}

static int run_names(Work *w, IrProg *p, const char *const *names, int n, int verify,
		     Changes *ch)
{
	int changed = 0;
	for (int k = 0; k < n; k++)
		if (!skipped(names[k]))
			changed |= run(w, p, find_pass(names[k], strlen(names[k])), verify, ch);
	return changed;
}

static void canonicalize(Work *w, IrProg *p, int verify, Changes *ch)
{
	for (int round = 0; round < 100; round++)
		if (!run_names(w, p, canon, LEN(canon), verify, ch))
			break;
}

static void pipeline(Work *w, IrProg *p, int verify)
{
	Changes ch = {0};
	canonicalize(w, p, verify, &ch);
	for (int round = 0; round < 8; round++) {
		if (!run_names(w, p, middle, LEN(middle), verify, &ch))
			break;
		canonicalize(w, p, verify, &ch);
	}
	if (run_names(w, p, last, LEN(last), verify, &ch))
		canonicalize(w, p, verify, &ch);
	run_names(w, p, order, LEN(order), verify, &ch);
}

int main(int argc, char **argv)
{
	diag_prog = "wh-opt";
	Opts o = {0};
	FilterArgs fa = parse_filter_args(argc, argv, help_head, opt, &o);
	const Pass *chosen[64];
	int nchosen = 0;
	skip_list = o.skip;
	for (const char *s = o.skip; s && *s;) {
		size_t n = strcspn(s, ",");
		if (!find_pass(s, n))
			usage_error("unknown pass '%.*s' (see wh-opt --list)", (int)n, s);
		s += n + (s[n] == ',');
	}
	if (o.list) {
		for (const char *s = o.list; *s;) {
			size_t n = strcspn(s, ",");
			const Pass *ps = find_pass(s, n);
			if (!ps)
				usage_error("unknown pass '%.*s' (see wh-opt --list)", (int)n, s);
			if (nchosen == 64)
				usage_error("too many passes");
			chosen[nchosen++] = ps;
			s += n + (s[n] == ',');
		}
	}
	timing = o.time;
	double t = cpu_now();
	Arena *a = arena_new();
	diag_file = fa.input ? fa.input : "<stdin>";
	const char *text = read_file_all(a, fa.input, NULL);
	IrUnit *u = ir_parse(a, text, 0);
	if (u->file)
		diag_file = u->file;
	charge(STEP_READ, &t);
	/* by program: the arena its IR ends in, freed after the printing */
	Work *work = arena_alloc(a, sizeof *work * (size_t)(u->progs.n + 1));
	for (int i = 0; i < u->progs.n; i++) {
		IrProg *p = u->progs.v[i];
		t = cpu_now();
		opt_verify(a, p);
		charge(STEP_VERIFY, &t);
		work[i] = work_new();
		if (o.o0)
			continue;
		if (o.list) {
			for (int k = 0; k < nchosen; k++)
				run(&work[i], p, chosen[k], o.verify, NULL);
			continue;
		}
		pipeline(&work[i], p, o.verify);
	}
	t = cpu_now();
	for (int i = 0; i < u->progs.n && !o.no_refuse && !o.list; i++)
		opt_refuse(a, u, u->progs.v[i]);
	charge(STEP_REFUSE, &t);
	Buf b = {0};
	ir_print(&b, u);
	write_output(fa.output, b.data, b.len);
	charge(STEP_PRINT, &t);
	if (o.time)
		print_times();
	buf_free(&b);
	dom_forget();   /* its tree goes with the arenas (the fuzz harness runs main again) */
	for (int i = 0; i < u->progs.n; i++)
		arena_free(work[i].a);
	arena_free(a);
	return 0;
}
