(defprog p (:type :xdp :section "xdp")
  (asm #x04 0 0 0 5)          ; w0 += 5, before anything set r0
  (asm #x95 0 0 0 0))         ; exit
