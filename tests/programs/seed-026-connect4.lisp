;; A copy of tests/seeds/programs/026-cgroup-sock-addr--filter-connect.lisp with its expected
;; behaviour.
;; cgroup/connect4, allowing every connection.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "cgroup_sock_addr"
(defprog filter-connect (:type :cgroup-sock-addr
:section "cgroup/connect4")
;; allow all IPv4 connections
1)
