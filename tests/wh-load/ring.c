/* ring.c: a ring buffer written by an XDP program under test runs: each
 * run numbers itself (seq map), reserves an event, fills every kind of
 * field the decoder knows (integers signed and not, a char array, an
 * enum, bitfields, a nested struct, an array) and submits it on odd runs,
 * discards it on even ones. Also a struct-valued hash and a per-CPU hash
 * for the map commands; `last` keeps the last event submitted. xdp_mark
 * changes the packet, for --data-out. */
#include "mini_bpf.h"

enum color { RED = 0, GREEN = 5, BLUE = 9 };

struct point {
	__u16 x, y;
};

struct event {
	__u64 seq;
	int neg;
	char comm[8];
	enum color color;
	unsigned int low : 3, high : 5;
	struct point at;
	__u8 bytes[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} seq SEC(".maps");

/* The last event submitted, so that BTF describes struct event. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct event);
	__uint(max_entries, 1);
} last SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct point);
	__uint(max_entries, 8);
} points SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 8);
} pcpu SEC(".maps");

SEC("xdp")
int ring_events(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *s = bpf_map_lookup_elem(&seq, &k);
	if (!s)
		return XDP_ABORTED;
	__u64 n = *s + 1;
	*s = n;
	struct event *e = bpf_ringbuf_reserve(&events, sizeof *e, 0);
	if (!e)
		return XDP_DROP;
	e->seq = n;
	e->neg = -(int)n;
	__builtin_memcpy(e->comm, "run\0\0\0\0", 8);
	e->color = n == 1 ? GREEN : n == 3 ? BLUE : 7;
	e->low = (unsigned)n & 7;
	e->high = 17;
	e->at.x = 10 * n;
	e->at.y = 65535;
	e->bytes[0] = 1;
	e->bytes[1] = 0;
	e->bytes[2] = 255;
	if (n % 2) {
		bpf_map_update_elem(&last, &k, e, BPF_ANY);
		bpf_ringbuf_submit(e, 0);
	}
	else
		bpf_ringbuf_discard(e, 0);
	struct point p = {(__u16)n, 2};
	bpf_map_update_elem(&points, &k, &p, BPF_ANY);
	__u32 one = 1;
	bpf_map_update_elem(&pcpu, &k, &one, BPF_ANY);
	return XDP_PASS;
}

/* For --data-out: the packet comes back with its first byte set. */
SEC("xdp")
int xdp_mark(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	if ((void *)(data + 1) > (void *)(long)ctx->data_end)
		return XDP_DROP;
	data[0] = 0xff;
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
