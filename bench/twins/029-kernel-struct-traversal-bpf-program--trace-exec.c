/* Twin of tests/seeds/programs/029-kernel-struct-traversal-bpf-program--trace-exec.lisp:
 * the same program as seed 027 (one ring-buffer event per execve with the
 * current task's pid, tgid and comm, read as CO-RE), so the same C. */
#include "027-co-re-compatibility-example--trace-exec.c"
