;;; The manual's cgroup chapter, "Example: Count Egress Packets": the
;;; standalone loader.
(let* ((obj (bpf:open-object "count-egress.o"))
       (prog (bpf:find-program obj "count-egress"))
       (loaded (bpf:load-program prog)))
  (attach-cgroup loaded "/sys/fs/cgroup"
                 :attach-type +bpf-cgroup-inet-egress+)
  ;; read the counter
  (let ((map (bpf:find-map obj "pkt-count")))
    (format t "packets: ~a~%" (bpf:map-lookup map 0))))
