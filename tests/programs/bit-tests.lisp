;; Tests of the bits of one value, chained with and/or (wh-opt's bittests
;; makes one test of two or more): f, the packet's first byte.
;;   out[0] = 1 when bit 1 is set and bit 4 clear (SYN, not ACK: 0x02, 0x10)
;;   out[1] = 1 when bits 0 and 2 are set and bit 3 clear
;;   out[2] = 1 when f's low two bits are 01 and bit 6 is clear
;;   out[3] = 1 when bit 1 is set (tested twice)
;;   out[4] = 1 when bit 1 or 2 is set and bit 4 clear (a test of two bits
;;            at once, which no single equality test can say)
;;   out[5] = 1 when bit 0 or bit 7 is set
;;   out[6] = 1 when bit 4 is set and the low two bits are not 01
;;   out[7] = 1 when the low two bits are 01 and bit 1 is set: never
;;   out[8] = (if bit 6 4 0) + (if bit 0 0 16) + (if bit 7 1 0): bits
;;            moved to other places (wh-opt's andor, without a branch)
;; f = 0x02: bits 1.     out[0] = 1, out[1] = 0, out[2] = 0, out[3] = 1, out[4] = 1, out[5] = 0
;; test: --hex 0200000000000000000000000000 => retval 2
;; and: out[0] = 1; out[1] = 0; out[2] = 0; out[3] = 1; out[4] = 1; out[5] = 0; out[6] = 0; out[7] = 0; out[8] = 16
;; f = 0x12: bits 1, 4.  out[0] = 0 (ACK), out[3] = 1, out[4] = 0 (bit 4),
;; out[6] = 1 (low bits 10)
;; test: --hex 1200000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 0; out[2] = 0; out[3] = 1; out[4] = 0; out[5] = 0; out[6] = 1; out[7] = 0; out[8] = 16
;; f = 0x05: bits 0, 2.  out[1] = 1, out[2] = 1 (low bits 01, bit 6 clear),
;; out[4] = 1 (bit 2), out[5] = 1 (bit 0)
;; test: --hex 0500000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 1; out[2] = 1; out[3] = 0; out[4] = 1; out[5] = 1; out[6] = 0; out[7] = 0; out[8] = 0
;; f = 0x0d: bits 0, 2, 3.  out[1] = 0 (bit 3), out[2] = 1, out[4] = 1, out[5] = 1
;; test: --hex 0d00000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 0; out[2] = 1; out[3] = 0; out[4] = 1; out[5] = 1; out[6] = 0; out[7] = 0; out[8] = 0
;; f = 0x41: bits 0, 6.  out[2] = 0 (bit 6), out[5] = 1
;; test: --hex 4100000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 0; out[2] = 0; out[3] = 0; out[4] = 0; out[5] = 1; out[6] = 0; out[7] = 0; out[8] = 4
;; f = 0x83: bits 0, 1, 7.  out[0] = 1, out[2] = 0 (low bits 11), out[3] = 1,
;; out[4] = 1, out[5] = 1
;; test: --hex 8300000000000000000000000000 => retval 2
;; and: out[0] = 1; out[1] = 0; out[2] = 0; out[3] = 1; out[4] = 1; out[5] = 1; out[6] = 0; out[7] = 0; out[8] = 1
;; f = 0x13: bits 0, 1, 4.  out[0] = 0, out[3] = 1, out[4] = 0, out[5] = 1,
;; out[6] = 1 (low bits 11)
;; test: --hex 1300000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 0; out[2] = 0; out[3] = 1; out[4] = 0; out[5] = 1; out[6] = 1; out[7] = 0; out[8] = 0
;; f = 0x00: nothing.
;; test: --hex 0000000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 0; out[2] = 0; out[3] = 0; out[4] = 0; out[5] = 0; out[6] = 0; out[7] = 0; out[8] = 16
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog bit-tests (:type :xdp :section "xdp")
  (with-packet (data end :min-len 14)
    (let ((f (load u8 data 0)))
      (when (and (logand f 2) (not (logand f 16)))
        (setf (getmap out 0) 1))
      (when (and (logand f 1) (logand f 4) (not (logand f 8)))
        (setf (getmap out 1) 1))
      (when (and (= (logand f 3) 1) (not (logand f 64)))
        (setf (getmap out 2) 1))
      (when (and (logand f 2) (logand f 2))
        (setf (getmap out 3) 1))
      (when (and (logand f 6) (not (logand f 16)))
        (setf (getmap out 4) 1))
      (when (or (logand f 1) (logand f 128))
        (setf (getmap out 5) 1))
      (when (and (logand f 16) (/= (logand f 3) 1))
        (setf (getmap out 6) 1))
      (when (and (= (logand f 3) 1) (logand f 2))
        (setf (getmap out 7) 1))
      (setf (getmap out 8) (logior (if (logand f #x40) 4 0)
                                   (if (logand f 1) 0 16)
                                   (if (logand f #x80) 1 0)))))
  XDP_PASS)
