;; The protocol library's constants and the return codes, with the values
;; of the manual's tables: out[i] holds constant i in the order below.
;; test: --data-len 14 => retval 2
;; and: out[0] = 0x0800; out[1] = 0x86dd; out[2] = 0x0806; out[3] = 0x8100
;; and: out[4] = 14; out[5] = 20; out[6] = 40; out[7] = 20; out[8] = 8; out[9] = 8
;; and: out[10] = 1; out[11] = 6; out[12] = 17
;; and: out[13] = 1; out[14] = 2; out[15] = 4; out[16] = 8; out[17] = 16; out[18] = 32
;; and: out[19] = 0; out[20] = 1; out[21] = 2; out[22] = 3; out[23] = 4
;; and: out[24] = 0; out[25] = 2; out[26] = 0; out[27] = 1; out[28] = 2
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 29)

(defprog proto-constants (:type :xdp :section "xdp")
  (setf (getmap out 0) +ethertype-ipv4+
        (getmap out 1) +ethertype-ipv6+
        (getmap out 2) +ethertype-arp+
        (getmap out 3) +ethertype-vlan+
        (getmap out 4) +eth-hdr-len+
        (getmap out 5) +ipv4-hdr-len+
        (getmap out 6) +ipv6-hdr-len+
        (getmap out 7) +tcp-hdr-len+
        (getmap out 8) +udp-hdr-len+
        (getmap out 9) +icmp-hdr-len+
        (getmap out 10) +ip-proto-icmp+
        (getmap out 11) +ip-proto-tcp+
        (getmap out 12) +ip-proto-udp+
        (getmap out 13) +tcp-fin+
        (getmap out 14) +tcp-syn+
        (getmap out 15) +tcp-rst+
        (getmap out 16) +tcp-psh+
        (getmap out 17) +tcp-ack+
        (getmap out 18) +tcp-urg+
        (getmap out 19) XDP_ABORTED
        (getmap out 20) XDP_DROP
        (getmap out 21) XDP_PASS
        (getmap out 22) XDP_TX
        (getmap out 23) XDP_REDIRECT
        (getmap out 24) TC_ACT_OK
        (getmap out 25) TC_ACT_SHOT
        (getmap out 26) BPF_ANY
        (getmap out 27) BPF_NOEXIST
        (getmap out 28) BPF_EXIST)
  XDP_PASS)
