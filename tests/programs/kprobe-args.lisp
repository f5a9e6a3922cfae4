;; kprobe and kretprobe programs: pt-regs-parm1..6 and pt-regs-ret, helper
;; calls a kprobe may make (pid/tgid, uid/gid, comm, probe-read-user-str,
;; probe-read-kernel, ktime), fill-process-info and with-ringbuf. Kprobes
;; cannot be test-run: the verifier must accept each program.
;; load-only
(defstruct exec-event
  (pid u32)
  (uid u32)
  (ts u64)
  (args (array u64 6))
  (comm (array u8 16))
  (path (array u8 64)))
(defmap events :type :ringbuf :max-entries 4096)
(defmap ret-codes :type :hash :key-size 8 :value-size 8 :max-entries 64)

(defprog trace-args (:type :kprobe :section "kprobe/do_sys_openat2")
  (with-ringbuf (e events (sizeof exec-event))
    (fill-process-info e
      :pid-field exec-event-pid
      :uid-field exec-event-uid
      :timestamp-field exec-event-ts
      :comm-field exec-event-comm-ptr
      :comm-size 16)
    (setf (exec-event-args e 0) (pt-regs-parm1)
          (exec-event-args e 1) (pt-regs-parm2)
          (exec-event-args e 2) (pt-regs-parm3)
          (exec-event-args e 3) (pt-regs-parm4)
          (exec-event-args e 4) (pt-regs-parm5)
          (exec-event-args e 5) (pt-regs-parm6))
    (probe-read-user-str (exec-event-path-ptr e) 64 (pt-regs-parm2)))
  0)

(defprog trace-ret (:type :kprobe :section "kretprobe/do_sys_openat2")
  (let ((tgid (>> (get-current-pid-tgid) 32))
        (ret (pt-regs-ret)))
    (setf (getmap ret-codes tgid) ret))
  0)
