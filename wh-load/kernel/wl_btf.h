/* wl_btf.h: the object's .BTF (type access, size resolution, the DATASEC
 * fix-up the kernel needs) and .BTF.ext (func_info/line_info records). */
#ifndef WH_WL_BTF_H
#define WH_WL_BTF_H
#include <stdint.h>
#include <linux/btf.h>
#include "wl.h"

struct WlBtf {
	uint8_t *raw;           /* header + types + strings: our copy */
	uint32_t size;
	uint8_t *types;
	uint32_t types_len;
	const char *strs;       /* every string NUL-terminated (checked) */
	uint32_t strs_len;
	struct btf_type **type; /* by id; [0] is NULL (void) */
	uint32_t ntypes;        /* highest id + 1 */
};

/* ---- btf.c ---- */
int wl_btf_parse(Arena *a, const void *data, size_t len, WlBtf **out);
/* NULL for id 0 (void) and ids out of range. */
struct btf_type *wl_btf_type(const WlBtf *b, uint32_t id);
/* NULL when off is outside the string section. */
const char *wl_btf_str(const WlBtf *b, uint32_t off);
const char *wl_btf_kind_name(uint32_t kind);
static inline uint32_t wl_btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}
static inline uint32_t wl_btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}
/* Follow typedefs and qualifiers; *id gets the final id. NULL for void,
 * a bad id or a cycle. */
struct btf_type *wl_btf_skip_mods(const WlBtf *b, uint32_t *id);
/* Size in bytes of a type, following typedefs, qualifiers and arrays. */
int wl_btf_resolve_size(const WlBtf *b, uint32_t id, uint64_t *size);

/* ---- btf_kernel.c ---- */
/* Read raw BTF from the kernel by id (BPF_BTF_GET_FD_BY_ID then
 * BPF_OBJ_GET_INFO_BY_FD) and parse it into a. NULL with wl_error(). */
WlBtf *wl_btf_from_kernel(Arena *a, uint32_t btf_id);

/* ---- btf_load.c ---- */
/* Fix DATASEC sizes and VAR offsets from the ELF, as libbpf does, then
 * BPF_BTF_LOAD into o->btf_fd. */
int wl_btf_load(WlObject *o);

/* ---- btf_ext.c ---- */
typedef struct {
	const char *sec_name;
	const uint8_t *recs;    /* n records of rec_size bytes, unaligned */
	uint32_t n, rec_size;
} WlExtSec;

struct WlBtfExt {
	WlExtSec *func;
	int nfunc;
	WlExtSec *line;
	int nline;
};

int wl_btf_ext_parse(Arena *a, const WlBtf *b, const void *data, size_t len,
		     WlBtfExt **out);
/* Give p its func_info and line_info: the records of its section that fall
 * inside it, with byte offsets in the section turned into instruction
 * indices from the program's start. */
int wl_btf_ext_for_prog(Arena *a, const WlBtfExt *x, WlProg *p);

/* ---- mapdef.c ---- */
/* The maps defined in .maps, from the VARs of its DATASEC. */
int wl_maps_from_btf(WlObject *o);

#endif
