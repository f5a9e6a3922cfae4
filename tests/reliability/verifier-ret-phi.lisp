(defprog p (:type :cgroup-skb :section "cgroup_skb/ingress")
  (if (< (ctx len) 14) 0 2))
