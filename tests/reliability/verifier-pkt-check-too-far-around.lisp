;; mutant 9104 of seed 23 in small: a check of 65536 bytes proves nothing,
;; and the check of 54 bytes covers only the read after it
(defprog far (:type :xdp :section "xdp")
  (with-packet (data end :min-len 65536)
    (when (= (load u16 data 12) 8)
      (when (> (+ data 54) end)
        (return XDP_DROP))
      (return (logand (load u8 data 40) 3))))
  XDP_PASS)
