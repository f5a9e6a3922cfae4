(defmap events :type :ringbuf :max-entries 4096)
(defprog p (:type :xdp :section "xdp")
  (let ((r (ringbuf-reserve events 16 0)))
    (when r
      (store u64 r 0 7)))
  2)
