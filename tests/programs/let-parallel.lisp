;; let binds in parallel: every initializer sees the outer bindings; let*
;; binds in sequence. a = the packet's first byte (10 here).
;;   (let ((a 1) (b (+ a 1))) ...)   b = outer a + 1 = 11, inner a = 1
;;   (let* ((a 1) (b (+ a 1))) ...)  b = 2
;;   (let ((x y) (y x)) ...)         swaps x = 10 and y = 20
;;   (let* ((x y) (y x)) ...)        both 20
;; test: --hex 0a000000000000000000000000000000 => retval 2
;; and: out[0] = 1; out[1] = 11; out[2] = 1; out[3] = 2
;; and: out[4] = 20; out[5] = 10; out[6] = 20; out[7] = 20; out[8] = 10
;; With a = 200: b = 201 (let), 2 (let*); x, y = 200, 400.
;; test: --hex c8000000000000000000000000000000 => retval 2
;; and: out[0] = 1; out[1] = 201; out[2] = 1; out[3] = 2
;; and: out[4] = 400; out[5] = 200; out[6] = 400; out[7] = 400; out[8] = 200
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 9)

(defprog let-parallel (:type :xdp :section "xdp")
  (with-packet (data end :min-len 16)
    (let ((a (load u8 data 0)))
      (let ((a 1)
            (b (+ a 1)))
        (setf (getmap out 0) a
              (getmap out 1) b))
      (let* ((a 1)
             (b (+ a 1)))
        (setf (getmap out 2) a
              (getmap out 3) b))
      (let ((x a)
            (y (* a 2)))
        (let ((x y)
              (y x))
          (setf (getmap out 4) x
                (getmap out 5) y))
        (let* ((x y)
               (y x))
          (setf (getmap out 6) x
                (getmap out 7) y))
        ;; the outer x is untouched by the inner bindings
        (setf (getmap out 8) x))))
  XDP_PASS)
