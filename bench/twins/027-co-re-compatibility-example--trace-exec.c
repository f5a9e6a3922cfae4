/* Twin of tests/seeds/programs/027-co-re-compatibility-example--trace-exec.lisp:
 * one ring-buffer event per execve with the current task's pid, tgid and
 * comm, read with bpf_probe_read_kernel.
 *
 * The Lisp's import-kernel-struct accessors are CO-RE reads (docs/
 * language-notes.md): each field is read at its offset on the running
 * kernel, with its size there (a BYTE_SIZE relocation on the size
 * argument), into a zeroed 8-byte buffer, so a field narrower on the
 * target is zero-extended. This twin does the same with libbpf's CO-RE
 * builtins; the struct below is what preserve_access_index relocates
 * (the offsets are this kernel's: pid 1264, tgid 1268, comm 1752). Like
 * the Lisp, the comm source is task + (task + offset of comm):
 * (task-struct-comm task) is already an address, and the program adds
 * task to it again (wh-expand warns). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct {
	char __before_pid[1264];
	int pid;
	int tgid;
	char __before_comm[480];
	char comm[16];
} __attribute__((preserve_access_index));

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
	struct task_struct *task = (void *)bpf_get_current_task();
	struct exec_event *ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);

	if (ev) {
		__u64 v;

		v = 0;
		bpf_probe_read_kernel(&v, bpf_core_field_size(task->pid), &task->pid);
		ev->pid = v;
		v = 0;
		bpf_probe_read_kernel(&v, bpf_core_field_size(task->tgid), &task->tgid);
		ev->tgid = v;
		bpf_probe_read_kernel(ev->comm, 16,
			(void *)((__u64)task + ((__u64)task + bpf_core_field_offset(task->comm))));
		bpf_ringbuf_submit(ev, 0);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
