;; Loads of every width from the packet, at aligned and unaligned offsets,
;; little-endian and zero-extended; (load W p) defaults to offset 0.
;; The packet's byte i is #x80 + i (so every byte has its top bit set).
;; test: --hex 808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f => retval 2
;; and: out[0] = 0x80; out[1] = 0x8483; out[2] = 0x87868584; out[3] = 0x8f8e8d8c8b8a8988
;; and: out[4] = 0x9c9b9a9998979695; out[5] = 0x81; out[6] = 0x8180
;; and: out[7] = 0x8b8a8988; out[8] = 0x80
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog packet-loads (:type :xdp :section "xdp")
  (with-packet (data end :min-len 32)
    (setf (getmap out 0) (load u8 data)
          (getmap out 1) (load u16 data 3)
          (getmap out 2) (load u32 data 4)
          (getmap out 3) (load u64 data 8)
          (getmap out 4) (load u64 data 21)
          (getmap out 5) (load u8 (+ data 1))
          (getmap out 6) (load u16 data)
          (getmap out 7) (load u32 (+ data 8) 0)
          (getmap out 8) (load u8 data 0)))
  XDP_PASS)
