;; Fifty comparisons of unknown values used as 0/1 and summed into map
;; slots (the shape that multiplied the verifier's paths when each
;; comparison was a branch diamond: 210964 processed insns, clang's twin
;; 296220). a, b: u64, c, d: u32, e, f: u16, g, h: u8, the packet's
;; little-endian fields at 0, 8, 16, 20, 24, 26, 28, 29. Each run adds to
;; sums[k] the number of slot k's ten tests that hold (listed below; the
;; operands are 64-bit, s< and friends compare them as signed).
;; a=0 b=1 c=0 d=1 e=0 f=1 g=0 h=1
;;   0: (< a b) (<= a c) (>= d c) (< e f) (<= e g) = 5
;;   1: (s< a b) (s< c d) (s< g h) (s>= a e) (s<= b h) (s> d a) = 6
;;   2: (/= e f) (/= a b) (= e g) (= a 0) = 4
;;   3: all but (> b 1000) (s< a 0) (> d #x7fffffff) (>= f 512) = 6
;;   4: all but (not (< c d)) (and (/= g h) (s> a c))
;;      (and (< b a) (>= g h)) = 7
;; test: --hex 0000000000000000010000000000000000000000010000000000010000010000 => retval 2
;; and: sums[0] = 5; sums[1] = 6; sums[2] = 4; sums[3] = 6; sums[4] = 7
;; the same three times: the sums add up
;; test: --hex 0000000000000000010000000000000000000000010000000000010000010000 --repeat 3 => retval 2
;; and: sums[0] = 15; sums[1] = 18; sums[2] = 12; sums[3] = 18; sums[4] = 21
;; a=2^64-1 (-1 signed) b=5 c=2^32-1 d=2^31 e=0xffff f=0x100 g=0xff h=0x80
;;   0: (< b a) (> c d) (> g h) (> f h) (>= a h) = 5
;;   1: (s< a b) (s<= b c) (s> e f) (s<= b h) (s> d a) = 5
;;   2: (/= a c) (/= e f) (/= a b) (/= d h) (/= c 0) = 5
;;   3: (s< a 0) (s>= b -1) (> d #x7fffffff) (s> g -1) = 4
;;   4: (not (< c d)) (or (s< a b) (= e f)) (not (= c d))
;;      (and (< b a) (>= g h)) (or (s>= b a) (> d c)) = 5
;; test: --hex ffffffffffffffff0500000000000000ffffffff00000080ffff0001ff800000 => retval 2
;; and: sums[0] = 5; sums[1] = 5; sums[2] = 5; sums[3] = 4; sums[4] = 5
;; a=b=2^63 c=d=7 e=f=300 g=h=200
;;   0: (>= d c) (> f h) (>= a h) = 3
;;   1: (s<= b c) (s<= b h) (s> d a) = 3
;;   2: (= a b) (/= a c) (= c d) (= g h) (/= d h) (/= c 0) = 6
;;   3: (> b 1000) (s< a 0) (<= c 65535) (s> g -1) = 4
;;   4: (not (< c d)) (or (s< a b) (= e f)) (or (= a b) (< e f))
;;      (or (s>= b a) (> d c)) = 4
;; test: --hex 0000000000000080000000000000008007000000070000002c012c01c8c80000 => retval 2
;; and: sums[0] = 3; sums[1] = 3; sums[2] = 6; sums[3] = 4; sums[4] = 4
;; a=100 b=1001 c=65536 d=2^31-1 e=255 f=512 g=127 h=128
;;   0: (< a b) (<= a c) (>= d c) (< e f) (> f h) = 5
;;   1: (s< a b) (s<= b c) (s< c d) (s< g h) (s> d a) = 5
;;   2: (/= a c) (/= e f) (/= a b) (/= d h) (/= c 0) = 5
;;   3: (> b 1000) (s>= b -1) (< e 256) (>= f 512) (s> g -1) = 5
;;   4: (and (< a b) (< c d)) (or (s< a b) (= e f)) (or (= a b) (< e f))
;;      (not (= c d)) (or (s>= b a) (> d c)) = 5
;; test: --hex 6400000000000000e90300000000000000000100ffffff7fff0000027f800000 => retval 2
;; and: sums[0] = 5; sums[1] = 5; sums[2] = 5; sums[3] = 5; sums[4] = 5
(defmap sums :type :array :key-size 4 :value-size 8 :max-entries 5)

(defprog cmp-heavy (:type :xdp :section "xdp")
  (with-packet (data end :min-len 32)
    (let ((a (load u64 data 0))
          (b (load u64 data 8))
          (c (load u32 data 16))
          (d (load u32 data 20))
          (e (load u16 data 24))
          (f (load u16 data 26))
          (g (load u8 data 28))
          (h (load u8 data 29)))
      ;; unsigned orders
      (incf (getmap sums 0)
            (+ (< a b) (< b a) (<= a c) (> c d) (>= d c)
               (< e f) (> g h) (<= e g) (> f h) (>= a h)))
      ;; signed orders
      (incf (getmap sums 1)
            (+ (s< a b) (s> a b) (s<= b c) (s>= a d) (s< c d)
               (s> e f) (s< g h) (s>= a e) (s<= b h) (s> d a)))
      ;; equalities
      (incf (getmap sums 2)
            (+ (= a b) (/= a c) (= c d) (/= e f) (= g h)
               (/= a b) (= e g) (/= d h) (= a 0) (/= c 0)))
      ;; against constants
      (incf (getmap sums 3)
            (+ (< a 100) (> b 1000) (s< a 0) (s>= b -1) (<= c 65535)
               (> d #x7fffffff) (< e 256) (>= f 512) (s> g -1) (<= h 127)))
      ;; not, and, or
      (incf (getmap sums 4)
            (+ (not a) (not (< c d)) (and (< a b) (< c d))
               (or (s< a b) (= e f)) (and (/= g h) (s> a c))
               (or (= a b) (< e f)) (not (= c d)) (and (< b a) (>= g h))
               (or (s>= b a) (> d c)) (not g)))))
  XDP_PASS)
