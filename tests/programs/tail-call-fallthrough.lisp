;; tail-call to an empty slot of a :prog-array, or past its end, falls
;; through to the next form (manual, Tail Calls). Nothing fills the
;; prog-array here, so every tail call falls through.
;; k = the packet's first byte, a runtime index. count[0] counts the runs
;; that pass the first tail call, count[1] those that pass the second
;; (index k, also past the end for k >= 4).
;; test: --hex 02000000000000000000000000000000 --repeat 3 => retval 3
;; and: count[0] = 3; count[1] = 3
;; test: --hex ff000000000000000000000000000000 => retval 3
;; and: count[0] = 1; count[1] = 1
(defmap jt :type :prog-array :key-size 4 :value-size 4 :max-entries 4)
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 2)

(defprog tail-call-fallthrough (:type :xdp :section "xdp")
  (tail-call jt 0)
  (incf (getmap count 0))
  (with-packet (data end :min-len 16)
    (let ((k (load u8 data 0)))
      (declare (type u32 k))
      (tail-call jt k)
      (incf (getmap count 1))))
  XDP_TX)
