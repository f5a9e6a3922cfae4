;; (asm opcode dst src offset imm) emits one raw instruction. The manual's
;; example, #x85 with imm 5, is a call of ktime_get_ns (helper 5); #x05
;; with offset 0 is a jump to the next instruction. Neither changes what
;; the program computes around them: the return value is the packet's
;; first byte plus 1, count[0] counts the runs. (A call clobbers r0-r5 by
;; the BPF calling convention, so the compiler must keep nothing there
;; across it, the context pointer included.)
;; test: --hex 29000000000000000000000000000000 --repeat 2 => retval 42
;; and: count[0] = 2
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog asm-forms (:type :xdp :section "xdp")
  (asm #x85 0 0 0 5)
  (incf (getmap count 0))
  (with-packet (data end :min-len 16)
    (let ((b (load u8 data 0)))
      (asm #x05 0 0 0 0)
      (return (+ b 1))))
  XDP_PASS)

;; A run of consecutive asm forms may hold raw jumps whose targets stay
;; in the run: r0 = 5; if r0 > 3 goto +1 (over r0 = 9); exit. Taken, the
;; program returns 5; a jump lost or miscounted returns 9 or fails to load.
;; test: --prog asm-jump --hex 00000000000000000000000000000000 => retval 5
(defprog asm-jump (:type :xdp :section "xdp")
  (asm #xb7 0 0 0 5)          ; r0 = 5
  (asm #x25 0 0 1 3)          ; if r0 > 3 goto +1
  (asm #xb7 0 0 0 9)          ; r0 = 9
  (asm #x95 0 0 0 0))         ; exit

;; A 32-bit comparison of two registers, not taken, then one that lands
;; just after the run, on the compiled code that follows it (r0 = 1;
;; exit): landing one instruction further would return 7.
;; test: --prog asm-jump-out --hex 00000000000000000000000000000000 => retval 1
(defprog asm-jump-out (:type :xdp :section "xdp")
  (asm #xb7 0 0 0 7)          ; r0 = 7
  (asm #xb7 2 0 0 7)          ; r2 = 7
  (asm #x5e 0 2 1 0)          ; if w0 != w2 goto +1 (not taken)
  (asm #x1d 0 2 0 0)          ; if r0 == r2 goto +0
  (asm #x15 0 0 0 7)          ; if r0 == 7 goto +0 (the end of the run)
  XDP_DROP)
