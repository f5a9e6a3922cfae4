;; spill.lisp: a packet pointer stored into a u32 field of a stack
;; struct; the cast to u64 does not make it a number to the kernel.
(defstruct holder (p u32) (q u32))
(defmap m :type :hash :key-type holder :value-type holder :max-entries 4)
(defprog narrow-spill (:type :xdp :section "xdp" :license "GPL")
  (let ((h (make-holder)))
    (setf (holder-p h) (u64 (xdp-data)))
    (map-update-elem m h h 0))
  2)
