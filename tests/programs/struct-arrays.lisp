;; Array fields, indexed with a constant or a runtime index, for reading
;; and writing (semantics.md, Structs).
;;   rec: tag u8 @0, xs (array u16 4) @2, ys (array u32 3) @12,
;;        zs (array u8 5) @24; 29 bytes padded to 32.
;; i = the packet's first byte (the runtime index, < 3), v = u32 at 4.
;; The program sets tag = 7, xs[0] = #x1111, xs[3] = #x4444, zs[4] = #xee
;; with constant indexes, then ys[i] = v and xs[i] = #x100 + i; it reads
;; out[0] = ys[i], out[1] = xs[3], out[2] = (sizeof rec), out[3] = xs[i].
;; i = 1, v = 0xdeadbeef
;; test: --hex 01000000efbeadde0000000000000000 => retval 2
;; and: out[0] = 0xdeadbeef; out[1] = 0x4444; out[2] = 32; out[3] = 0x101
;; and: raw[0] = "07 00 11 11 01 01 00 00 44 44 00 00 00 00 00 00 ef be ad de 00 00 00 00 00 00 00 00 ee 00 00 00"
;; i = 2, v = 0x1020304
;; test: --hex 02000000040302010000000000000000 => retval 2
;; and: out[0] = 0x1020304; out[1] = 0x4444; out[2] = 32; out[3] = 0x102
;; and: raw[0] = "07 00 11 11 00 00 02 01 44 44 00 00 00 00 00 00 00 00 00 00 04 03 02 01 00 00 00 00 ee 00 00 00"
;; i = 0, v = 0xcafef00d: xs[0] is written twice, the runtime write last
;; test: --hex 000000000df0feca0000000000000000 => retval 2
;; and: out[0] = 0xcafef00d; out[1] = 0x4444; out[2] = 32; out[3] = 0x100
;; and: raw[0] = "07 00 00 01 00 00 00 00 44 44 00 00 0d f0 fe ca 00 00 00 00 00 00 00 00 00 00 00 00 ee 00 00 00"
;; i = 5 is out of range: the program returns XDP_DROP before writing.
;; test: --hex 05000000efbeadde0000000000000000 => retval 1
;; and: raw[0] = "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"
(defstruct rec (tag u8) (xs (array u16 4)) (ys (array u32 3)) (zs (array u8 5)))
(defmap raw :type :array :key-size 4 :value-size 32 :max-entries 1)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog struct-arrays (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((i (load u8 data 0))
          (v (load u32 data 4))
          (r (make-rec)))
      (when (>= i 3)
        (return XDP_DROP))
      (setf (rec-tag r) 7
            (rec-xs r 0) #x1111
            (rec-xs r 3) #x4444
            (rec-zs r 4) #xee)
      (setf (rec-ys r i) v
            (rec-xs r i) (+ #x100 i))
      (setf (getmap out 0) (rec-ys r i)
            (getmap out 1) (rec-xs r 3)
            (getmap out 2) (sizeof rec)
            (getmap out 3) (rec-xs r i))
      (setf (getmap raw 0) r)))
  XDP_PASS)
