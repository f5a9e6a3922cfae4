;; <<, >> and >>> by constant amounts 0, 31, 32 and 63 (the immediate
;; forms). out[3k], out[3k+1], out[3k+2] = x << n, x >> n, x >>> n for
;; n = 0, 31, 32, 63 (k = 0..3). x: the packet's first little-endian u64.
;; x = 0x8000000080000001
;; test: --hex 01000080000000800000000000000000 => retval 2
;; and: out[0] = 0x8000000080000001; out[1] = 0x8000000080000001; out[2] = 0x8000000080000001
;; and: out[3] = 0x4000000080000000; out[4] = 0x100000001; out[5] = 0xffffffff00000001
;; and: out[6] = 0x8000000100000000; out[7] = 0x80000000; out[8] = 0xffffffff80000000
;; and: out[9] = 0x8000000000000000; out[10] = 0x1; out[11] = 0xffffffffffffffff
;; x = 0x4000000080000001
;; test: --hex 01000080000000400000000000000000 => retval 2
;; and: out[0] = 0x4000000080000001; out[1] = 0x4000000080000001; out[2] = 0x4000000080000001
;; and: out[3] = 0x4000000080000000; out[4] = 0x80000001; out[5] = 0x80000001
;; and: out[6] = 0x8000000100000000; out[7] = 0x40000000; out[8] = 0x40000000
;; and: out[9] = 0x8000000000000000; out[10] = 0x0; out[11] = 0x0
;; x = 0xffffffff
;; test: --hex ffffffff000000000000000000000000 => retval 2
;; and: out[0] = 0xffffffff; out[1] = 0xffffffff; out[2] = 0xffffffff
;; and: out[3] = 0x7fffffff80000000; out[4] = 0x1; out[5] = 0x1
;; and: out[6] = 0xffffffff00000000; out[7] = 0x0; out[8] = 0x0
;; and: out[9] = 0x8000000000000000; out[10] = 0x0; out[11] = 0x0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 12)

(defprog shift-const (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u64 data 0)))
      (setf (getmap out 0) (<< x 0)
            (getmap out 1) (>> x 0)
            (getmap out 2) (>>> x 0)
            (getmap out 3) (<< x 31)
            (getmap out 4) (>> x 31)
            (getmap out 5) (>>> x 31)
            (getmap out 6) (<< x 32)
            (getmap out 7) (>> x 32)
            (getmap out 8) (>>> x 32)
            (getmap out 9) (<< x 63)
            (getmap out 10) (>> x 63)
            (getmap out 11) (>>> x 63))))
  XDP_PASS)
