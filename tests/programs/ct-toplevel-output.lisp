;; Top-level forms that print while the file compiles: their output goes
;; to the terminal (stderr), never into the pipe to wh-lower. From
;; /work/shared/repro/lisp/format-t-at-compile-time.lisp (the compile
;; failed with "expected #!core input, got no format header").
;; tests/expand.bats checks the text printed; here the program must
;; compile and run: it returns the count the top level computed, 3.
;; test: --hex 00000000000000000000000000000000 => retval 3
(in-package #:whistler)
(defparameter *count* 0)
(defun note (what) (incf *count*) (format t "compiling: ~a~%" what))
(note "maps")
(print (list 'count *count*))
(terpri)
(princ "no newline")
(write-line " then one")
(note "programs")
(format t "~&~a programs~%" 1)
(defmacro count-now () *count*)
(note "done")
(defprog p (:type :xdp :section "xdp" :license "GPL")
  (return (count-now)))
