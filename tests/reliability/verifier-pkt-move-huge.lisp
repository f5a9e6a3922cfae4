(defprog p (:type :xdp :section "xdp")
  (with-packet (data end :min-len 4294967295)
    (load u8 data 0)))
