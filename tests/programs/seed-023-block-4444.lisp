;; A copy of tests/seeds/programs/023-example-block-outbound-traffic-to--block-4444.lisp with its expected
;; behaviour.
;; packet p4444: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2115c01020304a0b0c0d050027210beef0102
;; packet p22: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2001601020304a0b0c0d050027210beef0102
;; packet udp80: 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90050000cabcd61626364
;; packet arp: 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000
;; A TC program: TCP to port 4444 gets TC_ACT_SHOT (2), the rest TC_ACT_OK
;; (0), including frames with-tc-tcp refuses.
;; test: --pkt p4444 => retval 2
;; test: --pkt p22 => retval 0
;; test: --pkt udp80 => retval 0
;; test: --pkt arp => retval 0
;; from seeds/003_d20c8d67eafebab6.txt, section "Example: Block Outbound Traffic to Port 4444"
(defprog block-4444 (:type :xdp :section "tc/block_4444")
(with-tc-tcp (data data-end tcp)
(when (= (tcp-dst-port tcp) 4444)
(return TC_ACT_SHOT)))
TC_ACT_OK)
