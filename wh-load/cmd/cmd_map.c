/* cmd_map.c: `wh-load map (dump|lookup|update|delete|getnext) PINNED ...`:
 * the map operations of the library on a map pinned on bpffs, with keys
 * and values typed as text (wl_parse_value) and printed like `test
 * --dump` prints them, decoded with the map's BTF from the kernel. */
#include "cli.h"
#include "decode.h"
#include "diag.h"
#include "dump.h"
#include "../kernel/pin.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_map_help[] =
"Usage: wh-load map dump PINNED [-j]\n"
"       wh-load map lookup PINNED KEY [-j]\n"
"       wh-load map update PINNED KEY VALUE [--any | --noexist | --exist]\n"
"       wh-load map delete PINNED KEY\n"
"       wh-load map getnext PINNED [KEY] [-j]\n"
"Operate on the map pinned at PINNED (a path on bpffs, e.g. one made by\n"
"'wh-load pin').\n"
"\n"
"  dump      print every entry (get-next-key iteration, then lookups)\n"
"  lookup    print KEY's entry; exit 1 when there is none\n"
"  update    set KEY to VALUE; --any (the default) creates or replaces,\n"
"            --noexist only creates, --exist only replaces. For per-CPU\n"
"            maps VALUE goes to every CPU.\n"
"  delete    remove KEY's entry; exit 1 when there is none\n"
"  getnext   print the key after KEY (the first key without KEY); exit 1\n"
"            after the last\n"
"  -j, --json    JSON: dump an array of entries, lookup one entry\n"
"                {\"key\":K,\"value\":V[,\"values\":[per CPU]][,\"formatted\":{..}]},\n"
"                getnext {\"key\":K,\"next_key\":N}\n"
"  -h, --help    print this help\n"
"\n"
"KEY and VALUE: an integer (decimal, 0x hex, negative) for sizes up to 8\n"
"bytes; hex bytes \"01 00 00 0a\" or hex:0100000a for any size; with the\n"
"map's BTF, struct members by name: 'x=1 y=2' (others zero).\n"
"Text output: 'NAME[KEY] = VALUE' lines as 'wh-load test --dump' prints them\n"
"(struct keys and values decoded field by field), 'next_key: KEY'.\n"
"Exit status: 0 on success, 1 on an error, 2 on bad usage.\n";

typedef enum { OP_DUMP, OP_LOOKUP, OP_UPDATE, OP_DELETE, OP_GETNEXT } Op;

static const struct {
	const char *name;
	Op op;
	int min_args, max_args;         /* after PINNED */
} ops[] = {
	{"dump", OP_DUMP, 0, 0},
	{"lookup", OP_LOOKUP, 1, 1},
	{"update", OP_UPDATE, 2, 2},
	{"delete", OP_DELETE, 1, 1},
	{"getnext", OP_GETNEXT, 0, 1},
};
#define NOPS (sizeof ops / sizeof *ops)

/* The map open while the command runs; closed on every exit. */
static WlMap the_map = {.fd = -1};
static Arena *the_arena;

static void close_map(void)
{
	if (the_map.fd >= 0)
		close(the_map.fd);
	the_map.fd = -1;
	arena_free(the_arena);
	the_arena = NULL;
}

static void *parse_arg(const WlMap *m, const char *what, uint32_t type,
		       const char *text, size_t size)
{
	void *buf = arena_alloc(the_arena, size ? size : 1);
	if (wl_parse_value(m->btf, type, text, buf, size))
		fatal("%s: %s %s: %s", m->name, what, text, wl_error());
	return buf;
}

/* A value for update: per-CPU maps take one copy per possible CPU. */
static void *parse_value(const WlMap *m, const char *text)
{
	void *one = parse_arg(m, "value", m->btf_value_type_id, text, m->value_size);
	if (!wl_map_is_percpu(m))
		return one;
	size_t total = wl_map_value_bufsize(m), stride = ((size_t)m->value_size + 7) & ~(size_t)7;
	if (!total)
		cli_die();
	uint8_t *all = arena_alloc(the_arena, total);
	for (size_t off = 0; off < total; off += stride)
		memcpy(all + off, one, m->value_size);
	return all;
}

static void die_map(void)
{
	fatal("%s", wl_error());
}

static void print_entry(const WlMap *m, const void *key, const void *value,
			const CliGlobal *g)
{
	Buf out = {0};
	if (g->json) {
		Json j;
		json_init(&j, &out);
		dump_entry_json(&j, m, key, value);
	} else {
		dump_entry_text(&out, m, key, value);
	}
	cli_emit(&out);
	buf_free(&out);
}

static int run(Op op, const WlMap *m, char **args, int nargs, uint64_t flags,
	       const CliGlobal *g)
{
	int has_keys = m->key_size && m->type != BPF_MAP_TYPE_RINGBUF;
	if (!has_keys)
		fatal("map %s: %s has no keys: nothing to %s", m->name,
		      m->type == BPF_MAP_TYPE_RINGBUF ? "a ring buffer" : "the map",
		      ops[op].name);
	void *key = nargs ? parse_arg(m, "key", m->btf_key_type_id, args[0], m->key_size)
			  : NULL;
	switch (op) {
	case OP_DUMP: {
		Buf out = {0};
		Json j;
		json_init(&j, &out);
		int r = g->json ? dump_map_json(&j, m) : dump_map_text(&out, m);
		if (r)
			die_map();
		cli_emit(&out);
		buf_free(&out);
		return 0;
	}
	case OP_LOOKUP: {
		size_t vsize = wl_map_value_bufsize(m);
		if (!vsize)
			die_map();
		void *value = arena_alloc(the_arena, vsize);
		int r = wl_map_lookup(m, key, value);
		if (r < 0)
			die_map();
		if (r > 0)
			fatal("%s: no entry for key %s", m->name, args[0]);
		print_entry(m, key, value, g);
		return 0;
	}
	case OP_UPDATE:
		if (wl_map_update(m, key, parse_value(m, args[1]), flags))
			die_map();
		return 0;
	case OP_DELETE: {
		int r = wl_map_delete(m, key);
		if (r)
			die_map();
		return 0;
	}
	case OP_GETNEXT: {
		void *next = arena_alloc(the_arena, m->key_size);
		int r = wl_map_next_key(m, key, next);
		if (r < 0)
			die_map();
		if (r > 0 && key)
			fatal("%s: no key after %s", m->name, args[0]);
		if (r > 0)
			fatal("%s: the map is empty", m->name);
		Buf out = {0};
		if (g->json) {
			Json j;
			json_init(&j, &out);
			json_object(&j);
			json_key(&j, "key");
			if (key)
				dump_key_json(&j, m, key);
			else
				json_null(&j);
			json_key(&j, "next_key");
			dump_key_json(&j, m, next);
			json_object_end(&j);
		} else {
			buf_puts(&out, "next_key: ");
			dump_key_text(&out, m, next);
			buf_putc(&out, '\n');
		}
		cli_emit(&out);
		buf_free(&out);
		return 0;
	}
	}
	return 0;
}

int cmd_map(int argc, char **argv, CliGlobal *g)
{
	static const struct option longopts[] = {
		{"any", no_argument, NULL, 'A'},
		{"noexist", no_argument, NULL, 'N'},
		{"exist", no_argument, NULL, 'E'},
		CLI_COMMON_OPTS
	};
	int c, nflags = 0;
	uint64_t flags = BPF_ANY;
	while ((c = cli_getopt(argc, argv, ":hjd", longopts, cmd_map_help, g)) != -1) {
		nflags++;
		flags = c == 'N' ? BPF_NOEXIST : c == 'E' ? BPF_EXIST : BPF_ANY;
	}
	if (optind >= argc)
		usage_error("expected a map command (dump, lookup, update, delete, getnext)");
	const char *name = argv[optind];
	size_t k = 0;
	while (k < NOPS && strcmp(ops[k].name, name))
		k++;
	if (k == NOPS)
		usage_error("unknown map command '%s'", name);
	int nargs = argc - optind - 2;
	if (nargs < 0)
		usage_error("map %s needs the path of a pinned map", name);
	if (nargs < ops[k].min_args || nargs > ops[k].max_args)
		usage_error("map %s takes %s", name,
			    ops[k].op == OP_DUMP ? "only PINNED" :
			    ops[k].op == OP_UPDATE ? "PINNED KEY VALUE" :
			    ops[k].op == OP_GETNEXT ? "PINNED [KEY]" : "PINNED KEY");
	if (nflags > 1)
		usage_error("give at most one of --any, --noexist and --exist");
	if (nflags && ops[k].op != OP_UPDATE)
		usage_error("--any, --noexist and --exist are options of map update");
	diag_prog = "wh-load";

	the_arena = arena_new();
	diag_on_exit = close_map;
	if (wl_map_open_pinned(the_arena, argv[optind + 1], &the_map))
		die_map();
	int r = run(ops[k].op, &the_map, argv + optind + 2, nargs, flags, g);
	close_map();
	return r;
}
