;; Multiple values in the compile-time Lisp. From
;; /work/shared/repro/lisp/multiple-values.lisp and
;; multiple-value-bind-macro.lisp (we saw the secondary values as nil).
;; SBCL:
;;   (+ (nth-value 1 (parse-integer "192.0" :junk-allowed t))   ; 3
;;      (multiple-value-bind (q r) (floor 17 5) (+ (* q 10) r))) ; 32
;;     = 35
;;   (two) with (floor 7 2) => 3, 1: (+ 3 1) = 4
;;   (multiple-value-bind (a b) (split 10) (- a b)) with split = (values
;;   (* n 2) n): 20 - 10 = 10
;;   (round 5 2) = 2, 1 and (round 7 2) = 4, -1: out[3] = 2*10+4 = 24
;; test: --hex 00000000000000000000000000000000 => retval 4
;; and: out[0] = 35; out[1] = 10; out[2] = 1; out[3] = 24
(in-package #:whistler)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)
(defmacro ct (form) (eval form))
(defmacro two () (multiple-value-bind (a b) (floor 7 2) `(+ ,a ,(or b 100))))
(defun split (n) (values (* n 2) n))
(defprog p (:type :xdp :section "xdp" :license "GPL")
  (setf (getmap out 0)
        (ct (+ (multiple-value-bind (n end) (parse-integer "192.0" :junk-allowed t)
                 (declare (ignore n))
                 end)
               (multiple-value-bind (q r) (floor 17 5)
                 (+ (* q 10) r))))
        (getmap out 1) (ct (multiple-value-bind (a b) (split 10) (- a b)))
        (getmap out 2) (ct (nth-value 1 (round 5 2)))
        (getmap out 3) (ct (+ (* 10 (round 5 2)) (round 7 2))))
  (return (two)))
