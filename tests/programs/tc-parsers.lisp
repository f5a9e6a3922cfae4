;; The TC parsers on an skb (section "tc", test-run): with-tc-packet,
;; with-tc-eth, with-tc-ipv4 and with-tc-udp bind the same headers as the
;; XDP ones from (tc-data)/(tc-data-end), and a refused frame returns
;; TC_ACT_OK (0) from the program.
;;   out[0] = (with-tc-packet (d e :min-len 14) 1)
;;   out[1] = (with-tc-eth (d e) (eth-type d))
;;   out[2] = (with-tc-ipv4 (d e ip) (ipv4-protocol ip))
;; then (with-tc-udp ...) returns TC_ACT_SHOT (2) for destination port 53
;; and TC_ACT_PIPE (3) for other UDP ports.
;; UDP to 53:
;; test: --hex 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90035000cabcd61626364 => retval 2
;; and: out[0] = 1; out[1] = 0x800; out[2] = 17
;; UDP to 80:
;; test: --hex 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90050000cabcd61626364 => retval 3
;; TCP: with-tc-udp refuses it
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102 => retval 0
;; and: out[0] = 1; out[1] = 0x800; out[2] = 6
;; ARP: with-tc-ipv4 refuses it, before out[2] is written
;; test: --hex 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000 => retval 0
;; and: out[0] = 1; out[1] = 0x806; out[2] = 0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 3)

(defprog tc-parsers (:type :tc :section "tc")
  (setf (getmap out 0) (with-tc-packet (d e :min-len 14) 1))
  (setf (getmap out 1) (with-tc-eth (d e) (eth-type d)))
  (setf (getmap out 2) (with-tc-ipv4 (d e ip) (ipv4-protocol ip)))
  (with-tc-udp (data data-end udp)
    (if (= (udp-dst-port udp) 53)
        TC_ACT_SHOT
        TC_ACT_PIPE)))
