;; (incf (getmap M KEY) DELTA) evaluates KEY, then DELTA (left to right,
;; Common Lisp's order: SBCL gives (11 -6 5) for the same forms on a hash
;; table). wh-expand evaluated DELTA first (random program 10355 of the
;; differential tester). i starts at 0:
;; (incf (getmap out (setf i 1)) (+ i 10)): key 1, delta 1 + 10 = 11;
;; (decf (getmap out (incf i)) (* i 3)): key 2, delta 2 * 3 = 6, out[2] = -6;
;; on a hash map, where a missing key is created holding the delta:
;; (incf (getmap h (setf j 5)) j): h[5] = 5.
;; test: --data-len 14 => retval 2
;; and: out[1] = 11; out[2] = -6; h[5] = 5; h size 1
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)
(defmap h :type :hash :key-size 4 :value-size 8 :max-entries 4)

(defprog incf-getmap-order (:type :xdp :section "xdp")
  (let ((i 0) (j 0))
    (incf (getmap out (setf i 1)) (+ i 10))
    (decf (getmap out (incf i)) (* i 3))
    (incf (getmap h (setf j 5)) j))
  XDP_PASS)
