;; A copy of tests/seeds/programs/024-cgroup-skb--count-egress.lisp with its expected
;; behaviour.
;; A cgroup_skb program that allows everything: 1.
;; test: --pkt syn80 => retval 1
;; packet syn80: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102
;; from seeds/003_d20c8d67eafebab6.txt, section "cgroup_skb"
(defprog count-egress (:type :cgroup-skb
:section "cgroup_skb/egress")
;; allow all, but could inspect and drop
1)
