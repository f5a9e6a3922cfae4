;; logand, logior, logxor with two and three operands and small
;; constants. a, b, c: the packet's first three little-endian u64s.
;; a = 0xf0f0f0f012345678, b = 0xff00ff0ffff0000, c = 0x8000000000000001
;; test: --hex 78563412f0f0f0f00000fffff00ff00f0100000000000080 => retval 2
;; and: out[0] = 0xf000f012340000; out[1] = 0xfff0fff0ffff5678; out[2] = 0xff00ff00edcb5678; out[3] = 0x0
;; and: out[4] = 0xfff0fff0ffff5679; out[5] = 0x7f00ff00edcb5679; out[6] = 0xf0f0f0fedcba987; out[7] = 0x5600
;; and: out[8] = 0x80f000f012340001; out[9] = 0x8f000f00edcb0000
;; a = 0xffffffffffffffff, b = 0x0, c = 0x0
;; test: --hex ffffffffffffffff00000000000000000000000000000000 => retval 2
;; and: out[0] = 0x0; out[1] = 0xffffffffffffffff; out[2] = 0xffffffffffffffff; out[3] = 0x0
;; and: out[4] = 0xffffffffffffffff; out[5] = 0xffffffffffffffff; out[6] = 0x0; out[7] = 0xff00
;; and: out[8] = 0x0; out[9] = 0x0
;; a = 0x0, b = 0x0, c = 0x0
;; test: --hex 000000000000000000000000000000000000000000000000 => retval 2
;; and: out[0] = 0x0; out[1] = 0x0; out[2] = 0x0; out[3] = 0x0
;; and: out[4] = 0x0; out[5] = 0x0; out[6] = 0xffffffffffffffff; out[7] = 0x0
;; and: out[8] = 0x0; out[9] = 0x0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 10)

(defprog bitwise (:type :xdp :section "xdp")
  (with-packet (data end :min-len 24)
    (let ((a (load u64 data 0))
          (b (load u64 data 8))
          (c (load u64 data 16)))
      (setf (getmap out 0) (logand a b)
            (getmap out 1) (logior a b)
            (getmap out 2) (logxor a b)
            (getmap out 3) (logand a b c)
            (getmap out 4) (logior a b c)
            (getmap out 5) (logxor a b c)
            (getmap out 6) (logxor a -1)
            (getmap out 7) (logand a #xff00)
            (getmap out 8) (logior (logand a b) c)
            (getmap out 9) (logand (logxor a b) (logior b c)))))
  XDP_PASS)
