;; asm: raw instructions pass through; a raw exit ends the program
(defprog asm-r0 (:type :xdp)
  (asm #xb7 0 0 0 7)          ; r0 = 7
  (asm #x95 0 0 0 0))         ; exit

(defprog asm-call (:type :xdp)
  (asm #x85 0 0 0 5)          ; call ktime_get_ns
  2)
