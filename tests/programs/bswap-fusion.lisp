;; Comparisons of byte-swapped values, which the optimizer may fuse into
;; comparisons of the raw value with a swapped constant: only equality
;; survives such a rewrite, and only on the swapped width (ntohs looks at
;; the low 16 bits of w, a 32-bit load). Bit i of the return value is set
;; when test i holds:
;;   0: (= (ntohs w) #x0800)
;;   1: (= (ntohs (load u16 data 12)) #x0800)
;;   2: (< (ntohs (load u16 data 12)) #x0100)
;;   3: (> (ntohs (load u16 data 12)) #x00ff)
;;   4: (= (ntohl (load u32 data 14)) #x01020304)
;;   5: (/= (ntohs w) #x0806)
;;   6: (< (ntohl (load u32 data 14)) #x01000000)
;;   7: (= (load u16 data 12) 8)
;;   8: (s< (ntohs (load u16 data 12)) 0)
;;   9: (= (ntohs (+ w #x10000)) #x0800)
;; w = (load u32 data 12).
;; bytes 12..17: 08 00 01 02 03 04
;; test: --hex 0000000000000000000000000800010203040000 => retval 0x2bb
;; bytes 12..17: 00 01 00 ff ff ff
;; test: --hex 000000000000000000000000000100ffffff0000 => retval 0x64
;; bytes 12..17: 01 00 01 00 00 00
;; test: --hex 0000000000000000000000000100010000000000 => retval 0x28
;; bytes 12..17: 08 00 ff ff 01 02
;; test: --hex 0000000000000000000000000800ffff01020000 => retval 0x2ab
(defprog bswap-fusion (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 20)
    (let ((w (load u32 data 12)))
      (logior (if (= (ntohs w) #x0800) 1 0)
              (if (= (ntohs (load u16 data 12)) #x0800) 2 0)
              (if (< (ntohs (load u16 data 12)) #x0100) 4 0)
              (if (> (ntohs (load u16 data 12)) #x00ff) 8 0)
              (if (= (ntohl (load u32 data 14)) #x01020304) 16 0)
              (if (/= (ntohs w) #x0806) 32 0)
              (if (< (ntohl (load u32 data 14)) #x01000000) 64 0)
              (if (= (load u16 data 12) 8) 128 0)
              (if (s< (ntohs (load u16 data 12)) 0) 256 0)
              (if (= (ntohs (+ w #x10000)) #x0800) 512 0)))))
