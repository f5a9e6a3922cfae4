;; memcpy of odd sizes from the packet to a stack struct, and from one
;; struct to another (each call copies exactly its bytes; the rest stays
;; zero from make-NAME). The packet's byte i is (i*7 + #x40) mod 256.
;;   (memcpy b 0 data 1 1)
;;   (memcpy b 1 data 3 3)
;;   (memcpy b 5 data 10 5)
;;   (memcpy b 11 data 17 7)
;;   (memcpy b 20 data 30 13)
;;   (memcpy b 34 data 40 6)
;;   (memcpy c 3 b 0 11)   c: a second, 16-byte struct
;; test: --hex 40474e555c636a71787f868d949ba2a9b0b7bec5ccd3dae1e8eff6fd040b121920272e353c434a51585f666d747b8289 => retval 2
;; and: raw[0] = "47 55 5c 63 00 86 8d 94 9b a2 00 b7 be c5 cc d3 da e1 00 00 12 19 20 27 2e 35 3c 43 4a 51 58 5f 66 00 58 5f 66 6d 74 7b"
;; and: raw2[0] = "00 00 00 47 55 5c 63 00 86 8d 94 9b a2 00 00 00"
(defstruct buf (bytes (array u8 40)))
(defstruct small (bytes (array u8 16)))
(defmap raw :type :array :key-size 4 :value-size 40 :max-entries 1)
(defmap raw2 :type :array :key-size 4 :value-size 16 :max-entries 1)

(defprog memcpy-odd (:type :xdp :section "xdp")
  (with-packet (data end :min-len 48)
    (let ((b (make-buf))
          (c (make-small)))
      (memcpy b 0 data 1 1)
      (memcpy b 1 data 3 3)
      (memcpy b 5 data 10 5)
      (memcpy b 11 data 17 7)
      (memcpy b 20 data 30 13)
      (memcpy b 34 data 40 6)
      (memcpy c 3 b 0 11)
      (setf (getmap raw 0) b)
      (setf (getmap raw2 0) c)))
  XDP_PASS)
