;; Two 296-byte structs, made one after the other: together they would need
;; 592 bytes of stack (the BPF stack holds 512), but the first is dead once
;; map-update-elem has copied it into bigs[0], so the second takes its
;; place. make-NAME zeroes the whole struct, so the second's b field is 0
;; even though the first one's b was written to the same bytes.
;;   big: a u64 @0, pad 280 bytes @8, b u64 @288 (296 bytes)
;; x = the packet's first 8 bytes, y = the next 8 (little-endian):
;; x = 0x0102030405060708, y = 0x1122334455667788.
;; out[0] = bigs[0].a = x; out[1] = bigs[0].b = y;
;; out[2] = bigs[1].a = x + 1; out[3] = bigs[1].b = 0.
;; test: --hex 08070605040302018877665544332211 => retval 2
;; and: out[0] = 0x0102030405060708; out[1] = 0x1122334455667788
;; and: out[2] = 0x0102030405060709; out[3] = 0
(defstruct big (a u64) (pad (array u8 280)) (b u64))
(defmap bigs :type :array :key-size 4 :value-size 296 :max-entries 2)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog stack-share-structs (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u64 data 0))
          (y (load u64 data 8)))
      (let ((s (make-big)))
        (setf (big-a s) x
              (big-b s) y)
        (setf (getmap bigs 0) s))
      (let ((w (make-big)))
        (setf (big-a w) (+ x 1))
        (setf (getmap bigs 1) w))
      (when-let ((p (getmap bigs 0)))
        (setf (getmap out 0) (big-a p)
              (getmap out 1) (big-b p)))
      (when-let ((p (getmap bigs 1)))
        (setf (getmap out 2) (big-a p)
              (getmap out 3) (big-b p)))
      XDP_PASS)))
