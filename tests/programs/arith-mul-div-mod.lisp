;; * (n-ary) wraps modulo 2^64; / and mod are unsigned, with a runtime or
;; a constant divisor. a, b: the packet's first two little-endian u64s.
;; Case 1: a = -10 (2^64-10), b = 3. Unsigned: a / 3 = 0x5555555555555552,
;; a mod 3 = 0 (2^64 = 1 mod 3), a mod 10 = 6.
;; test: --hex f6ffffffffffffff0300000000000000 => retval 2
;; and: out[0] = 0xffffffffffffffe2; out[1] = 0xffffffffffffffa6
;; and: out[2] = 0x5555555555555552; out[3] = 0; out[4] = 0x5555555555555552
;; and: out[5] = 6; out[6] = 100; out[7] = 10; out[8] = 0xffffffffffffffba
;; Case 2: a = b = 2^32: a*b = 2^64 wraps to 0.
;; test: --hex 00000000010000000000000001000000 => retval 2
;; and: out[0] = 0; out[1] = 0; out[2] = 1; out[3] = 0; out[4] = 0x55555555
;; and: out[5] = 6; out[6] = 0; out[7] = 0xffffffff00000000; out[8] = 0x700000000
;; Case 3: a = 0x123456789, b = 0x1000.
;; test: --hex 89674523010000000010000000000000 => retval 2
;; and: out[0] = 0x123456789000; out[1] = 0x369d0369b000; out[2] = 0x123456
;; and: out[3] = 0x789; out[4] = 0x61172283; out[5] = 5
;; and: out[6] = 0x4b66dc326fb98751; out[7] = 0xfffffffedcba9877; out[8] = 0x7f6e5d4bf
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog arith-mul-div-mod (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u64 data 0))
          (b (load u64 data 8)))
      (setf (getmap out 0) (* a b)
            (getmap out 1) (* a b 3)
            (getmap out 2) (/ a b)
            (getmap out 3) (mod a b)
            (getmap out 4) (/ a 3)
            (getmap out 5) (mod a 10)
            (getmap out 6) (* a a)
            (getmap out 7) (* a -1)
            (getmap out 8) (* 7 a))))
  XDP_PASS)
