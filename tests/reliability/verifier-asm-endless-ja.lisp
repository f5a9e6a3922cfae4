;; mutant 3235 of seed 19: a raw ja whose offset became -1 jumps to itself
(defprog spin (:type :xdp :section "xdp")
  (asm #xb7 0 0 0 2)
  (asm #x05 0 0 -1 0)
  XDP_PASS)
