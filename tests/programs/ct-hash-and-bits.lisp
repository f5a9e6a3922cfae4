;; Hash tables, bytes and bits at compile time. From
;; /work/shared/repro/lisp/probe-other-cl-gaps.lisp (each was "undefined
;; function" or "unsupported reader syntax"). SBCL:
;;   (let ((h (make-hash-table))) (setf (gethash 'k h) 42) (gethash 'k h)) = 42
;;   (logcount 255) = 8;  (ldb (byte 8 8) #x1234) = #x12 = 18
;;   (loop for x across #(1 2 3) sum x) = 6
;;   a table of the ports below counted with equal keys: (gethash "http" h) = 2
;;   (dpb 5 (byte 4 4) 0) = 80
;;   the sum of loop ... being the hash-values of a table 1..4 = 10
;; test: --hex 00000000000000000000000000000000 => retval 2
;; and: out[0] = 42; out[1] = 8; out[2] = 18; out[3] = 6; out[4] = 2
;; and: out[5] = 80; out[6] = 10
(in-package #:whistler)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 7)
(defmacro ct (form) (eval form))
(defprog p (:type :xdp :section "xdp" :license "GPL")
  (setf (getmap out 0) (ct (let ((h (make-hash-table))) (setf (gethash 'k h) 42) (gethash 'k h)))
        (getmap out 1) (ct (logcount 255))
        (getmap out 2) (ct (ldb (byte 8 8) #x1234))
        (getmap out 3) (ct (loop for x across #(1 2 3) sum x))
        (getmap out 4) (ct (let ((h (make-hash-table :test 'equal)))
                             (dolist (s '("http" "ssh" "http"))
                               (incf (gethash s h 0)))
                             (gethash (concatenate 'string "ht" "tp") h)))
        (getmap out 5) (ct (dpb 5 (byte 4 4) 0))
        (getmap out 6) (ct (let ((h (make-hash-table)))
                             (dotimes (i 4) (setf (gethash i h) (1+ i)))
                             (loop for v being the hash-values of h sum v))))
  XDP_PASS)
