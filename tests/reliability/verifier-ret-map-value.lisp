(defmap m :type :hash :key-size 4 :value-size 8 :max-entries 16)
(defprog p (:type :cgroup-skb :section "cgroup_skb/ingress")
  (getmap m 0))
