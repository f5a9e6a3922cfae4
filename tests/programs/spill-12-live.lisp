;; Heavier pressure: twelve values loaded from the packet stay live across
;; three helper calls (map updates) and a fourth call in the middle of the
;; result's computation.
;; w1..w12 = the packet's u64 words 0..11 (word i = #x0101010101010101 *
;; (i+1), xor #xf0f0f0f0f0f0f0f0 for odd i).
;;   out[0] = sum of k * wk for k = 1..12 (mod 2^64)
;;   out[1] = xor of (wk << (k-1)) for k = 1..12
;; test: --hex 0101010101010101f2f2f2f2f2f2f2f20303030303030303f4f4f4f4f4f4f4f40505050505050505f6f6f6f6f6f6f6f60707070707070707f8f8f8f8f8f8f8f80909090909090909fafafafafafafafa0b0b0b0b0b0b0b0bfcfcfcfcfcfcfcfc => retval 2
;; and: out[0] = 0x14141414141413ea; out[1] = 0x4b4b4b4b4b4b4d19; count[0] = 4
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 2)
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog spill-12-live (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 96)
    (let ((w1 (load u64 data 0))
          (w2 (load u64 data 8))
          (w3 (load u64 data 16))
          (w4 (load u64 data 24))
          (w5 (load u64 data 32))
          (w6 (load u64 data 40))
          (w7 (load u64 data 48))
          (w8 (load u64 data 56))
          (w9 (load u64 data 64))
          (w10 (load u64 data 72))
          (w11 (load u64 data 80))
          (w12 (load u64 data 88)))
      (incf (getmap count 0))
      (incf (getmap count 0))
      (incf (getmap count 0))
      (let ((s (+ (* 1 w1) (* 2 w2) (* 3 w3) (* 4 w4) (* 5 w5) (* 6 w6) (* 7 w7) (* 8 w8) (* 9 w9) (* 10 w10) (* 11 w11) (* 12 w12))))
        (incf (getmap count 0))
        (setf (getmap out 0) s
              (getmap out 1) (logxor (<< w1 0) (<< w2 1) (<< w3 2) (<< w4 3) (<< w5 4) (<< w6 5) (<< w7 6) (<< w8 7) (<< w9 8) (<< w10 9) (<< w11 10) (<< w12 11))))))
  XDP_PASS)
