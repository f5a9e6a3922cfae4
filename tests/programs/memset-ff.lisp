;; memset with the byte values #xff and 0 over odd sizes and offsets:
;; each call writes exactly its bytes (a 40-byte zeroed struct, written
;; whole to a map):
;;   (memset b 0 #xff 1)
;;   (memset b 2 #xff 3)
;;   (memset b 7 #xff 5)
;;   (memset b 13 #xff 7)
;;   (memset b 21 #xff 13)
;;   (memset b 22 #x0 3)
;;   (memset b 30 #x0 1)
;; test: --data-len 14 => retval 2
;; and: raw[0] = "ff 00 ff ff ff 00 00 ff ff ff ff ff 00 ff ff ff ff ff ff ff 00 ff 00 00 00 ff ff ff ff ff 00 ff ff ff 00 00 00 00 00 00"
(defstruct buf (bytes (array u8 40)))
(defmap raw :type :array :key-size 4 :value-size 40 :max-entries 1)

(defprog memset-ff (:type :xdp :section "xdp")
  (let ((b (make-buf)))
    (memset b 0 #xff 1)
    (memset b 2 #xff 3)
    (memset b 7 #xff 5)
    (memset b 13 #xff 7)
    (memset b 21 #xff 13)
    (memset b 22 #x0 3)
    (memset b 30 #x0 1)
    (setf (getmap raw 0) b))
  XDP_PASS)
