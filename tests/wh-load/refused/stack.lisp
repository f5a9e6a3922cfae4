;; stack.lisp: a load 8 bytes past an 8-byte stack object, off the
;; frame's top.
(defprog past-the-end (:type :xdp :section "xdp" :license "GPL")
  (let ((b (stack-alloc 8)))
    (store u64 b 0 0)
    (load u64 b 8)))
