;; The keyword arguments of the compile-time sequence and string functions.
;; From /work/shared/repro/lisp/cl-sequence-keywords.lisp (we gave 3 and
;; 12345: :start and :end were ignored). SBCL:
;;   (position #\. "192.0.2.1" :start 4)                 = 5
;;   (parse-integer "12345" :start 1 :end 3)             = 23
;;   (position #\. "192.0.2.1" :from-end t)              = 7
;;   (count 1 '((1) (2) (1)) :key #'car)                 = 2
;;   (length (remove 1 '(1 2 1 3 1) :count 2))           = 3
;;   (search "lo" "hello hello" :start2 4)               = 9
;; test: --hex 00000000000000000000000000000000 => retval 2
;; and: out[0] = 5; out[1] = 23; out[2] = 7; out[3] = 2; out[4] = 3; out[5] = 9
(in-package #:whistler)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)
(defmacro ct (form) (eval form))
(defprog p (:type :xdp :section "xdp" :license "GPL")
  (setf (getmap out 0) (ct (position #\. "192.0.2.1" :start 4))
        (getmap out 1) (ct (parse-integer "12345" :start 1 :end 3))
        (getmap out 2) (ct (position #\. "192.0.2.1" :from-end t))
        (getmap out 3) (ct (count 1 '((1) (2) (1)) :key #'car))
        (getmap out 4) (ct (length (remove 1 '(1 2 1 3 1) :count 2)))
        (getmap out 5) (ct (search "lo" "hello hello" :start2 4)))
  XDP_PASS)
