;; unreleased.lisp: a ring-buffer reservation neither submitted nor
;; discarded; the kernel names the reserve's instruction.
(defmap events :type :ringbuf :max-entries 4096)
(defprog leak (:type :xdp :section "xdp" :license "GPL")
  (let ((e (ringbuf-reserve events 8 0)))
    (when e
      (store u64 e 0 1)))
  2)
