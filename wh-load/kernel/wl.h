/* wl.h: the kernel layer of wh-load (the loader library): an object read
 * by the shared object reader (shared/obj.h), its maps and programs loaded
 * into the kernel with raw bpf(2) calls.
 * The object owns every kernel fd it creates; wl_close() closes them all.
 * Functions returning int give 0 on success and -1 on failure, with a
 * one-line message in wl_error() and, when the kernel wrote one, its log in
 * wl_error_log(). The library never prints and never exits, except that
 * wl_open() may fatal() when the file cannot be read (before any kernel
 * object exists). The kernel layer (kernel/) calls nothing but shared/
 * (wh-load/README.md). */
#ifndef WH_WL_H
#define WH_WL_H
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>
#include "arena.h"
#include "bpf.h"
#include "obj.h"

/* A map defined in .maps (BTF-defined, libbpf style). */
typedef struct {
	const char *name;
	uint32_t type, key_size, value_size, max_entries, flags;
	uint32_t numa_node, pinning;
	uint64_t map_extra;
	uint32_t btf_key_type_id, btf_value_type_id;   /* 0: none */
	const Btf *btf;         /* what those ids refer to; NULL: none */
	int fd;                 /* -1 until created */
} WlMap;

/* An ld_imm64 at instruction `insn` that must load the fd of maps[map]. */
typedef struct {
	uint32_t insn;
	int map;
} WlRelo;

/* A program: a global function in an executable section. */
typedef struct WlProg WlProg;
struct WlProg {
	const char *name;
	const char *section;
	const SectionInfo *sec;         /* NULL: section name not recognised */
	const ObjProg *obj;             /* what the object says of it */
	BpfInsn *insns;                 /* a copy; relocations patch it */
	uint32_t insn_cnt;
	WlRelo *relos;
	int nrelos;
	/* for the kernel: insn_off in instructions, strings as offsets in
	 * the BTF blob it is given (WlObject.btf_blob) */
	struct bpf_func_info *func_info;
	uint32_t func_info_cnt;
	struct bpf_line_info *line_info;
	uint32_t line_info_cnt;
	int fd;                         /* -1 unless loaded */
	uint32_t verified_insns;        /* from the kernel after a load */
	const char *log;                /* verifier log of the last load, or NULL */
	int core_done;                  /* its CO-RE relocations are applied */
};

typedef struct {
	Arena *arena;                   /* everything below lives here */
	const char *path;
	const ObjFile *obj;             /* the object as read */
	const char *license;            /* "" when the object has none */
	const Btf *btf;                 /* NULL: no .BTF section */
	uint8_t *btf_blob;              /* .BTF as the kernel gets it */
	size_t btf_size;
	WlMap *maps;
	int nmaps;
	WlProg *progs;
	int nprogs;
	int btf_fd;                     /* -1 unless loaded */
	int maps_loaded;
} WlObject;

/* ---- errors (err.c) ---- */
const char *wl_error(void);
const char *wl_error_log(void);         /* NULL when the error has no log */
int wl_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Like wl_fail, and keeps a copy of a kernel log (may be NULL). */
int wl_fail_log(const char *log, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The program the kernel refused to load, when that is the error (its
 * log is p->log and wl_error_log()); else NULL. */
const WlProg *wl_error_prog(void);
int wl_fail_refused(const WlProg *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A copy of a name from the object with control characters replaced by
 * '?', so that printing it never breaks a line or a terminal. */
char *wl_name_dup(Arena *a, const char *name);
/* The same for a kernel log, keeping its newlines and tabs (the kernel
 * echoes names from the object in it). */
char *wl_log_dup(Arena *a, const char *log);
/* The last line of a kernel log that holds something, made printable;
 * NULL when the log is empty. */
char *wl_log_last_line(Arena *a, const char *log);

/* A verifier refusal of p explained at the source form (explain.c):
 * "FILE:LINE:COL: error: the kernel verifier refused PROG: WHAT", the
 * source line with a caret, and "note:" lines with the likely fix; NULL
 * when p has no log or its log names no refusal known there. */
char *wl_explain_refusal(Arena *a, const WlObject *o, const WlProg *p);

/* ---- the object (object.c) ---- */
/* Read and check an object ("-": standard input). NULL on failure. */
WlObject *wl_open(const char *path);
/* The same from bytes in memory (copied; name is for messages). Never
 * fatal(). */
WlObject *wl_open_mem(const void *image, size_t len, const char *name);
/* Close every fd the object owns and free it. NULL is fine. */
void wl_close(WlObject *o);
/* By name; in program names a '-' matches '_'. NULL when absent. */
WlProg *wl_find_prog(WlObject *o, const char *name);
WlMap *wl_find_map(WlObject *o, const char *name);

/* ---- BTF of the kernel (btf_kernel.c) ---- */
/* A BTF object of the kernel by id, parsed into a. NULL with wl_error(). */
const Btf *wl_btf_from_kernel(Arena *a, uint32_t btf_id);

/* ---- CO-RE (core.c) ---- */
/* Relocate against this raw BTF file alone instead of the running
 * kernel's (/sys/kernel/btf/vmlinux and its modules' BTF beside it, or
 * $WH_LOAD_BTF when set; no module BTF is read then). */
void wl_core_set_target(const char *path);
/* Relocate against DIR/vmlinux and, for a struct it lacks, the split BTF
 * of every other file in DIR, laid out as /sys/kernel/btf is (also
 * $WH_LOAD_BTF_DIR). The later of the two calls wins. */
void wl_core_set_target_dir(const char *dir);

/* ---- loading (maps.c, prog.c) ---- */
/* Load the BTF and create every map. Done once; later calls return 0. */
int wl_load_maps(WlObject *o);

typedef struct {
	uint32_t log_level;     /* 0: ask for a log only when the load fails */
} WlLoadOpts;
/* Load one program (creating the maps first if needed). On rejection the
 * verifier log is in p->log and wl_error_log(). */
int wl_prog_load(WlObject *o, WlProg *p, const WlLoadOpts *opts);
void wl_prog_unload(WlProg *p);

/* ---- test runs (testrun.c) ---- */
typedef struct {
	const void *data;
	uint32_t data_len;
	uint32_t repeat;        /* 0 or 1: once */
} WlTestIn;
typedef struct {
	uint32_t retval;
	uint32_t duration_ns;   /* average over the repeats */
	void *data_out;         /* the packet after the run (object arena) */
	uint32_t data_out_len;
} WlTestOut;
int wl_prog_test_run(WlObject *o, const WlProg *p, const WlTestIn *in,
		     WlTestOut *out);

/* ---- map operations on a created map (mapops.c) ---- */
/* Bytes a lookup writes: value_size, or per-CPU round_up(value_size, 8)
 * times the number of possible CPUs. */
size_t wl_map_value_bufsize(const WlMap *m);
int wl_map_is_percpu(const WlMap *m);
int wl_num_possible_cpus(void);         /* -1 on failure (see wl_error) */
/* lookup and next_key return 1 when there is no such key / no next key. */
int wl_map_lookup(const WlMap *m, const void *key, void *value);
int wl_map_update(const WlMap *m, const void *key, const void *value,
		  uint64_t flags);
int wl_map_delete(const WlMap *m, const void *key);
int wl_map_next_key(const WlMap *m, const void *key, void *next);
/* Calls fn for every entry (value in wl_map_value_bufsize layout); stops
 * at the first non-zero return of fn and returns it. */
typedef int (*WlMapVisit)(const WlMap *m, const void *key, const void *value,
			  void *ctx);
int wl_map_foreach(const WlMap *m, WlMapVisit fn, void *ctx);

#endif
