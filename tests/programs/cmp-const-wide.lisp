;; Comparisons with constants that do not fit a sign-extended 32-bit
;; immediate, as the tests of if: bit i of the return value is set when
;; test i holds. a: the packet's first little-endian u64.
;; a = 0xffffffffffffffff: (> a #xffffffff) (/= a #xffffffff)
;; test: --hex ffffffffffffffff0000000000000000 => retval 0x21
;; a = 0x0: (< a #x100000000) (/= a #xffffffff)
;; test: --hex 00000000000000000000000000000000 => retval 0x24
;; a = 0x80000000: (= a #x80000000) (< a #x100000000) (/= a #xffffffff)
;; test: --hex 00000080000000000000000000000000 => retval 0x26
;; a = 0xffffffff: (< a #x100000000) (s> a #x80000000)
;; test: --hex ffffffff000000000000000000000000 => retval 0xc
;; a = 0x100000000: (> a #xffffffff) (s> a #x80000000) (/= a #xffffffff)
;; test: --hex 00000000010000000000000000000000 => retval 0x29
;; a = 0x123456789abcdef0: (> a #xffffffff) (s> a #x80000000) (= a #x123456789abcdef0) (/= a #xffffffff)
;; test: --hex f0debc9a785634120000000000000000 => retval 0x39
;; a = 0x80000001: (< a #x100000000) (s> a #x80000000) (/= a #xffffffff)
;; test: --hex 01000080000000000000000000000000 => retval 0x2c
(defprog cmp-const-wide (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u64 data 0)))
      (logior (if (> a #xffffffff) 1 0)
              (if (= a #x80000000) 2 0)
              (if (< a #x100000000) 4 0)
              (if (s> a #x80000000) 8 0)
              (if (= a #x123456789abcdef0) 16 0)
              (if (/= a #xffffffff) 32 0)))))
