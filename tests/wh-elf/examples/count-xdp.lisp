;;; count-xdp.lisp: count every packet and let it pass
(license "GPL")
(defmap pkt-count :type :array :key-size 4 :value-size 8 :max-entries 1)

;; one map slot, incremented atomically
(defprog count-packets (:type :xdp :section "xdp")
  (incf (map-ref pkt-count 0))
  xdp-pass)
