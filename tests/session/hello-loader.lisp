;;; The manual's Hello eBPF chapter: loading count.bpf.o with the loader.
(asdf:load-system "whistler/loader")
(in-package #:whistler-loader-user)

(with-bpf-object (obj "count.bpf.o")
  (attach-obj-xdp obj "count_packets" "eth0")
  (let ((counter (bpf-object-map obj "pkt_count")))
    (loop repeat 5
          do (sleep 1)
             (format t "packets: ~d~%"
                     (or (map-lookup-int counter 0) 0)))))
