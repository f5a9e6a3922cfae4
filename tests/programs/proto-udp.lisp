;; with-udp and the UDP accessors (all in host order). The body returns
;; XDP_DROP for destination port 53 and XDP_TX otherwise; frames with-udp
;; refuses get XDP_PASS.
;; udp53: 5353 -> 53, length 12, checksum 0xabcd, 4 bytes of payload.
;; test: --hex 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90035000cabcd61626364 => retval 1
;; and: out[0] = 5353; out[1] = 53; out[2] = 12; out[3] = 0xabcd
;; A TCP segment: not UDP.
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102 => retval 2
;; and: out[0] = 0
;; The UDP datagram cut to 41 bytes (one short of Ethernet + IPv4 + UDP).
;; test: --hex 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90035000cab => retval 2
;; and: out[0] = 0
;; Exactly 42 bytes, to port 54 (0x0036).
;; test: --hex 112233445566aabbccddeeff08004510001c12344000401154d80a010203c0a8070914e900360008abcd => retval 3
;; and: out[1] = 54; out[2] = 8
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog proto-udp (:type :xdp :section "xdp")
  (with-udp (data data-end udp)
    (setf (getmap out 0) (udp-src-port udp)
          (getmap out 1) (udp-dst-port udp)
          (getmap out 2) (udp-length udp)
          (getmap out 3) (udp-checksum udp))
    (if (= (udp-dst-port udp) 53)
        XDP_DROP
        XDP_TX)))
