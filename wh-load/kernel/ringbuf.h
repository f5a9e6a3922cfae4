/* ringbuf.h: a consumer for BPF_MAP_TYPE_RINGBUF maps, on mmap + epoll
 * without libbpf. The consumer page is mapped read-write, the producer
 * page and the data pages (mapped twice back to back, as the kernel lays
 * them out) read-only; records still being written (busy bit) stop the
 * scan, discarded ones are skipped, and the consumer position is published
 * with release ordering after each batch of records. */
#ifndef WH_LOAD_RINGBUF_H
#define WH_LOAD_RINGBUF_H
#include <stdint.h>
#include "wl.h"

typedef struct WlRing WlRing;

/* Map the ring of a created ring buffer map (m->fd >= 0, m->type
 * BPF_MAP_TYPE_RINGBUF, m->max_entries its data size). The map's fd stays
 * the caller's; the ring holds its own mappings and epoll fd. NULL with
 * wl_error() set on failure. */
WlRing *wl_ring_open(const WlMap *m);

/* A file descriptor that polls readable while records are available
 * (the map's, level-triggered), for callers with their own event loop;
 * they then call wl_ring_consume. */
int wl_ring_fd(WlRing *r);

/* Called once per submitted record; data points into the ring and is
 * valid only during the call. Return 0 to go on, > 0 to stop after this
 * record, < 0 to stop with an error (set it with wl_fail). A callback
 * that does not return (a longjmp out of it) has consumed its record too:
 * the next poll goes on after it. */
typedef int (*WlRingFn)(const void *data, uint32_t len, void *ctx);

/* Wait up to timeout_ms (0: do not wait, -1: forever) for records, then
 * consume every record available. Returns the number of records passed to
 * fn (discarded ones are not counted), or -1 on failure (including fn
 * returning < 0). An interrupted wait (EINTR) returns 0. */
int wl_ring_poll(WlRing *r, int timeout_ms, WlRingFn fn, void *ctx);

/* Consume every record available now, without waiting (for a caller
 * whose own epoll said the ring is readable). Returns as wl_ring_poll. */
int wl_ring_consume(WlRing *r, WlRingFn fn, void *ctx);

/* Unmap and close. NULL is fine. */
void wl_ring_close(WlRing *r);

#endif
