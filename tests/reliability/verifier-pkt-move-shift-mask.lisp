;; mutant 7712 of seed 19: a pointer moved by a shift by a packet byte,
;; masked with 2^31 - 1; the kernel bounds no shift by a register, so it
;; takes the move to reach 2^31 - 1 and learns nothing from the check
(defprog shift-move (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((p (+ data (logand (<< (< (load u8 data 0) 5) (logand (load u16 data 1) 63))
                             #x7fffffff))))
      (if (> (+ p 1) end) XDP_PASS (load u8 p 0)))))
