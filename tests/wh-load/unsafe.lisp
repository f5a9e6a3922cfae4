;; unsafe.lisp: reads the packet without checking its length; the
;; verifier must refuse it, and wh-load show where in this file.
(defprog unsafe-read (:type :xdp :section "xdp" :license "GPL")
  (let ((data (xdp-data)))
    (load u8 data 20)))
