/* anon.c: a clang CO-RE read through anonymous members, for wh-load's
 * relocator. Its wh_anon keeps count inside an anonymous struct inside an
 * anonymous union, so clang's access string for a->count is 0:1:0:1 (the
 * anonymous members' indices included), at byte 16 here. The program
 * fills map buf's value with the bytes 0 1 2 ... 63, reads a->count from
 * it (one load, the relocation on it) and stores what it read in res[0].
 * anon-target.c is the layout it is relocated to. */
#include "../wh-load/mini_bpf.h"

struct wh_anon {
	unsigned int flags;
	union {
		struct {
			unsigned int lo;
			unsigned long long count;
		};
		unsigned long long raw;
	};
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64[8]);
} buf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} res SEC(".maps");

SEC("xdp")
int read_anon(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *p = bpf_map_lookup_elem(&buf, &key);
	if (!p)
		return 1;
	for (int i = 0; i < 8; i++)
		p[i] = 0x0706050403020100ULL + i * 0x0808080808080808ULL;
	__u64 v = ((struct wh_anon *)p)->count;
	bpf_map_update_elem(&res, &key, &v, BPF_ANY);
	return 2;
}

char LICENSE[] SEC("license") = "GPL";
