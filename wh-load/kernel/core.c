/* core.c: CO-RE relocation without libbpf. Each .BTF.ext core_relo record
 * of a program names a struct of the object's .BTF, an access string of
 * member indices ("0:2") and a field relocation kind; the field is found
 * by name in the target BTF (the running kernel's, /sys/kernel/btf/vmlinux,
 * or the file wl_core_set_target or WH_LOAD_BTF names), and the instruction's immediate or offset is patched
 * to the target's value. Every record is checked against the object (type
 * ids, access strings, instruction and its value) before it is used: a
 * bad one is an error, never a crash. */
#include "wl.h"
#include "wl_int.h"
#include "io.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ACCESS = 32, LD_IMM64 = BC_LD | BS_DW | BM_IMM };

/* ---- the target BTF, read once per process ---- */

static const char *target_path;         /* NULL: the running kernel's */
static struct {
	Arena *a;
	const char *path;
	const Btf *btf;
} target;

void wl_core_set_target(const char *path) { target_path = path; }

static const char *target_file(void)
{
	if (target_path)
		return target_path;
	const char *env = getenv("WH_LOAD_BTF");
	return env && *env ? env : "/sys/kernel/btf/vmlinux";
}

/* The whole file into the arena; NULL with wl_error(). */
static const Btf *read_btf(Arena *a, const char *path)
{
	char *copy;
	size_t len;
	int err = read_file_try(a, path, &copy, &len);
	if (err) {
		wl_fail("CO-RE: cannot read the target BTF %s: %s", path, strerror(err));
		return NULL;
	}
	if (len >= 4 && !memcmp(copy, "\177ELF", 4)) {
		wl_fail("CO-RE: %s is an ELF file; the target must be raw BTF "
			"(llvm-objcopy --dump-section .BTF=FILE OBJ makes one)", path);
		return NULL;
	}
	Btf *out;
	const char *why = btf_parse(a, copy, len, &out);
	if (why) {
		wl_fail("CO-RE: %s: bad BTF: %s", path, why);
		return NULL;
	}
	return out;
}

static const Btf *target_btf(void)
{
	const char *path = target_file();
	if (target.btf && !strcmp(target.path, path))
		return target.btf;
	if (!target.a)
		target.a = arena_new();
	target.btf = read_btf(target.a, path);
	target.path = target.btf ? arena_strdup(target.a, path) : NULL;
	return target.btf;
}

/* ---- names and kinds ---- */

/* The length of a name without its ___flavour suffix. */
static size_t essence_len(const char *name)
{
	const char *f = strstr(name, "___");
	return f ? (size_t)(f - name) : strlen(name);
}

static int same_essence(const char *a, const char *b)
{
	size_t n = essence_len(a);
	return n == essence_len(b) && !strncmp(a, b, n);
}

static int is_composite(const struct btf_type *t)
{
	uint32_t k = t ? btf_kind_of(t) : 0;
	return k == BTF_KIND_STRUCT || k == BTF_KIND_UNION;
}

/* Field kinds libbpf accepts as compatible (bpf_core_fields_are_compat):
 * composites with composites, integers and enums together, pointers with
 * pointers, arrays with arrays, floats with floats. */
static int field_class(uint32_t kind)
{
	switch (kind) {
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_FWD: return 1;
	case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64: return 2;
	case BTF_KIND_PTR: return 3;
	case BTF_KIND_ARRAY: return 4;
	case BTF_KIND_FLOAT: return 5;
	default: return 0;
	}
}

/* ---- walking an access path ---- */

/* Where a walk ends: the field's bit offset from the root, its type. */
typedef struct {
	uint64_t bit_off;
	uint32_t type;          /* resolved (no modifiers) */
	uint32_t bitfield;      /* bits of a bitfield member, 0 otherwise */
	const char *names[MAX_ACCESS];  /* member names along the path */
	int n;                  /* indices after the first */
} Spec;

static int parse_access(const char *s, uint32_t *idx, int *n)
{
	*n = 0;
	if (!s || !*s)
		return -1;
	while (*s) {
		if (*n == MAX_ACCESS || *s < '0' || *s > '9')
			return -1;
		uint64_t v = 0;
		while (*s >= '0' && *s <= '9') {
			v = v * 10 + (uint64_t)(*s++ - '0');
			if (v > UINT32_MAX)
				return -1;
		}
		idx[(*n)++] = (uint32_t)v;
		if (*s == ':' && s[1])
			s++;
		else if (*s)
			return -1;
	}
	return 0;
}

/* The local path: indices into the object's BTF. NULL or what is wrong. */
static const char *walk_local(const Btf *b, uint32_t root, const uint32_t *idx, int n,
			      Spec *sp)
{
	memset(sp, 0, sizeof *sp);
	uint32_t id = root;
	const struct btf_type *t = btf_skip_mods(b, &id);
	if (!is_composite(t))
		return "its type is not a struct or union";
	if (idx[0] != 0)
		return "the access string does not start with 0 (arrays of the root are "
		       "not supported)";
	for (int i = 1; i < n; i++) {
		if (is_composite(t)) {
			if (idx[i] >= btf_vlen_of(t))
				return "the access string names a member past the struct's end";
			const struct btf_member *m = (const struct btf_member *)(t + 1) + idx[i];
			const char *name = btf_str(b, m->name_off);
			if (!name || !*name)
				return "the access string names an anonymous member";
			sp->names[sp->n++] = name;
			sp->bit_off += btf_member_bit_offset(t, m);
			sp->bitfield = btf_member_bitfield_size(t, m);
			id = m->type;
		} else {
			BtfShape sh;
			if (btf_shape(b, id, &sh) || sh.what != BTF_IS_ARRAY)
				return "the access string indexes something that is not an array";
			if (idx[i] >= sh.count)
				return "the access string indexes past an array's end";
			sp->names[sp->n++] = NULL;
			sp->bit_off += (uint64_t)idx[i] * sh.elem_size * 8;
			sp->bitfield = 0;
			id = sh.target;
		}
		t = btf_skip_mods(b, &id);
		if (!t && i + 1 < n)
			return "the access string goes through void";
	}
	if (n == 1)
		return "the access string names no member";
	sp->type = id;
	return NULL;
}

/* Find member `name` of composite `id` in the target, looking into its
 * anonymous members as libbpf does; adds its bit offset. 1: found. */
static int find_member(const Btf *b, uint32_t id, const char *name, int depth,
		       uint64_t *bit_off, uint32_t *type, uint32_t *bitfield)
{
	const struct btf_type *t = btf_skip_mods(b, &id);
	if (!is_composite(t) || depth > 32)
		return 0;
	const struct btf_member *m = (const struct btf_member *)(t + 1);
	for (uint32_t i = 0; i < btf_vlen_of(t); i++) {
		const char *mn = btf_str(b, m[i].name_off);
		if (!mn)
			continue;
		uint64_t off = btf_member_bit_offset(t, &m[i]);
		if (*mn && !strcmp(mn, name)) {
			*bit_off += off;
			*type = m[i].type;
			*bitfield = btf_member_bitfield_size(t, &m[i]);
			return 1;
		}
		if (!*mn) {
			uint64_t inner = off;
			if (find_member(b, m[i].type, name, depth + 1, &inner, type, bitfield)) {
				*bit_off += inner;
				return 1;
			}
		}
	}
	return 0;
}

/* The same path in the target from candidate `root`: 1 when every member
 * is there with a compatible kind at the end. */
static int walk_target(const Btf *lb, const Spec *local, const uint32_t *idx,
		       const Btf *tb, uint32_t root, Spec *out)
{
	memset(out, 0, sizeof *out);
	uint32_t id = root;
	for (int i = 0; i < local->n; i++) {
		if (local->names[i]) {
			uint32_t type;
			if (!find_member(tb, id, local->names[i], 0, &out->bit_off, &type,
					 &out->bitfield))
				return 0;
			id = type;
		} else {
			BtfShape sh;
			if (btf_shape(tb, id, &sh) || sh.what != BTF_IS_ARRAY ||
			    (sh.count && idx[i + 1] >= sh.count))
				return 0;
			out->bit_off += (uint64_t)idx[i + 1] * sh.elem_size * 8;
			out->bitfield = 0;
			id = sh.target;
		}
		if (i + 1 < local->n)
			btf_skip_mods(tb, &id);
	}
	uint32_t lid = local->type;
	const struct btf_type *lt = btf_skip_mods(lb, &lid);
	const struct btf_type *tt = btf_skip_mods(tb, &id);
	if (!lt || !tt || field_class(btf_kind_of(lt)) != field_class(btf_kind_of(tt)))
		return 0;
	out->type = id;
	return 1;
}

/* The value of a field relocation of `kind` for a walk's end. */
static int field_value(const Btf *b, const Spec *sp, uint32_t kind, uint64_t *v)
{
	uint64_t size = 0;
	BtfShape sh;
	if (btf_size(b, sp->type, &size) || btf_shape(b, sp->type, &sh))
		return -1;
	if (sp->bitfield || sp->bit_off % 8)
		return -1;      /* bitfields: not relocated here */
	*v = core_field_value((int)kind, sp->bit_off / 8, size, sh.is_signed);
	return 0;
}

/* ---- patching ---- */

static int insn_value(const BpfInsn *in, uint32_t left, int64_t *v)
{
	switch (in->code & 7) {
	case BC_ALU: case BC_ALU64:
		if (in->code & BSRC_X)
			return -1;
		*v = in->imm;
		return 0;
	case BC_LDX: case BC_ST: case BC_STX:
		if ((in->code & 0xe0) != BM_MEM)
			return -1;
		*v = in->off;
		return 0;
	case BC_LD:
		if (in->code != LD_IMM64 || left < 2)
			return -1;
		*v = (int64_t)((uint64_t)(uint32_t)in->imm | (uint64_t)(uint32_t)in[1].imm << 32);
		return 0;
	default:
		return -1;
	}
}

static int insn_patch(BpfInsn *in, uint64_t v)
{
	switch (in->code & 7) {
	case BC_ALU: case BC_ALU64:
		if (v > INT32_MAX)
			return -1;
		in->imm = (int32_t)v;
		return 0;
	case BC_LDX: case BC_ST: case BC_STX:
		if (v > INT16_MAX)
			return -1;
		in->off = (int16_t)v;
		return 0;
	default:
		in[0].imm = (int32_t)(uint32_t)v;
		in[1].imm = (int32_t)(uint32_t)(v >> 32);
		return 0;
	}
}

/* "file:line:col" of the instruction, from its line_info, or "". */
static const char *where(const WlObject *o, const WlProg *p, uint32_t byte_off)
{
	const ObjLineInfo *best = NULL;
	const Vec *li = &p->obj->ext[EXT_LINE];
	for (int i = 0; i < li->n; i++) {
		const ObjLineInfo *l = li->v[i];
		if (l->off <= byte_off && (!best || l->off >= best->off))
			best = l;
	}
	if (!best || !best->line)
		return "";
	return arena_printf(o->arena, " (read at %s:%u:%u)", *best->file ? best->file : "?",
			    best->line, best->col);
}

static int relocate_one(WlObject *o, WlProg *p, const ObjCoreRelo *r, const Btf *tb,
			const char *tpath)
{
	const Btf *lb = o->btf;
	uint32_t at = (uint32_t)(r->off - p->obj->off) / 8;
	const CoreKindInfo *kind = core_kind_by_value((int)r->kind);
	if (!lb)
		return wl_fail("program %s: CO-RE relocation without .BTF", p->name);
	if (!kind || !kind->field)
		return wl_fail("program %s: CO-RE relocation of instruction %u: kind %u is "
			       "not a field relocation (not supported)", p->name, at, r->kind);
	if (at >= p->insn_cnt)
		return wl_fail("program %s: CO-RE relocation past the program's end", p->name);
	const struct btf_type *lt = btf_type_at(lb, r->type_id);
	if (!lt)
		return wl_fail("program %s: CO-RE relocation of instruction %u: type id %u "
			       "is not in .BTF", p->name, at, r->type_id);
	uint32_t idx[MAX_ACCESS];
	int n;
	if (parse_access(r->access, idx, &n))
		return wl_fail("program %s: CO-RE relocation of instruction %u: bad access "
			       "string \"%s\"", p->name, at, r->access ? r->access : "");
	Spec local;
	const char *why = walk_local(lb, r->type_id, idx, n, &local);
	const char *sname = btf_name(lb, lt);
	if (why)
		return wl_fail("program %s: CO-RE relocation of instruction %u (%s, \"%s\"): "
			       "%s", p->name, at, sname, r->access, why);
	uint64_t want;
	if (field_value(lb, &local, r->kind, &want))
		return wl_fail("program %s: CO-RE relocation of instruction %u: %s.%s is a "
			       "bitfield or not byte-aligned (not supported)", p->name, at,
			       sname, local.names[local.n - 1] ? local.names[local.n - 1] : "[]");
	int64_t has;
	if (insn_value(&p->insns[at], p->insn_cnt - at, &has))
		return wl_fail("program %s: CO-RE relocation of instruction %u: not an "
			       "instruction a relocation can patch (code 0x%02x)", p->name, at,
			       p->insns[at].code);
	if ((uint64_t)has != want)
		return wl_fail("program %s: CO-RE relocation of instruction %u: it holds %lld, "
			       "but %s of %s in .BTF is %llu", p->name, at, (long long)has,
			       kind->name, sname, (unsigned long long)want);
	/* the candidates: composites of the same kind and name essence */
	const char *field = local.names[local.n - 1] ? local.names[local.n - 1] : "[]";
	int found = 0, seen = 0;
	uint64_t value = 0;
	for (uint32_t id = 1; id < btf_type_count(tb); id++) {
		const struct btf_type *t = btf_type_at(tb, id);
		if (!t || btf_kind_of(t) != btf_kind_of(lt) || !same_essence(btf_name(tb, t), sname))
			continue;
		seen = 1;
		Spec targ;
		uint64_t v;
		if (!walk_target(lb, &local, idx, tb, id, &targ) || field_value(tb, &targ, r->kind, &v))
			continue;
		if (found && v != value)
			return wl_fail("program %s: CO-RE: %s.%s is ambiguous in %s: two "
				       "candidates give %llu and %llu", p->name, sname, field,
				       tpath, (unsigned long long)value,
				       (unsigned long long)v);
		found = 1;
		value = v;
	}
	if (!seen)
		return wl_fail("program %s: CO-RE: the target BTF %s has no %s %s%s", p->name,
			       tpath, btf_kind_of(lt) == BTF_KIND_UNION ? "union" : "struct",
			       sname, where(o, p, r->off));
	if (!found)
		return wl_fail("program %s: CO-RE: %s %s has no field '%s' in the target BTF "
			       "%s%s", p->name,
			       btf_kind_of(lt) == BTF_KIND_UNION ? "union" : "struct", sname, field,
			       tpath, where(o, p, r->off));
	if (insn_patch(&p->insns[at], value))
		return wl_fail("program %s: CO-RE: %s.%s is at %llu in %s, more than "
			       "instruction %u can hold", p->name, sname, field,
			       (unsigned long long)value, tpath, at);
	return 0;
}

int wl_core_relocate_to(WlObject *o, WlProg *p, const Btf *tb, const char *tpath)
{
	const Vec *v = &p->obj->ext[EXT_CORE];
	if (p->core_done || !v->n)
		return 0;
	for (int i = 0; i < v->n; i++)
		if (relocate_one(o, p, v->v[i], tb, tpath))
			return -1;
	p->core_done = 1;
	return 0;
}

int wl_core_relocate(WlObject *o, WlProg *p)
{
	if (p->core_done || !p->obj->ext[EXT_CORE].n)
		return 0;
	const Btf *tb = target_btf();
	return tb ? wl_core_relocate_to(o, p, tb, target.path) : -1;
}
