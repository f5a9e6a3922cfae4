;; + (n-ary) and - (binary and unary) are 64-bit and wrap modulo 2^64,
;; whatever the operands' origin. a, b, c are the packet's first three
;; little-endian u64 words.
;; Case 1: a = 2^64-1, b = 2, c = 0.
;; test: --hex ffffffffffffffff02000000000000000000000000000000 => retval 2
;; and: out[0] = 1; out[1] = 0xfffffffffffffffd; out[2] = 3; out[3] = 1
;; and: out[4] = 1; out[5] = 0; out[6] = 0xffffffffffffffff; out[7] = 0
;; Case 2: a = 0xffffffff, b = 1, c = 2^63: the carry out of bit 31 must
;; reach bit 32 (no 32-bit arithmetic where it changes the result).
;; test: --hex ffffffff0000000001000000000000000000000000000080 => retval 2
;; and: out[0] = 0x100000000; out[1] = 0xfffffffe; out[2] = 0xffffffff00000002
;; and: out[3] = 0x8000000100000000; out[4] = 0xffffffff00000001
;; and: out[5] = 0x100000000; out[6] = 0x7fffffffffffffff; out[7] = 0x8000000000000000
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 8)

(defprog arith-add-sub (:type :xdp :section "xdp")
  (with-packet (data end :min-len 24)
    (let ((a (load u64 data 0))
          (b (load u64 data 8))
          (c (load u64 data 16)))
      (setf (getmap out 0) (+ a b)
            (getmap out 1) (- a b)
            (getmap out 2) (- b a)
            (getmap out 3) (+ a b c)
            (getmap out 4) (- a)
            (getmap out 5) (+ a 1)
            (getmap out 6) (- c 1)
            (getmap out 7) (- 0 c))))
  XDP_PASS)
