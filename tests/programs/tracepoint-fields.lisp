;; deftracepoint: accessors read from the tracepoint's format file, in a
;; tracepoint program (not test-runnable). tp-parent-pid and tp-child-pid
;; of sched_process_fork; the manual's trace-fork example with its map
;; defined and its let made sequential (the manual binds pid from tgid in
;; one parallel let): fork-times[child pid] = the time of the fork.
;; load-only
(deftracepoint sched/sched-process-fork parent-pid child-pid)
(defmap ppid-map :type :hash :key-size 4 :value-size 4 :max-entries 1024)
(defmap fork-times :type :hash :key-size 4 :value-size 8 :max-entries 1024)

(defprog trace-fork (:type :tracepoint
                     :section "tracepoint/sched/sched_process_fork"
                     :license "GPL")
  (setf (getmap ppid-map (tp-child-pid)) (tp-parent-pid))
  0)

(defprog trace-fork-time (:type :tracepoint
                          :section "tracepoint/sched/sched_process_fork"
                          :license "GPL")
  (let* ((tgid (get-current-pid-tgid))
         (pid (cast u32 (>> tgid 32)))
         (ts (ktime-get-ns)))
    (setf (getmap fork-times pid) ts))
  0)
