;; The IPv6 accessors behind a with-packet bounds check and an eth-type
;; test against +ethertype-ipv6+. Like IPv4's: the 16- and 32-bit fields
;; in host order, the addresses as plain little-endian u64 halves.
;; The frame: version 6, traffic class #x12, flow #x34567, payload 8,
;; next header 17, hop limit 64, 2001:db8::1 -> fe80::2, then 8 bytes UDP.
;;   ver-tc-flow = 0x61234567; src-addr-hi = LE u64 of 20 01 0d b8 00 00
;;   00 00 = 0xb80d0120; src-addr-lo = 0x0100000000000000;
;;   dst-addr-hi = 0x80fe; dst-addr-lo = 0x0200000000000000.
;; packet v6: 112233445566aabbccddeeff86dd 6123456700081140
;; packet v6: 20010db8000000000000000000000001 fe800000000000000000000000000002
;; packet v6: 0222022300080000
;; test: --pkt v6 => retval 3
;; and: out[0] = 0x86dd; out[1] = 0x61234567; out[2] = 8; out[3] = 17
;; and: out[4] = 64; out[5] = 0xb80d0120; out[6] = 0x0100000000000000
;; and: out[7] = 0x80fe; out[8] = 0x0200000000000000
;; An IPv4 frame: eth-type is not IPv6.
;; test: --hex 112233445566aabbccddeeff08004510001c12344000400154e80a010203c0a807090800f7ff00010002000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog proto-ipv6 (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len (+ +eth-hdr-len+ +ipv6-hdr-len+))
    (when (/= (eth-type data) +ethertype-ipv6+)
      (return XDP_PASS))
    (let ((ip6 (+ data +eth-hdr-len+)))
      (setf (getmap out 0) (eth-type data)
            (getmap out 1) (ipv6-ver-tc-flow ip6)
            (getmap out 2) (ipv6-payload-len ip6)
            (getmap out 3) (ipv6-nexthdr ip6)
            (getmap out 4) (ipv6-hop-limit ip6)
            (getmap out 5) (ipv6-src-addr-hi ip6)
            (getmap out 6) (ipv6-src-addr-lo ip6)
            (getmap out 7) (ipv6-dst-addr-hi ip6)
            (getmap out 8) (ipv6-dst-addr-lo ip6))
      XDP_TX)))
