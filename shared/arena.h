/* arena.h: region allocation and growable byte buffers.
 * Every phase is a one-shot filter: it allocates from one arena and frees
 * the whole region at exit. Buf is a growable byte buffer for output text. */
#ifndef WH_ARENA_H
#define WH_ARENA_H
#include <stddef.h>
#include <stdarg.h>

typedef struct Arena Arena;

/* Memory the process holds in arenas, buffers, symbol names and tables:
 * counted, and bounded by an optional limit. When an allocation would
 * take it past the limit, `over` is called (it does not return: the
 * limit is lifted first, so that it may report). A request malloc cannot
 * meet is the one line "PROG: out of memory (N bytes wanted)", exit 1. */
size_t mem_in_use(void);
void mem_set_limit(size_t limit, void (*over)(size_t limit));    /* 0: none */
void *mem_alloc(size_t n);                      /* counted; not zeroed */
void *mem_calloc(size_t count, size_t size);    /* counted, zeroed */
void mem_release(void *p, size_t n);            /* free what mem_alloc gave */

/* An arena's chunks, and the free space of the newest, where arena_alloc
 * takes memory inline (arena.c owns the fields). */
struct Arena {
	unsigned char *cur, *end;
	struct Chunk *head;
};

Arena *arena_new(void);
void arena_free(Arena *a);
void *arena_alloc_more(Arena *a, size_t n);

/* n bytes, zeroed, 16-byte aligned. */
static inline void *arena_alloc(Arena *a, size_t n)
{
	size_t r = (n + 15) & ~(size_t)15;
	if (r - 1 < (size_t)(a->end - a->cur)) {      /* n is 0: r - 1 wraps */
		void *p = a->cur;
		a->cur += r;
		return p;
	}
	return arena_alloc_more(a, n);
}
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A growable array of pointers, allocated from an arena. */
typedef struct {
	void **v;
	int n, cap;
} Vec;
void vec_push(Arena *a, Vec *v, void *p);

/* Growable byte buffer (malloc-backed; freed with buf_free). */
typedef struct {
	char *data;
	size_t len, cap;
} Buf;
void buf_put_more(Buf *b, const void *p, size_t n);   /* buf_put, growing */
void buf_puts(Buf *b, const char *s);

/* n bytes at the end (a call only when the buffer must grow). */
static inline void buf_put(Buf *b, const void *p, size_t n)
{
	if (n < b->cap - b->len) {      /* room for them and the 0 after */
		__builtin_memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = 0;
		return;
	}
	buf_put_more(b, p, n);
}

static inline void buf_putc(Buf *b, char c)
{
	if (b->cap - b->len >= 2) {
		b->data[b->len++] = c;
		b->data[b->len] = 0;
		return;
	}
	buf_put_more(b, &c, 1);
}
void buf_printf(Buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_put_int(Buf *b, long long v);             /* in decimal */
void buf_put_uint(Buf *b, unsigned long long v);   /* in decimal */
/* n more bytes at the end, for the caller to fill (the length counts
 * them already). */
char *buf_extend(Buf *b, size_t n);
void buf_free(Buf *b);

#endif
