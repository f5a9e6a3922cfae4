;; memset with byte values whose repeated pattern does not fit a 32-bit
;; immediate (#x11 ... #xa5), over odd sizes and offsets:
;;   (memset b 0 #x11 1)
;;   (memset b 2 #x22 3)
;;   (memset b 7 #x33 5)
;;   (memset b 13 #x44 7)
;;   (memset b 21 #x55 13)
;;   (memset b 35 #xa5 4)
;;   (memset b 39 #x5a 1)
;; test: --data-len 14 => retval 2
;; and: raw[0] = "11 00 22 22 22 00 00 33 33 33 33 33 00 44 44 44 44 44 44 44 00 55 55 55 55 55 55 55 55 55 55 55 55 55 00 a5 a5 a5 a5 5a"
(defstruct buf (bytes (array u8 40)))
(defmap raw :type :array :key-size 4 :value-size 40 :max-entries 1)

(defprog memset-pattern (:type :xdp :section "xdp")
  (let ((b (make-buf)))
    (memset b 0 #x11 1)
    (memset b 2 #x22 3)
    (memset b 7 #x33 5)
    (memset b 13 #x44 7)
    (memset b 21 #x55 13)
    (memset b 35 #xa5 4)
    (memset b 39 #x5a 1)
    (setf (getmap raw 0) b))
  XDP_PASS)
