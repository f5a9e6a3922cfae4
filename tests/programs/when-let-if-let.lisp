;; when-let runs its body only when every binding is non-zero, skipping
;; the later initializers after a zero, and gives 0 when skipped; if-let
;; picks then or else on its binding. Typed bindings work in both.
;; vals: a hash map; key 1 present (value 10) only when the packet's first
;; byte is non-zero, key 2 present (value 20) when its second byte is.
;; out[0] = (when-let ((p (lookup 1)) (q (lookup 2))) (+ p q))
;; out[1] = (if-let (p (lookup 1)) (load u64 p 0) 77)
;; out[2] = (when-let ((p u64 (lookup 2))) (load u64 p 0)) (typed)
;; out[3] = (if-let (p u64 (lookup 1)) 5) : 5 or 0 (no else)
;; count[0] counts the evaluations of the second initializer of out[0].
;; test: --hex 01010000000000000000000000000000 => retval 2
;; and: out[0] = 30; out[1] = 10; out[2] = 20; out[3] = 5; count[0] = 1
;; test: --hex 01000000000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 10; out[2] = 0; out[3] = 5; count[0] = 1
;; test: --hex 00010000000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 77; out[2] = 20; out[3] = 0; count[0] = 0
;; test: --hex 00000000000000000000000000000000 => retval 2
;; and: out[0] = 0; out[1] = 77; out[2] = 0; out[3] = 0; count[0] = 0
(defmap vals :type :hash :key-size 4 :value-size 8 :max-entries 4)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog when-let-if-let (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (when (load u8 data 0)
      (setf (getmap vals 1) 10))
    (when (load u8 data 1)
      (setf (getmap vals 2) 20)))
  (setf (getmap out 0)
        (when-let ((p (map-lookup vals 1))
                   (q (progn (incf (getmap count 0))
                             (map-lookup vals 2))))
          (+ (load u64 p 0) (load u64 q 0))))
  (setf (getmap out 1)
        (if-let (p (map-lookup vals 1))
          (load u64 p 0)
          77))
  (setf (getmap out 2)
        (when-let ((p u64 (map-lookup vals 2)))
          (load u64 p 0)))
  (setf (getmap out 3)
        (if-let (p u64 (map-lookup vals 1))
          5))
  XDP_PASS)
