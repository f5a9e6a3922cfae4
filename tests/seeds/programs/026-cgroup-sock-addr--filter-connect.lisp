;; from seeds/003_d20c8d67eafebab6.txt, section "cgroup_sock_addr"
(defprog filter-connect (:type :cgroup-sock-addr
:section "cgroup/connect4")
;; allow all IPv4 connections
1)
