;; asm: raw instructions pass through; a raw exit ends the program
(defprog asm-r0 (:type :xdp)
  (asm #xb7 0 0 0 7)          ; r0 = 7
  (asm #x95 0 0 0 0))         ; exit

(defprog asm-call (:type :xdp)
  (asm #x85 0 0 0 5)          ; call ktime_get_ns
  2)

;; a raw jump stays inside its run of consecutive asm forms, or lands just
;; after it: here over r0 = 9 to the raw exit, and to the end of the run
(defprog asm-jump (:type :xdp)
  (asm #xb7 0 0 0 5)          ; r0 = 5
  (asm #x25 0 0 1 3)          ; if r0 > 3 goto +1
  (asm #xb7 0 0 0 9)          ; r0 = 9
  (asm #x95 0 0 0 0))         ; exit

(defprog asm-jump-end (:type :xdp)
  (asm #x05 0 0 0 0)          ; goto +0: the code after the run
  1)
