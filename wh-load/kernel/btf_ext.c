/* btf_ext.c: .BTF.ext func_info and line_info: parsing the per-section
 * record lists, and giving each program the records inside it with byte
 * offsets turned into instruction indices. CO-RE records are not used. */
#include "wl_btf.h"
#include <string.h>

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

/* libbpf_internal.h's btf_ext_header, without the optional CO-RE part. */
enum { EXT_HDR_MIN = 24, FUNC_REC = 8, LINE_REC = 16 };

static int parse_subsection(Arena *a, const WlBtf *b, const char *what,
			    const uint8_t *p, uint32_t len, uint32_t min_rec,
			    WlExtSec **out, int *nout)
{
	if (!len)
		return 0;
	if (len < 4)
		return wl_fail(".BTF.ext: truncated %s", what);
	uint32_t rec_size = rd32(p);
	if (rec_size < min_rec || rec_size % 4)
		return wl_fail(".BTF.ext: bad %s record size %u", what, rec_size);
	/* Two passes: count the sections, then fill them in. */
	for (int pass = 0; pass < 2; pass++) {
		int n = 0;
		for (uint32_t off = 4; off < len; n++) {
			if (len - off < 8)
				return wl_fail(".BTF.ext: truncated %s section", what);
			uint32_t name_off = rd32(p + off), num = rd32(p + off + 4);
			const char *name = wl_btf_str(b, name_off);
			if (!name || !*name)
				return wl_fail(".BTF.ext: %s section with a bad name", what);
			if (!num)
				return wl_fail(".BTF.ext: %s section %s is empty", what, name);
			uint64_t bytes = (uint64_t)num * rec_size;
			if (bytes > len - off - 8)
				return wl_fail(".BTF.ext: %s section %s runs past its end",
					       what, name);
			if (pass)
				(*out)[n] = (WlExtSec){name, p + off + 8, num, rec_size};
			off += 8 + (uint32_t)bytes;
		}
		if (!pass) {
			*out = arena_alloc(a, (size_t)(n ? n : 1) * sizeof **out);
			*nout = n;
		}
	}
	return 0;
}

int wl_btf_ext_parse(Arena *a, const WlBtf *b, const void *data, size_t len,
		     WlBtfExt **out)
{
	const uint8_t *p = data;
	if (!p || len < EXT_HDR_MIN)
		return wl_fail(".BTF.ext: truncated header");
	uint16_t magic;
	memcpy(&magic, p, 2);
	if (magic != BTF_MAGIC)
		return wl_fail(".BTF.ext: bad magic 0x%04x", magic);
	if (p[2] != 1 || p[3] != 0)
		return wl_fail(".BTF.ext: unsupported version %u flags %u", p[2], p[3]);
	uint32_t hdr_len = rd32(p + 4);
	if (hdr_len < EXT_HDR_MIN || hdr_len > len)
		return wl_fail(".BTF.ext: bad header length %u", hdr_len);
	const uint8_t *body = p + hdr_len;
	uint64_t body_len = len - hdr_len;
	uint32_t foff = rd32(p + 8), flen = rd32(p + 12);
	uint32_t loff = rd32(p + 16), llen = rd32(p + 20);
	if ((uint64_t)foff + flen > body_len || (uint64_t)loff + llen > body_len)
		return wl_fail(".BTF.ext: func_info or line_info outside the section");
	WlBtfExt *x = arena_alloc(a, sizeof *x);
	if (parse_subsection(a, b, "func_info", body + foff, flen, FUNC_REC,
			     &x->func, &x->nfunc) ||
	    parse_subsection(a, b, "line_info", body + loff, llen, LINE_REC,
			     &x->line, &x->nline))
		return -1;
	*out = x;
	return 0;
}

/* The records of one section that fall in [start, end): counted into *n,
 * and when dst is not NULL copied there (first `keep` bytes of each) with
 * insn_off turned into an instruction index from start. */
static int take(const WlExtSec *s, const char *what, uint64_t start,
		uint64_t end, uint32_t keep, uint8_t *dst, uint32_t *n)
{
	for (uint32_t i = 0; i < s->n; i++) {
		const uint8_t *rec = s->recs + (size_t)i * s->rec_size;
		uint32_t off = rd32(rec);
		if (off < start || off >= end)
			continue;
		if ((off - start) % 8)
			return wl_fail(".BTF.ext: %s record at byte %u of %s is not "
				       "on an instruction", what, off, s->sec_name);
		if (dst) {
			uint32_t idx = (uint32_t)((off - start) / 8);
			memcpy(dst + (size_t)*n * keep, rec, keep);
			memcpy(dst + (size_t)*n * keep, &idx, sizeof idx);
		}
		(*n)++;
	}
	return 0;
}

/* p's records from the sections named like p's: counted, then copied. */
static int collect(Arena *a, const WlExtSec *secs, int nsecs, const WlProg *p,
		   const char *what, uint32_t keep, void **out, uint32_t *nout)
{
	uint64_t start = p->sec_off, end = p->sec_off + (uint64_t)p->insn_cnt * 8;
	uint8_t *dst = NULL;
	for (int pass = 0; pass < 2; pass++) {
		uint32_t n = 0;
		for (int s = 0; s < nsecs; s++)
			if (!strcmp(secs[s].sec_name, p->section) &&
			    take(&secs[s], what, start, end, keep, dst, &n))
				return -1;
		if (!pass && !n)
			break;
		if (!pass)
			dst = arena_alloc(a, (size_t)n * keep);
		*nout = n;
	}
	*out = dst;
	return 0;
}

int wl_btf_ext_for_prog(Arena *a, const WlBtfExt *x, WlProg *p)
{
	void *fi = NULL, *li = NULL;
	p->func_info_cnt = p->line_info_cnt = 0;
	if (collect(a, x->func, x->nfunc, p, "func_info",
		    sizeof(struct bpf_func_info), &fi, &p->func_info_cnt) ||
	    collect(a, x->line, x->nline, p, "line_info",
		    sizeof(struct bpf_line_info), &li, &p->line_info_cnt))
		return -1;
	p->func_info = fi;
	p->line_info = li;
	return 0;
}
