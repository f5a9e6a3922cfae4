;; defheader: a user header; each field's accessor loads at its offset,
;; byte-swapped to host order when :net-order t (ntohs for u16, ntohl for
;; u32), raw otherwise.
;;   (defheader my-proto (magic :offset 0 :type u32)
;;                       (kind :offset 4 :type u16 :net-order t)
;;                       (seq :offset 6 :type u32 :net-order t)
;;                       (flags :offset 10 :type u8)
;;                       (raw16 :offset 12 :type u16))
;; The header sits right after the Ethernet header; its bytes:
;; de ad be ef | 01 02 | 0a 0b 0c 0d | 80 | 00 | 12 34
;; magic = 0xefbeadde, kind = 0x0102, seq = 0x0a0b0c0d, flags = 0x80,
;; raw16 = 0x3412. Kind 0x0102 gives XDP_DROP.
;; test: --hex 112233445566aabbccddeeff88b5deadbeef01020a0b0c0d80001234 => retval 1
;; and: out[0] = 0xefbeadde; out[1] = 0x0102; out[2] = 0x0a0b0c0d; out[3] = 0x80
;; and: out[4] = 0x3412
;; test: --hex 112233445566aabbccddeeff88b5deadbeef02010a0b0c0d80001234 => retval 2
;; and: out[1] = 0x0201
(defheader my-proto
  (magic :offset 0 :type u32)
  (kind :offset 4 :type u16 :net-order t)
  (seq :offset 6 :type u32 :net-order t)
  (flags :offset 10 :type u8)
  (raw16 :offset 12 :type u16))
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 5)

(defprog proto-defheader (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 28)
    (let ((h (+ data +eth-hdr-len+)))
      (setf (getmap out 0) (my-proto-magic h)
            (getmap out 1) (my-proto-kind h)
            (getmap out 2) (my-proto-seq h)
            (getmap out 3) (my-proto-flags h)
            (getmap out 4) (my-proto-raw16 h))
      (if (= (my-proto-kind h) #x0102)
          XDP_DROP
          XDP_PASS))))
