/* obj_ext.c: .BTF.ext, libbpf's btf_ext layout: a header (magic, version,
 * flags, hdr_len, then offset and length of each subsection: func_info,
 * line_info and, when hdr_len reaches it, core_relo), and in each
 * subsection a record size then groups (section name, count, records).
 * One table row per subsection kind: reading into ObjExt, writing back,
 * and giving each program the records inside it. */
#include "obj.h"
#include "le.h"
#include <linux/bpf.h>
#include <stddef.h>
#include <string.h>

enum { EXT_HDR_MIN = 24, EXT_HDR_LEN = 32 };

/* ---- records: one decoder and one encoder per kind ---- */

typedef struct {
	Arena *a;
	const Btf *btf;
} Ctx;

static const char *str_at(const Ctx *c, uint32_t off)
{
	return btf_str(c->btf, off);
}

static void *dec_func(const Ctx *c, const uint8_t *p)
{
	ObjFuncInfo *r = arena_alloc(c->a, sizeof *r);
	*r = (ObjFuncInfo){le_get32(p), le_get32(p + 4)};
	return r;
}

static void *dec_line(const Ctx *c, const uint8_t *p)
{
	const char *file = str_at(c, le_get32(p + 4)), *text = str_at(c, le_get32(p + 8));
	if (!file || !text)
		return NULL;
	ObjLineInfo *r = arena_alloc(c->a, sizeof *r);
	uint32_t lc = le_get32(p + 12);
	*r = (ObjLineInfo){le_get32(p), file, text, BPF_LINE_INFO_LINE_NUM(lc),
			   BPF_LINE_INFO_LINE_COL(lc)};
	return r;
}

static void *dec_core(const Ctx *c, const uint8_t *p)
{
	const char *access = str_at(c, le_get32(p + 8));
	if (!access)
		return NULL;
	ObjCoreRelo *r = arena_alloc(c->a, sizeof *r);
	*r = (ObjCoreRelo){le_get32(p), le_get32(p + 4), access, le_get32(p + 12)};
	return r;
}

static void enc_func(BtfOut *b, const void *rec, Buf *out)
{
	const ObjFuncInfo *r = rec;
	(void)b;
	le_buf32(out, r->off);
	le_buf32(out, r->type_id);
}

static void enc_line(BtfOut *b, const void *rec, Buf *out)
{
	const ObjLineInfo *r = rec;
	le_buf32(out, r->off);
	le_buf32(out, btf_out_str(b, r->file));
	le_buf32(out, btf_out_str(b, r->text));
	le_buf32(out, r->line << 10 | (r->col & 0x3ff));
}

static void enc_core(BtfOut *b, const void *rec, Buf *out)
{
	const ObjCoreRelo *r = rec;
	le_buf32(out, r->off);
	le_buf32(out, r->type_id);
	le_buf32(out, btf_out_str(b, r->access));
	le_buf32(out, r->kind);
}

/* Every record begins with its byte offset in the section. */
_Static_assert(offsetof(ObjFuncInfo, off) == 0 && offsetof(ObjLineInfo, off) == 0 &&
	       offsetof(ObjCoreRelo, off) == 0, "records start with off");
static uint32_t rec_off(const void *rec) { return *(const uint32_t *)rec; }

static const struct {
	const char *name;
	uint32_t rec_size;      /* written; the least accepted */
	void *(*decode)(const Ctx *c, const uint8_t *p);        /* NULL: bad string */
	void (*encode)(BtfOut *b, const void *rec, Buf *out);
} kinds[EXT_KINDS] = {
	[EXT_FUNC] = {"func_info", sizeof(struct bpf_func_info), dec_func, enc_func},
	[EXT_LINE] = {"line_info", sizeof(struct bpf_line_info), dec_line, enc_line},
	[EXT_CORE] = {"core_relo", sizeof(struct bpf_core_relo), dec_core, enc_core},
};

const char *obj_ext_kind_name(ObjExtKind k) { return kinds[k].name; }

ObjExtGroup *obj_ext_group(Arena *a, ObjExt *x, ObjExtKind k, const char *sec)
{
	ObjExtGroup *g = arena_alloc(a, sizeof *g);
	g->sec = sec;
	vec_push(a, &x->groups[k], g);
	x->present[k] = 1;
	return g;
}

/* ---- reading ---- */

static const char *read_kind(const Ctx *c, ObjExt *x, ObjExtKind k,
			     const uint8_t *p, uint32_t len)
{
	const char *what = kinds[k].name;
	if (!len)
		return NULL;
	x->present[k] = 1;
	if (len < 4)
		return arena_printf(c->a, ".BTF.ext: truncated %s", what);
	uint32_t rec_size = le_get32(p);
	if (rec_size < kinds[k].rec_size || rec_size % 4)
		return arena_printf(c->a, ".BTF.ext: bad %s record size %u", what, rec_size);
	for (uint32_t off = 4; off < len; ) {
		if (len - off < 8)
			return arena_printf(c->a, ".BTF.ext: truncated %s section", what);
		const char *name = btf_str(c->btf, le_get32(p + off));
		uint32_t num = le_get32(p + off + 4);
		if (!name || !*name)
			return arena_printf(c->a, ".BTF.ext: %s section with a bad name", what);
		if (!num)
			return arena_printf(c->a, ".BTF.ext: %s section %s is empty", what, name);
		uint64_t bytes = (uint64_t)num * rec_size;
		if (bytes > len - off - 8)
			return arena_printf(c->a, ".BTF.ext: %s section %s runs past its end", what, name);
		ObjExtGroup *g = obj_ext_group(c->a, x, k, name);
		const uint8_t *rec = p + off + 8;
		for (uint32_t i = 0; i < num; i++, rec += rec_size) {
			void *r = kinds[k].decode(c, rec);
			if (!r)
				return arena_printf(c->a, ".BTF.ext: %s record %u of section %s has a "
					    "bad string offset", what, i, name);
			vec_push(c->a, &g->recs, r);
		}
		off += 8 + (uint32_t)bytes;
	}
	return NULL;
}

const char *obj_read_ext(ObjFile *o, const uint8_t *p, size_t len)
{
	Arena *a = o->a;
	if (!p || len < EXT_HDR_MIN)
		return ".BTF.ext: truncated header";
	uint16_t magic;
	memcpy(&magic, p, 2);
	if (magic != BTF_MAGIC)
		return arena_printf(a, ".BTF.ext: bad magic 0x%04x", magic);
	if (p[2] != 1 || p[3] != 0)
		return arena_printf(a, ".BTF.ext: unsupported version %u flags %u", p[2], p[3]);
	uint32_t hdr_len = le_get32(p + 4);
	if (hdr_len < EXT_HDR_MIN || hdr_len > len)
		return arena_printf(a, ".BTF.ext: bad header length %u", hdr_len);
	const uint8_t *body = p + hdr_len;
	uint64_t body_len = len - hdr_len;
	uint32_t off[EXT_KINDS] = {0}, n[EXT_KINDS] = {0};
	for (int k = 0; k < EXT_KINDS; k++) {
		if (8 + 8u * (uint32_t)k + 8 > hdr_len)
			break;          /* an older header without core_relo */
		off[k] = le_get32(p + 8 + 8 * k);
		n[k] = le_get32(p + 12 + 8 * k);
		if ((uint64_t)off[k] + n[k] > body_len)
			return k == EXT_CORE ? ".BTF.ext: core_relo outside the section"
					     : ".BTF.ext: func_info or line_info outside the section";
	}
	ObjExt *x = arena_alloc(a, sizeof *x);
	Ctx c = {a, o->btf};
	for (int k = 0; k < EXT_KINDS; k++) {
		const char *err = read_kind(&c, x, (ObjExtKind)k, body + off[k], n[k]);
		if (err)
			return err;
	}
	o->ext = x;
	return NULL;
}

const char *obj_ext_for_progs(ObjFile *o)
{
	for (int i = 0; i < o->nprogs; i++) {
		ObjProg *p = &o->progs[i];
		uint64_t start = p->off, end = p->off + (uint64_t)p->ninsns * 8;
		for (int k = 0; k < EXT_KINDS; k++)
			for (int g = 0; g < o->ext->groups[k].n; g++) {
				ObjExtGroup *grp = o->ext->groups[k].v[g];
				if (strcmp(grp->sec, p->section))
					continue;
				for (int j = 0; j < grp->recs.n; j++) {
					uint32_t at = rec_off(grp->recs.v[j]);
					if (at < start || at >= end)
						continue;
					if ((at - start) % 8)
						return arena_printf(o->a, ".BTF.ext: %s record at byte %u "
							    "of %s is not on an instruction",
							    kinds[k].name, at, grp->sec);
					vec_push(o->a, &p->ext[k], grp->recs.v[j]);
				}
			}
	}
	/* a CO-RE record must patch an instruction of some program */
	if (o->ext->groups[EXT_CORE].n)
		for (int g = 0; g < o->ext->groups[EXT_CORE].n; g++) {
			ObjExtGroup *grp = o->ext->groups[EXT_CORE].v[g];
			for (int j = 0; j < grp->recs.n; j++) {
				uint32_t at = rec_off(grp->recs.v[j]);
				int inside = 0;
				for (int i = 0; i < o->nprogs && !inside; i++) {
					const ObjProg *p = &o->progs[i];
					inside = !strcmp(grp->sec, p->section) && at >= p->off &&
						 at < p->off + (uint64_t)p->ninsns * 8;
				}
				if (!inside)
					return arena_printf(o->a, ".BTF.ext: core_relo record at byte "
							    "%u of %s is on no program's instruction",
							    at, grp->sec);
			}
		}
	return NULL;
}

/* ---- writing ---- */

static void write_kind(const ObjExt *x, ObjExtKind k, BtfOut *b, Buf *out)
{
	if (!x->present[k] && !x->groups[k].n)
		return;
	le_buf32(out, kinds[k].rec_size);
	for (int g = 0; g < x->groups[k].n; g++) {
		const ObjExtGroup *grp = x->groups[k].v[g];
		le_buf32(out, btf_out_str(b, grp->sec));
		le_buf32(out, (uint32_t)grp->recs.n);
		for (int j = 0; j < grp->recs.n; j++)
			kinds[k].encode(b, grp->recs.v[j], out);
	}
}

void obj_write_ext(const ObjExt *x, BtfOut *b, Buf *out)
{
	Buf part[EXT_KINDS] = {{0}};
	for (int k = 0; k < EXT_KINDS; k++)
		write_kind(x, (ObjExtKind)k, b, &part[k]);
	buf_put(out, (const uint8_t[4]){BTF_MAGIC & 0xff, BTF_MAGIC >> 8, 1, 0}, 4);
	le_buf32(out, EXT_HDR_LEN);                 /* version 1, flags 0 */
	uint32_t at = 0;
	for (int k = 0; k < EXT_KINDS; k++) {
		le_buf32(out, at);
		le_buf32(out, (uint32_t)part[k].len);
		at += (uint32_t)part[k].len;
	}
	for (int k = 0; k < EXT_KINDS; k++) {
		if (part[k].len)
			buf_put(out, part[k].data, part[k].len);
		buf_free(&part[k]);
	}
}
