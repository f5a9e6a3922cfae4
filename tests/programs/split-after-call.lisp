;; Live-range splitting: six values loaded from the packet stay live
;; across a helper call (the lookup of incf), more than the four
;; callee-saved registers hold, and after the call each is read in
;; several blocks. Split after the call, a spilled value is reloaded once
;; into a copy that lives across no call, instead of once in every block
;; that reads it. v0..v5 = the packet's u32 words 0..5.
;;   out[0] = (v0 > v1 ? v2 + v3 + v4 : v5 - v0)
;;          + (v2 < v3 ? v4 ^ v5 : v1 & v2)
;;          + (v4 > v5 ? v4 : v5 - v4)
;; test: --hex 0a00000003000000050000000700000064000000c8000000 => retval 2
;; and: out[0] = 384; count[0] = 1
;; test: --hex 010000000200000009000000040000002c010000c8000000 => retval 2
;; and: out[0] = 499
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog split-after-call (:type :xdp :section "xdp")
  (with-packet (data data-end :min-len 24)
    (let ((v0 (load u32 data 0))
          (v1 (load u32 data 4))
          (v2 (load u32 data 8))
          (v3 (load u32 data 12))
          (v4 (load u32 data 16))
          (v5 (load u32 data 20)))
      (incf (getmap count 0))
      (let ((a (if (> v0 v1) (+ v2 v3 v4) (- v5 v0)))
            (b (if (< v2 v3) (logxor v4 v5) (logand v1 v2)))
            (c (if (> v4 v5) v4 (- v5 v4))))
        (setf (getmap out 0) (+ a b c)))))
  XDP_PASS)
