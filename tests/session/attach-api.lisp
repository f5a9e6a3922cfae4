;;; attach-xdp (:mode), attach-tc (:direction), attach-tracepoint and detach
;;; on a session's programs, each counted, then detached by hand.
(in-package #:whistler-loader-user)

(with-bpf-session ()
  (bpf:map hits :type :array :key-size 4 :value-size 8 :max-entries 3)
  (bpf:prog on-xdp (:type :xdp :section "xdp" :license "GPL")
    (incf (getmap hits 0))
    XDP_PASS)
  (bpf:prog on-tc (:type :tc :section "tc" :license "GPL")
    (incf (getmap hits 1))
    TC_ACT_OK)
  (bpf:prog on-exec (:type :tracepoint
                     :section "tracepoint/syscalls/sys_enter_execve"
                     :license "GPL")
    (incf (getmap hits 2))
    0)
  (let ((hits (bpf-session-map 'hits))
        (links (list (attach-xdp (bpf-session-prog 'on-xdp) "wb" :mode "xdpgeneric")
                     (attach-tc (bpf-session-prog 'on-tc) "wb" :direction "egress")
                     (attach-tracepoint (bpf-session-prog 'on-exec)
                                        "tracepoint/syscalls/sys_enter_execve"))))
    (format t "attached ~d~%" (length links))
    (finish-output)
    (loop repeat 100
          until (and (>= (map-lookup-int hits 0) 3)
                     (>= (map-lookup-int hits 1) 3)
                     (>= (map-lookup-int hits 2) 1))
          do (sleep-ms 100))
    (format t "xdp ~a tc ~a exec ~a~%"
            (>= (map-lookup-int hits 0) 3)
            (>= (map-lookup-int hits 1) 3)
            (>= (map-lookup-int hits 2) 1))
    (dolist (l links) (detach l))
    (format t "detached; again: ~a~%" (detach (first links)))
    (sleep 1)))
