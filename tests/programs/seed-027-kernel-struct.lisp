;; A copy of tests/seeds/programs/027-co-re-compatibility-example--trace-exec.lisp with its expected
;; behaviour.
;; import-kernel-struct accessors (probe-read-kernel of task_struct
;; fields) in a kprobe writing to a ring buffer.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "CO-RE compatibility / Example"
(import-kernel-struct task-struct pid tgid comm)
(defstruct exec-event
(pid u32)
(tgid u32)
(comm (array u8 16)))
(defmap events :type :ringbuf :max-entries 4096)
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
