;; (cast W x) and (W x) keep the low W bits; u64 is the identity. The
;; sum of two u8 casts is not truncated (arithmetic stays 64-bit).
;; x: the packet's first little-endian u64.
;; x = 0xf1e2d3c4b5a69788
;; test: --hex 8897a6b5c4d3e2f10000000000000000 => retval 2
;; and: out[0] = 0x88; out[1] = 0x9788; out[2] = 0xb5a69788; out[3] = 0xf1e2d3c4b5a69788
;; and: out[4] = 0x88; out[5] = 0x9788; out[6] = 0xb5a69788; out[7] = 0xf1e2d3c4b5a69788
;; and: out[8] = 0x110; out[9] = 0x9788; out[10] = 0x4a596878; out[11] = 0x35a69787
;; x = 0x1ffffffff
;; test: --hex ffffffff010000000000000000000000 => retval 2
;; and: out[0] = 0xff; out[1] = 0xffff; out[2] = 0xffffffff; out[3] = 0x1ffffffff
;; and: out[4] = 0xff; out[5] = 0xffff; out[6] = 0xffffffff; out[7] = 0x1ffffffff
;; and: out[8] = 0x1fe; out[9] = 0xffff; out[10] = 0x1; out[11] = 0x7ffffffe
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 12)

(defprog casts (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u64 data 0)))
      (setf (getmap out 0) (cast u8 x)
            (getmap out 1) (cast u16 x)
            (getmap out 2) (cast u32 x)
            (getmap out 3) (cast u64 x)
            (getmap out 4) (u8 x)
            (getmap out 5) (u16 x)
            (getmap out 6) (u32 x)
            (getmap out 7) (u64 x)
            (getmap out 8) (+ (cast u8 x) (cast u8 x))
            (getmap out 9) (cast u16 (cast u32 x))
            (getmap out 10) (cast u32 (- 0 x))
            (getmap out 11) (cast u32 (+ x #x7fffffff)))))
  XDP_PASS)
