/* cmd_run.c: `wh-load run`: load an object, attach its programs, print
 * maps every interval and stream ring-buffer events until a duration
 * ends or a signal comes; then detach everything it attached. Signals are
 * blocked from the start and read from a signalfd, so one arriving at any
 * moment ends the run through the same cleanup. */
#include "../kernel/attach.h"
#include "cli.h"
#include "decode.h"
#include "diag.h"
#include "dump.h"
#include "../kernel/ringbuf.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>

const char cmd_run_help[] =
"Usage: wh-load run OBJ [--attach PROG[:KIND][=TARGET]]... [--print MAP]...\n"
"                   [--interval SEC] [--events MAP[=STRUCT]]... [--duration SEC]\n"
"                   [--max-events N] [--multi] [--legacy] [--pin-links DIR]\n"
"                   [-j] [-d]\n"
"Load OBJ, attach programs, print maps and ring-buffer events until the\n"
"duration ends or SIGINT/SIGTERM/SIGHUP arrives; then remove every\n"
"attachment made (links, perf events, tc filters and the clsact qdisc\n"
"added for them, XDP programs, cgroup attachments).\n"
"\n"
"  --attach PROG[:KIND][=TARGET]\n"
"                attach program PROG; KIND overrides what its section says\n"
"                (xdp xdpdrv xdpgeneric xdpoffload tc-ingress tc-egress\n"
"                kprobe kretprobe uprobe uretprobe tracepoint raw-tracepoint\n"
"                cgroup); TARGET by kind: an interface (xdp*, tc-*), FUNC[+OFF]\n"
"                (kprobes), PATH:SYMBOL[+OFF] or PATH:0xOFF (uprobes),\n"
"                CATEGORY/NAME (tracepoints), a cgroup v2 directory (cgroup;\n"
"                default the cgroup v2 root). Without --attach: every program\n"
"                whose section names its target (kprobe/FUNC, tracepoint/C/N,\n"
"                uprobe/PATH:SYM, raw_tp/NAME, cgroup sections)\n"
"  --print MAP   print MAP's entries every interval and at the end\n"
"  --interval SEC  seconds between prints (default 1; fractions allowed)\n"
"  --events MAP[=STRUCT]\n"
"                print each record of ring buffer MAP, decoded as the BTF\n"
"                struct STRUCT when given ('-' may stand for '_')\n"
"  --duration SEC  stop after SEC seconds (default: run until a signal)\n"
"  --max-events N  stop after N ring-buffer records\n"
"  --multi       cgroup attachments with BPF_F_ALLOW_MULTI (BPF_PROG_ATTACH)\n"
"  --legacy      netlink, BPF_PROG_ATTACH and perf ioctls instead of BPF links\n"
"  --pin-links DIR  pin each BPF link in DIR (a bpffs directory) as PROG, or\n"
"                PROG_N for a program's later links; the pins go at the end\n"
"  -j, --json    one JSON object per line: {\"map\":M,\"entries\":[...]} per\n"
"                snapshot, {\"map\":M,\"event\":V} per record\n"
"  -d, --debug   print verifier logs to stderr even when programs load\n"
"  -h, --help    print this help\n"
"\n"
"Each attachment is reported on stderr. Exit status: 0 when the run ends\n"
"by its duration, a count or a signal; 1 on an error; 2 on bad usage.\n";

typedef struct {
	const char *prog, *kind, *target;
} AttachArg;

typedef struct {
	const char *map, *type;
} EventsArg;

typedef struct {
	const char *obj;
	AttachArg *att;
	int natt;
	const char **prints;
	int nprints;
	EventsArg *events;
	int nevents;
	double interval, duration;      /* duration < 0: until a signal */
	long long max_events;           /* 0: no limit */
	int multi, legacy;
	const char *pin_dir;
} RunArgs;

static double parse_seconds(const char *opt, const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !(v > 0 && v <= 1e9))
		usage_error("%s: '%s' is not a number of seconds", opt, s);
	return v;
}

/* "NAME[=VALUE]" -> NAME, VALUE (NULL without '='). */
static const char *split_eq(Arena *a, const char *s, const char **value)
{
	const char *eq = strchr(s, '=');
	*value = eq ? eq + 1 : NULL;
	return eq ? arena_strndup(a, s, (size_t)(eq - s)) : s;
}

static void parse_args(Arena *a, int argc, char **argv, CliGlobal *g, RunArgs *r)
{
	static const struct option longopts[] = {
		{"attach", required_argument, NULL, 'a'},
		{"print", required_argument, NULL, 'p'},
		{"interval", required_argument, NULL, 'i'},
		{"events", required_argument, NULL, 'e'},
		{"duration", required_argument, NULL, 't'},
		{"max-events", required_argument, NULL, 'n'},
		{"multi", no_argument, NULL, 'M'},
		{"legacy", no_argument, NULL, 'L'},
		{"pin-links", required_argument, NULL, 'P'},
		CLI_COMMON_OPTS
	};
	r->interval = 1;
	r->duration = -1;
	r->att = arena_alloc(a, (size_t)argc * sizeof *r->att);
	r->prints = arena_alloc(a, (size_t)argc * sizeof *r->prints);
	r->events = arena_alloc(a, (size_t)argc * sizeof *r->events);
	int c;
	while ((c = cli_getopt(argc, argv, ":hjd", longopts, cmd_run_help, g)) != -1) {
		switch (c) {
		case 'a': {
			AttachArg *t = &r->att[r->natt++];
			const char *p = split_eq(a, optarg, &t->target);
			const char *colon = strchr(p, ':');
			t->prog = colon ? arena_strndup(a, p, (size_t)(colon - p)) : p;
			t->kind = colon ? colon + 1 : NULL;
			if (!*t->prog)
				usage_error("--attach: no program named in '%s'", optarg);
			if (t->kind && attach_kind_by_name(t->kind) < 0)
				usage_error("--attach: unknown kind '%s'", t->kind);
			break;
		}
		case 'p': r->prints[r->nprints++] = optarg; break;
		case 'i': r->interval = parse_seconds("--interval", optarg); break;
		case 'e': {
			EventsArg *e = &r->events[r->nevents++];
			e->map = split_eq(a, optarg, &e->type);
			break;
		}
		case 't': r->duration = parse_seconds("--duration", optarg); break;
		case 'n': {
			char *end;
			errno = 0;
			r->max_events = strtoll(optarg, &end, 10);
			if (!*optarg || *end || errno || r->max_events <= 0)
				usage_error("--max-events: '%s' is not a positive count", optarg);
			break;
		}
		case 'M': r->multi = 1; break;
		case 'L': r->legacy = 1; break;
		case 'P': r->pin_dir = optarg; break;
		}
	}
	if (argc - optind != 1)
		usage_error("expected OBJ, got %d arguments", argc - optind);
	r->obj = argv[optind];
}

/* ---- state the exit hook cleans up ---- */
static WlRing **rings;
static int nrings;
static int sig_fd = -1, ep_fd = -1;
static Arena *run_arena;
static Buf run_out;             /* the output line(s) being built */

/* Every exit path: the end of the run, fatal() (diag_on_exit) and
 * exit() anywhere (atexit). Safe to run more than once. */
static void run_cleanup(void)
{
	wl_detach_all();
	for (int i = 0; i < nrings; i++)
		wl_ring_close(rings[i]);
	nrings = 0;
	if (sig_fd >= 0)
		close(sig_fd);
	if (ep_fd >= 0)
		close(ep_fd);
	sig_fd = ep_fd = -1;
	cli_close();
	arena_free(run_arena);
	run_arena = NULL;
	buf_free(&run_out);
}

static void load(WlObject *o, WlProg *p, const CliGlobal *g)
{
	if (p->fd >= 0)
		return;
	WlLoadOpts opts = {.log_level = g->debug ? 1 : 0};
	if (wl_prog_load(o, p, &opts) < 0)
		cli_die();
	if (g->debug)
		cli_print_log(p->log);
}

static void attach(WlObject *o, WlProg *p, const AttachArg *t,
		   const RunArgs *r, const CliGlobal *g)
{
	load(o, p, g);
	WlAttachSpec s = {0};
	s.kind = t && t->kind ? (AttachKind)attach_kind_by_name(t->kind)
		: ATT_NONE;
	s.target = t ? t->target : NULL;
	s.flags = r->multi ? WL_ATTACH_F_ALLOW_MULTI : 0;
	s.legacy = r->legacy;
	WlLink *l = wl_attach(o, p, &s);
	if (!l)
		cli_die();
	WlLinkInfo info;
	wl_link_info(l, &info);
	if (r->pin_dir) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", r->pin_dir, info.prog);
		for (int n = 1; n < 1000 && access(path, F_OK) == 0; n++)
			snprintf(path, sizeof path, "%s/%s_%d", r->pin_dir, info.prog, n);
		if (wl_link_pin(l, path) < 0)
			cli_die();
	}
	fprintf(stderr, "wh-load run: attached %s to %s as %s (%s", info.prog,
		info.target, attach_kind_info(info.kind)->name, info.how);
	if (info.link_id)
		fprintf(stderr, " %u", info.link_id);
	fputs(")\n", stderr);
}

typedef struct {
	const CliGlobal *g;
	const WlObject *o;
	const char *map;
	uint32_t type;
	long long seen, max;
} EventCtx;

/* Records go out in writes of 64 KiB, or when the oldest line waiting
 * has waited FLUSH_AFTER seconds: a stream of records, each waking the
 * run, costs a write per 64 KiB rather than one per wake-up, and no line
 * waits longer than a millisecond or so. */
enum { FLUSH_BYTES = 65536 };
#define FLUSH_AFTER 0.001

static void emit_line(Buf *b)
{
	cli_emit(b);
	b->len = 0;
}

static int on_event(const void *data, uint32_t len, void *ctx)
{
	EventCtx *e = ctx;
	if (e->g->json) {
		Json j;
		json_init(&j, &run_out);
		json_object(&j);
		json_key(&j, "map");
		json_string(&j, e->map);
		json_key(&j, "event");
		wl_fmt_json(&j, e->o->btf, e->type, data, len);
		json_object_end(&j);
	} else {
		buf_puts(&run_out, e->map);
		buf_put(&run_out, ": ", 2);
		wl_fmt_text(&run_out, e->o->btf, e->type, data, len);
		buf_putc(&run_out, '\n');
	}
	if (run_out.len >= FLUSH_BYTES)
		emit_line(&run_out);
	return e->max && ++e->seen >= e->max ? 1 : 0;
}

/* Consume ring k's records; 1 when --max-events is reached. */
static int drain(EventCtx *e, int k, long long *seen, long long max)
{
	if (max && *seen >= max)
		return 1;
	e[k].seen = 0;
	e[k].max = max ? max - *seen : 0;
	int got = wl_ring_consume(rings[k], on_event, &e[k]);
	if (got < 0) {
		emit_line(&run_out);    /* the records before the failure */
		cli_die();
	}
	*seen += e[k].seen;
	return max && *seen >= max;
}

static void print_maps(WlMap **maps, int n, const CliGlobal *g)
{
	emit_line(&run_out);            /* the records waiting, first */
	for (int i = 0; i < n; i++) {
		if (g->json) {
			Json j;
			json_init(&j, &run_out);
			json_object(&j);
			json_key(&j, "map");
			json_string(&j, maps[i]->name);
			json_key(&j, "entries");
			if (dump_map_json(&j, maps[i]))
				cli_die();
			json_object_end(&j);    /* ends the line */
		} else if (dump_map_text(&run_out, maps[i])) {
			cli_die();
		}
	}
	emit_line(&run_out);
}

/* Records come in bursts: when standard output is a pipe, room for 1 MiB
 * of lines (the unprivileged limit) instead of 64 KiB lets a burst go out
 * in a few writes rather than a blocking write per 64 KiB. Best effort. */
static void widen_pipe(void)
{
	struct stat st;
	if (fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
		fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
}

/* Standard output ends before the teardown, so a reader at the other end
 * of a pipe sees its end when the last record is out, not after the
 * detaching (an XDP program's waits for an RCU grace period, about 10 ms
 * here). Everything is written already (cli_emit flushes). */
static void end_output(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static WlMap *find_map(WlObject *o, const char *name)
{
	WlMap *m = wl_find_map(o, name);
	if (!m)
		fatal("%s: no map '%s'", o->path, name);
	return m;
}

int cmd_run(int argc, char **argv, CliGlobal *g)
{
	Arena *a = run_arena = arena_new();
	atexit(run_cleanup);
	RunArgs r = {0};
	parse_args(a, argc, argv, g, &r);
	diag_prog = "wh-load";

	/* From here a signal waits in the signalfd until the loop reads it. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGPIPE);
	sigprocmask(SIG_BLOCK, &sigs, NULL);

	WlObject *o = cli_open(r.obj);
	diag_on_exit = run_cleanup;
	sig_fd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	ep_fd = epoll_create1(EPOLL_CLOEXEC);
	if (sig_fd < 0 || ep_fd < 0)
		fatal("signalfd/epoll: %s", strerror(errno));
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 0};
	epoll_ctl(ep_fd, EPOLL_CTL_ADD, sig_fd, &ev);

	if (wl_load_maps(o) < 0)
		cli_die();
	WlMap **prints = arena_alloc(a, (size_t)(r.nprints + 1) * sizeof *prints);
	for (int i = 0; i < r.nprints; i++)
		prints[i] = find_map(o, r.prints[i]);
	EventCtx *ectx = arena_alloc(a, (size_t)(r.nevents + 1) * sizeof *ectx);
	rings = arena_alloc(a, (size_t)(r.nevents + 1) * sizeof *rings);
	long long seen = 0;
	if (r.nevents)
		widen_pipe();
	for (int i = 0; i < r.nevents; i++) {
		WlMap *m = find_map(o, r.events[i].map);
		ectx[i] = (EventCtx){g, o, m->name, 0, 0, r.max_events};
		if (r.events[i].type) {
			if (!o->btf)
				fatal("%s: no BTF to decode '%s' with", o->path,
				      r.events[i].type);
			char *t = arena_strdup(a, r.events[i].type);
			for (char *c = t; *c; c++)
				if (*c == '-')
					*c = '_';
			ectx[i].type = wl_btf_find_type(o->btf, r.events[i].type);
			if (!ectx[i].type)
				ectx[i].type = wl_btf_find_type(o->btf, t);
			if (!ectx[i].type)
				fatal("%s: no struct '%s' in the object's BTF", o->path,
				      r.events[i].type);
		}
		if (!(rings[i] = wl_ring_open(m)))
			cli_die();
		nrings++;
		ev.data.u32 = (uint32_t)i + 1;
		if (epoll_ctl(ep_fd, EPOLL_CTL_ADD, wl_ring_fd(rings[i]), &ev) < 0)
			fatal("epoll: %s", strerror(errno));
	}

	if (r.natt) {
		for (int i = 0; i < r.natt; i++) {
			WlProg *p = wl_find_prog(o, r.att[i].prog);
			if (!p)
				fatal("%s: no program '%s'", o->path, r.att[i].prog);
			attach(o, p, &r.att[i], &r, g);
		}
	} else {
		for (int i = 0; i < o->nprogs; i++)
			if (wl_attach_target_implied(&o->progs[i]))
				attach(o, &o->progs[i], NULL, &r, g);
		if (!wl_link_count())
			fatal("%s: no program names its own target; "
			      "use --attach PROG=TARGET", o->path);
	}

	double start = now(), next = start + r.interval;
	double end = r.duration > 0 ? start + r.duration : -1;     /* -1: none */
	int stop = 0;
	double pending_since = 0;       /* when run_out last became non-empty */
	while (!stop) {
		double t = now(), wake = end;
		if (run_out.len && t - pending_since >= FLUSH_AFTER)
			emit_line(&run_out);
		if (r.nprints && (wake < 0 || next < wake))
			wake = next;
		if (run_out.len && (wake < 0 || pending_since + FLUSH_AFTER < wake))
			wake = pending_since + FLUSH_AFTER;
		int timeout = wake < 0 ? -1 : wake <= t ? 0 : (int)((wake - t) * 1000) + 1;
		struct epoll_event evs[16];
		int n = epoll_wait(ep_fd, evs, 16, timeout);
		if (n < 0 && errno != EINTR)
			fatal("epoll_wait: %s", strerror(errno));
		for (int i = 0; i < n && !stop; i++) {
			uint32_t k = evs[i].data.u32;
			if (k == 0) {
				stop = 1;
				break;
			}
			size_t had = run_out.len;
			stop = drain(ectx, (int)k - 1, &seen, r.max_events);
			if (!had && run_out.len)
				pending_since = now();
		}
		t = now();
		if (r.nprints && t >= next && !stop) {
			print_maps(prints, r.nprints, g);
			while (next <= t)
				next += r.interval;
		}
		if (end >= 0 && t >= end)
			stop = 1;
	}
	/* What arrived before the end, then the last snapshot. */
	for (int i = 0; i < r.nevents && !drain(ectx, i, &seen, r.max_events); i++)
		;
	emit_line(&run_out);
	if (r.nprints)
		print_maps(prints, r.nprints, g);
	end_output();
	int rc = wl_detach_all();
	if (rc < 0)
		fprintf(stderr, "wh-load: %s\n", wl_error());
	run_cleanup();
	diag_on_exit = NULL;
	return rc < 0 ? 1 : 0;
}
