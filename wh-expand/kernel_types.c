/* kernel_types.c: the top-level forms that read the running kernel's own
 * descriptions and turn them into accessors: deftracepoint (the fields of
 * a tracefs format file, parsed by tracefs.c) and import-kernel-struct
 * (the members of a struct in the vmlinux BTF, decoded by
 * shared/btf.c; the blob is read once per process, on first use).
 * With WH_DUMP_ACCESSORS=1 every accessor and constant defined here is
 * also printed to stderr, one line each, for the tests. */
#include "expand.h"
#include "suggest.h"
#include "btf.h"
#include "tracefs.h"
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- definitions, and their dump ---- */

static const char *const acc_kind_names[] = {
	[ACC_FIELD] = "ACC_FIELD", [ACC_FIELD_PTR] = "ACC_FIELD_PTR",
	[ACC_MAKE] = "ACC_MAKE", [ACC_HEADER] = "ACC_HEADER",
	[ACC_TP_FIELD] = "ACC_TP_FIELD", [ACC_TP_PTR] = "ACC_TP_PTR",
	[ACC_KERNEL_FIELD] = "ACC_KERNEL_FIELD", [ACC_KERNEL_PTR] = "ACC_KERNEL_PTR",
	[ACC_KERNEL_CAST] = "ACC_KERNEL_CAST",
};

static int dumping(void)
{
	static int on = -1;
	if (on < 0) {
		const char *v = getenv("WH_DUMP_ACCESSORS");
		on = v && !strcmp(v, "1");
	}
	return on;
}

static void emit_accessor(Expander *e, const Accessor *acc)
{
	define_accessor(e, acc);
	if (dumping())
		fprintf(stderr, "accessor %s %s width=%d signed=%d offset=%lld "
			"count=%lld tag=%s result=%s\n", acc->name,
			acc_kind_names[acc->kind], acc->width, acc->is_signed,
			(long long)acc->offset, (long long)acc->count,
			acc->tag ? acc->tag : "-",
			acc->result_tag ? acc->result_tag : "-");
}

static void emit_constant(Expander *e, const char *name, int64_t value, Pos p)
{
	define_constant(e, name, value, p);
	if (dumping())
		fprintf(stderr, "constant %s %lld\n", name, (long long)value);
}

/* ---- names: C prev_comm <-> Lisp prev-comm ---- */

static const char *interned(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static const char *interned(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Buf b = {0};
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	const char *s = intern_n(b.data, b.len);
	buf_free(&b);
	return s;
}

/* The field symbols after the first argument of a form (checked). */
static Sx *field_list(Expander *e, Sx *form, const char *what)
{
	if (sx_length(form) < 2)
		error_at(form->pos, "%s: expected a name, then optional field names",
			 what);
	Sx *fields = form->cdr->cdr;
	for (Sx *l = fields; l->kind == SX_CONS; l = l->cdr)
		if (l->car->kind != SX_SYM)
			error_at(l->car->pos, "%s: a field name must be a symbol, got %s",
				 what, sx_brief(e->a, l->car, 30));
	return fields;
}

/* ---- deftracepoint ---- */

static int is_path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* tp-NAME loads one element; tp-NAME-ptr is the address of the field, for
 * arrays and for fields no single load can read. */
static void define_tp_field(Expander *e, const TpField *f, Pos p)
{
	const char *base = name_lisp(e->a, f->name);
	if (f->width)
		emit_accessor(e, &(Accessor){
			.name = interned("tp-%s", base), .kind = ACC_TP_FIELD,
			.width = f->width, .is_signed = f->is_signed && !f->is_data_loc,
			.offset = f->offset, .count = f->count, .pos = p});
	if (f->is_array || !f->width)
		emit_accessor(e, &(Accessor){
			.name = interned("tp-%s-ptr", base), .kind = ACC_TP_PTR,
			.offset = f->offset, .count = f->count, .pos = p});
}

void expand_deftracepoint(Expander *e, Sx *form)
{
	Sx *fields = field_list(e, form, "deftracepoint");
	Sx *spec = form->cdr->car;
	const char *s = spec->kind == SX_SYM ? spec->s : "";
	const char *slash = strchr(s, '/');
	int ok = slash && slash != s && slash[1];
	for (const char *c = s; ok && *c; c++)
		ok = c == slash || is_path_char(*c);
	if (!ok)
		error_at(spec->pos, "deftracepoint: expected category/event-name "
			 "such as sched/sched-switch, got %s", sx_brief(e->a, spec, 40));
	const char *what = arena_printf(e->a, "deftracepoint %s", s);
	TpFormat *fmt = tp_format_load(e->a, name_c(e->a, arena_strndup(e->a, s, (size_t)(slash - s))),
				       name_c(e->a, slash + 1),
				       what, spec->pos);
	if (fields->kind != SX_CONS) {
		for (int i = 0; i < fmt->n; i++)
			if (strncmp(fmt->fields[i].name, "common_", 7))
				define_tp_field(e, &fmt->fields[i], form->pos);
		return;
	}
	for (Sx *l = fields; l->kind == SX_CONS; l = l->cdr) {
		const TpField *f = NULL;
		for (int i = 0; i < fmt->n && !f; i++)
			if (!strcasecmp(name_lisp(e->a, fmt->fields[i].name), l->car->s))
				f = &fmt->fields[i];
		if (f) {
			define_tp_field(e, f, l->car->pos);
			continue;
		}
		Buf known = {0};
		for (int i = 0; i < fmt->n; i++)
			buf_printf(&known, "%s%s", i ? " " : "",
				   name_lisp(e->a, fmt->fields[i].name));
		const char *names = arena_strndup(e->a, known.data ? known.data : "",
						  known.len);
		buf_free(&known);
		Suggest sg;
		suggest_start(&sg, l->car->s);
		for (int i = 0; i < fmt->n; i++)
			suggest_offer(&sg, name_lisp(e->a, fmt->fields[i].name));
		const char *hint = suggest_hint(e->a, &sg, sx_written(l->car));
		if (*hint)
			error_at(l->car->pos, "%s: no field '%s' in %s%s", what,
				 sx_written(l->car), fmt->path, hint);
		error_at(l->car->pos, "%s: no field '%s' in %s (its fields: %s)",
			 what, sx_written(l->car), fmt->path, names);
	}
}

/* ---- import-kernel-struct ---- */

/* The kernel BTF, read and indexed once per process. Kept in an arena of
 * its own, so it outlives any one expansion; the file itself is mapped
 * when it can be (mapped, len). */
static struct {
	const char *path;
	const Btf *btf;
	Arena *a;
	void *mapped;
	size_t len;
} vmlinux;

/* The whole file: mapped when it can be (no copy of megabytes), read
 * otherwise. 0 or an errno. */
static int read_blob(Arena *a, const char *path, const void **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		return err;
	}
	if (st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			close(fd);
			vmlinux.mapped = m;     /* unmapped by kernel_types_done */
			vmlinux.len = (size_t)st.st_size;
			*data = m;
			*len = (size_t)st.st_size;
			return 0;
		}
	}
	Buf b = {0};
	char tmp[65536];
	ssize_t n;
	while ((n = read(fd, tmp, sizeof tmp)) > 0)
		buf_put(&b, tmp, (size_t)n);
	int err = n < 0 ? errno : 0;
	close(fd);
	void *copy = arena_alloc(a, b.len ? b.len : 1);
	if (b.len)
		memcpy(copy, b.data, b.len);
	*data = copy;
	*len = b.len;
	buf_free(&b);
	return err;
}

void kernel_types_done(void)
{
	if (vmlinux.mapped)
		munmap(vmlinux.mapped, vmlinux.len);
	arena_free(vmlinux.a);
	memset(&vmlinux, 0, sizeof vmlinux);
}

static const Btf *vmlinux_btf(Pos p)
{
	const char *env = getenv("WH_VMLINUX");
	const char *path = env && *env ? env : "/sys/kernel/btf/vmlinux";
	if (vmlinux.btf && !strcmp(vmlinux.path, path))
		return vmlinux.btf;
	if (!vmlinux.a)
		vmlinux.a = arena_new();
	const void *data;
	size_t len;
	int err = read_blob(vmlinux.a, path, &data, &len);
	if (err == EACCES || err == EPERM)
		error_at(p, "import-kernel-struct: cannot read the kernel's BTF %s: "
			 "%s (make it readable with: sudo chmod a+r %s)", path,
			 strerror(err), path);
	if (err)
		error_at(p, "import-kernel-struct: cannot read the kernel's BTF %s: "
			 "%s (kernels built with CONFIG_DEBUG_INFO_BTF provide "
			 "/sys/kernel/btf/vmlinux; WH_VMLINUX names another raw BTF "
			 "file)", path, strerror(err));
	if (len >= 4 && !memcmp(data, "\177ELF", 4))
		error_at(p, "import-kernel-struct: %s is an ELF file; it needs raw "
			 "BTF such as /sys/kernel/btf/vmlinux", path);
	Btf *b;
	const char *msg = btf_parse(vmlinux.a, data, len, &b);
	if (msg)
		error_at(p, "import-kernel-struct: %s: bad BTF: %s", path, msg);
	vmlinux.path = arena_strdup(vmlinux.a, path);
	vmlinux.btf = b;
	return b;
}

/* A struct or union by name, or a typedef naming one. */
static uint32_t kernel_struct_id(const Btf *b, const char *name)
{
	static const uint32_t kinds[] = {BTF_KIND_STRUCT, BTF_KIND_UNION};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		uint32_t id = btf_find(b, name, kinds[i]);
		if (id)
			return id;
	}
	uint32_t id = btf_find(b, name, BTF_KIND_TYPEDEF);
	BtfShape s;
	if (id && !btf_shape(b, id, &s) &&
	    (s.what == BTF_IS_STRUCT || s.what == BTF_IS_UNION))
		return s.id;
	return 0;
}

/* How a member is reached: loaded (scalars and pointers) or addressed. */
typedef enum { AS_ADDRESS, AS_SCALAR, AS_POINTER } Reach;
static const Reach reach_of[] = {
	[BTF_IS_VOID] = AS_ADDRESS, [BTF_IS_INT] = AS_SCALAR,
	[BTF_IS_PTR] = AS_POINTER, [BTF_IS_ARRAY] = AS_ADDRESS,
	[BTF_IS_STRUCT] = AS_ADDRESS, [BTF_IS_UNION] = AS_ADDRESS,
	[BTF_IS_ENUM] = AS_SCALAR, [BTF_IS_FWD] = AS_ADDRESS,
	[BTF_IS_FLOAT] = AS_ADDRESS, [BTF_IS_FUNC_PROTO] = AS_ADDRESS,
	[BTF_IS_OTHER] = AS_ADDRESS,
};

static int is_width(uint64_t n) { return n == 1 || n == 2 || n == 4 || n == 8; }

/* The Lisp name of a named struct or union (or forward declaration). */
static const char *struct_tag(Expander *e, const BtfShape *s)
{
	int named = *s->name && (s->what == BTF_IS_STRUCT ||
				 s->what == BTF_IS_UNION || s->what == BTF_IS_FWD);
	return named ? intern(name_lisp(e->a, s->name)) : NULL;
}

/* ---- CO-RE: the members read, and their types as .kmember spells them ---- */

/* A type as a .kmember spells it (docs/formats.md): integers and enums by
 * size and sign, pointers to named structs by name, everything else that
 * a relocation never walks into as anonymous bytes of its size. */
static void spell_ktype(const Btf *b, const BtfShape *t, int depth, Buf *out)
{
	BtfShape target;
	switch (t->what) {
	case BTF_IS_INT:
		if (is_width(t->size) || t->size == 16) {
			buf_printf(out, "%c%llu", t->is_signed ? 'i' : 'u',
				   (unsigned long long)t->size * 8);
			return;
		}
		break;
	case BTF_IS_ENUM:
		if (is_width(t->size)) {
			buf_printf(out, "enum %llu%s%s", (unsigned long long)t->size,
				   *t->name ? " " : "", t->name);
			return;
		}
		break;
	case BTF_IS_PTR:
		buf_putc(out, '*');
		if (depth < 4 && !btf_shape(b, t->target, &target)) {
			if ((target.what == BTF_IS_STRUCT || target.what == BTF_IS_UNION ||
			     target.what == BTF_IS_FWD) && *target.name) {
				buf_printf(out, "%s %s", target.is_union ? "union" : "struct",
					   target.name);
				return;
			}
			if (target.what == BTF_IS_INT || target.what == BTF_IS_PTR) {
				spell_ktype(b, &target, depth + 1, out);
				return;
			}
		}
		buf_puts(out, "void");
		return;
	case BTF_IS_ARRAY:
		if (t->count && !btf_shape(b, t->target, &target) && depth < 4) {
			buf_printf(out, "[%llu]", (unsigned long long)t->count);
			spell_ktype(b, &target, depth + 1, out);
			return;
		}
		break;
	case BTF_IS_STRUCT: case BTF_IS_UNION:
		buf_printf(out, "%s %llu", t->is_union ? "union" : "struct",
			   (unsigned long long)t->size);
		return;
	default:
		break;
	}
	if (!t->size) {
		buf_puts(out, "struct 0");
		return;
	}
	buf_printf(out, "[%llu]u8", (unsigned long long)t->size);
}

static const KernelField *new_kfield(Expander *e, const Btf *b, uint32_t struct_id,
				     const BtfMember *m)
{
	const struct btf_type *st = btf_type_at(b, struct_id);
	const char *sname = st ? btf_name(b, st) : "";
	int is_union = st && btf_kind_of(st) == BTF_KIND_UNION;
	if (!*sname || !*m->name || (is_union && m->bit_offset))
		return NULL;    /* nothing a loader could find it by */
	KernelField *f = arena_alloc(e->a, sizeof *f);
	Buf kt = {0};
	spell_ktype(b, &m->type, 0, &kt);
	*f = (KernelField){.type = intern(sname), .type_size = st->size,
			   .is_union = is_union, .member = intern(m->name),
			   .offset = (int64_t)(m->bit_offset / 8),
			   .ktype = arena_strndup(e->a, kt.data, kt.len)};
	buf_free(&kt);
	return f;
}

static Sx *kernel_core(Expander *e, const char *kind, const KernelField *f, int64_t v, Pos p)
{
	int known = 0;
	for (int i = 0; i < e->kfields.n && !known; i++) {
		const KernelField *g = e->kfields.v[i];
		known = g->type == f->type && g->member == f->member;
	}
	if (!known)
		vec_push(e->a, &e->kfields, (void *)f);
	return list(e, p, 5, sym(e, "core", p), sym(e, kind, p), sym(e, f->type, p),
		    sym(e, f->member, p), num(e, v, p));
}

Sx *kernel_offset(Expander *e, const KernelField *f, Pos p)
{
	return kernel_core(e, "byte_off", f, f->offset, p);
}

Sx *kernel_size(Expander *e, const KernelField *f, int bytes, Pos p)
{
	return kernel_core(e, "byte_sz", f, bytes, p);
}

static int by_offset(const void *x, const void *y)
{
	const KernelField *a = *(KernelField *const *)x, *b = *(KernelField *const *)y;
	return a->offset < b->offset ? -1 : a->offset > b->offset;
}

void kernel_struct_decls(Expander *e, Vec *out)
{
	Pos p = {0, 0};
	int n = e->kfields.n;
	const KernelField **v = arena_alloc(e->a, sizeof *v * (size_t)(n ? n : 1));
	int *done = arena_alloc(e->a, sizeof *done * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		v[i] = e->kfields.v[i];
	for (int i = 0; i < n; i++) {
		if (done[i])
			continue;
		const KernelField **mine = arena_alloc(e->a, sizeof *mine * (size_t)n);
		int k = 0;
		for (int j = i; j < n; j++)
			if (!done[j] && v[j]->type == v[i]->type) {
				mine[k++] = v[j];
				done[j] = 1;
			}
		qsort(mine, (size_t)k, sizeof *mine, by_offset);
		Sx *decl = list(e, p, 6, sym(e, "kstruct", p), sym(e, v[i]->type, p),
				sym(e, ":size", p), num(e, (int64_t)v[i]->type_size, p),
				sym(e, ":union", p), num(e, v[i]->is_union, p));
		Sx **tail = &decl->cdr->cdr->cdr->cdr->cdr->cdr;
		for (int j = 0; j < k; j++) {
			const KernelField *f = mine[j];
			Sx *member = list(e, p, 3, sym(e, f->member, p), num(e, f->offset, p),
					  sx_str(e->a, f->ktype, strlen(f->ktype), p));
			*tail = list(e, p, 1, member);
			tail = &(*tail)->cdr;
		}
		vec_push(e->a, out, decl);
	}
}

const KernelField *kernel_field(Expander *e, const char *lisp_struct,
				const char *lisp_field, Pos p)
{
	const Btf *b = vmlinux_btf(p);
	const char *c_name = name_c(e->a, lisp_struct);
	uint32_t id = kernel_struct_id(b, c_name);
	if (!id)
		error_at(p, "core-load: no struct or union named '%s' in %s", c_name,
			 vmlinux.path);
	BtfMember *m;
	int n;
	const char *err = btf_members(e->a, b, id, 1, &m, &n);
	if (err)
		error_at(p, "core-load: %s: bad BTF: %s", vmlinux.path, err);
	for (int i = 0; i < n; i++)
		if (*m[i].name && !strcasecmp(name_lisp(e->a, m[i].name), lisp_field)) {
			if (m[i].bitfield_size)
				error_at(p, "core-load: %s.%s is a bitfield; bitfields are "
					 "not supported", c_name, m[i].name);
			const KernelField *f = new_kfield(e, b, id, &m[i]);
			if (!f)
				error_at(p, "core-load: %s.%s has no name a loader could "
					 "relocate it by", c_name, m[i].name);
			return f;
		}
	error_at(p, "core-load: %s has no field '%s'", c_name, lisp_field);
}

static void define_member(Expander *e, const Btf *b, uint32_t struct_id, const char *tag,
			  const char *lisp_name, const BtfMember *m, Pos p)
{
	const BtfShape *t = &m->type;
	Accessor acc = {.name = interned("%s-%s", tag, lisp_name), .tag = tag,
			.offset = (int64_t)(m->bit_offset / 8),
			.kfield = new_kfield(e, b, struct_id, m), .pos = p};
	Reach r = reach_of[t->what];
	if (r == AS_SCALAR && !is_width(t->size))
		r = AS_ADDRESS;         /* __int128 and the like */
	if (r == AS_POINTER) {
		BtfShape target;
		if (!btf_shape(b, t->target, &target))
			acc.result_tag = struct_tag(e, &target);
		acc.kind = ACC_KERNEL_FIELD;
		acc.width = 8;
	} else if (r == AS_SCALAR) {
		acc.kind = ACC_KERNEL_FIELD;
		acc.width = (int)t->size;
		acc.is_signed = t->is_signed;
	} else {
		acc.kind = ACC_KERNEL_PTR;
		acc.result_tag = struct_tag(e, t);
		if (t->what == BTF_IS_ARRAY) {
			acc.count = (int64_t)t->count;
			acc.width = is_width(t->elem_size) ? (int)t->elem_size : 0;
		}
	}
	emit_accessor(e, &acc);
}

void expand_import_kernel_struct(Expander *e, Sx *form)
{
	Sx *fields = field_list(e, form, "import-kernel-struct");
	Sx *name = form->cdr->car;
	if (name->kind != SX_SYM)
		error_at(name->pos, "import-kernel-struct: expected a struct name "
			 "such as task-struct, got %s", sx_brief(e->a, name, 40));
	const Btf *b = vmlinux_btf(form->pos);
	const char *c_name = name_c(e->a, name->s);
	uint32_t id = kernel_struct_id(b, c_name);
	if (!id)
		error_at(name->pos, "import-kernel-struct: no struct or union "
			 "named '%s' in %s", c_name, vmlinux.path);
	BtfMember *m;
	int n;
	const char *err = btf_members(e->a, b, id, 1, &m, &n);
	if (err)
		error_at(form->pos, "import-kernel-struct: %s: bad BTF: %s",
			 vmlinux.path, err);
	const char *tag = intern(name_lisp(e->a, c_name));
	const char **lisp_names = arena_alloc(e->a, (size_t)(n ? n : 1) * sizeof *lisp_names);
	for (int i = 0; i < n; i++)
		lisp_names[i] = name_lisp(e->a, m[i].name);

	if (fields->kind != SX_CONS) {
		for (int i = 0; i < n; i++)
			if (*m[i].name && !m[i].bitfield_size)
				define_member(e, b, id, tag, lisp_names[i], &m[i], form->pos);
	}
	for (Sx *l = fields; l->kind == SX_CONS; l = l->cdr) {
		int i = 0;
		while (i < n && (!*m[i].name || strcasecmp(lisp_names[i], l->car->s)))
			i++;
		if (i == n) {
			Suggest sg;
			suggest_start(&sg, l->car->s);
			for (int j = 0; j < n; j++)
				suggest_offer(&sg, *m[j].name ? lisp_names[j] : NULL);
			error_at(l->car->pos, "import-kernel-struct: %s has no field '%s'%s",
				 c_name, sx_written(l->car),
				 suggest_hint(e->a, &sg, sx_written(l->car)));
		}
		if (m[i].bitfield_size)
			error_at(l->car->pos, "import-kernel-struct: %s.%s is a "
				 "bitfield; bitfields are not supported", c_name,
				 m[i].name);
		define_member(e, b, id, tag, lisp_names[i], &m[i], l->car->pos);
	}
	const struct btf_type *st = btf_type_at(b, id);
	emit_constant(e, interned("+%s-size+", tag), st->size, form->pos);
	emit_accessor(e, &(Accessor){.name = interned("as-%s", tag),
			      .kind = ACC_KERNEL_CAST, .result_tag = tag,
			      .pos = form->pos});
}
