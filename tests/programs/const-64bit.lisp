;; 64-bit constants: stored as values, and as ALU operands of a runtime
;; value a (the packet's first little-endian u64). #x80000000 and #xffffffff
;; do not fit a sign-extended 32-bit immediate; -2147483648 does.
;; a = 0x0
;; test: --hex 00000000000000000000000000000000 => retval 2
;; and: out[0] = 0x123456789abcdef0; out[1] = 0xffffffffffffffff; out[2] = 0x80000000; out[3] = 0xffffffff
;; and: out[4] = 0x7fffffff; out[5] = 0xffffffff80000000; out[6] = 0x100000000; out[7] = 0x80000000
;; and: out[8] = 0x0; out[9] = 0x80000000; out[10] = 0x0; out[11] = 0xffffffff80000000
;; and: out[12] = 0xffffffff; out[13] = 0x0; out[14] = 0x123456789abcdef0; out[15] = 0xffffffff80000000
;; a = 0xffffffffffffffff
;; test: --hex ffffffffffffffff0000000000000000 => retval 2
;; and: out[0] = 0x123456789abcdef0; out[1] = 0xffffffffffffffff; out[2] = 0x80000000; out[3] = 0xffffffff
;; and: out[4] = 0x7fffffff; out[5] = 0xffffffff80000000; out[6] = 0x100000000; out[7] = 0x7fffffff
;; and: out[8] = 0xffffffff; out[9] = 0xffffffffffffffff; out[10] = 0xffffffff00000000; out[11] = 0xffffffff7fffffff
;; and: out[12] = 0xffffffff00000000; out[13] = 0xfffffffeffffffff; out[14] = 0x123456789abcdeef; out[15] = 0xffffffff7fffffff
;; a = 0x123456789abcdef
;; test: --hex efcdab89674523010000000000000000 => retval 2
;; and: out[0] = 0x123456789abcdef0; out[1] = 0xffffffffffffffff; out[2] = 0x80000000; out[3] = 0xffffffff
;; and: out[4] = 0x7fffffff; out[5] = 0xffffffff80000000; out[6] = 0x100000000; out[7] = 0x123456809abcdef
;; and: out[8] = 0x89abcdef; out[9] = 0x123456789abcdef; out[10] = 0x123456700000000; out[11] = 0x123456709abcdef
;; and: out[12] = 0x123456776543210; out[13] = 0x8acf135689abcdef; out[14] = 0x13579be02468acdf; out[15] = 0x123456709abcdef
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 16)

(defprog const-64bit (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u64 data 0)))
      (setf (getmap out 0) #x123456789abcdef0
            (getmap out 1) -1
            (getmap out 2) #x80000000
            (getmap out 3) #xffffffff
            (getmap out 4) #x7fffffff
            (getmap out 5) -2147483648
            (getmap out 6) #x100000000
            (getmap out 7) (+ a #x80000000)
            (getmap out 8) (logand a #xffffffff)
            (getmap out 9) (logior a #x80000000)
            (getmap out 10) (logand a #xffffffff00000000)
            (getmap out 11) (- a #x80000000)
            (getmap out 12) (logxor a #xffffffff)
            (getmap out 13) (* a #x100000001)
            (getmap out 14) (+ a #x123456789abcdef0)
            (getmap out 15) (+ a -2147483648))))
  XDP_PASS)
