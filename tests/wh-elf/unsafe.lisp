(in-package #:whistler)

;; Reads a packet byte without the bounds check the verifier demands.
(defprog unsafe-read (:type :xdp :section "xdp" :license "GPL")
  (let ((data (xdp-data)))
    (if (= (load u8 data 12) 8)
        XDP_DROP
        XDP_PASS)))
