;; A copy of tests/seeds/programs/028-xdp-context-access--my-xdp.lisp with its expected
;; behaviour.
;; packet syn80: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102
;; packet p22: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2001601020304a0b0c0d050027210beef0102
;; packet udp80: 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90050000cabcd61626364
;; with-tcp: TCP to port 80 is dropped, the rest passes.
;; test: --pkt syn80 => retval 1
;; test: --pkt p22 => retval 2
;; test: --pkt udp80 => retval 2
;; from seeds/003_d20c8d67eafebab6.txt, section "XDP context access"
(defprog my-xdp (:type :xdp :section "xdp" :license "GPL")
(with-tcp (data data-end tcp)
;; tcp is bound to the TCP header pointer
;; data, data-end are bound from XDP context
(when (= (tcp-dst-port tcp) 80)
(return XDP_DROP)))
XDP_PASS)
