/* fuzz_open.c: a libFuzzer target over what wh-load does with an object
 * before the kernel sees it: wl_open_mem (the shared object reader: ELF
 * tables, .BTF, .BTF.ext, .maps, programs, relocations; then the
 * loader's encoding of .BTF and relocations), the object writer on the
 * model read, then the BTF formatter and parser on
 * every map's key and value types with the input bytes as data, on
 * the first types of the BTF, and the CO-RE relocator (core.c) with the
 * object's own .BTF as the target. Build with `make fuzz` (clang); run with
 * `bin-fuzz/fuzz-open -max_len=16384 CORPUS-DIR SEED-DIR`. */
#include "decode.h"
#include "json.h"
#include "wl.h"
#include "wl_int.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void format(const Btf *b, uint32_t id, const uint8_t *data, size_t size)
{
	Buf out = {0};
	Json j;
	wl_fmt_text(&out, b, id, data, size);
	json_init(&j, &out);
	wl_fmt_json(&j, b, id, data, size);
	buf_free(&out);
}

/* The relocator again, with the object's .BTF as a module's split BTF
 * over a vmlinux of no types and the object's strings: no candidate in
 * vmlinux, so the module is searched, its names read through the base. */
static void relocate_in_module(WlObject *o)
{
	size_t len;
	const uint8_t *raw = btf_bytes(o->btf, &len);
	struct btf_header h;
	memcpy(&h, raw, sizeof h);
	size_t base_len = sizeof h + h.str_len;
	uint8_t *base_raw = arena_alloc(o->arena, base_len);
	struct btf_header bh = h;
	bh.hdr_len = sizeof h;
	bh.type_off = bh.type_len = bh.str_off = 0;
	memcpy(base_raw, &bh, sizeof bh);
	memcpy(base_raw + sizeof bh, raw + h.hdr_len + h.str_off, h.str_len);
	Btf *base, *split;
	if (btf_parse(o->arena, base_raw, base_len, &base) ||
	    btf_parse_split(o->arena, raw, len, base, &split))
		return;
	WlCoreBtf mod = {"fuzz-module", split};
	WlCoreTarget t = {.a = o->arena, .path = "fuzz", .vmlinux = base, .dir = "fuzz",
			  .mods = &mod, .nmods = 1, .mods_read = 1};
	for (int i = 0; i < o->nprogs; i++) {
		o->progs[i].core_done = 0;
		wl_core_relocate_to(o, &o->progs[i], &t);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	WlObject *o = wl_open_mem(data, size, "fuzz");
	if (!o)
		return 0;
	for (int i = 0; i < o->nmaps; i++) {
		const WlMap *m = &o->maps[i];
		format(m->btf, m->btf_key_type_id, data, size < m->key_size ? size : m->key_size);
		format(m->btf, m->btf_value_type_id, data, size);
		uint8_t buf[64];
		if (m->value_size <= sizeof buf)
			wl_parse_value(m->btf, m->btf_value_type_id, "a=1 b=-1,c=x",
				       buf, m->value_size);
	}
	Buf again = {0};
	obj_write(o->obj, &again);
	buf_free(&again);
	if (o->btf) {
		for (uint32_t id = 1; id < btf_type_count(o->btf) && id < 64; id++)
			format(o->btf, id, data, size);
		wl_btf_find_type(o->btf, "event");
		WlCoreTarget t = {.a = o->arena, .path = "fuzz", .vmlinux = o->btf,
				  .mods_read = 1};
		for (int i = 0; i < o->nprogs; i++)
			wl_core_relocate_to(o, &o->progs[i], &t);
		relocate_in_module(o);
	}
	wl_close(o);
	return 0;
}
