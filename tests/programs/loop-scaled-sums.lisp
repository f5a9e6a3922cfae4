;; Sums base + i*K in a counting loop, which wh-opt's strength pass turns
;; into counters of their own. For each i < 6 with i < n (n = the
;; packet's byte 0): out[i] = d + i*8 and sh[i] = (i << 2) + e, d and e
;; the packet's little-endian u64s at 8 and 16; the other entries stay 0.
;; n = 3, d = 0x1000, e = -1: out = 0x1000 0x1008 0x1010 0; sh = -1 3 7 0
;; test: --hex 03000000000000000010000000000000ffffffffffffffff => retval 2
;; and: out[0] = 0x1000; out[1] = 0x1008; out[2] = 0x1010; out[3] = 0
;; and: sh[0] = -1; sh[1] = 3; sh[2] = 7; sh[3] = 0
;; n = 9, d = 0x10, e = 5: every i < 6; out[5] = 0x10 + 40, sh[5] = 20 + 5
;; test: --hex 090000000000000010000000000000000500000000000000 => retval 2
;; and: out[0] = 0x10; out[4] = 0x30; out[5] = 0x38; sh[0] = 5; sh[5] = 25
;; n = 0: the body never runs
;; test: --hex 000000000000000010000000000000000500000000000000 => retval 2
;; and: out[0] = 0; sh[0] = 0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)
(defmap sh :type :array :key-size 4 :value-size 8 :max-entries 6)

(defprog loop-scaled-sums (:type :xdp :section "xdp")
  (with-packet (data end :min-len 24)
    (let ((n (load u8 data 0))
          (d (load u64 data 8))
          (e (load u64 data 16)))
      (dotimes (i 6)
        (when (< i n)
          (setf (getmap out i) (+ d (* i 8))
                (getmap sh i) (+ (<< i 2) e))))))
  XDP_PASS)
