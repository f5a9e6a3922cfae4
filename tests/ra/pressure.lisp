;; Register pressure across helper calls: eight values read from the
;; packet before four helper calls, every one of them used after each
;; call. Only r6-r9 survive a call, so at least four of the values go
;; through the stack.
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 4)

(defprog pressure (:type :xdp :section "xdp" :license "GPL")
  (with-packet (data end :min-len 64)
    (let ((a (load u64 data 0))
          (b (load u64 data 8))
          (c (load u64 data 16))
          (d (load u64 data 24))
          (e (load u64 data 32))
          (f (load u64 data 40))
          (g (load u64 data 48))
          (h (load u64 data 56)))
      (setf (getmap out 0) (+ a b c d e f g h))
      (ktime-get-ns)
      (setf (getmap out 1) (- (+ a c e g) (+ b d f h)))
      (get-prandom-u32)
      (setf (getmap out 2) (logxor a (* 2 b) (* 3 c) (* 4 d) (* 5 e) (* 6 f) (* 7 g) (* 8 h)))
      (return (logand (+ a b c d e f g h) 3))))
  XDP_PASS)
