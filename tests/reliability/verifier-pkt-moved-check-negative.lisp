;; mutant 540's class: the pointer moved by a packet byte is checked only
;; moved back by 1, which proves no byte of it to the kernel
(defprog moved (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((p (+ data (logand (load u16 data 0) 1))))
      (if (> (- p 1) end)
          XDP_PASS
          (load u8 p 0)))))
