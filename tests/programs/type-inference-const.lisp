;; Inference does not depend on the argument being constant: (ntohs K) is
;; u16 and (ntohl K) is u32 like (ntohs x) (manual, Type inference), so an
;; assignment keeps 16 (32) bits as it does for a runtime argument.
;;   n = (ntohs #x1234) = 0x3412; (setf n (+ n #x10000)) -> 0x3412
;;   l = (ntohl #x12345678) = 0x78563412; (setf l (+ l #x100000000)) -> 0x78563412
;;   c = (cast u8 #x1ff) = 0xff; (setf c (+ c 1)) -> 0
;; test: --data-len 14 => retval 2
;; and: out[0] = 0x3412; out[1] = 0x78563412; out[2] = 0
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 3)

(defprog type-inference-const (:type :xdp :section "xdp")
  (let ((n (ntohs #x1234))
        (l (ntohl #x12345678))
        (c (cast u8 #x1ff)))
    (setf n (+ n #x10000)
          l (+ l #x100000000)
          c (+ c 1))
    (setf (getmap out 0) n
          (getmap out 1) l
          (getmap out 2) c))
  XDP_PASS)
