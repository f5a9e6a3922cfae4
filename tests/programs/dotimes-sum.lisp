;; dotimes runs its body COUNT times with the variable going 0 .. COUNT-1.
;;   sum of i for i < 10 = 45; sum of i*i for i < 10 = 285;
;;   nested 3 x 4: 12 iterations, sum of i*j = (0+1+2) * (0+1+2+3) = 18;
;;   (dotimes (i 0) ...) never runs its body; count[k] for k < 4 is 1
;;   each run (incf of a map in the body), count[4] stays 0.
;; test: --data-len 14 => retval 2
;; and: out[0] = 45; out[1] = 285; out[2] = 12; out[3] = 18; out[4] = 7
;; and: count[0] = 1; count[1] = 1; count[2] = 1; count[3] = 1; count[4] = 0
(defconstant +n+ 10)
(defmap out :type :array :key-size 4 :value-size 8 :max-entries 5)
(defmap count :type :array :key-size 4 :value-size 8 :max-entries 5)

(defprog dotimes-sum (:type :xdp :section "xdp")
  (let ((s 0)
        (sq 0)
        (iters 0)
        (prod 0)
        (never 7))
    (dotimes (i +n+)
      (setf s (+ s i)
            sq (+ sq (* i i))))
    (dotimes (i 3)
      (dotimes (j 4)
        (incf iters)
        (setf prod (+ prod (* i j)))))
    (dotimes (i 0)
      (setf never 0))
    (setf (getmap out 0) s
          (getmap out 1) sq
          (getmap out 2) iters
          (getmap out 3) prod
          (getmap out 4) never))
  (dotimes (k 4)
    (incf (getmap count k)))
  XDP_PASS)
