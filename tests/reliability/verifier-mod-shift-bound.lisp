;; mutant 1828 (seed 17): (mod 1 y) is at most 1, so the pointer moves 0 or
;; 2 bytes; the kernel bounds neither a modulo by a register nor what a
;; 32-bit shift makes of it, so the compiler masks the offset for it
(defprog mask-for-verifier (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((p (+ data (ash (mod 1 (load u16 data 0)) 1))))
      (if (> (+ p 1) end) XDP_PASS (load u8 p 0)))))
