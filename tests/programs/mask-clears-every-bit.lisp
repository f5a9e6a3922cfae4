;; A mask that clears every bit its operand can have gives 0, even where
;; the kernel verifier cannot bound the operand: ((byte0 < 5) >> n) is 0
;; or 1, and (logand that -512) is 0 for every n. wh-opt folds it to 0;
;; before, the verifier saw a 32-bit value after the and, and refused
;; the access to the packet it moves (mutant 6008 of a bench/mutate run). The
;; program returns the byte at that offset, which is always byte 0.
;; test: --hex 03402233445566778899aabbccddeeff => retval 3
;; test: --hex 09012233445566778899aabbccddeeff => retval 9
(defprog mask-clears-every-bit (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((p (+ data (logand (>> (< (load u8 data 0) 5) (logand (load u16 data 1) 63)) -512))))
      (if (> (+ p 1) end) XDP_PASS (load u8 p 0)))))
