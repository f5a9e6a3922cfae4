/* ringbuf.c: the BPF ring buffer consumer (ringbuf.h). The kernel shares
 * three things with us through mmap of the map fd: at offset 0 one page
 * holding the consumer position (ours to write), at offset page_size one
 * page holding the producer position, followed by the data area mapped
 * twice so a record that wraps reads as one piece (read-only). Each
 * record starts with an 8-byte header {u32 len, u32 pg_off}; bit 31 of
 * len says the producer is still writing it, bit 30 that it was
 * discarded; records are padded to 8 bytes. Positions only grow; the
 * offset in the data area is position & (size - 1). Positions are read
 * with acquire and the consumer position published with release, paired
 * with the kernel's smp_store_release/smp_load_acquire, and the epoll
 * registration is level-triggered, as libbpf does. Unlike libbpf, the
 * consumer position is not published after every record but once per
 * batch: the kernel reads it on every reservation and commit, so writing
 * it once per batch keeps its cache line from moving between the CPUs on
 * every record. */
#include "ringbuf.h"
#include "wl_sys.h"
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

enum {
	RB_BUSY = 1u << 31,
	RB_DISCARD = 1u << 30,
	RB_HDR = 8,
};

struct WlRing {
	const char *name;
	int map_fd, epfd;
	size_t page;
	uint64_t size;                  /* data area, a power of 2 */
	_Atomic uint64_t *cons_pos;     /* read-write page */
	const _Atomic uint64_t *prod_pos;
	const uint8_t *data;            /* 2 * size bytes, read-only */
	void *cons_map, *prod_map;
	size_t prod_map_len;
	uint64_t handed;                /* the position past the last record
					 * handed to a callback: one that did not
					 * return (a Lisp error jumping out of it)
					 * has its records consumed all the same */
};

/* The kernel's idea of the map: its size may differ from the object's
 * (rounded up to a power-of-2 number of pages when created). */
static int map_info(int fd, struct bpf_map_info *info)
{
	union bpf_attr attr;
	memset(info, 0, sizeof *info);
	memset(&attr, 0, sizeof attr);
	attr.info.bpf_fd = (uint32_t)fd;
	attr.info.info_len = sizeof *info;
	attr.info.info = wl_ptr(info);
	return wl_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof attr);
}

void wl_ring_close(WlRing *r)
{
	if (!r)
		return;
	if (r->prod_map && r->prod_map != MAP_FAILED)
		munmap(r->prod_map, r->prod_map_len);
	if (r->cons_map && r->cons_map != MAP_FAILED)
		munmap(r->cons_map, r->page);
	if (r->epfd >= 0)
		close(r->epfd);
	free(r);
}

static WlRing *fail(WlRing *r, const char *what, int err)
{
	wl_fail("ring buffer %s: %s: %s", r->name, what, wl_strerror(err));
	wl_ring_close(r);
	return NULL;
}

WlRing *wl_ring_open(const WlMap *m)
{
	if (m->type != BPF_MAP_TYPE_RINGBUF) {
		wl_fail("map %s is not a ring buffer", m->name);
		return NULL;
	}
	if (m->fd < 0) {
		wl_fail("map %s is not created", m->name);
		return NULL;
	}
	WlRing *r = calloc(1, sizeof *r);
	if (!r) {
		wl_fail("out of memory");
		return NULL;
	}
	r->epfd = -1;
	r->map_fd = m->fd;
	r->name = m->name ? m->name : "?";
	r->page = (size_t)sysconf(_SC_PAGESIZE);
	struct bpf_map_info info;
	if (map_info(m->fd, &info))
		return fail(r, "cannot read its size", errno);
	r->size = info.max_entries;
	if (info.type != BPF_MAP_TYPE_RINGBUF || !r->size || (r->size & (r->size - 1)) ||
	    r->size > (SIZE_MAX - r->page) / 2)
		return fail(r, "unexpected map from the kernel", EINVAL);

	r->cons_map = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (r->cons_map == MAP_FAILED)
		return fail(r, "cannot map the consumer page", errno);
	r->prod_map_len = r->page + 2 * (size_t)r->size;
	r->prod_map = mmap(NULL, r->prod_map_len, PROT_READ, MAP_SHARED, m->fd,
			   (off_t)r->page);
	if (r->prod_map == MAP_FAILED)
		return fail(r, "cannot map the producer page and data", errno);
	r->cons_pos = r->cons_map;
	r->prod_pos = r->prod_map;
	r->data = (const uint8_t *)r->prod_map + r->page;

	r->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (r->epfd < 0)
		return fail(r, "epoll_create1", errno);
	struct epoll_event ev = {.events = EPOLLIN};
	if (epoll_ctl(r->epfd, EPOLL_CTL_ADD, m->fd, &ev))
		return fail(r, "epoll_ctl", errno);
	return r;
}

int wl_ring_fd(WlRing *r)
{
	return r->map_fd;
}

/* Consume every complete record; stop at a busy one (the producer will
 * wake us when it commits). The producer position is read once per
 * batch; the consumer position is published once per batch (and every
 * quarter of the ring within a long one, so a producer waiting for room
 * need not wait for the whole batch), always after the callback has
 * returned for every record it covers. */
int wl_ring_consume(WlRing *r, WlRingFn fn, void *ctx)
{
	const uint64_t mask = r->size - 1, publish_every = r->size / 4;
	int n = 0, stop = 0;
	uint64_t cons = atomic_load_explicit(r->cons_pos, memory_order_relaxed);
	uint64_t published = cons;
	if (r->handed > cons)
		cons = r->handed;
	for (;;) {
		uint64_t prod = atomic_load_explicit(r->prod_pos, memory_order_acquire);
		if (cons >= prod)
			break;
		while (cons < prod && !stop) {
			const uint8_t *hdr = r->data + (cons & mask);
			uint32_t len = atomic_load_explicit((const _Atomic uint32_t *)hdr,
							    memory_order_acquire);
			if (len & RB_BUSY)
				goto out;
			uint32_t bytes = len & ~(RB_BUSY | RB_DISCARD);
			if (bytes > r->size - RB_HDR) {
				stop = -1;
				wl_fail("ring buffer %s: record of %u bytes in a "
					"%llu-byte buffer", r->name, bytes,
					(unsigned long long)r->size);
				break;
			}
			cons += ((uint64_t)bytes + RB_HDR + 7) & ~(uint64_t)7;
			if (!(len & RB_DISCARD)) {
				n++;
				r->handed = cons;
				stop = fn ? fn(hdr + RB_HDR, bytes, ctx) : 0;
			}
			if (cons - published >= publish_every) {
				atomic_store_explicit(r->cons_pos, cons, memory_order_release);
				published = cons;
			}
		}
		if (stop)
			break;
	}
out:
	if (cons != published)
		atomic_store_explicit(r->cons_pos, cons, memory_order_release);
	return stop < 0 ? -1 : n;
}

int wl_ring_poll(WlRing *r, int timeout_ms, WlRingFn fn, void *ctx)
{
	struct epoll_event ev;
	if (epoll_wait(r->epfd, &ev, 1, timeout_ms) < 0) {
		if (errno == EINTR)
			return 0;
		return wl_fail("ring buffer %s: epoll_wait: %s", r->name, wl_strerror(errno));
	}
	/* Level-triggered: consuming even without a wake-up costs two loads
	 * and never misses records committed since. */
	return wl_ring_consume(r, fn, ctx);
}
