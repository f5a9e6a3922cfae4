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
