/* Twin of tests/seeds/programs/027-co-re-compatibility-example--trace-exec.lisp:
 * one ring-buffer event per execve with the current task's pid, tgid and
 * comm, read with bpf_probe_read_kernel.
 *
 * The offsets are this kernel's (task_struct pid 1264, tgid 1268, comm
 * 1752), which import-kernel-struct reads from /sys/kernel/btf/vmlinux;
 * other values change no instruction count. Like the Lisp, the comm
 * source is task + (task + 1752): (task-struct-comm task) is already an
 * address, and the program adds task to it again (wh-expand warns). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define TASK_PID 1264
#define TASK_TGID 1268
#define TASK_COMM 1752

struct exec_event {
	__u32 pid;
	__u32 tgid;
	__u8 comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

SEC("kprobe/__x64_sys_execve")
int trace_exec(void *ctx)
{
	__u64 task = bpf_get_current_task();
	struct exec_event *ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);

	if (ev) {
		__s32 pid, tgid;

		bpf_probe_read_kernel(&pid, sizeof(pid), (void *)(task + TASK_PID));
		ev->pid = pid;
		bpf_probe_read_kernel(&tgid, sizeof(tgid), (void *)(task + TASK_TGID));
		ev->tgid = tgid;
		bpf_probe_read_kernel(ev->comm, 16, (void *)(task + (task + TASK_COMM)));
		bpf_ringbuf_submit(ev, 0);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
