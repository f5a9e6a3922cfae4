;; TC: count every packet on the hook it is attached to, let it pass.
(defmap pkt-count :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog count-tc (:type :tc :section "tc" :license "GPL")
  (incf (getmap pkt-count 0))
  TC_ACT_OK)
