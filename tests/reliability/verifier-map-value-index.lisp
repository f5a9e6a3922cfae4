;; an index read from the packet moves a pointer into a 64-byte map value;
;; the kernel takes it to be up to 255 and refuses the read past byte 63
(defmap counts :type :array :key-size 4 :value-size 64 :max-entries 1)
(defprog tally (:type :xdp :section "xdp")
  (with-packet (data end :min-len 1)
    (let ((v (getmap counts 0)))
      (when v
        (return (load u8 (+ v (load u8 data 0)) 0)))))
  XDP_PASS)
