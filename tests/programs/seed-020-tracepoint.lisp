;; A copy of tests/seeds/programs/020-section-name--trace-fork.lisp with its expected
;; behaviour.
;; A tracepoint program returning 0.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "Section Name"
(defprog trace-fork (:type :tracepoint
:section "tracepoint/sched/sched_process_fork")
0)
