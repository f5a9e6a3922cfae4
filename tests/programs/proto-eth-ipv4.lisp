;; with-ipv4 and the Ethernet and IPv4 accessors on crafted frames.
;; eth-type and ipv4-total-len are in host order (net-order fields);
;; the MAC halves and the addresses are plain little-endian loads.
;; The frame: dst MAC 11:22:33:44:55:66, src MAC aa:bb:cc:dd:ee:ff, IPv4
;; tos #x10, total length 40, ttl 64, protocol 6, 10.1.2.3 -> 192.168.7.9,
;; then 20 bytes of TCP.
;;   eth-dst-mac-hi = LE u32 of 11 22 33 44 = 0x44332211, -lo = 0x6655,
;;   eth-src-mac-hi = 0xddccbbaa, -lo = 0xffee;
;;   ipv4-src-addr = LE u32 of 0a 01 02 03 = 0x0302010a,
;;   ipv4-dst-addr = LE u32 of c0 a8 07 09 = 0x0907a8c0.
;; The body returns XDP_DROP; a frame with-ipv4 refuses gets XDP_PASS.
;; packet tcp4: 112233445566aabbccddeeff0800 4510002812344000400654d70a010203c0a80709
;; packet tcp4: 04d2005001020304a0b0c0d050027210beef0102
;; test: --pkt tcp4 => retval 1
;; and: out[0] = 0x800; out[1] = 0x44332211; out[2] = 0x6655; out[3] = 0xddccbbaa
;; and: out[4] = 0xffee; out[5] = 0x45; out[6] = 0x10; out[7] = 40; out[8] = 64
;; and: out[9] = 6; out[10] = 0x302010a; out[11] = 0x907a8c0
;; An ARP frame (type #x0806): not IPv4.
;; test: --hex 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000 => retval 2
;; and: out[0] = 0; out[7] = 0
;; The same IPv4 frame cut to 33 bytes: shorter than Ethernet + IPv4.
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a807 => retval 2
;; and: out[0] = 0; out[7] = 0
;; Exactly 34 bytes (Ethernet + IPv4, nothing more) is enough.
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a80709 => retval 1
;; and: out[9] = 6; out[11] = 0x907a8c0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 12)

(defprog proto-eth-ipv4 (:type :xdp :section "xdp")
  (with-ipv4 (data data-end ip)
    (setf (getmap out 0) (eth-type data)
          (getmap out 1) (eth-dst-mac-hi data)
          (getmap out 2) (eth-dst-mac-lo data)
          (getmap out 3) (eth-src-mac-hi data)
          (getmap out 4) (eth-src-mac-lo data)
          (getmap out 5) (ipv4-ver-ihl ip)
          (getmap out 6) (ipv4-tos ip)
          (getmap out 7) (ipv4-total-len ip)
          (getmap out 8) (ipv4-ttl ip)
          (getmap out 9) (ipv4-protocol ip)
          (getmap out 10) (ipv4-src-addr ip)
          (getmap out 11) (ipv4-dst-addr ip))
    XDP_DROP))
