;; Register pressure: eight values loaded from the packet stay live
;; across three helper calls (the map updates of count), so at least four
;; of them cannot stay in r6-r9 and must be spilled and reloaded.
;; v0..v7 = the packet's u64 words 0..7 (word i = #x0101010101010101 *
;; (i+1), xor #xf0f0f0f0f0f0f0f0 for odd i).
;;   out[0] = v0 + 3*v1 + (v2 xor v3) + (v4 - v5) + v6*v7   (mod 2^64)
;;   out[1] = v0 xor v1 xor ... xor v7
;;   out[2] = v7 - v0
;; test: --hex 0101010101010101f2f2f2f2f2f2f2f20303030303030303f4f4f4f4f4f4f4f40505050505050505f6f6f6f6f6f6f6f60707070707070707f8f8f8f8f8f8f8f8 => retval 2
;; and: out[0] = 0x4f80b1e3144576a5; out[1] = 0x808080808080808; out[2] = 0xf7f7f7f7f7f7f7f7
;; and: count[0] = 1; count[1] = 1; count[2] = 1
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 3)
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 3)

(defprog spill-8-live (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 64)
    (let ((v0 (load u64 data 0))
          (v1 (load u64 data 8))
          (v2 (load u64 data 16))
          (v3 (load u64 data 24))
          (v4 (load u64 data 32))
          (v5 (load u64 data 40))
          (v6 (load u64 data 48))
          (v7 (load u64 data 56)))
      (incf (getmap count 0))
      (incf (getmap count 1))
      (incf (getmap count 2))
      (setf (getmap out 0) (+ v0 (* 3 v1) (logxor v2 v3) (- v4 v5) (* v6 v7))
            (getmap out 1) (logxor v0 v1 v2 v3 v4 v5 v6 v7)
            (getmap out 2) (- v7 v0))))
  XDP_PASS)
