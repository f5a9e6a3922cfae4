/* Twin of tests/programs/struct-arrays.lisp: array fields indexed with
 * constants and with a runtime index (checked < 3 first). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct rec {
	__u8 tag;
	__u16 xs[4];
	__u32 ys[3];
	__u8 zs[5];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 32);
	__uint(max_entries, 1);
} raw SEC(".maps");

OUT_MAP(out, 4);

SEC("xdp")
int struct_arrays(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 i = *(__u8 *)data;
	__u32 v = *(__u32 *)(data + 4);
	struct rec r;
	__u32 k = 0;

	__builtin_memset(&r, 0, sizeof(r));
	if (i >= 3)
		return XDP_DROP;
	r.tag = 7;
	r.xs[0] = 0x1111;
	r.xs[3] = 0x4444;
	r.zs[4] = 0xee;
	r.ys[i] = v;
	r.xs[i] = 0x100 + i;
	map_set(&out, 0, r.ys[i]);
	map_set(&out, 1, r.xs[3]);
	map_set(&out, 2, sizeof(struct rec));
	map_set(&out, 3, r.xs[i]);
	bpf_map_update_elem(&raw, &k, &r, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
