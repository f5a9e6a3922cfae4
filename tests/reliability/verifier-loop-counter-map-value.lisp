;; a counted loop writes 4-byte slots of a 64-byte map value at 4 times its
;; counter: the 17th turn writes bytes 64..67
(defmap slots :type :array :key-size 4 :value-size 64 :max-entries 1)
(defprog fill (:type :xdp :section "xdp")
  (let ((v (getmap slots 0)))
    (when v
      (dotimes (i 20)
        (store u32 (+ v (* i 4)) 0 i))))
  XDP_PASS)
