;; dotimes: a sum over 0..9, an early return from a loop, nested loops,
;; and a loop that never runs
(defprog loop-sum (:type :xdp)
  (let ((sum 0))
    (dotimes (i 10) (setf sum (+ sum i)))
    sum))

(defprog loop-early (:type :xdp)
  (dotimes (i 8)
    (when (= i 3) (return (+ 100 i))))
  1)

(defprog loop-nested (:type :xdp)
  (let ((sum 0))
    (dotimes (i 4)
      (dotimes (j 5)
        (setf sum (+ sum (* i j)))))
    sum))

(defprog loop-never (:type :xdp)
  (let ((n 7))
    (dotimes (i 0) (setf n 9))
    n))
