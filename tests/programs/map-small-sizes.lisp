;; Keys and values narrower than 8 bytes: a scalar key is stored at the
;; map's key size (its low bits), a scalar value at the value size, and
;; getmap reads the value at its size, zero-extended.
;;   k16: key-size 2, value-size 4;  k8: key-size 1, value-size 2;
;;   v1: key-size 4, value-size 1
;; (setf (getmap k16 #x12345) #x7bccdd11): key 0x2345, value 0x7bccdd11
;; (setf (getmap k8 #x1ff) #x12345): key 0xff, value 0x2345
;; (setf (getmap v1 3) #x1fe): value 0xfe; (incf (getmap k16 7) 5) creates 5
;; out[0] = getmap k16 #x2345 = 0x7bccdd11; out[1] = getmap k8 #xff =
;; 0x2345; out[2] = getmap v1 3 = 0xfe; out[3] = getmap k16 #x10007 (the
;; same 16-bit key as 7) = 5.
;; test: --data-len 14 => retval 2
;; and: k16[0x2345] = 0x7bccdd11; k16[7] = 5; k16 size 2; k8[0xff] = 0x2345
;; and: v1[3] = 0xfe; out[0] = 0x7bccdd11; out[1] = 0x2345; out[2] = 0xfe
;; and: out[3] = 5
(defmap k16 :type :hash :key-size 2 :value-size 4 :max-entries 4)
(defmap k8 :type :hash :key-size 1 :value-size 2 :max-entries 4)
(defmap v1 :type :array :key-size 4 :value-size 1 :max-entries 4)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog map-small-sizes (:type :xdp :section "xdp")
  (setf (getmap k16 #x12345) #x7bccdd11)
  (setf (getmap k8 #x1ff) #x12345)
  (setf (getmap v1 3) #x1fe)
  (incf (getmap k16 7) 5)
  (setf (getmap out 0) (getmap k16 #x2345)
        (getmap out 1) (getmap k8 #xff)
        (getmap out 2) (getmap v1 3)
        (getmap out 3) (getmap k16 #x10007))
  XDP_PASS)
