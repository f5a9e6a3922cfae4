/* A uprobe that sends one ring-buffer record per call, written in C
 * (clang -target bpf -g) so that the object's BTF names struct
 * probe_event: what `wh-load run --events MAP=STRUCT` decodes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct probe_event {
	__u32 pid;
	__u32 seq;
	__u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* Never used: it puts struct probe_event into the object's BTF. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct probe_event);
} event_type SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} seq SEC(".maps");

SEC("uprobe")
int on_call(void *ctx)
{
	__u32 zero = 0, *n = bpf_map_lookup_elem(&seq, &zero);
	struct probe_event *e;
	(void)ctx;
	if (!n)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof *e, 0);
	if (!e)
		return 0;
	e->pid = (__u32)(bpf_get_current_pid_tgid() >> 32);
	e->seq = (*n)++;        /* calls come one at a time here */
	e->ts = bpf_ktime_get_ns();
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
