;; mutant 676 of the 2,000 of seed 13 (mask-shift-for-verifier without
;; its XDP_PASS): the read is on the side where the check failed
(defprog mask-shift (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((p (+ data (logand (>> (< (load u8 data 0) 5) (logand (load u8 data 1) 63)) 1))))
      (if (> (+ p 1) end)
          (load u8 p 0)
          XDP_PASS))))
