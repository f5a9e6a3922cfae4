;; tc-packet.lisp: a TC program reads bytes 14..17 of the packet with no
;; bounds check (a TC program checks with with-tc-packet).
(defprog tc-read (:type :tc :section "tc" :license "GPL")
  (let ((data (tc-data)))
    (load u32 data 14)))
