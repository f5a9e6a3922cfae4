;; A shift takes its amount modulo 64 (docs/language-notes.md), as the BPF
;; machine does for an amount in a register: 64 is 0, 65 is 1, -1 is 63;
;; whether the amount comes from the packet (the kernel shifts), from a
;; variable bound to a constant (wh-opt folds it: the verifier refuses
;; `r1 <<= 64`) or is written (wh-expand folds it).
;; x: the packet's u64 at 0, n: its u64 at 8. out[0..2] = x << n, x >> n,
;; x >>> n; out[3..5] = x << s, x >> u, x >>> m with s = 64, u = 65,
;; m = -1; out[6..8] = x << 64, x >> 65, x >>> -1.
;; x = 0x8000000080000001 everywhere: x >> 1 = 0x4000000040000000,
;; x >>> 63 = -1 (the sign bit copied).
;; Case 1: n = 64: x x x.
;; packet n64: 0100008000000080 4000000000000000
;; test: --pkt n64 => retval 2
;; and: out[0] = 0x8000000080000001; out[1] = 0x8000000080000001; out[2] = 0x8000000080000001
;; and: out[3] = 0x8000000080000001; out[4] = 0x4000000040000000; out[5] = -1
;; and: out[6] = 0x8000000080000001; out[7] = 0x4000000040000000; out[8] = -1
;; Case 2: n = 65: x << 1 = 0x100000002 (bit 63 out), x >> 1, x >>> 1 =
;; 0xc000000040000000.
;; packet n65: 0100008000000080 4100000000000000
;; test: --pkt n65 => retval 2
;; and: out[0] = 0x100000002; out[1] = 0x4000000040000000; out[2] = 0xc000000040000000
;; and: out[3] = 0x8000000080000001; out[4] = 0x4000000040000000; out[5] = -1
;; Case 3: n = -1 (2^64 - 1): 63: x << 63 = 2^63, x >> 63 = 1, x >>> 63 = -1.
;; packet nm1: 0100008000000080 ffffffffffffffff
;; test: --pkt nm1 => retval 2
;; and: out[0] = 0x8000000000000000; out[1] = 1; out[2] = -1
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog shift-wide-amount (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u64 data 0))
          (n (load u64 data 8))
          (s 64) (u 65) (m -1))
      (setf (getmap out 0) (<< x n)
            (getmap out 1) (>> x n)
            (getmap out 2) (>>> x n)
            (getmap out 3) (<< x s)
            (getmap out 4) (>> x u)
            (getmap out 5) (>>> x m)
            (getmap out 6) (<< x 64)
            (getmap out 7) (>> x 65)
            (getmap out 8) (>>> x -1))))
  XDP_PASS)
