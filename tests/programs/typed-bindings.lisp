;; Typed bindings (var type init) and declare: the variable holds its
;; initializer's low bits, and an
;; assignment keeps the low bits of the declared width. Arithmetic on typed
;; variables is still 64-bit (notes/semantics.md).
;; w: the packet's first little-endian u64 = 0x1122334455667788.
;;   a u8 = 0x88, b u16 = 0x7788, c u32 = 0x55667788, d u64 = w
;;   (+ a a) = 0x110 and (* c 16) = 0x556677880 (not truncated)
;;   (setf a (+ a #x80)) -> (0x88 + 0x80) mod 2^8 = 0x08
;;   (setf b (+ b #x9000)) -> (0x7788 + 0x9000) mod 2^16 = 0x0788
;;   declare u16 of p, q (both w): p = q = 0x7788, (+ p q) = 0xef10
;;   declare u32 p2: (setf p2 (- p2 #x55667789)) = -1 mod 2^32 = 0xffffffff
;; test: --hex 88776655443322110000000000000000 => retval 2
;; and: out[0] = 0x88; out[1] = 0x7788; out[2] = 0x55667788
;; and: out[3] = 0x1122334455667788; out[5] = 0x110
;; and: out[6] = 0x556677880; out[7] = 0x08; out[8] = 0x0788
;; and: out[9] = 0x7788; out[10] = 0xef10; out[11] = 0xffffffff
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 12)

(defprog typed-bindings (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((w (load u64 data 0)))
      (let ((a u8 w)
            (b u16 w)
            (c u32 w)
            (d u64 w))
        (setf (getmap out 0) a
              (getmap out 1) b
              (getmap out 2) c
              (getmap out 3) d
              (getmap out 5) (+ a a)
              (getmap out 6) (* c 16))
        (setf a (+ a #x80)
              b (+ b #x9000))
        (setf (getmap out 7) a
              (getmap out 8) b))
      (let ((p w)
            (q w))
        (declare (type u16 p q))
        (setf (getmap out 9) p
              (getmap out 10) (+ p q)))
      (let ((p2 w))
        (declare (type u32 p2))
        (setf p2 (- p2 #x55667789))
        (setf (getmap out 11) p2))))
  XDP_PASS)
