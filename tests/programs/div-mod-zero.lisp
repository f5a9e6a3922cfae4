;; / and mod by 0, as BPF defines them (notes/semantics.md): x / 0 = 0,
;; x mod 0 = x, whether the 0 comes from the packet (the kernel divides),
;; from a variable bound to 0 (wh-opt folds it: the verifier refuses an
;; immediate 0 divisor, which random programs p1028 p1592 p1813 p2081 got)
;; or is written (wh-expand folds it). x: the packet's u64 at 0,
;; z: its u64 at 8, k = 0. out[6] and out[7] divide x's low 32 bits by
;; z's; out[8] is x's low byte mod k, the kind of mod wh-opt makes 32-bit.
;; x = 0x0123456789abcdef everywhere.
;; Case 1: z = 0: 0 x 0 x 0 x, 0 and 0x89abcdef, 0xef.
;; packet z0: efcdab8967452301 0000000000000000
;; test: --pkt z0 => retval 2
;; and: out[0] = 0; out[1] = 0x0123456789abcdef; out[2] = 0; out[3] = 0x0123456789abcdef
;; and: out[4] = 0; out[5] = 0x0123456789abcdef; out[6] = 0; out[7] = 0x89abcdef
;; and: out[8] = 0xef
;; Case 2: z = 2^32: x / 2^32 = 0x01234567, x mod 2^32 = 0x89abcdef; the
;; low 32 bits of z are 0.
;; packet z2p32: efcdab8967452301 0000000001000000
;; test: --pkt z2p32 => retval 2
;; and: out[0] = 0x01234567; out[1] = 0x89abcdef; out[2] = 0; out[3] = 0x0123456789abcdef
;; and: out[4] = 0; out[5] = 0x0123456789abcdef; out[6] = 0; out[7] = 0x89abcdef
;; and: out[8] = 0xef
;; Case 3: z = 7: x / 7 = 0x299c335ccf668f (7 * 0x299c335ccf668f =
;; 0x0123456789abcde9, remainder 6); 0x89abcdef / 7 = 0x13aad446
;; (7 * 0x13aad446 = 0x89abcdea, remainder 5).
;; packet z7: efcdab8967452301 0700000000000000
;; test: --pkt z7 => retval 2
;; and: out[0] = 0x299c335ccf668f; out[1] = 6; out[2] = 0; out[3] = 0x0123456789abcdef
;; and: out[4] = 0; out[5] = 0x0123456789abcdef; out[6] = 0x13aad446; out[7] = 5
;; and: out[8] = 0xef
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog div-mod-zero (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u64 data 0))
          (z (load u64 data 8))
          (k 0))
      (setf (getmap out 0) (/ x z)
            (getmap out 1) (mod x z)
            (getmap out 2) (/ x k)
            (getmap out 3) (mod x k)
            (getmap out 4) (/ x 0)
            (getmap out 5) (mod x 0)
            (getmap out 6) (/ (load u32 data 0) (logand z #xffffffff))
            (getmap out 7) (mod (load u32 data 0) (cast u32 z))
            (getmap out 8) (mod (load u8 data 0) k))))
  XDP_PASS)
