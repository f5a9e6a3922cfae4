;; Byte order: ntohs/htons swap the low 16 bits, ntohl/htonl the low 32,
;; ntohll/htonll all 64 (x86 is little-endian, so all of them swap). A
;; big-endian field read from the packet with load is byte-swapped once.
;; x: the packet's first little-endian u64; then four bytes of a field.
;; x = 0x1122334455667788, the bytes at 8: 0800abcd
;; test: --hex 88776655443322110800abcd00000000 => retval 2
;; and: out[0] = 0x8877; out[1] = 0x8877; out[2] = 0x88776655; out[3] = 0x88776655
;; and: out[4] = 0x8877665544332211; out[5] = 0x8877665544332211; out[6] = 0x8878; out[7] = 0x7788
;; and: out[8] = 0x800abcd; out[9] = 0x800; out[10] = 0x8; out[11] = 0x88
;; x = 0xfedcba9876543210, the bytes at 8: 86dd0102
;; test: --hex 1032547698badcfe86dd010200000000 => retval 2
;; and: out[0] = 0x1032; out[1] = 0x1032; out[2] = 0x10325476; out[3] = 0x10325476
;; and: out[4] = 0x1032547698badcfe; out[5] = 0x1032547698badcfe; out[6] = 0x1033; out[7] = 0x3210
;; and: out[8] = 0x86dd0102; out[9] = 0x86dd; out[10] = 0xdd86; out[11] = 0x10
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 12)

(defprog byte-order (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u64 data 0)))
      (setf (getmap out 0) (ntohs x)
            (getmap out 1) (htons x)
            (getmap out 2) (ntohl x)
            (getmap out 3) (htonl x)
            (getmap out 4) (ntohll x)
            (getmap out 5) (htonll x)
            (getmap out 6) (+ (ntohs x) 1)
            (getmap out 7) (ntohs (ntohs x))
            (getmap out 8) (ntohl (load u32 data 8))
            (getmap out 9) (ntohs (load u16 data 8))
            (getmap out 10) (load u16 data 8)
            (getmap out 11) (>> (ntohll x) 56))))
  XDP_PASS)
