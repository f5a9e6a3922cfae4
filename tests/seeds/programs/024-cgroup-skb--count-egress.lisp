;; from seeds/003_d20c8d67eafebab6.txt, section "cgroup_skb"
(defprog count-egress (:type :cgroup-skb
:section "cgroup_skb/egress")
;; allow all, but could inspect and drop
1)
