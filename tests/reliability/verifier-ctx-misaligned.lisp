(defprog p (:type :cgroup-sock-addr :section "cgroup/connect4")
  (if (= (ctx u32 7) 0) 1 1))
