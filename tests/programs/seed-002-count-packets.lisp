;; A copy of tests/seeds/programs/002-whistler--count-packets.lisp with its expected
;; behaviour.
;; The manual's first program: counts the packets it sees, passes them.
;; (:type :xdp with no :section: the section is "xdp".)
;; test: --data-len 14 --repeat 5 => retval 2; pkt-count[0] = 5
;; test: --pkt arp => retval 2; pkt-count[0] = 1
;; packet arp: 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000
;; from seeds/003_d20c8d67eafebab6.txt, section "Whistler"
(defmap pkt-count :type :array
:key-size 4 :value-size 8 :max-entries 1)
(defprog count-packets (:type :xdp :license "GPL")
(incf (getmap pkt-count 0))
XDP_PASS)
