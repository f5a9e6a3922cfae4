/* lisp_ring.c: ring buffer consumers as Lisp functions over ringbuf.h:
 * open-ring-consumer (the callback gets the record as a byte vector and
 * its length, where SBCL passes a SAP; sap-ref-8 reads it),
 * open-decoding-ring-consumer (decoder then callback), ring-poll and
 * close-ring-consumer. Consumers left open are closed by the session.
 * The callbacks run in a scope (lisp.h) over a scratch arena of the
 * consumer's: one scope for the records of a poll, left early when it
 * holds SCOPE_BYTES; the arena is emptied when the scope is left unless
 * the scope was kept (the callback kept a record, or something else of
 * the scope), and then it stays until the session ends. A record's byte
 * vector reads the record in the ring (lisp_bytes_at), which stays as it
 * is until the consumer position passes it: after the call, the vector
 * gets a copy of the bytes unless nothing outside the scope can reach it
 * (lisp_scope_shared); a call left by a throw leaves its vector pending,
 * copied before the ring is consumed further or closed. Its elements
 * become values only if something reads them in bulk. */
#include "session.h"
#include <string.h>

enum { SCOPE_BYTES = 256 << 10 };

#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, Sx **a, \
				__attribute__((unused)) int n, __attribute__((unused)) Pos p)

typedef struct {
	WlRing *r;              /* NULL once closed */
	Sx *callback;
	Sx *decoder;            /* NULL: raw (bytes len) callback */
	Arena *scratch;         /* the scope's memory */
	LispScope scope;
	LispFn *pending;        /* the vector of a record whose callback has
				 * not returned (or was left by a throw) */
	int open;               /* scope entered, not left by us */
	int closing;            /* closed by its own callback: the ring is
				 * unmapped once its poll has returned */
	size_t mem_at_open;     /* mem_in_use() then */
} LRing;

typedef struct {
	Lisp *L;
	LRing *ring;
	Pos p;
	int nested;             /* polled from the ring's own callback */
} PollCtx;

/* The scope's memory stays until the session ends; fresh memory for
 * the next. */
static void keep_memory(LRing *lr)
{
	if (lr->pending)
		lisp_bytes_own(lr->pending);
	lr->pending = NULL;
	vec_push(the_session->a, &the_session->kept_arenas, lr->scratch);
	lr->scratch = arena_new();
	lr->open = 0;
}

/* Leave the ring's scope: its memory emptied, or kept to the end. */
static void scope_close(Lisp *L, LRing *lr)
{
	if (!lisp_scope_leave(L, &lr->scope)) {
		keep_memory(lr);
		return;
	}
	arena_free(lr->scratch);
	lr->scratch = arena_new();
	lr->open = 0;
}

/* Whether the ring's scope is open and L is in it (not left by a throw,
 * which kept it). */
static int scope_in_force(Lisp *L, LRing *lr)
{
	if (!lr->open)
		return 0;
	for (LispScope *s = L->scope; s; s = s->up)
		if (s == &lr->scope)
			return 1;
	keep_memory(lr);        /* left by a throw (lisp_scope_unwind): kept */
	return 0;
}

static int on_record(const void *data, uint32_t len, void *ctx)
{
	PollCtx *c = ctx;
	Lisp *L = c->L;
	LRing *lr = c->ring;
	if (!scope_in_force(L, lr)) {
		lisp_scope_enter(L, &lr->scope, lr->scratch);
		lr->open = 1;
		lr->mem_at_open = mem_in_use();
	}
	/* in a nested poll the ring goes on under the outer callback: a copy */
	Sx *bytes = c->nested ? lisp_bytes(L, data, len) : lisp_bytes_at(L, data, len);
	lr->pending = bytes->fn;
	if (c->ring->decoder) {
		Sx *ev = lisp_funcall(L, c->ring->decoder, &bytes, 1, c->p);
		lisp_funcall(L, c->ring->callback, &ev, 1, c->p);
	} else {
		Sx *args[2] = {bytes, len < 256 ? lisp_byte_int(L, len) : lisp_int(L, len)};
		lisp_funcall(L, c->ring->callback, args, 2, c->p);
	}
	lr->pending = NULL;
	if (L->scope != &lr->scope || lisp_scope_shared(L, &lr->scope))
		lisp_bytes_own(bytes->fn);
	if (lr->closing)
		return 1;               /* no record after close-ring-consumer */
	if (!c->nested && L->scope == &lr->scope && mem_in_use() - lr->mem_at_open >= SCOPE_BYTES)
		scope_close(L, lr);
	return 0;
}

static Sx *open_ring(Lisp *L, Sx *map, Sx *decoder, Sx *callback, Pos p, const char *who)
{
	LMap *lm = need_map(L, map, p, who);
	if (lm->m->type != BPF_MAP_TYPE_RINGBUF)
		lisp_error(L, p, "%s: map %s is not a ring buffer", who, lm->m->name);
	LRing *lr = arena_alloc(L->a, sizeof *lr);
	lr->r = wl_ring_open(lm->m);
	if (!lr->r)
		lisp_error(L, p, "%s: %s", who, wl_error());
	lr->callback = callback;
	lr->decoder = decoder;
	lr->scratch = arena_new();
	vec_push(L->a, &the_session->rings, lr);
	return lisp_handle(L, intern("ring-consumer"), lr);
}

B(b_open_ring) { return open_ring(L, a[0], NULL, a[1], p, "open-ring-consumer"); }

B(b_open_decoding_ring)
{
	return open_ring(L, a[0], a[1], a[2], p, "open-decoding-ring-consumer");
}

/* Unmap the ring of a consumer its own callback closed, once no poll of
 * it is under way (its scope is in force exactly while one is: entered
 * before a callback, left when the poll returns or a throw leaves it). */
static void settle_close(Lisp *L, LRing *lr)
{
	if (!lr->closing || scope_in_force(L, lr))
		return;
	wl_ring_close(lr->r);
	lr->r = NULL;
	lr->closing = 0;
}

B(b_ring_poll)
{
	LRing *lr = lisp_get_handle(L, a[0], intern("ring-consumer"), p, "ring-poll");
	settle_close(L, lr);
	if (!lr->r || lr->closing)
		lisp_error(L, p, "ring-poll: the consumer is closed");
	int timeout = 100;
	for (int i = 1; i + 1 < n; i += 2)
		if (a[i]->kind == SX_SYM && !strcmp(a[i]->s, ":timeout-ms"))
			timeout = (int)lisp_get_int(L, a[i + 1], p, "ring-poll :timeout-ms");
	PollCtx c = {L, lr, p, scope_in_force(L, lr)};
	if (lr->pending)        /* polled from its own callback */
		lisp_bytes_own(lr->pending);
	int got = wl_ring_poll(lr->r, timeout, on_record, &c);
	if (!c.nested && L->scope == &lr->scope)
		scope_close(L, lr);
	settle_close(L, lr);
	lisp_poll_interrupt(L);
	if (got < 0)
		lisp_error(L, p, "ring-poll: %s", wl_error());
	return lisp_int(L, got);
}

B(b_close_ring)
{
	LRing *lr = lisp_get_handle(L, a[0], intern("ring-consumer"), p, "close-ring-consumer");
	if (lr->r)
		lr->closing = 1;
	settle_close(L, lr);
	return lisp_nil(L);
}

/* (sap-ref-8 bytes i): the open-ring-consumer callback's data is a byte
 * vector here, so SBCL's SAP accessor reads it. */
B(b_sap_ref_8)
{
	LispFn *f = lisp_object(a[0], LISP_VECTOR);
	int64_t i = lisp_get_int(L, a[1], p, "sap-ref-8");
	if (!f || i < 0 || i >= f->nitems)
		lisp_error(L, p, "sap-ref-8: index %lld outside the record", (long long)i);
	return lisp_vec_ref(L, f, (int)i);
}

/* The scratch arenas, once the Lisp is done with its values. */
void session_free_ring_memory(Session *s)
{
	for (int i = 0; i < s->rings.n; i++) {
		LRing *lr = s->rings.v[i];
		arena_free(lr->scratch);
		lr->scratch = NULL;
	}
	for (int i = 0; i < s->kept_arenas.n; i++)
		arena_free(s->kept_arenas.v[i]);
	s->kept_arenas.n = 0;
}

void session_close_rings(Session *s)
{
	for (int i = s->rings.n - 1; i >= 0; i--) {
		LRing *lr = s->rings.v[i];
		if (lr->pending)
			lisp_bytes_own(lr->pending);
		wl_ring_close(lr->r);
		lr->r = NULL;
	}
}

static const struct {
	const char *name;
	LispBuiltin fn;
	int min, max;
} builtins[] = {
	{"open-ring-consumer", b_open_ring, 2, 2},
	{"open-decoding-ring-consumer", b_open_decoding_ring, 3, 3},
	{"ring-poll", b_ring_poll, 1, 3}, {"close-ring-consumer", b_close_ring, 1, 1},
	{"sap-ref-8", b_sap_ref_8, 2, 2},
};

void session_install_ring(Lisp *L)
{
	for (unsigned i = 0; i < sizeof builtins / sizeof *builtins; i++)
		lisp_defbuiltin(L, builtins[i].name, builtins[i].fn, builtins[i].min,
				builtins[i].max);
}

/* The session's builtins a callback's scope may call: they read or
 * write the kernel's maps or decode bytes into new objects, and keep
 * nothing they are given. */
static const char *const scoped[] = {
	"sap-ref-8", "bpf:map-lookup", "map-lookup", "map-lookup-int",
	"map-lookup-struct-int", "map-update", "map-update-int", "map-update-struct",
	"map-update-struct-int", "map-delete", "map-delete-int", "map-delete-struct",
	"map-get-next-key", "map-get-next-key-int", "map-get-next-key-struct",
	"encode-int-key", "decode-int-value", "%struct-decode", "%struct-encode",
	"%make-record", "%record-slot", "%record-p", "%session-map-ref",
};

void session_scoped_builtins(Lisp *L)
{
	lisp_scoped_builtins(L, scoped, (int)(sizeof scoped / sizeof *scoped));
}
