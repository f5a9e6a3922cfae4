;;; A whistler run session whose program reads task_struct fields through
;;; import-kernel-struct: the loader relocates them for this kernel.
(in-package #:whistler-loader-user)

(import-kernel-struct task-struct pid tgid)

(with-bpf-session ()
  (bpf:map res :type :array :key-size 4 :value-size 8 :max-entries 4)
  (bpf:prog check-pid (:type :tracepoint
                       :section "tracepoint/syscalls/sys_enter_getpid"
                       :license "GPL")
    (let* ((task (get-current-task))
           (pt (get-current-pid-tgid)))
      (when (= (task-struct-tgid task) (>> pt 32)) (incf (getmap res 0)))
      (when (= (task-struct-pid task) (logand pt #xffffffff)) (incf (getmap res 1)))
      (incf (getmap res 2)))
    0)
  (let ((res (bpf-session-map 'res))
        (link (attach-tracepoint (bpf-session-prog 'check-pid)
                                 "tracepoint/syscalls/sys_enter_getpid")))
    (loop repeat 100
          until (>= (map-lookup-int res 2) 20)
          do (sleep-ms 50))
    (detach link)
    (format t "tgid ~a pid ~a~%"
            (= (map-lookup-int res 0) (map-lookup-int res 2))
            (= (map-lookup-int res 1) (map-lookup-int res 2)))
    (format t "events ~a~%" (>= (map-lookup-int res 2) 20))))
