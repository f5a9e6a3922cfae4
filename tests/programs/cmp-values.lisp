;; Comparisons used as values are 1 or 0: out[i] holds comparison i, in
;; the order = /= < <= > >= s< s<= s> s>=. a, b: the packet's first two
;; little-endian u64s.
;; a = 0xffffffffffffffff, b = 0x1
;; test: --hex ffffffffffffffff0100000000000000 => retval 2
;; and: out[0] = 0; out[1] = 1; out[2] = 0; out[3] = 0; out[4] = 1
;; and: out[5] = 1; out[6] = 1; out[7] = 1; out[8] = 0; out[9] = 0
;; a = 0x1, b = 0xffffffffffffffff
;; test: --hex 0100000000000000ffffffffffffffff => retval 2
;; and: out[0] = 0; out[1] = 1; out[2] = 1; out[3] = 1; out[4] = 0
;; and: out[5] = 0; out[6] = 0; out[7] = 0; out[8] = 1; out[9] = 1
;; a = 0x5, b = 0x5
;; test: --hex 05000000000000000500000000000000 => retval 2
;; and: out[0] = 1; out[1] = 0; out[2] = 0; out[3] = 1; out[4] = 0
;; and: out[5] = 1; out[6] = 0; out[7] = 1; out[8] = 0; out[9] = 1
;; a = 0x80000000, b = 0x7fffffff
;; test: --hex 0000008000000000ffffff7f00000000 => retval 2
;; and: out[0] = 0; out[1] = 1; out[2] = 0; out[3] = 0; out[4] = 1
;; and: out[5] = 1; out[6] = 0; out[7] = 0; out[8] = 1; out[9] = 1
;; a = 0x100000000, b = 0x1
;; test: --hex 00000000010000000100000000000000 => retval 2
;; and: out[0] = 0; out[1] = 1; out[2] = 0; out[3] = 0; out[4] = 1
;; and: out[5] = 1; out[6] = 0; out[7] = 0; out[8] = 1; out[9] = 1
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 10)

(defprog cmp-values (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u64 data 0))
          (b (load u64 data 8)))
      (setf (getmap out 0) (= a b)
            (getmap out 1) (/= a b)
            (getmap out 2) (< a b)
            (getmap out 3) (<= a b)
            (getmap out 4) (> a b)
            (getmap out 5) (>= a b)
            (getmap out 6) (s< a b)
            (getmap out 7) (s<= a b)
            (getmap out 8) (s> a b)
            (getmap out 9) (s>= a b))))
  XDP_PASS)
