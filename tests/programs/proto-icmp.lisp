;; The ICMP accessors on the header after IPv4 (fixed 20-byte IPv4 header,
;; semantics.md), behind with-packet and the protocol test: type and code
;; raw, checksum in host order, rest a plain little-endian u32.
;; Echo request: type 8, code 0, checksum 0xf7ff, rest 00 01 00 02.
;; test: --hex 112233445566aabbccddeeff08004510001c12344000400154e80a010203c0a807090800f7ff00010002 => retval 1
;; and: out[0] = 8; out[1] = 0; out[2] = 0xf7ff; out[3] = 0x02000100
;; A TCP segment: protocol is not ICMP.
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102 => retval 2
;; and: out[0] = 0; out[2] = 0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog proto-icmp (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len (+ +eth-hdr-len+ +ipv4-hdr-len+ +icmp-hdr-len+))
    (when (or (/= (eth-type data) +ethertype-ipv4+)
              (/= (ipv4-protocol (+ data +eth-hdr-len+)) +ip-proto-icmp+))
      (return XDP_PASS))
    (let ((icmp (+ data (+ +eth-hdr-len+ +ipv4-hdr-len+))))
      (setf (getmap out 0) (icmp-type icmp)
            (getmap out 1) (icmp-code icmp)
            (getmap out 2) (icmp-checksum icmp)
            (getmap out 3) (icmp-rest icmp))
      XDP_DROP)))
