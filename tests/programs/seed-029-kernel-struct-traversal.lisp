;; A copy of tests/seeds/programs/029-kernel-struct-traversal-bpf-program--trace-exec.lisp with its expected
;; behaviour.
;; The manual's kernel struct traversal example: a kprobe.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Kernel Struct Traversal / BPF program"
(in-package #:whistler)
;;; Import kernel struct fields from vmlinux BTF
(import-kernel-struct task-struct pid tgid comm)
;;; Userspace event struct
(defstruct exec-event
(pid u32)
(tgid u32)
(comm (array u8 16)))
;;; Maps
(defmap events :type :ringbuf :max-entries 4096)
;;; Kprobe program
(defprog trace-exec (:type :kprobe
:section "kprobe/__x64_sys_execve"
:license "GPL")
(let ((task (get-current-task)))
(with-ringbuf (ev events (sizeof exec-event))
(setf (exec-event-pid ev) (task-struct-pid task)
(exec-event-tgid ev) (task-struct-tgid task))
(probe-read-kernel (exec-event-comm-ptr ev) 16
(+ task (task-struct-comm task)))))
0)
(compile-to-elf "exec-events.bpf.o")
