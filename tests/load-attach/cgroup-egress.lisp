;; cgroup_skb egress: count the packets a cgroup's processes send.
(defmap pkt-count :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog count-egress (:type :cgroup-skb :section "cgroup_skb/egress" :license "GPL")
  (incf (getmap pkt-count 0))
  1)
