;; the class of mutant 1480 (seed 17): a bounds check whose result is used
;; as a value in a signed comparison; when the protocol is 6 and the packet
;; shorter than 54 bytes, the run goes on to read byte 47 of a 38-byte packet
(defprog tcp-flags (:type :xdp :section "xdp")
  (with-packet (data end :min-len 38)
    (let ((proto (load u8 data 23)))
      (when (s< (= proto 6) (> (+ data 54) end))
        (return XDP_PASS))
      (when (= proto 6)
        (return (logand (load u8 data 47) 3)))))
  XDP_PASS)
