;; pending: wh-lower: "unknown core form 'asm'"
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
