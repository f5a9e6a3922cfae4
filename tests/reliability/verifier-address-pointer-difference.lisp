;; mutant 663 of seed 19: the difference of two packet pointers is a
;; number to the kernel, so a read through it is refused
(defprog diff-read (:type :xdp :section "xdp")
  (with-packet (data end :min-len 32)
    (load u8 (- (+ data 20) (+ data 20) 6) 1)))
