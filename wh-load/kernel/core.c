/* core.c: CO-RE relocation without libbpf. Each .BTF.ext core_relo record
 * of a program names a struct of the object's .BTF, an access string of
 * member indices ("0:2") and a field relocation kind; the field is found
 * by name in the target BTF, and the instruction's immediate or offset is
 * patched to the target's value. The target is the running kernel's:
 * /sys/kernel/btf/vmlinux, then, for a struct vmlinux lacks, each
 * module's split BTF beside it (libbpf's order); wl_core_set_target_dir
 * or WH_LOAD_BTF_DIR names another directory laid out the same way, and
 * wl_core_set_target or WH_LOAD_BTF one raw BTF file to use alone. Every
 * record is checked against the object (type ids, access strings,
 * instruction and its value) before it is used: a bad one is an error,
 * never a crash. */
#include "wl.h"
#include "wl_int.h"
#include "io.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_ACCESS = 32, LD_IMM64 = BC_LD | BS_DW | BM_IMM };

/* ---- the target BTF, read once per process ---- */

/* What the command line chose; NULL: the environment's, else the
 * running kernel's. At most one of the two is set. */
static const char *chosen_file, *chosen_dir;
static WlCoreTarget target;     /* the last one read, in its own arena */
static const char *target_key;  /* the file or directory it was read from */

void wl_core_set_target(const char *path) { chosen_file = path; chosen_dir = NULL; }
void wl_core_set_target_dir(const char *dir) { chosen_dir = dir; chosen_file = NULL; }

/* The BTF file to use alone (*dir NULL), or the directory of vmlinux and
 * the modules' BTF. */
static const char *target_source(const char **dir)
{
	*dir = NULL;
	if (chosen_file)
		return chosen_file;
	if (chosen_dir)
		return *dir = chosen_dir;
	const char *env = getenv("WH_LOAD_BTF");
	if (env && *env)
		return env;
	env = getenv("WH_LOAD_BTF_DIR");
	return *dir = env && *env ? env : "/sys/kernel/btf";
}

/* The whole file into the arena, parsed (split over `base` when given);
 * NULL with wl_error(). */
static const Btf *read_btf(Arena *a, const char *path, const Btf *base)
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
	const char *why = btf_parse_split(a, copy, len, base, &out);
	if (why) {
		wl_fail("CO-RE: %s: bad %sBTF: %s", path, base ? "module (split) " : "", why);
		return NULL;
	}
	return out;
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The modules' split BTF of t->dir: every file there but vmlinux, in the
 * order of their names. Read the first time a struct is not in vmlinux;
 * a bad one is an error (each time it is needed). A directory that does
 * not exist has none. */
static int read_modules(WlCoreTarget *t)
{
	t->mods_read = 1;
	DIR *d = opendir(t->dir);
	if (!d)
		return errno == ENOENT ? 0 : wl_fail("CO-RE: cannot read the directory %s: %s",
						      t->dir, strerror(errno));
	Vec names = {0};
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] != '.' && strcmp(e->d_name, "vmlinux"))
			vec_push(t->a, &names, arena_strdup(t->a, e->d_name));
	closedir(d);
	qsort(names.v, (size_t)names.n, sizeof *names.v, by_name);
	t->mods = arena_alloc(t->a, sizeof *t->mods * (size_t)(names.n ? names.n : 1));
	for (int i = 0; i < names.n; i++) {
		const char *path = arena_printf(t->a, "%s/%s", t->dir, (char *)names.v[i]);
		const Btf *b = read_btf(t->a, path, t->vmlinux);
		if (!b) {
			t->nmods = t->mods_read = 0;    /* the next search says it again */
			return -1;
		}
		t->mods[t->nmods++] = (WlCoreBtf){path, b};
	}
	return 0;
}

static WlCoreTarget *target_btf(void)
{
	const char *dir;
	const char *src = target_source(&dir);
	if (target.vmlinux && !strcmp(target_key, src))
		return &target;
	arena_free(target.a);
	memset(&target, 0, sizeof target);
	target.a = arena_new();
	target.path = dir ? arena_printf(target.a, "%s/vmlinux", dir) : arena_strdup(target.a, src);
	target.dir = dir ? arena_strdup(target.a, dir) : NULL;
	target.vmlinux = read_btf(target.a, target.path, NULL);
	target_key = arena_strdup(target.a, src);
	return target.vmlinux ? &target : NULL;
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
	const char *names[MAX_ACCESS];  /* member names along the path (NULL:
					 * an array index) */
	uint32_t index[MAX_ACCESS];     /* the access string's index of each */
	int n;                  /* steps after the first, but anonymous members */
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
			if (!name)
				return "a member's name is outside the string section";
			/* an anonymous struct or union member (clang records its
			 * index) only moves the offset: the target is searched by
			 * the names inside it, as libbpf does */
			if (*name) {
				sp->index[sp->n] = idx[i];
				sp->names[sp->n++] = name;
			} else if (i + 1 == n) {
				return "the access string ends at an anonymous member";
			}
			sp->bit_off += btf_member_bit_offset(t, m);
			sp->bitfield = btf_member_bitfield_size(t, m);
			id = m->type;
		} else {
			BtfShape sh;
			if (btf_shape(b, id, &sh) || sh.what != BTF_IS_ARRAY)
				return "the access string indexes something that is not an array";
			if (idx[i] >= sh.count)
				return "the access string indexes past an array's end";
			sp->index[sp->n] = idx[i];
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
static int walk_target(const Btf *lb, const Spec *local, const Btf *tb, uint32_t root,
		       Spec *out)
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
			    (sh.count && local->index[i] >= sh.count))
				return 0;
			out->bit_off += (uint64_t)local->index[i] * sh.elem_size * 8;
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

/* The candidates of a local struct found so far: target composites of
 * its kind and name essence, and the value of those where the access
 * path leads to a compatible field (all must agree, as in libbpf). */
typedef struct {
	const Btf *lb;
	const Spec *local;
	const struct btf_type *lt;
	uint32_t kind;
	int seen, found;
	uint64_t value, other;
	const char *seen_in, *found_in, *other_in;
	const Btf *found_btf;   /* the first match: its BTF and field type */
	uint32_t found_type;
} Cands;

/* Add the candidates among the types of `tb` from id `first`. -1 when
 * two disagree (c->other and c->other_in say the second). */
static int add_cands(Cands *c, const Btf *tb, const char *tpath, uint32_t first)
{
	const char *sname = btf_name(c->lb, c->lt);
	for (uint32_t id = first; id < btf_type_count(tb); id++) {
		const struct btf_type *t = btf_type_at(tb, id);
		if (!t || btf_kind_of(t) != btf_kind_of(c->lt) ||
		    !same_essence(btf_name(tb, t), sname))
			continue;
		if (!c->seen)
			c->seen_in = tpath;
		c->seen = 1;
		Spec targ;
		uint64_t v;
		if (!walk_target(c->lb, c->local, tb, id, &targ) ||
		    field_value(tb, &targ, c->kind, &v))
			continue;
		if (c->found && v != c->value) {
			c->other = v;
			c->other_in = tpath;
			return -1;
		}
		if (!c->found) {
			c->found_in = tpath;
			c->found_btf = tb;
			c->found_type = targ.type;
		}
		c->found = 1;
		c->value = v;
	}
	return 0;
}

static int fail_ambiguous(const WlProg *p, const char *sname, const char *field,
			  const Cands *c)
{
	if (c->found_in == c->other_in)
		return wl_fail("program %s: CO-RE: %s.%s is ambiguous in %s: two candidates "
			       "give %llu and %llu", p->name, sname, field, c->found_in,
			       (unsigned long long)c->value, (unsigned long long)c->other);
	return wl_fail("program %s: CO-RE: %s.%s is ambiguous: %s gives %llu, %s gives %llu",
		       p->name, sname, field, c->found_in, (unsigned long long)c->value,
		       c->other_in, (unsigned long long)c->other);
}

/* A field's size and whether a load of it may change width: pointers
 * and unsigned integers (zero-extension keeps their value), as libbpf's
 * bpf_core_calc_relo says. 0, or -1 for a type without a size. */
static int field_size(const Btf *b, uint32_t type, uint64_t *size, int *resizable)
{
	BtfShape sh;
	if (btf_size(b, type, size) || btf_shape(b, type, &sh))
		return -1;
	*resizable = sh.what == BTF_IS_PTR || (sh.what == BTF_IS_INT && !sh.is_signed);
	return 0;
}

/* A load or store whose offset a byte_off relocation patches reads the
 * field itself: where the field's size differs on the target, its width
 * follows (libbpf's bpf_core_patch_insn). */
static int patch_width(const WlProg *p, BpfInsn *in, uint32_t at, const char *sname,
		       const char *field, const Btf *lb, uint32_t ltype, const Cands *c)
{
	static const uint8_t size_code[9] = {[1] = BS_B, [2] = BS_H, [4] = BS_W, [8] = BS_DW};
	uint64_t lsize, tsize;
	int lok, tok;
	if (field_size(lb, ltype, &lsize, &lok) ||
	    field_size(c->found_btf, c->found_type, &tsize, &tok))
		return wl_fail("program %s: CO-RE: %s.%s has no size", p->name, sname, field);
	if (lsize == tsize)
		return 0;
	static const uint32_t size_bytes[4] = {4, 2, 1, 8};     /* BS_W, BS_H, BS_B, BS_DW */
	uint32_t width = size_bytes[(in->code & 0x18) >> 3];
	if (width != lsize)
		return wl_fail("program %s: CO-RE relocation of instruction %u: it accesses %u "
			       "bytes of %s.%s, which has %llu; its %llu bytes in %s cannot be "
			       "read so", p->name, at, width, sname, field,
			       (unsigned long long)lsize, (unsigned long long)tsize, c->found_in);
	if ((tsize != 1 && tsize != 2 && tsize != 4 && tsize != 8) || !lok || !tok)
		return wl_fail("program %s: CO-RE: %s.%s has %llu bytes in %s, not %llu, and a "
			       "load of it cannot change width (only pointers and unsigned "
			       "integers of 1, 2, 4 or 8 bytes can)", p->name, sname, field,
			       (unsigned long long)tsize, c->found_in, (unsigned long long)lsize);
	in->code = (uint8_t)((in->code & ~0x18) | size_code[tsize]);
	return 0;
}

static int relocate_one(WlObject *o, WlProg *p, const ObjCoreRelo *r, WlCoreTarget *t)
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
	/* the candidates: vmlinux's, else every module's own types */
	const char *field = local.names[local.n - 1] ? local.names[local.n - 1] : "[]";
	const char *what = btf_kind_of(lt) == BTF_KIND_UNION ? "union" : "struct";
	Cands c = {.lb = lb, .local = &local, .lt = lt, .kind = r->kind};
	if (add_cands(&c, t->vmlinux, t->path, 1))
		return fail_ambiguous(p, sname, field, &c);
	if (!c.seen && t->dir && !t->mods_read && read_modules(t))
		return -1;
	int in_vmlinux = c.seen;
	for (int i = 0; !in_vmlinux && i < t->nmods; i++)
		if (add_cands(&c, t->mods[i].btf, t->mods[i].path, btf_first_id(t->mods[i].btf)))
			return fail_ambiguous(p, sname, field, &c);
	if (!c.seen)
		return wl_fail("program %s: CO-RE: the target BTF %s%s has no %s %s%s", p->name,
			       t->path, t->nmods ? " (nor any module's BTF beside it)" : "",
			       what, sname, where(o, p, r->off));
	if (!c.found)
		return wl_fail("program %s: CO-RE: %s %s has no field '%s' in the target BTF "
			       "%s%s", p->name, what, sname, field, c.seen_in, where(o, p, r->off));
	uint64_t value = c.value;
	const char *tpath = c.found_in;
	int mem = (p->insns[at].code & 7) == BC_LDX || (p->insns[at].code & 7) == BC_ST ||
		  (p->insns[at].code & 7) == BC_STX;
	if (mem && r->kind == BPF_CORE_FIELD_BYTE_OFFSET &&
	    patch_width(p, &p->insns[at], at, sname, field, lb, local.type, &c))
		return -1;
	if (insn_patch(&p->insns[at], value))
		return wl_fail("program %s: CO-RE: %s.%s is at %llu in %s, more than "
			       "instruction %u can hold", p->name, sname, field,
			       (unsigned long long)value, tpath, at);
	return 0;
}

int wl_core_relocate_to(WlObject *o, WlProg *p, WlCoreTarget *t)
{
	const Vec *v = &p->obj->ext[EXT_CORE];
	if (p->core_done || !v->n)
		return 0;
	for (int i = 0; i < v->n; i++)
		if (relocate_one(o, p, v->v[i], t))
			return -1;
	p->core_done = 1;
	return 0;
}

int wl_core_relocate(WlObject *o, WlProg *p)
{
	if (p->core_done || !p->obj->ext[EXT_CORE].n)
		return 0;
	WlCoreTarget *t = target_btf();
	return t ? wl_core_relocate_to(o, p, t) : -1;
}
