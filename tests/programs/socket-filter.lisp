;; A socket filter returns how many bytes of the packet to keep. In a test
;; run the skb starts after the Ethernet header: len = frame - 14.
;; The program keeps the whole packet when it is IPv4 ((ctx protocol) is
;; #x0800 in network order), else nothing.
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102 => retval 40
;; an ARP frame of 42 bytes
;; test: --hex 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000 => retval 0
(defprog socket-filter (:type :socket-filter :section "socket")
  (if (= (ntohs (ctx protocol)) +ethertype-ipv4+)
      (ctx len)
      0))
