;; x mod 0 = x (notes/semantics.md), so a divisor that may be 0 bounds
;; nothing, however small its non-zero values: (mod x (logand y 1)) is x
;; when y is even, not "at most 0". (Random programs p1632 and ten others:
;; wh-opt's value bounds took the divisor's bound for the result's and
;; folded such a mod to 0, dropped a mask after it, or narrowed it to 32
;; bits.) x: the packet's u64 at 0, y: its u64 at 8, z: its u32 at 16;
;; out[4] = (x mod (y & 255)) + 1.
;; x = 0x0123456789abcdef; z = 0xdeadbeef.
;; Case 1: y = 0, every divisor is 0: out[0] = out[1] = x,
;; out[2] = x & 15 = 0xf, out[3] = z.
;; packet y0: efcdab8967452301 0000000000000000 efbeadde00000000
;; test: --pkt y0 => retval 2
;; and: out[0] = 0x0123456789abcdef; out[1] = 0x0123456789abcdef
;; and: out[2] = 0xf; out[3] = 0xdeadbeef; out[4] = 0x0123456789abcdf0
;; Case 2: y = 7: x mod 1 = 0; x mod 7 = 6 (2^3 = 1 mod 7, so x is the sum
;; of its octal digits mod 7); (x mod 7) & 15 = 6; z mod 3 = 2.
;; packet y7: efcdab8967452301 0700000000000000 efbeadde00000000
;; test: --pkt y7 => retval 2
;; and: out[0] = 0; out[1] = 6; out[2] = 6; out[3] = 2; out[4] = 7
;; Case 3: y = 0x106: y & 1 = 0 gives x; x mod 6 = 3 (x is odd, and
;; = 0 mod 3 as its hex digits sum to 120); z mod 2 = 1.
;; packet y106: efcdab8967452301 0601000000000000 efbeadde00000000
;; test: --pkt y106 => retval 2
;; and: out[0] = 0x0123456789abcdef; out[1] = 3; out[2] = 3; out[3] = 1; out[4] = 4
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 5)

(defprog mod-by-maybe-zero (:type :xdp :section "xdp")
  (with-packet (data end :min-len 24)
    (let ((x (load u64 data 0))
          (y (load u64 data 8))
          (z (load u32 data 16)))
      (setf (getmap out 0) (mod x (logand y 1))
            (getmap out 1) (mod x (logand y 255))
            (getmap out 2) (logand (mod x (logand y 15)) 15)
            (getmap out 3) (mod z (logand y 3))
            (getmap out 4) (+ (mod x (logand y 255)) 1))))
  XDP_PASS)
