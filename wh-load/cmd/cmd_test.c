/* cmd_test.c: `wh-load test`: load an object's maps and one program, run
 * it on a packet with BPF_PROG_TEST_RUN, print the result and dump maps. */
#include "cli.h"
#include "diag.h"
#include "decode.h"
#include "dump.h"
#include "io.h"
#include "../kernel/ringbuf.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_test_help[] =
"Usage: wh-load test OBJ PROG (--data FILE | --hex HEX) [--repeat N]\n"
"                    [--dump MAP]... [--events MAP[=STRUCT]]...\n"
"                    [--data-out[=FILE]] [-j] [-d]\n"
"Load OBJ's maps and its program PROG, run PROG in the kernel on a packet\n"
"(BPF_PROG_TEST_RUN) and print its return value and the run's duration.\n"
"\n"
"  --data FILE   the packet's bytes, from FILE ('-': standard input)\n"
"  --hex HEX     the packet's bytes in hex; spaces, colons and a leading\n"
"                0x are ignored\n"
"  --repeat N    run N times (the duration is the average); default 1\n"
"  --dump MAP    print MAP's entries after the run; may be repeated\n"
"  --events MAP[=STRUCT]\n"
"                drain the ring buffer MAP after the run and print each\n"
"                event, decoded as STRUCT from OBJ's BTF (raw without)\n"
"  --data-out    print the packet as the program left it, in hex;\n"
"                --data-out=FILE writes its bytes to FILE instead\n"
"  -j, --json    print one JSON object:\n"
"                {\"retval\":N,\"duration_ns\":N,\"data_out\":HEX,\n"
"                 \"maps\":{\"MAP\":[{\"key\":K,\"value\":V}]},\n"
"                 (entries get \"formatted\":{\"key\":..,\"value\":..} when\n"
"                 BTF gives a struct, union, array or enum type)\n"
"                 \"events\":{\"MAP\":[EVENT, ...]}}\n"
"  -d, --debug   print the verifier log to stderr even when PROG loads\n"
"  -h, --help    print this help\n"
"\n"
"PROG is the program's function name; '-' may stand for '_'.\n"
"XDP and TC programs need at least 14 bytes of data (an Ethernet header).\n"
"Text output is 'retval: N' and 'duration_ns: N' lines, a 'data_out: HEX'\n"
"line on request, then one 'MAP[KEY] = VALUE' line per entry (integers of\n"
"up to 8 bytes in decimal, others as hex bytes or decoded from BTF;\n"
"per-CPU integers summed), then one 'MAP: EVENT' line per event.\n"
"Exit status: 0 when PROG ran (whatever it returned), 1 on an error,\n"
"2 on bad usage.\n";

typedef struct {
	const char *obj, *prog;
	const char *data_file;
	const uint8_t *hex;             /* --hex, parsed */
	uint32_t hex_len;
	uint32_t repeat;
	const char **dumps;
	int ndumps;
	const char **events;            /* MAP or MAP=STRUCT */
	int nevents;
	int data_out;                   /* --data-out given */
	const char *data_out_file;      /* --data-out=FILE */
} TestArgs;

/* A ring buffer to drain after the run, and how to decode its events. */
typedef struct {
	WlMap *map;
	uint32_t type;                  /* 0: raw */
	const Btf *btf;
} EventSrc;


static uint8_t *parse_hex(Arena *a, const char *s, uint32_t *len)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	size_t cap = strlen(s) / 2 + 1, n;
	uint8_t *out = arena_alloc(a, cap);
	if (wl_hex_bytes(s, out, cap, &n) < 0)
		usage_error("--hex: %s", wl_error());
	*len = (uint32_t)n;
	return out;
}

static uint32_t parse_repeat(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || errno || v == 0 || v > UINT32_MAX || *s == '-')
		usage_error("--repeat: '%s' is not a count from 1 to %u", s, UINT32_MAX);
	return (uint32_t)v;
}

static void parse_args(Arena *a, int argc, char **argv, CliGlobal *g, TestArgs *t)
{
	static const struct option longopts[] = {
		{"data", required_argument, NULL, 'D'},
		{"hex", required_argument, NULL, 'x'},
		{"repeat", required_argument, NULL, 'r'},
		{"dump", required_argument, NULL, 'm'},
		{"events", required_argument, NULL, 'e'},
		{"data-out", optional_argument, NULL, 'o'},
		CLI_COMMON_OPTS
	};
	t->repeat = 1;
	t->dumps = arena_alloc(a, (size_t)argc * sizeof *t->dumps);
	t->events = arena_alloc(a, (size_t)argc * sizeof *t->events);
	int c;
	while ((c = cli_getopt(argc, argv, ":hjd", longopts, cmd_test_help, g)) != -1) {
		switch (c) {
		case 'D': t->data_file = optarg; break;
		case 'x': t->hex = parse_hex(a, optarg, &t->hex_len); break;
		case 'r': t->repeat = parse_repeat(optarg); break;
		case 'm': t->dumps[t->ndumps++] = optarg; break;
		case 'e': t->events[t->nevents++] = optarg; break;
		case 'o':
			t->data_out = 1;
			t->data_out_file = optarg;
			if (optarg && !*optarg)
				usage_error("--data-out=FILE: empty file name");
			break;
		}
	}
	if (argc - optind != 2)
		usage_error("expected OBJ and PROG, got %d argument%s", argc - optind,
			    argc - optind == 1 ? "" : "s");
	t->obj = argv[optind];
	t->prog = argv[optind + 1];
	if (!t->data_file == !t->hex)
		usage_error("test needs the packet from exactly one of --data and --hex");
	if (t->data_file && !strcmp(t->data_file, "-") && !strcmp(t->obj, "-"))
		usage_error("the object and --data cannot both be standard input");
}

/* "a, b, c" for an error message; a hostile object may have thousands. */
static const char *names(Arena *a, int n, const char *(*name)(WlObject *, int))
{
	enum { MAX_LISTED = 20 };
	Buf b = {0};
	for (int i = 0; i < n && i < MAX_LISTED; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", name(cli_object, i));
	if (n > MAX_LISTED)
		buf_printf(&b, ", ... (%d in all)", n);
	const char *s = n ? arena_strdup(a, b.data) : "none";
	buf_free(&b);
	return s;
}
static const char *prog_name(WlObject *o, int i) { return o->progs[i].name; }
static const char *map_name(WlObject *o, int i) { return o->maps[i].name; }

/* "0a0b0c" (wl_hex_text), in a; "" for no bytes. */
static const char *hex_of(Arena *a, const void *data, uint32_t len)
{
	Buf b = {0};
	wl_hex_text(&b, data, len, 0);
	const char *s = b.data ? arena_strdup(a, b.data) : "";
	buf_free(&b);
	return s;
}

/* Ring buffer events, collected in order while the ring is drained. */
typedef struct {
	const EventSrc *src;
	Buf *out;
	Json *j;                        /* NULL: text */
} EventCtx;

static int print_event(const void *data, uint32_t len, void *ctx)
{
	EventCtx *e = ctx;
	if (e->j) {
		wl_fmt_json(e->j, e->src->btf, e->src->type, data, len);
	} else {
		buf_printf(e->out, "%s: ", e->src->map->name);
		wl_fmt_text(e->out, e->src->btf, e->src->type, data, len);
		buf_putc(e->out, '\n');
	}
	return 0;
}

static void drain(const EventSrc *src, Buf *out, Json *j)
{
	WlRing *r = wl_ring_open(src->map);
	if (!r)
		cli_die();
	EventCtx e = {src, out, j};
	int n = wl_ring_poll(r, 0, print_event, &e);
	wl_ring_close(r);
	if (n < 0)
		cli_die();
}

static void print_result(Arena *a, const TestArgs *t, const WlTestOut *r,
			 WlMap **maps, const EventSrc *ev, const CliGlobal *g)
{
	Buf out = {0};
	int show_data = t->data_out && !t->data_out_file;
	if (g->json) {
		Json j;
		json_init(&j, &out);
		json_object(&j);
		json_key(&j, "retval");
		json_u64(&j, r->retval);
		json_key(&j, "duration_ns");
		json_u64(&j, r->duration_ns);
		if (show_data) {
			json_key(&j, "data_out");
			json_string(&j, hex_of(a, r->data_out, r->data_out_len));
		}
		if (t->ndumps) {
			json_key(&j, "maps");
			json_object(&j);
			for (int i = 0; i < t->ndumps; i++) {
				json_key(&j, maps[i]->name);
				if (dump_map_json(&j, maps[i]))
					cli_die();
			}
			json_object_end(&j);
		}
		if (t->nevents) {
			json_key(&j, "events");
			json_object(&j);
			for (int i = 0; i < t->nevents; i++) {
				json_key(&j, ev[i].map->name);
				json_array(&j);
				drain(&ev[i], &out, &j);
				json_array_end(&j);
			}
			json_object_end(&j);
		}
		json_object_end(&j);
	} else {
		buf_printf(&out, "retval: %u\nduration_ns: %u\n", r->retval, r->duration_ns);
		if (show_data)
			buf_printf(&out, "data_out: %s\n",
				   hex_of(a, r->data_out, r->data_out_len));
		for (int i = 0; i < t->ndumps; i++)
			if (dump_map_text(&out, maps[i]))
				cli_die();
		for (int i = 0; i < t->nevents; i++)
			drain(&ev[i], &out, NULL);
	}
	cli_emit(&out);
	buf_free(&out);
}

int cmd_test(int argc, char **argv, CliGlobal *g)
{
	Arena *a = arena_new();
	TestArgs t = {0};
	parse_args(a, argc, argv, g, &t);
	diag_prog = "wh-load";
	WlTestIn in = {.repeat = t.repeat};
	if (t.hex) {
		in.data = t.hex;
		in.data_len = t.hex_len;
	} else {
		size_t len;
		in.data = read_file_all(a, t.data_file, &len);
		if (len > UINT32_MAX)
			fatal("%s: too large for a packet", t.data_file);
		in.data_len = (uint32_t)len;
	}

	WlObject *o = cli_open(t.obj);
	WlProg *p = wl_find_prog(o, t.prog);
	if (!p)
		fatal("%s: no program '%s' (programs: %s)", t.obj, t.prog,
		      names(a, o->nprogs, prog_name));
	WlMap **maps = arena_alloc(a, (size_t)(t.ndumps + 1) * sizeof *maps);
	int nmaps = 0;
	for (int i = 0; i < t.ndumps; i++) {
		WlMap *m = wl_find_map(o, t.dumps[i]);
		if (!m)
			fatal("%s: no map '%s' (maps: %s)", t.obj, t.dumps[i],
			      names(a, o->nmaps, map_name));
		int dup = 0;
		for (int k = 0; k < nmaps; k++)
			dup |= maps[k] == m;
		if (!dup)
			maps[nmaps++] = m;
	}
	t.ndumps = nmaps;
	EventSrc *ev = arena_alloc(a, (size_t)(t.nevents + 1) * sizeof *ev);
	for (int i = 0; i < t.nevents; i++) {
		char *name = arena_strdup(a, t.events[i]);
		char *eq = strchr(name, '=');
		if (eq)
			*eq++ = 0;
		WlMap *m = wl_find_map(o, name);
		if (!m)
			fatal("%s: no map '%s' (maps: %s)", t.obj, name,
			      names(a, o->nmaps, map_name));
		if (m->type != BPF_MAP_TYPE_RINGBUF)
			fatal("%s: --events %s: map %s is not a ring buffer", t.obj,
			      t.events[i], m->name);
		ev[i] = (EventSrc){m, 0, o->btf};
		if (eq && !(ev[i].type = wl_btf_find_type(o->btf, eq)))
			fatal("%s: --events %s: %s", t.obj, t.events[i], wl_error());
	}

	WlLoadOpts opts = {.log_level = g->debug ? 2 | 4 : 0};
	if (wl_prog_load(o, p, &opts))
		cli_die();
	if (g->debug)
		cli_print_log(p->log);
	WlTestOut r;
	if (wl_prog_test_run(o, p, &in, &r))
		cli_die();
	if (t.data_out_file)
		write_output(t.data_out_file, r.data_out, r.data_out_len);
	print_result(a, &t, &r, maps, ev, g);
	cli_close();
	arena_free(a);
	return 0;
}
