;; memset with a runtime byte value (v, w: the packet's first two bytes)
;; over a struct first filled with (memset b 0 #xff 40):
;;   (memset b 1 v 5) (memset b 9 v 13) (memset b 30 w 3) (memset b 33 w 7)
;; v = #xab, w = #x01
;; test: --hex ab010000000000000000000000000000 => retval 2
;; and: raw[0] = "ff ab ab ab ab ab ff ff ff ab ab ab ab ab ab ab ab ab ab ab ab ab ff ff ff ff ff ff ff ff 01 01 01 01 01 01 01 01 01 01"
;; v = #x00, w = #x7f
;; test: --hex 007f0000000000000000000000000000 => retval 2
;; and: raw[0] = "ff 00 00 00 00 00 ff ff ff 00 00 00 00 00 00 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff 7f 7f 7f 7f 7f 7f 7f 7f 7f 7f"
(defstruct buf (bytes (array u8 40)))
(defmap raw :type :array :key-size 4 :value-size 40 :max-entries 1)

(defprog memset-runtime (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((v (load u8 data 0))
          (w (load u8 data 1))
          (b (make-buf)))
      (memset b 0 #xff 40)
      (memset b 1 v 5)
      (memset b 9 v 13)
      (memset b 30 w 3)
      (memset b 33 w 7)
      (setf (getmap raw 0) b)))
  XDP_PASS)
