;; The values of and, or, not (notes/semantics.md): or gives its first
;; non-zero operand, or 0; and gives 0 at the first zero operand, else its
;; last operand's value; not gives 1 for 0, else 0; (or) = 0, (and) = 1.
;; a, b, c: the packet's first three little-endian u64s. c = 2^32 checks
;; that a value non-zero only above bit 31 counts as true.
;; a = 0, b = 0, c = 0x7
;; test: --hex 000000000000000000000000000000000700000000000000 => retval 2
;; and: out[0] = 0x7; out[1] = 0x0; out[2] = 0x0; out[3] = 0x0; out[4] = 0x1
;; and: out[5] = 0x0; out[6] = 0x0; out[7] = 0x9; out[8] = 0x7; out[9] = 0x0
;; and: out[10] = 0x1; out[11] = 0x7; out[12] = 0x0; out[13] = 0x1
;; a = 3, b = 0, c = 0x9
;; test: --hex 030000000000000000000000000000000900000000000000 => retval 2
;; and: out[0] = 0x3; out[1] = 0x0; out[2] = 0x3; out[3] = 0x0; out[4] = 0x0
;; and: out[5] = 0x0; out[6] = 0x3; out[7] = 0x9; out[8] = 0x9; out[9] = 0x9
;; and: out[10] = 0x9; out[11] = 0x9; out[12] = 0x0; out[13] = 0x1
;; a = 0, b = 5, c = 0x0
;; test: --hex 000000000000000005000000000000000000000000000000 => retval 2
;; and: out[0] = 0x5; out[1] = 0x0; out[2] = 0x5; out[3] = 0x0; out[4] = 0x1
;; and: out[5] = 0x1; out[6] = 0x0; out[7] = 0x0; out[8] = 0x0; out[9] = 0x5
;; and: out[10] = 0x0; out[11] = 0x0; out[12] = 0x0; out[13] = 0x1
;; a = 4, b = 6, c = 0x100000000
;; test: --hex 040000000000000006000000000000000000000001000000 => retval 2
;; and: out[0] = 0x4; out[1] = 0x100000000; out[2] = 0x4; out[3] = 0x6; out[4] = 0x0
;; and: out[5] = 0x1; out[6] = 0x4; out[7] = 0x9; out[8] = 0x6; out[9] = 0x6
;; and: out[10] = 0x100000000; out[11] = 0x100000000; out[12] = 0x0; out[13] = 0x1
;; a = 0, b = 0, c = 0x0
;; test: --hex 000000000000000000000000000000000000000000000000 => retval 2
;; and: out[0] = 0x0; out[1] = 0x0; out[2] = 0x0; out[3] = 0x0; out[4] = 0x1
;; and: out[5] = 0x0; out[6] = 0x0; out[7] = 0x0; out[8] = 0x0; out[9] = 0x0
;; and: out[10] = 0x1; out[11] = 0x0; out[12] = 0x0; out[13] = 0x1
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 14)

(defprog and-or-values (:type :xdp :section "xdp")
  (with-packet (data end :min-len 24)
    (let ((a (load u64 data 0))
          (b (load u64 data 8))
          (c (load u64 data 16)))
      (setf (getmap out 0) (or a b c)
            (getmap out 1) (and a b c)
            (getmap out 2) (or a b)
            (getmap out 3) (and a b)
            (getmap out 4) (not a)
            (getmap out 5) (not (not b))
            (getmap out 6) (or 0 a)
            (getmap out 7) (and c 9)
            (getmap out 8) (or (and a b) c)
            (getmap out 9) (and (or a b) (or b c))
            (getmap out 10) (or (= a b) c)
            (getmap out 11) (and (> c a) c)
            (getmap out 12) (or)
            (getmap out 13) (and))))
  XDP_PASS)
