;; a raw load through r0 after r0 = 5: the kernel refuses a read through
;; a number
(defprog number-address (:type :xdp :section "xdp")
  (asm #xb7 0 0 0 5)
  (asm #x61 0 0 37 0)
  (asm #x95 0 0 0 0))
