;; A copy of tests/seeds/programs/025-cgroup-sock--audit-sock.lisp with its expected
;; behaviour.
;; cgroup/sock_create, allowing every socket.
;; load-only
;; from seeds/003_d20c8d67eafebab6.txt, section "cgroup_sock"
(defprog audit-sock (:type :cgroup-sock
:section "cgroup/sock_create")
;; allow all socket creation
1)
