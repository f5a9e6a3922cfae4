;; stack.lisp: a load 16 bytes into an 8-byte stack object: 8 bytes
;; above the frame's top (r10 + 8).
(defprog past-the-end (:type :xdp :section "xdp" :license "GPL")
  (let ((b (stack-alloc 8)))
    (store u64 b 0 0)
    (load u64 b 16)))
