/* Twin of tests/programs/struct-field-ptr.lisp: loads, stores, memset
 * and memcpy through the addresses of fields. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct hdr {
	__u16 kind;
	__u32 addr;
	__u8 name[8];
	__u64 total;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 24);
	__uint(max_entries, 1);
} raw SEC(".maps");

OUT_MAP(out, 4);

SEC("xdp")
int struct_field_ptr(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	struct hdr h;
	__u32 k = 0;

	__builtin_memset(&h, 0, sizeof(h));
	*(__u16 *)&h.addr = 0xbeef;
	h.name[2] = 0x41;
	__builtin_memset(&h.name[4], 0x7a, 4);
	__builtin_memcpy(&h.total, data, 3);
	map_set(&out, 0, h.addr);
	map_set(&out, 1, h.name[2]);
	map_set(&out, 2, *(__u16 *)&h.name[2]);
	map_set(&out, 3, h.total);
	bpf_map_update_elem(&raw, &k, &h, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
