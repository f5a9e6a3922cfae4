/* arena.c: region allocator, pointer vectors and byte buffers, and the
 * count (and limit) of the memory they hold. */
#include "arena.h"
#include "diag.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

typedef struct Chunk {
	struct Chunk *next;
	size_t used, size;
	bool mapped;            /* cut from a region, else from calloc */
	_Alignas(16) unsigned char mem[];
} Chunk;


static size_t held, limit;
static void (*over_limit)(size_t);

size_t mem_in_use(void) { return held; }

void mem_set_limit(size_t lim, void (*over)(size_t))
{
	limit = lim;
	over_limit = over;
}

/* Count n more bytes held, or report going over the limit. */
static void take(size_t n)
{
	if (limit && (n > limit || held > limit - n) && over_limit) {
		void (*over)(size_t) = over_limit;
		size_t lim = limit;
		limit = 0;
		over_limit = NULL;
		over(lim);
		bug("the memory limit's report returned");
	}
	held += n;
}

static noreturn void out_of_memory(size_t n)
{
	fatal("out of memory (%zu bytes wanted)", n);
}

void *mem_alloc(size_t n)
{
	take(n);
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *mem_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	take(count * size);
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void mem_release(void *p, size_t n)
{
	if (!p)
		return;
	held -= n < held ? n : held;
	free(p);
}

/* Chunks are cut from regions of address space mapped from the kernel,
 * whose memory is zero until written: arena_alloc never clears. The first
 * region, SMALL_CHUNKS chunks, is of ordinary pages; the others are 2 MB
 * at a 2 MB boundary, for which transparent huge pages are advised: a
 * phase that fills several megabytes would otherwise take a page fault
 * for every 4 KB it touches, which on a virtual machine costs about as
 * much as its computing; with huge pages it takes one per 2 MB (where the
 * kernel gives none, nothing is lost). Zeroing a huge page costs what
 * about a hundred small faults do, hence the small first region, whose
 * chunks are faulted in as they are cut, by one madvise each (on the
 * firewall shape, 64 page faults fewer in most phases; a kernel before
 * 5.14 refuses the advice and the pages fault one by one). A chunk
 * takes a whole number of CHUNK bytes (header included); freed, it is
 * kept whole for the next arenas (a request of its size or less takes it
 * back, so that memory given back is used again, in a long-running
 * process too), and cleared only when given out again: only the part
 * that was written. Chunks larger than a region, and any when no
 * region can be had, come from calloc, as all do under the address
 * sanitizer (which watches malloc'd memory, and freed chunks). */
enum { CHUNK = 65536, SMALL_CHUNKS = 4, REGION = 2 << 20 };
#if defined(__SANITIZE_ADDRESS__)
#define NO_REGIONS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_REGIONS 1
#endif
#endif

#ifndef NO_REGIONS
static Chunk *spare;            /* freed chunks of the usual size */
static Chunk *spare_large;      /* freed larger ones */
static unsigned char *region, *region_end;
static int regions_made;
static bool region_small;       /* the current region is of small pages */

/* A fresh region with room for `need` bytes: SMALL_CHUNKS chunks of small
 * pages first (if need fits), then 2 MB of huge pages at a 2 MB boundary
 * (mapped twice that, the aligned part kept). False when the kernel gives
 * none. The rest of the region before is left: never touched, it costs
 * only address space. */
static bool new_region(size_t need)
{
	size_t small = (size_t)SMALL_CHUNKS * CHUNK;
	bool huge = regions_made || need > small;
	size_t size = huge ? REGION : small;
	size_t span = huge ? 2 * REGION : size;
	unsigned char *m = mmap(NULL, span, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return false;
	unsigned char *r = m;
	if (huge) {
		r = (unsigned char *)(((uintptr_t)m + REGION - 1) &
				      ~(uintptr_t)(REGION - 1));
		if (r > m)
			munmap(m, (size_t)(r - m));
		munmap(r + REGION, (size_t)(m + REGION - r));
		madvise(r, REGION, MADV_HUGEPAGE);
	}
	regions_made++;
	region_small = !huge;
	region = r;
	region_end = r + size;
	return true;
}

/* A kept chunk that was given back, its written part cleared. */
static Chunk *reuse(Chunk *c)
{
	memset(c->mem, 0, c->used);
	return c;
}

/* A chunk of `total` bytes or more (total a multiple of CHUNK, at most
 * REGION), its memory zero and its size set, or NULL for one from calloc. */
static Chunk *region_chunk(size_t total)
{
	if (total == CHUNK && spare) {
		Chunk *c = spare;
		spare = c->next;
		return reuse(c);
	}
	if (total > CHUNK)      /* the first large enough */
		for (Chunk **at = &spare_large; *at; at = &(*at)->next)
			if (sizeof **at + (*at)->size >= total) {
				Chunk *c = *at;
				*at = c->next;
				return reuse(c);
			}
	if ((size_t)(region_end - region) < total && !new_region(total))
		return NULL;
	Chunk *c = (Chunk *)region;
	region += total;
	if (region_small)               /* its pages faulted in at once */
		madvise(c, total, MADV_POPULATE_WRITE);
	c->size = total - sizeof *c;
	c->mapped = true;
	return c;
}
#endif

/* An empty chunk with room for n bytes, its memory all zero. */
static Chunk *chunk_get(size_t n)
{
	Chunk *c = NULL;
	size_t size = n > CHUNK - sizeof *c ? n : CHUNK - sizeof *c;
#ifndef NO_REGIONS
	size_t total = (sizeof *c + size + CHUNK - 1) / CHUNK * CHUNK;
	if (total <= REGION) {
		take(total);
		c = region_chunk(total);
		held -= total;
		if (c) {
			take(sizeof *c + c->size);      /* a kept chunk may be larger */
			c->used = 0;
			return c;
		}
	}
#endif
	c = mem_calloc(1, sizeof *c + size);
	c->mapped = false;
	c->size = size;
	c->used = 0;
	return c;
}

static void chunk_put(Chunk *c)
{
	size_t total = sizeof *c + c->size;
#ifndef NO_REGIONS
	if (c->mapped) {
		held -= total < held ? total : held;
		Chunk **list = total == CHUNK ? &spare : &spare_large;
		c->next = *list;
		*list = c;
		return;
	}
#endif
	mem_release(c, total);
}

Arena *arena_new(void)
{
	Arena *a = mem_alloc(sizeof *a);
	*a = (Arena){NULL, NULL, NULL};
	return a;
}

/* The current chunk's `used`, from the arena's free pointer. */
static void note_used(Arena *a)
{
	Chunk *c = a->head;
	if (c)
		c->used = (size_t)(a->cur - c->mem);
}

void arena_free(Arena *a)
{
	if (!a)
		return;
	note_used(a);
	for (Chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		chunk_put(c);
	}
	mem_release(a, sizeof *a);
}

/* arena_alloc when the current chunk has no room (or n is 0, or too large
 * to round up): a new chunk, whose memory is zero (chunk_get). */
void *arena_alloc_more(Arena *a, size_t n)
{
	if (n > SIZE_MAX / 2)   /* no size computed below can wrap */
		out_of_memory(n);
	n = (n + 15) & ~(size_t)15;
	if (a->head && n <= (size_t)(a->end - a->cur)) {       /* n was 0 */
		void *p = a->cur;
		a->cur += n;
		return p;
	}
	note_used(a);
	Chunk *c = chunk_get(n);
	c->next = a->head;
	a->head = c;
	a->cur = c->mem + n;
	a->end = c->mem + c->size;
	return c->mem;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *arena_strdup(Arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* Formats once into a buffer on the stack; a second time, into the
 * arena, only when the text did not fit. */
char *arena_printf(Arena *a, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		fatal("bad format '%s'", fmt);
	if ((size_t)n < sizeof tmp)
		return arena_strndup(a, tmp, (size_t)n);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void vec_push(Arena *a, Vec *v, void *p)
{
	if (v->n == v->cap) {
		int cap = v->cap ? v->cap * 2 : 8;
		void **nv = arena_alloc(a, sizeof(void *) * (size_t)cap);
		if (v->n)
			memcpy(nv, v->v, sizeof(void *) * (size_t)v->n);
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = p;
}

/* A buffer of BUF_MAPPED bytes or more is mapped from the kernel, its
 * pages faulted in by one madvise as it grows (a phase's output text is
 * tens of kilobytes: a page fault for each 4 KB, and the copies of
 * realloc, cost more than writing it), and moved by mremap, which copies
 * no byte. Smaller ones, and all under the address sanitizer, are
 * malloc'd. */
enum { BUF_MAPPED = 32768 };

#ifndef NO_REGIONS
static char *buf_map(Buf *b, size_t cap)
{
	if (b->cap >= BUF_MAPPED) {
		char *d = mremap(b->data, b->cap, cap, MREMAP_MAYMOVE);
		if (d == MAP_FAILED)
			return NULL;
		madvise(d + b->cap, cap - b->cap, MADV_POPULATE_WRITE);
		return d;
	}
	char *d = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (d == MAP_FAILED)
		return NULL;
	madvise(d, cap, MADV_POPULATE_WRITE);
	if (b->len)
		memcpy(d, b->data, b->len + 1);
	free(b->data);
	return d;
}
#endif

static void buf_grow(Buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	if (extra > SIZE_MAX / 4 - b->len)
		out_of_memory(extra);
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1)
		cap *= 2;
	take(cap - b->cap);
#ifndef NO_REGIONS
	char *d = cap >= BUF_MAPPED ? buf_map(b, cap) : realloc(b->data, cap);
#else
	char *d = realloc(b->data, cap);
#endif
	if (!d)
		out_of_memory(cap);
	b->data = d;
	b->cap = cap;
}

void buf_put_more(Buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
}

void buf_puts(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

/* Formats straight into the free space; a second time, after growing,
 * only when the text did not fit. */
void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
	buf_grow(b, 64);
	va_list ap2;
	va_copy(ap2, ap);
	size_t room = b->cap - b->len;
	int n = vsnprintf(b->data + b->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("bad format '%s'", fmt);
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

/* A decimal integer, without printf. */
void buf_put_uint(Buf *b, unsigned long long u)
{
	char tmp[24], *p = tmp + sizeof tmp;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	buf_put(b, p, (size_t)(tmp + sizeof tmp - p));
}

void buf_put_int(Buf *b, long long v)
{
	if (v < 0)
		buf_putc(b, '-');
	buf_put_uint(b, v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v);
}

char *buf_extend(Buf *b, size_t n)
{
	buf_grow(b, n);
	char *p = b->data + b->len;
	b->len += n;
	b->data[b->len] = 0;
	return p;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_free(Buf *b)
{
	held -= b->cap < held ? b->cap : held;
#ifndef NO_REGIONS
	if (b->cap >= BUF_MAPPED)
		munmap(b->data, b->cap);
	else
#endif
		free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
