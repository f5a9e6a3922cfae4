;; the class of mutant 4900 (seed 17): a counted loop reads the packet at
;; its counter past the bytes the check proved; the kernel knows the
;; counter on each turn and refuses the turn where it reaches 16
(defprog scan (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (dotimes (i 40)
      (when (= (load u8 data i) #xff)
        (return XDP_DROP))))
  XDP_PASS)
