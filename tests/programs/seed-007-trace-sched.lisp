;; A copy of tests/seeds/programs/007-multiple-programs-full-example--trace-sched.lisp with its expected
;; behaviour.
;; A tracepoint program writing to a ring buffer: cannot be test-run.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Multiple Programs / Full Example"
(defstruct event
(pid u32)
(ts u64))
(defmap events :type :ringbuf
:max-entries (* 256 1024))
(defprog trace-sched (:type :tracepoint
:section "tracepoint/sched/sched_process_exec")
(with-ringbuf (e events (sizeof event))
(setf (event-pid e) (get-current-pid-tgid)
(event-ts e) (ktime-get-ns)))
0)
