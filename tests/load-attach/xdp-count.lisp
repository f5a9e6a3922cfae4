;; XDP: count every packet the interface receives.
(defmap pkt-count :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog count-xdp (:type :xdp :section "xdp" :license "GPL")
  (incf (getmap pkt-count 0))
  XDP_PASS)
