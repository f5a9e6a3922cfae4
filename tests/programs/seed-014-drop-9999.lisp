;; A copy of tests/seeds/programs/014-example-drop-tcp-port-9999--drop-9999.lisp with its expected
;; behaviour.
;; packet p9999: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2270f01020304a0b0c0d050027210beef0102
;; packet p8080: 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d21f9001020304a0b0c0d050027210beef0102
;; packet udp80: 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90050000cabcd61626364
;; Drop TCP to port 9999, pass the rest.
;; test: --pkt p9999 => retval 1
;; test: --pkt p8080 => retval 2
;; test: --pkt udp80 => retval 2
;; from seeds/003_d20c8d67eafebab6.txt, section "Example: Drop TCP Port 9999"
(defprog drop-9999 (:type :xdp :section "xdp/drop_9999")
(with-tcp (data data-end tcp)
(when (= (tcp-dst-port tcp) 9999)
(return XDP_DROP)))
XDP_PASS)
