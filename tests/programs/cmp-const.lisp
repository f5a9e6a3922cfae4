;; Comparisons with constants that fit a 32-bit immediate, as the tests
;; of if: bit i of the return value is set when test i holds (the tests in
;; the order of the logior below). a: the packet's first little-endian u64.
;; a = 0xffffffffffffffff: (s< a 0) (s> a -2) (>= a #x7fffffff) (s<= a #x7fffffff) (= a -1) (/= a 0) (s>= a -1) (> a 5)
;; test: --hex ffffffffffffffff0000000000000000 => retval 0x57d
;; a = 0x0: (< a 10) (s> a -2) (s<= a #x7fffffff) (<= a 255) (s>= a -1) (< a -1)
;; test: --hex 00000000000000000000000000000000 => retval 0x396
;; a = 0x5: (< a 10) (s> a -2) (s<= a #x7fffffff) (/= a 0) (<= a 255) (s>= a -1) (< a -1)
;; test: --hex 05000000000000000000000000000000 => retval 0x3d6
;; a = 0x6: (< a 10) (s> a -2) (s<= a #x7fffffff) (/= a 0) (<= a 255) (s>= a -1) (< a -1) (> a 5)
;; test: --hex 06000000000000000000000000000000 => retval 0x7d6
;; a = 0x80000000: (s> a -2) (>= a #x7fffffff) (/= a 0) (s>= a -1) (< a -1) (> a 5)
;; test: --hex 00000080000000000000000000000000 => retval 0x74c
;; a = 0x100000000: (s> a -2) (>= a #x7fffffff) (/= a 0) (s>= a -1) (< a -1) (> a 5)
;; test: --hex 00000000010000000000000000000000 => retval 0x74c
;; a = 0xfffffffffffffffe: (s< a 0) (>= a #x7fffffff) (s<= a #x7fffffff) (/= a 0) (< a -1) (> a 5)
;; test: --hex feffffffffffffff0000000000000000 => retval 0x659
;; a = 0x7fffffff: (s> a -2) (>= a #x7fffffff) (s<= a #x7fffffff) (/= a 0) (s>= a -1) (< a -1) (> a 5)
;; test: --hex ffffff7f000000000000000000000000 => retval 0x75c
;; a = 0xffffffff7fffffff: (s< a 0) (>= a #x7fffffff) (s<= a #x7fffffff) (/= a 0) (< a -1) (> a 5) (s< a -2147483648)
;; test: --hex ffffff7fffffffff0000000000000000 => retval 0xe59
(defprog cmp-const (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u64 data 0)))
      (logior (if (s< a 0) 1 0)
              (if (< a 10) 2 0)
              (if (s> a -2) 4 0)
              (if (>= a #x7fffffff) 8 0)
              (if (s<= a #x7fffffff) 16 0)
              (if (= a -1) 32 0)
              (if (/= a 0) 64 0)
              (if (<= a 255) 128 0)
              (if (s>= a -1) 256 0)
              (if (< a -1) 512 0)
              (if (> a 5) 1024 0)
              (if (s< a -2147483648) 2048 0)))))
