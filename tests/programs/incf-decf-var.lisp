;; incf/decf on variables: by 1 or by a delta; the value of the form is
;; the new value; decf below zero wraps to 2^64 - n.
;; x = the packet's first byte.
;; x = 10: (incf x) = 11, (incf x 5) = 16, (decf x) = 15, (decf x 7) = 8,
;;         then (decf x 20) = 8 - 20 = -12 = 0xfffffffffffffff4,
;;         (incf x 12) = 0
;; test: --hex 0a000000000000000000000000000000 => retval 2
;; and: out[0] = 11; out[1] = 16; out[2] = 15; out[3] = 8
;; and: out[4] = 0xfffffffffffffff4; out[5] = 0; out[6] = 0
;; x = 0: 1, 6, 5, -2, -22, -10
;; test: --hex 00000000000000000000000000000000 => retval 2
;; and: out[0] = 1; out[1] = 6; out[2] = 5; out[3] = -2
;; and: out[4] = -22; out[5] = -10; out[6] = -10
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 7)

(defprog incf-decf-var (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((x (load u8 data 0)))
      (declare (type u64 x))
      (setf (getmap out 0) (incf x))
      (setf (getmap out 1) (incf x 5))
      (setf (getmap out 2) (decf x))
      (setf (getmap out 3) (decf x 7))
      (setf (getmap out 4) (decf x 20))
      (setf (getmap out 5) (incf x 12))
      (setf (getmap out 6) x)))
  XDP_PASS)
