;; mutant 4980 of seed 29: opcode 1 is a load (class ldx) with the mode
;; imm, which the asm text cannot write (it came out as mode mem, 0x61)
(defprog load-mode (:type :xdp :section "xdp")
  (asm #xb7 0 0 0 5)
  (asm 1 0 0 37 3)
  (asm #x95 0 0 0 0))
