;; the same store written as raw asm, which the compiler passes through:
;; the kernel refuses it (*(u32 *)(r1 + 12) = 5 at the program's start)
(defprog ctx-store (:type :xdp :section "xdp")
  (asm #x62 1 0 12 5)
  XDP_PASS)
