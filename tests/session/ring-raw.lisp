;;; The Ring Buffer Consumer chapter's raw usage: open-ring-consumer with a
;;; (sap len) callback copying the record with sap-ref-8, on the execve
;;; session of the Inline BPF Sessions chapter.
(in-package #:whistler-loader-user)

(whistler:defstruct call-event
  (pid u32)
  (ts  u64))

(defun process-event (buf)
  (let ((ev (decode-call-event buf)))
    (format t "exec pid=~d ts=~d~%"
            (call-event-record-pid ev)
            (call-event-record-ts ev))))

(with-bpf-session ()
  (bpf:map events :type :ringbuf :max-entries 4096)
  (bpf:prog trace-exec (:type :kprobe
                         :section "kprobe/__x64_sys_execve"
                         :license "GPL")
    (with-ringbuf (ev events (sizeof call-event))
      (setf (call-event-pid ev) (cast u32 (ash (get-current-pid-tgid) -32))
            (call-event-ts ev)  (ktime-get-ns)))
    0)
  (bpf:attach trace-exec "__x64_sys_execve")
  (let ((consumer (open-ring-consumer (bpf-session-map 'events)
                    (lambda (sap len)
                      (let ((buf (make-array len :element-type '(unsigned-byte 8))))
                        (dotimes (i len)
                          (setf (aref buf i) (sb-sys:sap-ref-8 sap i)))
                        (process-event buf))))))
    (handler-case
        (unwind-protect
             (loop (ring-poll consumer :timeout-ms 1000))
          (close-ring-consumer consumer)
          (format t "consumer closed~%"))
      (sb-sys:interactive-interrupt ()
        (format t "~&Detaching.~%")))))
