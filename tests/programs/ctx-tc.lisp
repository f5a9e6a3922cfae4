;; __sk_buff fields in a TC program (section "tc"), test-run. For the
;; frame below (54 bytes, IPv4, destination MAC 11:.. which is a multicast
;; address) the kernel gives len 54, protocol #x0800 in network order (so
;; the u32 reads 8), pkt-type 2 (PACKET_MULTICAST), ifindex 1 (loopback);
;; mark and cb are writable: (setf (ctx mark) 7), (setf (ctx cb 2) 99).
;; (Checked against a C program built by clang.)
;;   out[0] len, out[1] protocol, out[2] (ntohs protocol), out[3] pkt-type,
;;   out[4] ifindex, out[5] (- data-end data), out[6] mark after the store,
;;   out[7] cb[2] after the store, out[8] (tc-data-end) - (tc-data)
;; The return value is TC_ACT_SHOT (2).
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102 => retval 2
;; and: out[0] = 54; out[1] = 8; out[2] = 0x0800; out[3] = 2; out[4] = 1
;; and: out[5] = 54; out[6] = 7; out[7] = 99; out[8] = 54
;; A frame to MAC 00:00:00:00:00:00 (the loopback's address): PACKET_HOST
;; (an ARP frame of 42 bytes)
;; test: --hex 000000000000aabbccddeeff080600000000000000000000000000000000000000000000000000000000 => retval 2
;; and: out[0] = 42; out[1] = 0x0608; out[2] = 0x0806; out[3] = 0; out[5] = 42
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog ctx-tc (:type :tc :section "tc")
  (setf (getmap out 0) (ctx len)
        (getmap out 1) (ctx protocol)
        (getmap out 2) (ntohs (ctx protocol))
        (getmap out 3) (ctx pkt-type)
        (getmap out 4) (ctx ifindex)
        (getmap out 5) (- (ctx data-end) (ctx data)))
  (setf (ctx mark) 7)
  (setf (getmap out 6) (ctx mark))
  (setf (ctx cb 2) 99)
  (setf (getmap out 7) (ctx cb 2))
  (setf (getmap out 8) (- (tc-data-end) (tc-data)))
  TC_ACT_SHOT)
