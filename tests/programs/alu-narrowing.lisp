;; 32-bit instructions are allowed only where they give the 64-bit
;; result (semantics.md): operands loaded as u32, u16 and u8 whose sums,
;; products, shifts and differences need more than 32 bits.
;; x = (load u32 data 0), y = (load u32 data 4), h = (load u16 data 0),
;; b = (load u8 data 0); out[i] holds expression i:
;;   0: (+ x y)
;;   1: (* x y)
;;   2: (<< x 4)
;;   3: (- x y)
;;   4: (>> (- x y) 1)
;;   5: (- x)
;;   6: (if (> (+ x y) x) 1 0)
;;   7: (cast u32 (+ x y))
;;   8: (if (s< (- x y) 0) 1 0)
;;   9: (/ (* x 2) 2)
;;   10: (mod (+ x 1) x)
;;   11: (+ h h)
;;   12: (* h h)
;;   13: (<< b 56)
;;   14: (logxor x (<< y 32))
;; x = 0xffffffff, y = 0xffffffff
;; test: --hex ffffffffffffffff0000000000000000 => retval 2
;; and: out[0] = 0x1fffffffe; out[1] = 0xfffffffe00000001; out[2] = 0xffffffff0; out[3] = 0x0
;; and: out[4] = 0x0; out[5] = 0xffffffff00000001; out[6] = 0x1; out[7] = 0xfffffffe
;; and: out[8] = 0x0; out[9] = 0xffffffff; out[10] = 0x1; out[11] = 0x1fffe
;; and: out[12] = 0xfffe0001; out[13] = 0xff00000000000000; out[14] = 0xffffffffffffffff
;; x = 0x1, y = 0x2
;; test: --hex 01000000020000000000000000000000 => retval 2
;; and: out[0] = 0x3; out[1] = 0x2; out[2] = 0x10; out[3] = 0xffffffffffffffff
;; and: out[4] = 0x7fffffffffffffff; out[5] = 0xffffffffffffffff; out[6] = 0x1; out[7] = 0x3
;; and: out[8] = 0x1; out[9] = 0x1; out[10] = 0x0; out[11] = 0x2
;; and: out[12] = 0x1; out[13] = 0x100000000000000; out[14] = 0x200000001
;; x = 0x80000000, y = 0x80000000
;; test: --hex 00000080000000800000000000000000 => retval 2
;; and: out[0] = 0x100000000; out[1] = 0x4000000000000000; out[2] = 0x800000000; out[3] = 0x0
;; and: out[4] = 0x0; out[5] = 0xffffffff80000000; out[6] = 0x1; out[7] = 0x0
;; and: out[8] = 0x0; out[9] = 0x80000000; out[10] = 0x1; out[11] = 0x0
;; and: out[12] = 0x0; out[13] = 0x0; out[14] = 0x8000000080000000
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 15)

(defprog alu-narrowing (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 16)
    (let ((x (load u32 data 0))
          (y (load u32 data 4))
          (h (load u16 data 0))
          (b (load u8 data 0)))
      (setf (getmap out 0) (+ x y)
            (getmap out 1) (* x y)
            (getmap out 2) (<< x 4)
            (getmap out 3) (- x y)
            (getmap out 4) (>> (- x y) 1)
            (getmap out 5) (- x)
            (getmap out 6) (if (> (+ x y) x) 1 0)
            (getmap out 7) (cast u32 (+ x y))
            (getmap out 8) (if (s< (- x y) 0) 1 0)
            (getmap out 9) (/ (* x 2) 2)
            (getmap out 10) (mod (+ x 1) x)
            (getmap out 11) (+ h h)
            (getmap out 12) (* h h)
            (getmap out 13) (<< b 56)
            (getmap out 14) (logxor x (<< y 32)))))
  XDP_PASS)
