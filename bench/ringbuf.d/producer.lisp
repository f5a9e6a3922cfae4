;; bench/ringbuf's producer: every run copies SIZE bytes of a map value
;; into the ring buffer with ringbuf-output (bench/ringbuf writes SIZE).
(defmap src :type :array :key-size 4 :value-size 512 :max-entries 1)
(defmap events :type :ringbuf :max-entries 16777216)

(defprog rb-prod (:type :xdp :section "xdp" :license "GPL")
  (when-let ((v (map-lookup src 0)))
    (ringbuf-output events v SIZE 0))
  XDP_PASS)
