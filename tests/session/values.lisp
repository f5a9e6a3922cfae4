;; Multiple values, hash tables and read-time evaluation in a session (no
;; BPF: the run-time Lisp alone). From /work/shared/repro/lisp/
;; multiple-value-bind.lisp: ffi-call-tracker's SIGNATURE column printed
;; NIL because every secondary value was nil. sbcl --script prints the
;; same lines, which session.bats compares.
(multiple-value-bind (a b) (values 1 2) (format t "direct: ~a ~a~%" a b))
(defun h () (values 1 2))
(multiple-value-bind (a b) (h) (format t "via defun: ~a ~a~%" a b))
(defun signature (name)
  (let ((table (make-hash-table :test 'equal)))
    (setf (gethash "open" table) "(path flags)")
    (gethash name table)))
(dolist (name '("open" "read"))
  (multiple-value-bind (sig found) (signature name)
    (format t "~a: ~a ~a~%" name sig found)))
(defconstant +width+ 4)
(format t "width*2=~a ~a~%" #.(* +width+ 2) #(1 2))
(multiple-value-bind (q r) (floor 17 5)
  (print (list q r (nth-value 1 (parse-integer "42 " :junk-allowed t)))))
(terpri)
(format *error-output* "to stderr~%")
