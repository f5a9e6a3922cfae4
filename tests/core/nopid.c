/* A task_struct without pid: the target kernel of the missing-field test. */
struct task_struct {
	char pad0[64];
	int tgid;
	char comm[16];
};
struct task_struct *keep_task;
