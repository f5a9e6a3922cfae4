;; Comparisons of byte-swapped packet fields with constants, in branch
;; position (where the compiler may fold the swap into the constant):
;; bit 0: (= (ntohs (load u16 data 12)) #x0800)
;; bit 1: (/= (ntohs (load u16 data 12)) +ethertype-arp+)
;; bit 2: (= (ntohl (load u32 data 30)) #xc0a80709)   dst 192.168.7.9
;; bit 3: (> (ntohs (load u16 data 36)) 1023)          dst port > 1023
;; bit 4: (< (ntohs (load u16 data 34)) #x0100)        src port < 256
;; bit 5: (= (ntohl (load u32 data 26)) #x0a010203)    src 10.1.2.3
;; IPv4 TCP 1234 -> 80, 10.1.2.3 -> 192.168.7.9: bits 0, 1, 2, 5
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d70a010203c0a8070904d2005001020304a0b0c0d050027210beef0102 => retval 0x27
;; IPv4 TCP 80 -> 1234 from 192.168.7.9: bits 0, 1, 3, 4
;; test: --hex 112233445566aabbccddeeff08004510002812344000400654d7c0a807090a010203005004d201020304a0b0c0d050027210beef0102 => retval 0x1b
;; ARP (the rest zero): bit 4 only (src "port" 0 < 256)
;; test: --hex 112233445566aabbccddeeff080600000000000000000000000000000000000000000000000000000000 => retval 0x10
(defprog byte-order-compare (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 38)
    (logior (if (= (ntohs (load u16 data 12)) #x0800) 1 0)
            (if (/= (ntohs (load u16 data 12)) +ethertype-arp+) 2 0)
            (if (= (ntohl (load u32 data 30)) #xc0a80709) 4 0)
            (if (> (ntohs (load u16 data 36)) 1023) 8 0)
            (if (< (ntohs (load u16 data 34)) #x0100) 16 0)
            (if (= (ntohl (load u32 data 26)) #x0a010203) 32 0))))
