;; store writes the low W bits of its value (a wider value is truncated,
;; neighbouring bytes untouched); load reads W bits zero-extended.
;; x = the packet's first little-endian u64 = 0xf1f2f3f4f5f6f7f8.
;;   (store u8 s 0 x) (store u16 s 2 x) (store u32 s 4 x) (store u64 s 8 x)
;;   (store u8 s 16 #x1ff) -> ff;  (store u16 s 18 #x12345) -> 45 23
;; The loads: u8@0 = 0xf8, u16@2 = 0xf7f8, u32@4 = 0xf5f6f7f8, u64@8 = x,
;; (+ (load u8 s 16) 1) = 0x100 (zero-extended, not -1 + 1),
;; u16@18 = 0x2345, u32@8 = 0xf5f6f7f8, u16@10 = 0xf5f6 (the verifier
;; wants stack accesses aligned to their size).
;; The value of a store form is its value argument: out[8] = x.
;; test: --hex f8f7f6f5f4f3f2f10000000000000000 => retval 2
;; and: raw[0] = "f8 00 f8 f7 f8 f7 f6 f5 f8 f7 f6 f5 f4 f3 f2 f1 ff 00 45 23 00 00 00 00"
;; and: out[0] = 0xf8; out[1] = 0xf7f8; out[2] = 0xf5f6f7f8; out[3] = 0xf1f2f3f4f5f6f7f8
;; and: out[4] = 0x100; out[5] = 0x2345; out[6] = 0xf5f6f7f8; out[7] = 0xf5f6
;; and: out[8] = 0xf1f2f3f4f5f6f7f8
(defstruct blob (bytes (array u8 24)))
(defmap raw :type :array :key-size 4 :value-size 24 :max-entries 1)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog load-store-widths (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u64 data 0))
          (s (make-blob)))
      (store u8 s 0 x)
      (store u16 s 2 x)
      (store u32 s 4 x)
      (setf (getmap out 8) (store u64 s 8 x))
      (store u8 s 16 #x1ff)
      (store u16 s 18 #x12345)
      (setf (getmap raw 0) s)
      (setf (getmap out 0) (load u8 s 0)
            (getmap out 1) (load u16 s 2)
            (getmap out 2) (load u32 s 4)
            (getmap out 3) (load u64 s 8)
            (getmap out 4) (+ (load u8 s 16) 1)
            (getmap out 5) (load u16 s 18)
            (getmap out 6) (load u32 s 8)
            (getmap out 7) (load u16 s 10))))
  XDP_PASS)
