/* Twin of tests/programs/ringbuf-xdp.lisp: ring-buffer reserve/submit,
 * a reservation too big to succeed, reserve/discard, and output. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct ev {
	__u32 a, b, c;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 3);
} count SEC(".maps");

OUT_MAP(out, 1);

SEC("xdp")
int ringbuf_xdp(struct xdp_md *ctx)
{
	struct ev *e;
	void *big, *r;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->a = 1;
		e->b = 2;
		e->c = 3;
		array_add(&count, 0, 1);
		bpf_ringbuf_submit(e, 0);
	}
	big = bpf_ringbuf_reserve(&events, 8192, 0);
	if (big) {
		*(__u64 *)big = 0;
		array_add(&count, 1, 1);
		bpf_ringbuf_submit(big, 0);
	}
	r = bpf_ringbuf_reserve(&events, 16, 0);
	if (r) {
		*(__u64 *)r = 7;
		*(__u64 *)(r + 8) = 8;
		array_add(&count, 2, 1);
		bpf_ringbuf_discard(r, 0);
	}
	{
		struct ev s = {};

		s.a = 9;
		map_set(&out, 0, bpf_ringbuf_output(&events, &s, sizeof(s), 0));
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
