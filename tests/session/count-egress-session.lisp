;;; The manual's cgroup chapter, "Example: Count Egress Packets": the
;;; with-bpf-session loader.
(with-bpf-session (session "count-egress.o")
  (bpf:attach session "count-egress"
              :cgroup-path "/sys/fs/cgroup")
  ;; session auto-detaches on scope exit
  (let ((map (bpf:find-map session "pkt-count")))
    (loop
      (sleep 1)
      (format t "packets: ~a~%" (bpf:map-lookup map 0)))))
