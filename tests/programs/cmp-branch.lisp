;; Comparisons as the tests of if: bit i of the return value is set when
;; comparison i holds, in the order = /= < <= > >= s< s<= s> s>=.
;; a, b: the packet's first two little-endian u64s. The unsigned ones see
;; -1 as 2^64-1; the signed ones see it as -1. Operands that differ only
;; above bit 31 must not compare as 32-bit values.
;; a = 0xffffffffffffffff, b = 0x1: /= > >= s< s<=
;; test: --hex ffffffffffffffff0100000000000000 => retval 0xf2
;; a = 0x1, b = 0xffffffffffffffff: /= < <= s> s>=
;; test: --hex 0100000000000000ffffffffffffffff => retval 0x30e
;; a = 0x5, b = 0x5: = <= >= s<= s>=
;; test: --hex 05000000000000000500000000000000 => retval 0x2a9
;; a = 0x80000000, b = 0x7fffffff: /= > >= s> s>=
;; test: --hex 0000008000000000ffffff7f00000000 => retval 0x332
;; a = 0x100000000, b = 0x1: /= > >= s> s>=
;; test: --hex 00000000010000000100000000000000 => retval 0x332
;; a = 0x1, b = 0x100000000: /= < <= s< s<=
;; test: --hex 01000000000000000000000001000000 => retval 0xce
;; a = 0x8000000000000000, b = 0x7fffffffffffffff: /= > >= s< s<=
;; test: --hex 0000000000000080ffffffffffffff7f => retval 0xf2
;; a = 0xfffffffffffffffe, b = 0xffffffffffffffff: /= < <= s< s<=
;; test: --hex feffffffffffffffffffffffffffffff => retval 0xce
;; a = 0xffffffff, b = 0xffffffff00000000: /= < <= s> s>=
;; test: --hex ffffffff0000000000000000ffffffff => retval 0x30e
(defprog cmp-branch (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u64 data 0))
          (b (load u64 data 8)))
      (logior (if (= a b) 1 0)
              (if (/= a b) 2 0)
              (if (< a b) 4 0)
              (if (<= a b) 8 0)
              (if (> a b) 16 0)
              (if (>= a b) 32 0)
              (if (s< a b) 64 0)
              (if (s<= a b) 128 0)
              (if (s> a b) 256 0)
              (if (s>= a b) 512 0)))))
