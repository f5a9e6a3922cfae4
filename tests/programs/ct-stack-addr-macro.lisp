;; (stack-addr VAR) written by a macro in the body of the let that binds
;; VAR: the let decides which variables live on the stack after the
;; macros of its body are expanded. From
;; /work/shared/repro/lisp/stack-addr-in-macro.lisp (it was "its address
;; must be taken in the body of the let that binds it").
;; By hand: src = 7, m[7] = 1. Then a u32 variable read and written before
;; and after a macro takes its address: a = 3, b = a + 1 = 4, a = a + b =
;; 7 and m[7] = 10 (replacing the 1); a = 8 (through the slot) and m[8] =
;; b = 4; two incf give a = 10 and m[10] = a = 10.
;; test: --hex 00000000000000000000000000000000 => retval 2
;; and: m[7] = 10; m[8] = 4; m[10] = 10; m size 3
(in-package #:whistler)
(defmap m :type :hash :key-size 4 :value-size 8 :max-entries 8)
(defmacro put-key (k v) `(map-update m (stack-addr ,k) ,v 0))
(defprog p (:type :xdp :section "xdp" :license "GPL")
  (let ((src u32 7))
    (put-key src 1))
  (let* ((a u32 3) (b (+ a 1)))
    (setf a (+ a b))
    (put-key a 10)
    (setf a (+ a 1))
    (put-key a b)
    (dotimes (i 2) (incf a))
    (put-key a a))
  XDP_PASS)
