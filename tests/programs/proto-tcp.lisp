;; with-tcp and the TCP accessors: ports, seq, ack-seq and window in host
;; order; data-off and flags as raw bytes. The body returns XDP_DROP for
;; destination port 80, XDP_TX otherwise; frames with-tcp refuses (not
;; IPv4, not TCP, shorter than 54 bytes) get XDP_PASS.
;; tcp4: 1234 -> 80, seq 0x01020304, ack 0xa0b0c0d0, data-off #x50,
;; flags #x02 (SYN), window 0x7210.
;; packet tcp4: 112233445566aabbccddeeff0800 4510002812344000400654d70a010203c0a80709
;; packet tcp4: 04d2005001020304a0b0c0d050027210beef0102
;; test: --pkt tcp4 => retval 1
;; and: out[0] = 1234; out[1] = 80; out[2] = 0x01020304; out[3] = 0xa0b0c0d0
;; and: out[4] = 0x50; out[5] = 2; out[6] = 0x7210
;; tcp22: 40000 -> 22, seq 0xfffffffe, ack 1, flags #x18 (PSH ACK), window 0xffff.
;; packet tcp22: 112233445566aabbccddeeff0800 4510002812344000400654d70a010203c0a80709
;; packet tcp22: 9c400016fffffffe000000015018ffffbeef0000
;; test: --pkt tcp22 => retval 3
;; and: out[0] = 40000; out[1] = 22; out[2] = 0xfffffffe; out[3] = 1
;; and: out[4] = 0x50; out[5] = 0x18; out[6] = 0xffff
;; A UDP datagram (protocol 17, 46 bytes).
;; test: --hex 112233445566aabbccddeeff08004510002012344000401154d40a010203c0a8070914e90035000cabcd61626364 => retval 2
;; and: out[0] = 0; out[1] = 0
;; tcp4 cut to 53 bytes: one byte short of a whole TCP header.
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef01 => retval 2
;; and: out[0] = 0; out[1] = 0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 7)

(defprog proto-tcp (:type :xdp :section "xdp")
  (with-tcp (data data-end tcp)
    (setf (getmap out 0) (tcp-src-port tcp)
          (getmap out 1) (tcp-dst-port tcp)
          (getmap out 2) (tcp-seq tcp)
          (getmap out 3) (tcp-ack-seq tcp)
          (getmap out 4) (tcp-data-off tcp)
          (getmap out 5) (tcp-flags tcp)
          (getmap out 6) (tcp-window tcp))
    (if (= (tcp-dst-port tcp) 80)
        XDP_DROP
        XDP_TX)))
