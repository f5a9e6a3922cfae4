;; A copy of tests/seeds/programs/003-hello-ebpf-the-program--count-packets.lisp with its expected
;; behaviour.
;; Hello eBPF: count the packets, pass them.
;; test: --data-len 64 --repeat 7 => retval 2; pkt-count[0] = 7
;; from seeds/003_d20c8d67eafebab6.txt, section "Hello eBPF / The program"
(in-package #:whistler)
(defmap pkt-count :type :array
:key-size 4 :value-size 8 :max-entries 1)
(defprog count-packets (:type :xdp :section "xdp" :license "GPL")
(incf (getmap pkt-count 0))
XDP_PASS)
