;; <<, >> and >>> by a runtime amount of 0, 1, 31, 32 and 63 bits: all
;; 64-bit, also on a u32 variable (y = the low 32 bits of x: (<< y 32) keeps
;; every bit). x: the packet's first little-endian u64; n: the second.
;; >>> copies the sign bit of the 64-bit value, so on y (zero-extended,
;; positive) it equals >>.
;; x = 0x8000000080000001, n = 0
;; test: --hex 01000080000000800000000000000000 => retval 2
;; and: out[0] = 0x8000000080000001; out[1] = 0x8000000080000001; out[2] = 0x8000000080000001
;; and: out[3] = 0x80000001; out[4] = 0x80000001; out[5] = 0x80000001
;; x = 0x8000000080000001, n = 31
;; test: --hex 01000080000000801f00000000000000 => retval 2
;; and: out[0] = 0x4000000080000000; out[1] = 0x100000001; out[2] = 0xffffffff00000001
;; and: out[3] = 0x4000000080000000; out[4] = 0x1; out[5] = 0x1
;; x = 0x8000000080000001, n = 32
;; test: --hex 01000080000000802000000000000000 => retval 2
;; and: out[0] = 0x8000000100000000; out[1] = 0x80000000; out[2] = 0xffffffff80000000
;; and: out[3] = 0x8000000100000000; out[4] = 0x0; out[5] = 0x0
;; x = 0x8000000080000001, n = 63
;; test: --hex 01000080000000803f00000000000000 => retval 2
;; and: out[0] = 0x8000000000000000; out[1] = 0x1; out[2] = 0xffffffffffffffff
;; and: out[3] = 0x8000000000000000; out[4] = 0x0; out[5] = 0x0
;; x = 0x4000000080000001, n = 1
;; test: --hex 01000080000000400100000000000000 => retval 2
;; and: out[0] = 0x8000000100000002; out[1] = 0x2000000040000000; out[2] = 0x2000000040000000
;; and: out[3] = 0x100000002; out[4] = 0x40000000; out[5] = 0x40000000
;; x = 0x4000000080000001, n = 63
;; test: --hex 01000080000000403f00000000000000 => retval 2
;; and: out[0] = 0x8000000000000000; out[1] = 0x0; out[2] = 0x0
;; and: out[3] = 0x8000000000000000; out[4] = 0x0; out[5] = 0x0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)

(defprog shift-runtime (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u64 data 0))
          (y (load u32 data 0))
          (n (load u64 data 8)))
      (setf (getmap out 0) (<< x n)
            (getmap out 1) (>> x n)
            (getmap out 2) (>>> x n)
            (getmap out 3) (<< y n)
            (getmap out 4) (>> y n)
            (getmap out 5) (>>> y n))))
  XDP_PASS)
