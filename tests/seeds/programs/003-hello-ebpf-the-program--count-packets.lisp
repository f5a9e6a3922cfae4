;; from seeds/003_d20c8d67eafebab6.txt, section "Hello eBPF / The program"
(in-package #:whistler)
(defmap pkt-count :type :array
:key-size 4 :value-size 8 :max-entries 1)
(defprog count-packets (:type :xdp :section "xdp" :license "GPL")
(incf (getmap pkt-count 0))
XDP_PASS)
