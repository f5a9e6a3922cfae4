;; a read placed after an (if (and CHECK-FAILED X) ...): when the packet is
;; short and the byte is not 9, the run skips the return and reads byte 50
;; of a 14-byte packet
(defprog around (:type :xdp :section "xdp")
  (with-packet (data end :min-len 14)
    (let ((short (> (+ data 54) end))
          (x (load u8 data 3)))
      (if (and short (= x 9))
          XDP_PASS
          (logand (load u8 data 50) 3)))))
