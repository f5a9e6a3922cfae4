;; A copy of tests/seeds/programs/021-example-track-process-forks--trace-fork.lisp with its expected
;; behaviour.
;; deftracepoint fields (read from tracefs) sent to a ring buffer.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Example: Track Process Forks"
(deftracepoint sched/sched-process-fork parent-pid child-pid)
(defstruct fork-event
(parent-pid u32)
(child-pid u32))
(defmap events :type :ringbuf
:max-entries (* 256 1024))
(defprog trace-fork (:type :tracepoint
:section "tracepoint/sched/sched_process_fork")
(with-ringbuf (e events (sizeof fork-event))
(setf (fork-event-parent-pid e) (tp-parent-pid)
(fork-event-child-pid e) (tp-child-pid)))
0)
