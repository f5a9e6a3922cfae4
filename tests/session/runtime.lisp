;;; The run-time Lisp of sessions without the kernel: byte vectors,
;;; defstruct records, loop, format t, handler-case, unwind-protect.
(require :asdf)
(asdf:load-system "whistler/loader")
(use-package :whistler/loader)
(in-package #:whistler-loader-user)

(defstruct sample
  (flags u8)
  (id u32)
  (value u64))

(defstruct my-event
  (pid u32)
  (comm (array u8 16)))

(let ((buf (make-array 4 :element-type '(unsigned-byte 8))))
  (dotimes (i (length buf))
    (setf (aref buf i) (* i 16)))
  (format t "buf=~a length=~d last=~x~%" buf (length buf) (aref buf 3)))

(loop for i from 1 to 3
      do (format t "i=~d hex=~x~%" i (* i 255)))
(let ((n 0))
  (loop while (< n 2) do (incf n))
  (loop repeat 2 do (format t "n=~d~%" n)))

(let ((r (make-sample-record :id 7 :value 9)))
  (format t "encoded=~a~%" (encode-sample r))
  (setf (sample-record-id r) 8)
  (format t "decoded=~a~%" (decode-sample (encode-sample r))))

(let* ((bytes (encode-int-key 1234 4))
       (comm (map 'vector #'char-code "bash"))
       (ev (decode-my-event
            (concatenate 'vector bytes comm (make-array 12 :initial-element 0)))))
  (format t "pid=~d comm=~a~%"
          (my-event-record-pid ev)
          (remove (code-char 0)
                  (map 'string #'code-char (my-event-record-comm ev)))))

(format t "key=~a value=~d~%" (encode-int-key 258 4)
        (decode-int-value (encode-int-key 258 8)))
(format t "egress=~d noexist=~d~%" +bpf-cgroup-inet-egress+ +bpf-noexist+)

(handler-case (error "boom ~d" 1)
  (error (e) (format t "caught: ~a~%" e)))
(unwind-protect (format t "body~%")
  (format t "cleanup~%"))
(funcall (lambda (f) (funcall f 41)) (lambda (x) (format t "callback ~d~%" (1+ x))))
(format t "no newline,")
(format t "~&fresh line~%")
(format t "~&no blank line~%")
