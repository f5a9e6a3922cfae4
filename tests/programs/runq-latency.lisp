;; A run-queue latency histogram on the scheduler's tracepoints (the
;; runqlat shape): sched_wakeup records when a task was woken, in a hash
;; map by pid; sched_switch, when the task it switches to was waiting,
;; adds one to the log2 bucket of the microseconds it waited (a loop that
;; halves the value, 25 times at most) and forgets the start. A task
;; switched out while still runnable (prev_state 0) starts waiting again.
;; load-only
(deftracepoint sched/sched-wakeup pid)
(deftracepoint sched/sched-switch prev-pid prev-state next-pid)
(defmap start :type :hash :key-size 4 :value-size 8 :max-entries 10240)
(defmap hist :type :array :key-size 4 :value-size 8 :max-entries 26)

(defprog handle-wakeup (:type :tracepoint :section "tracepoint/sched/sched_wakeup")
  (setf (getmap start (tp-pid)) (ktime-get-ns))
  0)

(defprog handle-switch (:type :tracepoint :section "tracepoint/sched/sched_switch")
  (let ((now (ktime-get-ns)))
    (when (= (tp-prev-state) 0)
      (setf (getmap start (tp-prev-pid)) now))
    (let* ((pid (tp-next-pid))
           (ts (getmap start pid)))
      (when (/= ts 0)
        (let ((delta (/ (- now ts) 1000))
              (slot 0))
          (dotimes (i 25)
            (when (> delta 1)
              (setf delta (>> delta 1))
              (incf slot)))
          (incf (getmap hist slot))
          (remmap start pid)))))
  0)
