;; #. evaluates at read time, seeing the top-level definitions before it
;; (defun, defconstant, defparameter), as CL's reader does when each
;; top-level form is read after the one before it was evaluated; #( ) is
;; a vector literal. From /work/shared/repro/lisp/read-eval.lisp.
;; SBCL (sbcl --script on the Lisp part, with print in place of getmap):
;;   #.(* 6 7) = 42; #.(+ +base+ (triple 2)) = 100 + 6 = 106;
;;   #.*scale* = 8; (vec-sum #(1 2 3 4)) = 10;
;;   (loop for x across #(1 2 3) sum x) = 6
;; test: --hex 00000000000000000000000000000000 => retval 2
;; and: out[0] = 42; out[1] = 106; out[2] = 8; out[3] = 10; out[4] = 6
(in-package #:whistler)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 5)
(defconstant +base+ 100)
(defun triple (x) (* 3 x))
(defparameter *scale* 8)
(defmacro vec-sum (v) (reduce #'+ v))
(defmacro ct (form) (eval form))
(defprog p (:type :xdp :section "xdp" :license "GPL")
  (setf (getmap out 0) #.(* 6 7)
        (getmap out 1) #.(+ +base+ (triple 2))
        (getmap out 2) #.*scale*
        (getmap out 3) (vec-sum #(1 2 3 4))
        (getmap out 4) (ct (loop for x across #(1 2 3) sum x)))
  XDP_PASS)
