;; Comparisons used as values, 1 or 0, at every width (wh-opt's cmpval
;; computes most of them without a branch, each kind of operand with
;; another formula). (cmp-bits x y) packs the ten comparisons of x and y:
;; bit 0 (= x y), 1 (/= x y), 2 (< x y), 3 (<= x y), 4 (> x y),
;; 5 (>= x y), 6 (s< x y), 7 (s<= x y), 8 (s> x y), 9 (s>= x y); out[k]
;; holds two such values, the second shifted left by 16:
;;   out[0..11]: the pairs a b, a c | c a, c d | e f, g h | sc sd, sc c |
;;   a 0, a 1 | a -1, a 2^31-1 | a -2^31, 5 a | c 0, c 2^31-1 | c -1, sc -5 |
;;   g 200, e a | sc 2^63-1, sd half | top c, half -5
;; a, b: u64, c, d: u32, e, f: u16, g, h: u8 (the packet's little-endian
;; fields at 0, 8, 16, 20, 24, 26, 28, 29); sc, sd: c and d sign-extended
;; from 32 bits (an i32 in the ssa); half = a >> 1, top = a's bit 63
;; (values next to 2^63).
;; out[12], low half: bit i for the i-th of (not a), (not c), (not g),
;;   (not sc), (not (< a b)), (not (= c d)), (not (s< sc sd)),
;;   (not (and (< c d) (< e f))); high half: (= (< c d) 0)
;;   + 2 (/= (s< a b) 0) + (if (s< a b) 4 0) + (if (= (< e f) 0) 8 0).
;; out[13]: bit i for the i-th of (and (< c d) (< e f)),
;;   (or (= g h) (s< a b)), (and (/= a b) (> c e)), (or (not c) (>= g h)),
;;   (and (< c d) (< e f) (< g h)), (or (< c d) (< e f) (< g h)),
;;   (if (s< sc sd) (> e f) (= g h)), (if (< g h) 1 0), (if (< e f) 0 1),
;;   (if (< c e) 0 (> g h)), (or (< d e) (< h g)).
;; Worked example, the first packet, pair a b = 0, 1: = 0, /= 1, < 1,
;; <= 1, > 0, >= 0, s< 1, s<= 1, s> 0, s>= 0: bits 1 2 3 6 7 = 0xce; the
;; pair a c = 0, 0: = /= < <= > >= s< s<= s> s>= give 1 0 0 1 0 1 0 1 0 1,
;; 0x2a9: out[0] = 0xce | 0x2a9 << 16 = 0x2a900ce. The other values follow
;; the same rules (notes/semantics.md: 64-bit operands, s< and friends on
;; their two's complement view).
;; a=0 b=1, c=0 d=1, e=0 f=1, g=0 h=1
;; test: --hex 0000000000000000010000000000000000000000010000000000010000010000 => retval 2
;; and: out[0] = 0x2a900ce; out[1] = 0xce02a9; out[2] = 0xce00ce; out[3] = 0x2a900ce
;; and: out[4] = 0xce02a9; out[5] = 0xce030e; out[6] = 0x332030e; out[7] = 0xce02a9
;; and: out[8] = 0x30e030e; out[9] = 0x2a900ce; out[10] = 0x33200ce; out[11] = 0x30e02a9
;; and: out[12] = 0x6002f; out[13] = 0xbb
;; a=2^64-1 b=0, c=2^32-1 d=0, e=0xffff f=0, g=0xff h=0
;; test: --hex ffffffffffffffff0000000000000000ffffffff00000000ffff0000ff000000 => retval 2
;; and: out[0] = 0xf200f2; out[1] = 0x332030e; out[2] = 0x3320332; out[3] = 0xf200f2
;; and: out[4] = 0xf200f2; out[5] = 0xf202a9; out[6] = 0x30e0332; out[7] = 0x3320332
;; and: out[8] = 0x332030e; out[9] = 0x30e0332; out[10] = 0xce00f2; out[11] = 0x30e00f2
;; and: out[12] = 0xf00b0; out[13] = 0x74e
;; a=2^63 b=2^63-1, c=2^31 d=2^31-1, e=0x8000 f=0x7fff, g=0x80 h=0x7f
;; test: --hex 0000000000000080ffffffffffffff7f00000080ffffff7f0080ff7f807f0000 => retval 2
;; and: out[0] = 0xf200f2; out[1] = 0x332030e; out[2] = 0x3320332; out[3] = 0xf200f2
;; and: out[4] = 0xf200f2; out[5] = 0xf200ce; out[6] = 0x30e00ce; out[7] = 0x3320332
;; and: out[8] = 0xce030e; out[9] = 0x30e00ce; out[10] = 0xce00f2; out[11] = 0x30e00f2
;; and: out[12] = 0xf00b0; out[13] = 0x74e
;; equal: a=b=2^63, c=d=2^31, e=f=0x1234, g=h=7
;; test: --hex 0000000000000080000000000000008000000080000000803412341207070000 => retval 2
;; and: out[0] = 0xf202a9; out[1] = 0x2a9030e; out[2] = 0x2a902a9; out[3] = 0xf202a9
;; and: out[4] = 0xf200f2; out[5] = 0xf200ce; out[6] = 0x30e00ce; out[7] = 0x3320332
;; and: out[8] = 0xce030e; out[9] = 0x30e00ce; out[10] = 0xf200f2; out[11] = 0x30e00f2
;; and: out[12] = 0x900d0; out[13] = 0x14a
;; equal at the top: a=b=2^64-1, c=d=2^32-1, e=f=0xffff, g=h=0xff
;; test: --hex ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0000 => retval 2
;; and: out[0] = 0xf202a9; out[1] = 0x2a9030e; out[2] = 0x2a902a9; out[3] = 0xf202a9
;; and: out[4] = 0xf200f2; out[5] = 0xf202a9; out[6] = 0x30e0332; out[7] = 0x3320332
;; and: out[8] = 0x332030e; out[9] = 0x30e0332; out[10] = 0xf200f2; out[11] = 0x30e00f2
;; and: out[12] = 0x900d0; out[13] = 0x14a
;; a=1 b=2^64-1, c=1 d=2^32-1, e=1 f=0xffff, g=1 h=0xff
;; test: --hex 0100000000000000ffffffffffffffff01000000ffffffff0100ffff01ff0000 => retval 2
;; and: out[0] = 0x2a9030e; out[1] = 0xce02a9; out[2] = 0xce00ce; out[3] = 0x2a9030e
;; and: out[4] = 0x2a90332; out[5] = 0xce030e; out[6] = 0x332030e; out[7] = 0xce0332
;; and: out[8] = 0x30e030e; out[9] = 0x2a900ce; out[10] = 0xf200ce; out[11] = 0x30e00ce
;; and: out[12] = 0x60; out[13] = 0xb1
;; a=2^31-1 b=2^64-2^31, c=2^31-1 d=2^31, e=200 f=199, g=200 h=201
;; test: --hex ffffff7f0000000000000080ffffffffffffff7f00000080c800c700c8c90000 => retval 2
;; and: out[0] = 0x2a9030e; out[1] = 0xce02a9; out[2] = 0xce0332; out[3] = 0x2a9030e
;; and: out[4] = 0x3320332; out[5] = 0x2a9030e; out[6] = 0xce030e; out[7] = 0x2a90332
;; and: out[8] = 0x30e030e; out[9] = 0xce02a9; out[10] = 0xf200ce; out[11] = 0x30e00ce
;; and: out[12] = 0x800e0; out[13] = 0x1a4
;; a=2^32-1 b=2^31, c=5 d=2^32-5 (sd=-5), e=f=g=h=0
;; test: --hex ffffffff00000000000000800000000005000000fbffffff0000000000000000 => retval 2
;; and: out[0] = 0x3320332; out[1] = 0xce00ce; out[2] = 0x2a902a9; out[3] = 0x2a9030e
;; and: out[4] = 0x3320332; out[5] = 0x332030e; out[6] = 0xce030e; out[7] = 0xce0332
;; and: out[8] = 0x30e030e; out[9] = 0xce00ce; out[10] = 0xf200ce; out[11] = 0x30e00ce
;; and: out[12] = 0x800f4; out[13] = 0x16e
;; a=2^63-1 b=2^63, c=2^31 d=2^31-1, e=0x7fff f=0x8000, g=0x7f h=0x80
;; test: --hex ffffffffffffff7f000000000000008000000080ffffff7fff7f00807f800000 => retval 2
;; and: out[0] = 0x332030e; out[1] = 0x33200ce; out[2] = 0xce00ce; out[3] = 0xf200f2
;; and: out[4] = 0x3320332; out[5] = 0x332030e; out[6] = 0xce030e; out[7] = 0x3320332
;; and: out[8] = 0xce030e; out[9] = 0xce00ce; out[10] = 0xce00f2; out[11] = 0x30e00ce
;; and: out[12] = 0x100a0; out[13] = 0xa4
;; a=2^64-1 b=2^63+1, c=0 d=2^32-5 (sd=-5), e=0x100 f=0xff, g=0xfe h=0xff
;; test: --hex ffffffffffffffff010000000000008000000000fbffffff0001ff00feff0000 => retval 2
;; and: out[0] = 0xf20332; out[1] = 0xce030e; out[2] = 0xce0332; out[3] = 0x2a9030e
;; and: out[4] = 0xf200f2; out[5] = 0xf202a9; out[6] = 0x30e0332; out[7] = 0xce02a9
;; and: out[8] = 0x30e030e; out[9] = 0x30e0332; out[10] = 0xf200ce; out[11] = 0x30e00f2
;; and: out[12] = 0x800fa; out[13] = 0x1a8
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 14)

(defmacro cmp-bits (x y)
  `(logior (= ,x ,y) (<< (/= ,x ,y) 1) (<< (< ,x ,y) 2) (<< (<= ,x ,y) 3)
           (<< (> ,x ,y) 4) (<< (>= ,x ,y) 5) (<< (s< ,x ,y) 6)
           (<< (s<= ,x ,y) 7) (<< (s> ,x ,y) 8) (<< (s>= ,x ,y) 9)))

(defmacro pack (lo hi) `(logior ,lo (<< ,hi 16)))

(defprog cmp-widths (:type :xdp :section "xdp")
  (with-packet (data end :min-len 32)
    (let* ((a (load u64 data 0))
           (b (load u64 data 8))
           (c (load u32 data 16))
           (d (load u32 data 20))
           (e (load u16 data 24))
           (f (load u16 data 26))
           (g (load u8 data 28))
           (h (load u8 data 29))
           (sc (>>> (<< c 32) 32))
           (sd (>>> (<< d 32) 32))
           (half (>> a 1))
           (top (logand a -9223372036854775808)))
      (setf (getmap out 0) (pack (cmp-bits a b) (cmp-bits a c))
            (getmap out 1) (pack (cmp-bits c a) (cmp-bits c d))
            (getmap out 2) (pack (cmp-bits e f) (cmp-bits g h))
            (getmap out 3) (pack (cmp-bits sc sd) (cmp-bits sc c))
            (getmap out 4) (pack (cmp-bits a 0) (cmp-bits a 1))
            (getmap out 5) (pack (cmp-bits a -1) (cmp-bits a 2147483647))
            (getmap out 6) (pack (cmp-bits a -2147483648) (cmp-bits 5 a))
            (getmap out 7) (pack (cmp-bits c 0) (cmp-bits c 2147483647))
            (getmap out 8) (pack (cmp-bits c -1) (cmp-bits sc -5))
            (getmap out 9) (pack (cmp-bits g 200) (cmp-bits e a))
            (getmap out 10) (pack (cmp-bits sc 9223372036854775807)
                                  (cmp-bits sd half))
            (getmap out 11) (pack (cmp-bits top c) (cmp-bits half -5))
            (getmap out 12) (pack (logior (not a) (<< (not c) 1) (<< (not g) 2)
                                          (<< (not sc) 3) (<< (not (< a b)) 4)
                                          (<< (not (= c d)) 5)
                                          (<< (not (s< sc sd)) 6)
                                          (<< (not (and (< c d) (< e f))) 7))
                                  (logior (= (< c d) 0) (<< (/= (s< a b) 0) 1)
                                          (let ((x (s< a b))) (if x 4 0))
                                          (let ((y (= (< e f) 0))) (if y 8 0))))
            (getmap out 13) (logior (and (< c d) (< e f))
                                    (<< (or (= g h) (s< a b)) 1)
                                    (<< (and (/= a b) (> c e)) 2)
                                    (<< (or (not c) (>= g h)) 3)
                                    (<< (and (< c d) (< e f) (< g h)) 4)
                                    (<< (or (< c d) (< e f) (< g h)) 5)
                                    (<< (if (s< sc sd) (> e f) (= g h)) 6)
                                    (<< (if (< g h) 1 0) 7)
                                    (<< (if (< e f) 0 1) 8)
                                    (<< (if (< c e) 0 (> g h)) 9)
                                    (<< (or (< d e) (< h g)) 10)))))
  XDP_PASS)
