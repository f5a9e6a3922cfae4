/* narrow.c: a task_struct whose field sizes are not this kernel's:
 * policy is 8 bytes at 16 (the kernel's is an unsigned int, followed by
 * other data) and start_time 4 bytes at 24 (the kernel's is a u64). The
 * width test (tests/core/width.lisp) compiles against its BTF. */
struct task_struct {
	char pad[16];
	unsigned long policy;
	unsigned int start_time;
};

struct task_struct keep_task;
