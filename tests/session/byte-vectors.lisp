;;; Byte vectors as the session's builtins make them (encode-int-key,
;;; encode-STRUCT, map values, ring records): held as bytes until their
;;; elements are needed as values, they read, print, compare, hash and
;;; change as any vector does.
(defstruct pair
  (a u16)
  (b u16))

(let* ((v (encode-int-key #x04030201 4))
       (w (encode-int-key #x04030201 4))
       (table (make-hash-table :test 'equalp)))
  (format t "~a ~d ~d ~d~%" v (length v) (aref v 0) (elt v 3))
  (format t "~a ~a ~a~%" (equalp v w) (equal v w) (equalp v (vector 1 2 3 4)))
  (setf (gethash v table) 'found)
  (format t "~a~%" (gethash (vector 1 2 3 4) table))
  (format t "~a ~a~%" (loop for b across v sum b) (reduce #'+ w))
  (format t "~a ~a~%" (coerce v 'list) (subseq v 1 3))
  (format t "~a ~a~%" (position 3 v) (find-if #'evenp v))
  (setf (aref v 1) 'two)                ; no longer only bytes
  (format t "~a ~a ~a~%" v (aref v 1) (decode-int-value w))
  (sort w #'>)
  (fill w 9 :start 2)
  (format t "~a ~a~%" w (copy-seq w))
  (let ((r (encode-pair (make-pair-record :a 258 :b 3))))
    (format t "~a ~a ~a~%" r (decode-pair r) (map 'list #'1+ r))))
