;; null-ring.lisp: a ring-buffer record written before the reservation
;; is checked for null (ringbuf_mem_or_null).
(defmap events :type :ringbuf :max-entries 4096)
(defprog no-null-check (:type :xdp :section "xdp" :license "GPL")
  (let ((e (ringbuf-reserve events 8 0)))
    (store u64 e 0 1)
    (ringbuf-submit e 0))
  2)
