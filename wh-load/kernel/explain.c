/* explain.c: a verifier refusal said at the Lisp form. The log's error
 * line is matched against a table of the kernel's messages (one row per
 * class of refusal); the failing instruction is mapped back to its source
 * position through the program's .BTF.ext line_info (line and column),
 * and the text becomes "FILE:LINE:COL: error: ..." with the source line,
 * a caret and note: lines with the likely fix. Never prints. */
#include "wl.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	Arena *a;
	const WlObject *o;
	const WlProg *p;
	const char *line;       /* the log's error line */
	long insn;              /* the instruction it is about; -1: unknown */
	const char *what, *note;
} Refusal;

/* ---- reading the log ---- */

/* The number after `key` in s (e.g. "off="), or dflt. */
static long number_after(const char *s, const char *key, long dflt)
{
	const char *at = strstr(s, key);
	if (!at)
		return dflt;
	char *end;
	long v = strtol(at + strlen(key), &end, 10);
	return end == at + strlen(key) ? dflt : v;
}

/* The index of an instruction line of the log ("12: (85) call ..."), or -1. */
static long insn_line(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	return end != s && s[0] >= '0' && s[0] <= '9' && !strncmp(end, ": (", 3) ? v : -1;
}

/* The helper of the call instruction at index i (NULL: not a helper call). */
static const HelperInfo *called_helper(const WlProg *p, long i)
{
	if (i < 0 || (uint32_t)i >= p->insn_cnt)
		return NULL;
	const BpfInsn *x = &p->insns[i];
	if (x->code != (BPF_JMP | BPF_CALL) || x->regs >> 4 != 0)
		return NULL;
	return helper_by_id(x->imm);
}

static const char *helper_name(Refusal *r)
{
	const HelperInfo *h = called_helper(r->p, r->insn);
	return h ? h->name : "this helper";
}

/* The kernel's names of register types, said in the language's terms. */
static const char *reg_type_words(Arena *a, const char *t)
{
	static const struct {
		const char *kernel, *words;
	} types[] = {
		{"scalar", "a number"},
		{"ctx", "the context"},
		{"pkt_end", "the packet's end (xdp-data-end)"},
		{"pkt", "a packet pointer"},
		{"fp", "a stack pointer"},
		{"map_ptr", "a map"},
		{"map_value_or_null", "a map value not yet checked for null"},
		{"map_value", "a map value"},
		{"ringbuf_mem_or_null", "a ring-buffer record not yet checked for null"},
		{"ringbuf_mem", "a ring-buffer record"},
	};
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (!strcmp(types[i].kernel, t))
			return types[i].words;
	return arena_printf(a, "a %s", t);
}

/* ---- one function per class of refusal ---- */

/* A TC program: its packet is read with with-tc-packet. */
static int is_tc(const WlProg *p)
{
	return p->sec && (p->sec->prog_type == BPF_PROG_TYPE_SCHED_CLS ||
			  p->sec->prog_type == BPF_PROG_TYPE_SCHED_ACT);
}

static void packet(Refusal *r)
{
	long off = number_after(r->line, "off=", -1), size = number_after(r->line, "size=", -1);
	long checked = number_after(r->line, ",r=", 0), id = number_after(r->line, "(id=", 0);
	if (off < 0 || size < 0) {
		r->what = "a packet access that no bounds check covers";
		r->note = "compare the pointer with the packet's end (xdp-data-end) before "
			  "the access, or use with-packet with a :min-len that covers it";
		return;
	}
	const char *from = id ? "past a computed position" : "of the packet";
	r->what = arena_printf(r->a, "reads or writes %ld byte%s at offset %ld %s, "
			       "but the bounds check before it covers %ld byte%s",
			       size, size == 1 ? "" : "s", off, from, checked,
			       checked == 1 ? "" : "s");
	r->note = id ? arena_printf(r->a, "check that %ld bytes past that position are "
				    "before the packet's end, after computing it",
				    off + size)
		     : arena_printf(r->a, "check the length first: (%s (data data-end "
				    ":min-len %ld) ...) covers bytes 0 to %ld",
				    is_tc(r->p) ? "with-tc-packet" : "with-packet", off + size,
				    off + size - 1);
}

static void null_value(Refusal *r)
{
	if (strstr(r->line, "ringbuf_mem_or_null")) {
		r->what = "the record ringbuf-reserve returned is used before it is checked "
			  "for null (the reservation fails when the buffer is full)";
		r->note = "use it under (when RECORD ...), or reserve with with-ringbuf, "
			  "which checks it";
		return;
	}
	r->what = "a map value is used before it is checked for null (a lookup gives 0 "
		  "when the key is absent)";
	r->note = "test it first: (let ((v (getmap MAP KEY))) (when v ...))";
}

static void stack(Refusal *r)
{
	/* "off=-520 size=8", or "off -8+0 size 8" */
	long off = number_after(r->line, "off=", LONG_MIN);
	if (off == LONG_MIN)
		off = number_after(r->line, "off ", 0);
	long size = number_after(r->line, "size=", number_after(r->line, "size ", 0));
	r->what = arena_printf(r->a, "an access of %ld bytes at stack offset %ld, outside "
			       "what the program's stack objects hold (the frame is the 512 "
			       "bytes below r10)", size, off);
	r->note = "keep loads and stores inside the stack-alloc or struct they go through "
		  "(its size, less the access's width)";
}

static void narrow_spill(Refusal *r)
{
	r->what = "a pointer is stored into fewer than 8 bytes of the stack (the kernel "
		  "keeps pointers on the stack only as whole 8-byte slots)";
	r->note = "store it into a u64 field";
}

static void too_complex(Refusal *r)
{
	long n = number_after(r->line, "Processed ", -1);
	r->what = n >= 0 ? arena_printf(r->a, "the verifier gave up after %ld instructions "
					"(its limit is 1000000): too many paths to follow", n)
			 : "the verifier gave up: too many paths or jumps to follow";
	r->note = "make loops shorter (a smaller dotimes count), keep fewer branches inside "
		  "them, or split the work across programs with tail calls";
}

static void loop(Refusal *r)
{
	long at = number_after(r->line, "at insn ", -1);
	if (at < 0)
		at = number_after(r->line, "from insn ", -1);
	if (at >= 0)
		r->insn = at;
	r->what = "a loop the verifier cannot prove to end";
	r->note = "give it a constant bound: (dotimes (i N) ...)";
}

static void helper_arg(Refusal *r)
{
	long reg = number_after(r->line, "R", -1);
	const char *t = strstr(r->line, " type="), *e;
	char *type = NULL;
	if (t && (e = strchr(t + 6, ' ')))
		type = arena_strndup(r->a, t + 6, (size_t)(e - t - 6));
	const char *which = reg >= 1 && reg <= 5 ? arena_printf(r->a, "argument %ld", reg)
						 : "an argument";
	r->what = arena_printf(r->a, "%s of %s is %s, which it does not take", which,
			       helper_name(r), type ? reg_type_words(r->a, type) : "of a type");
	r->note = type && strstr(type, "_or_null")
		? "check the pointer for null before passing it"
		: "pass a pointer to memory that holds the key or data (a stack-alloc, a "
		  "struct made with make-NAME, or a checked map value)";
}

static void no_return_value(Refusal *r)
{
	r->what = "the program exits without setting its return value (R0)";
	r->note = "end the program's body with a value, such as XDP_PASS";
}

static void unreleased(Refusal *r)
{
	long at = number_after(r->line, "alloc_insn=", -1);
	if (at >= 0)
		r->insn = at;
	r->what = arena_printf(r->a, "what %s returns here is neither submitted nor "
			       "discarded on some path to the exit", helper_name(r));
	r->note = "call ringbuf-submit or ringbuf-discard on every path where the "
		  "reservation succeeded, or use with-ringbuf, which does";
}

static void gpl_only(Refusal *r)
{
	r->what = arena_printf(r->a, "%s is a GPL-only helper and the license is \"%s\"",
			       helper_name(r), r->o->license);
	r->note = "give a GPL-compatible license: (defprog NAME (... :license \"GPL\") ...)";
}

/* The kernel's words (in its log's error line) for each class. */
static const struct {
	const char *pattern;
	void (*explain)(Refusal *);
} classes[] = {
	{"invalid access to packet", packet},
	{"invalid mem access 'map_value_or_null'", null_value},
	{"invalid mem access 'ringbuf_mem_or_null'", null_value},
	{"invalid read from stack", stack},
	{"invalid write to stack", stack},
	{"invalid stack off=", stack},
	{"invalid indirect read from stack", stack},
	{"invalid indirect access to stack", stack},
	{"invalid size of register spill", narrow_spill},
	{"BPF program is too large", too_complex},
	{"is too complex", too_complex},
	{"infinite loop detected", loop},
	{"back-edge from insn", loop},
	{" expected=", helper_arg},
	{"R0 !read_ok", no_return_value},
	{"Unreleased reference", unreleased},
	{"cannot call GPL-restricted function", gpl_only},
};

/* ---- the source position ---- */

/* The line_info record of instruction i: the last one at or before it. */
static const ObjLineInfo *line_of(const WlProg *p, long i)
{
	const ObjLineInfo *best = NULL;
	const Vec *li = &p->obj->ext[EXT_LINE];
	for (uint32_t k = 0; k < p->line_info_cnt && (int)k < li->n; k++)
		if ((long)p->line_info[k].insn_off <= i)
			best = li->v[k];
	return best;
}

/* "    5 |   (load u8 data 20)" and "      |   ^": the source line with a
 * caret at col (tabs kept so that it lines up). */
static void show_source(Buf *b, const ObjLineInfo *l)
{
	size_t n = strlen(l->text);
	if (!n || l->col < 1 || l->col > n + 1)
		return;
	buf_printf(b, "%5u | %s\n      | ", l->line, l->text);
	for (size_t i = 0; i + 1 < l->col; i++)
		if (((unsigned char)l->text[i] & 0xc0) != 0x80)
			buf_putc(b, l->text[i] == '\t' ? '\t' : ' ');
	buf_puts(b, "^\n");
}

char *wl_explain_refusal(Arena *a, const WlObject *o, const WlProg *p)
{
	if (!p->log)
		return NULL;
	Refusal r = {.a = a, .o = o, .p = p, .insn = -1};
	long last_insn = -1;
	for (const char *s = p->log; *s && !r.what;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char *line = arena_strndup(a, s, len);
		long i = insn_line(line);
		if (i >= 0)
			last_insn = i;
		for (size_t c = 0; i < 0 && c < sizeof classes / sizeof *classes; c++)
			if (strstr(line, classes[c].pattern)) {
				r.line = line;
				r.insn = last_insn;
				classes[c].explain(&r);
				break;
			}
		s += len + (nl != NULL);
	}
	if (!r.what)
		return NULL;
	const ObjLineInfo *l = r.insn >= 0 ? line_of(p, r.insn) : NULL;
	size_t n = l ? strlen(l->file) : 0;
	if (n < 5 || strcmp(l->file + n - 5, ".lisp"))
		return NULL;    /* the notes speak Lisp: C keeps the raw log */
	Buf b = {0};
	const char *at = l->line ? arena_printf(a, "%s:%u:%u: ", l->file, l->line, l->col)
				 : arena_printf(a, "%s: ", l->file);
	buf_printf(&b, "%serror: the kernel verifier refused %s: %s\n", at, p->name, r.what);
	if (l->line)
		show_source(&b, l);
	buf_printf(&b, "%snote: %s\n", at, r.note);
	char *text = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return wl_log_dup(a, text);
}
