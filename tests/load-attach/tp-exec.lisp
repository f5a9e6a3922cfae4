;; Tracepoint with ring-buffer events: one record per execve, with the
;; process id, and a counter.
(defstruct exec-event
  (pid u32)
  (pad u32)
  (ts u64))

(defmap events :type :ringbuf :max-entries (* 4096 1024))
(defmap calls :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog trace-exec (:type :tracepoint
                     :section "tracepoint/syscalls/sys_enter_execve"
                     :license "GPL")
  (incf (getmap calls 0))
  (with-ringbuf (e events (sizeof exec-event))
    (setf (exec-event-pid e) (cast u32 (ash (get-current-pid-tgid) -32))
          (exec-event-ts e) (ktime-get-ns)))
  0)
