/* Twin of tests/programs/struct-layout.lisp: C layout; make-NAME zeroes
 * the whole object, padding included. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct sample {
	__u8 flags;
	__u32 id;
	__u64 value;
};

struct tailpad {
	__u64 a;
	__u8 b;
};

struct mixed {
	__u8 a;
	__u16 b;
	__u8 c;
	__u32 d;
	__u8 e;
};

struct small {
	__u16 a;
	__u8 b;
};

struct three {
	__u8 a, b, c;
};

struct my_event {
	__u32 pid;
	__u8 comm[16];
	__u8 data[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 16);
	__uint(max_entries, 3);
} raw SEC(".maps");

OUT_MAP(out, 10);

SEC("xdp")
int struct_layout(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	{
		struct sample s;
		__u32 k = 0;

		__builtin_memset(&s, 0, sizeof(s));
		s.flags = 0xaa;
		s.id = *(__u32 *)(data + 8);
		s.value = *(__u64 *)data;
		bpf_map_update_elem(&raw, &k, &s, BPF_ANY);
		map_set(&out, 6, *(__u32 *)((void *)&s + 4));
		map_set(&out, 7, *(__u64 *)((void *)&s + 8));
	}
	{
		struct tailpad tp;
		__u32 k = 1;

		__builtin_memset(&tp, 0, sizeof(tp));
		tp.a = -1;
		tp.b = 0x5a;
		bpf_map_update_elem(&raw, &k, &tp, BPF_ANY);
		map_set(&out, 8, *(__u8 *)((void *)&tp + 8));
	}
	{
		struct mixed m;
		__u32 k = 2;

		__builtin_memset(&m, 0, sizeof(m));
		m.a = 1;
		m.b = 0x0203;
		m.c = 4;
		m.d = 0x05060708;
		m.e = 9;
		bpf_map_update_elem(&raw, &k, &m, BPF_ANY);
		map_set(&out, 9, *(__u8 *)((void *)&m + 12));
	}
	map_set(&out, 0, sizeof(struct sample));
	map_set(&out, 1, sizeof(struct tailpad));
	map_set(&out, 2, sizeof(struct mixed));
	map_set(&out, 3, sizeof(struct small));
	map_set(&out, 4, sizeof(struct three));
	map_set(&out, 5, sizeof(struct my_event));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
