;; Pointer arithmetic folded into load offsets: chains of constant
;; additions and subtractions, the constant first or second, and the load
;; offset on top. The packet's byte i is i, for i < 32; after the 32-byte
;; bounds check the verifier must accept each access.
;;   out[0] (load u8 (+ (+ data 10) 4) 0)          = byte 14
;;   out[1] (load u8 (- (+ data 20) 6) 1)          = byte 15
;;   out[2] (load u16 (+ data 3) 5)                = bytes 8, 9 = 0x0908
;;   out[3] (load u32 (+ 7 data) 1)                = bytes 8..11 = 0x0b0a0908
;;   out[4] p = (+ data 16), (load u8 (+ p 15) 0)  = byte 31, the last checked
;;   out[5] (load u8 (+ data (* 2 3)) (+ 1 1))     = byte 8
;; test: --hex 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f => retval 2
;; and: out[0] = 14; out[1] = 15; out[2] = 0x0908; out[3] = 0x0b0a0908
;; and: out[4] = 31; out[5] = 8
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)

(defprog pointer-offsets (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 32)
    (setf (getmap out 0) (load u8 (+ (+ data 10) 4) 0)
          (getmap out 1) (load u8 (- (+ data 20) 6) 1)
          (getmap out 2) (load u16 (+ data 3) 5)
          (getmap out 3) (load u32 (+ 7 data) 1)
          (getmap out 4) (let ((p (+ data 16)))
                           (load u8 (+ p 15) 0))
          (getmap out 5) (load u8 (+ data (* 2 3)) (+ 1 1))))
  XDP_PASS)
