;; mutant 1565 of seed 23: a raw (ctx u32 12) store; bytes 12..15 of
;; xdp_md are ingress_ifindex, which an XDP program may only read
(defprog ctx-store (:type :xdp :section "xdp")
  (setf (ctx u32 12) 5)
  XDP_PASS)
